# The README's commands. `make run` starts the app; `make test` runs everything CI runs.
.PHONY: run test bench lint format

run:
	./scripts/run.sh

test:
	./scripts/test.sh

lint:
	.venv/bin/ruff check sleepapp tests bench wsgi.py
	.venv/bin/ruff format --check sleepapp tests bench wsgi.py
	.venv/bin/mypy sleepapp

format:
	.venv/bin/ruff format sleepapp tests bench wsgi.py
	.venv/bin/ruff check --fix sleepapp tests bench wsgi.py

bench:
	.venv/bin/python bench/diary_dashboard.py
	.venv/bin/python bench/guide_search.py
