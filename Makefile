# The README's commands. `make run` starts the app; `make test` runs everything CI runs.
.PHONY: run test screenshots lock flake-check bench lint format

run:
	./scripts/run.sh

test:
	./scripts/test.sh

# Refresh the committed pictures in docs/screenshots (tests otherwise write to a temp folder).
screenshots:
	SLEEPAPP_SCREENSHOT_DIR=docs/screenshots .venv/bin/pytest -q -p no:cacheprovider tests/e2e

# Regenerate the hashed locks from requirements*.in.
lock:
	./scripts/lock.sh

# The browser tests 5 times and the whole suite 3 times with both cores kept busy.
flake-check:
	./scripts/flake-check.sh

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
