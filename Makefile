# dialogue — two commands: `make run` (demo server) and `make test` (whole suite, SQLite + PostgreSQL).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUN_DB ?= sqlite:///$(CURDIR)/dialogue.db
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_TIMEOUT ?= 2400

.DEFAULT_GOAL := help
.PHONY: help install run test lint typecheck test-unit test-sqlite test-postgres browser-deps bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) ## create .venv and install dialogue with its test tools

tests/js/node_modules/.installed: tests/js/package.json
	@if command -v npm >/dev/null 2>&1; then \
		npm install --prefix tests/js --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: ical.js checks will be skipped"; fi

SECRET_FILE := .dialogue-secret

$(SECRET_FILE):
	@umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(48))" > $@.tmp && mv $@.tmp $@
	@chmod 600 $@
	@echo "generated a session key in $@ (git-ignored, mode 0600): restarts keep people signed in"

# The key is read from the file at each step, unless DIALOGUE_SECRET_KEY is already set.
RUN_ENV = DIALOGUE_SECRET_KEY="$${DIALOGUE_SECRET_KEY:-$$(cat $(SECRET_FILE))}" DIALOGUE_DATABASE_URL=$${DIALOGUE_DATABASE_URL:-$(RUN_DB)} \
	DIALOGUE_BASE_URL=$${DIALOGUE_BASE_URL:-http://$(HOST):$(PORT)}

run: install $(SECRET_FILE) ## migrate an embedded SQLite database, load the demo, serve on http://127.0.0.1:8000
	@$(RUN_ENV) $(BIN)/dialogue migrate --quiet
	@$(RUN_ENV) $(BIN)/dialogue demo
	@$(RUN_ENV) $(BIN)/dialogue serve --host $(HOST) --port $(PORT)

lint: install ## ruff lint and format check, import contracts (layers, no cycles: pyproject.toml), English catalog
	$(BIN)/ruff check src tests bench piccolo_migrations scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/lint-imports --no-logo
	$(BIN)/python scripts/check_catalog.py

typecheck: install ## mypy --strict on src/
	$(BIN)/mypy

browser-deps: ## Debian's Chromium for the browser tests (installed when missing and running as root)
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "installing Debian's chromium for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || exit 1; \
	else echo "chromium missing (apt-get install chromium): browser tests will be skipped"; fi

pdf-deps: ## Debian's poppler-utils (pdftotext reads our PDFs back in tests/integration; installed when missing, as root)
	@if command -v pdftotext >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "installing Debian's poppler-utils for the PDF checks"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null) || exit 1; \
	else echo "pdftotext missing (apt-get install poppler-utils): the PDF checks will be skipped"; fi

test-unit: install ## pure rules only: no database, app, node or browser (tests/integration holds the rest)
	timeout 120 $(BIN)/python -m pytest -q -p no:cacheprovider -p no:faker -p no:hypothesispytest -p no:schemathesis tests/unit

test-sqlite: install tests/js/node_modules/.installed browser-deps pdf-deps ## the whole suite on SQLite
	timeout $(TEST_TIMEOUT) $(BIN)/python -m pytest -q -p no:cacheprovider tests --ignore=tests/browser
	timeout $(TEST_TIMEOUT) $(BIN)/python -m pytest -q -p no:cacheprovider tests/browser

test-postgres: install tests/js/node_modules/.installed pdf-deps ## database suites on a throwaway PostgreSQL
	timeout $(TEST_TIMEOUT) scripts/with-postgres.sh $(BIN)/python -m pytest -q -p no:cacheprovider tests/integration tests/api tests/security

test: lint typecheck test-sqlite test-postgres ## everything CI runs: lint, types, SQLite and PostgreSQL suites

BENCHES ?= api_overhead registers feeds outbox pages barometer indicators daily documents

bench: install ## every benchmark, each printing ratios measured in one run (SQLite, then PostgreSQL)
	@for b in $(BENCHES); do \
		if [ -f bench/$$b.py ]; then \
			echo "== bench/$$b.py (SQLite)"; $(BIN)/python bench/$$b.py || exit 1; \
			echo "== bench/$$b.py (PostgreSQL)"; scripts/with-postgres.sh $(BIN)/python bench/$$b.py || exit 1; \
		fi; \
	done

clean: ## remove the virtualenv and local databases
	rm -rf $(VENV) dialogue.db dialogue.db-wal dialogue.db-shm tests/js/node_modules
