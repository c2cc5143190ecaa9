# The README's commands. `make run` starts the app; `make test` runs everything CI runs.
.PHONY: run test bench lint format

run:
	./scripts/run.sh

test:
	./scripts/test.sh

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy sleepapp

format:
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

bench:
	.venv/bin/python bench/diary_dashboard.py
	.venv/bin/python bench/guide_search.py
