# Quick start: `make run` serves the API on SQLite; `make test` runs everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit bench clean assets browser
WEB := web
ASSETS := $(WEB)/node_modules/.installed

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# GOV.UK Frontend (and axe-core for the browser tests) from the npm registry.
$(ASSETS): $(WEB)/package.json $(WEB)/package-lock.json
	npm ci --prefix $(WEB) --no-audit --no-fund
	touch $(ASSETS)

assets: $(ASSETS)

# Debian's Chromium for the page tests (Playwright drives it; no browser download).
browser:
	test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium)

run: $(STAMP) $(ASSETS)
	mkdir -p var
	$(BIN)/pmr serve --host 127.0.0.1 --port 8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest tests/unit -q

test: lint typecheck $(ASSETS) browser
	PMR_REQUIRE_INTEGRATION=1 $(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var/*.sqlite*
