# Quick start: `make run` serves the API on SQLite; `make test` runs everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit bench clean assets browser clock-guard smoke-install
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
	$(MAKE) clock-guard smoke-install

# The wall-clock guard: the unit and e2e tests again with the register's clock moved
# CLOCK_SHIFT_DAYS ahead (events/clock.py), so a test that depends on today's date
# fails the day it is written. Calibration tests (seeded simulations of fixed years,
# reading no clock; 5 of the unit tests' 6 minutes) run once, in the main pass.
CLOCK_SHIFT_DAYS ?= 400
clock-guard: $(STAMP)
	PMR_TEST_CLOCK_SHIFT_DAYS=$(CLOCK_SHIFT_DAYS) PMR_REQUIRE_INTEGRATION=1 \
		$(BIN)/pytest -q -p no:cacheprovider -m "not calibration" tests/unit tests/e2e

# `pip install .` with no extras into a fresh venv: serve, record, import.
smoke-install:
	PYTHON=$(PYTHON) bash .ci/smoke-install

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var/*.sqlite*
