# One task runner for the project. `make help` lists the targets.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
CHROMIUM ?= /usr/bin/chromium
AXE_VERSION := 4.14.1
AXE      := .cache/npm/node_modules/axe-core/axe.min.js

.DEFAULT_GOAL := help
.PHONY: help run test test-fast lint format validate bench schema clean chromium axe
PDFTOTEXT ?= /usr/bin/pdftotext
SERIF ?= /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

chromium: ## Make sure Debian's chromium, a Times-metric font with Vietnamese and poppler-utils are there (as root)
	@test -x $(CHROMIUM) -a -x $(PDFTOTEXT) -a -f $(SERIF) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils fonts-liberation2 >/dev/null); \
	  else echo "The browser tests, PNG/SVG/PDF exports and their tests need Debian's chromium and poppler-utils:" \
	    "sudo apt-get install chromium poppler-utils fonts-liberation2" >&2; exit 1; fi; }

axe: $(AXE) ## Fetch axe-core (accessibility checks of the browser tests) into .cache/, never into the app

$(AXE):
	@command -v npm >/dev/null || { echo "The accessibility tests need npm (Debian: apt-get install npm)" >&2; exit 1; }
	npm install --silent --no-audit --no-fund --prefix .cache/npm axe-core@$(AXE_VERSION)

run: $(VENV)/.runtime ## Set up and start the dashboard on http://127.0.0.1:8501
	$(VENV)/bin/streamlit run dashboard.py

test: $(VENV)/.dev chromium axe ## Set up and run every test, browser tests included
	$(PY) -m pytest

test-fast: $(VENV)/.dev ## Run the tests without the slow and browser ones
	$(PY) -m pytest -m "not slow and not browser"

validate: $(VENV)/.runtime ## Check data/events.yaml
	$(PY) -m loaders.validate

schema: $(VENV)/.runtime ## Rewrite data/events.schema.json from the contract in loaders/schema.py
	$(PY) -c "import sys; from loaders.schema import schema_text; sys.stdout.write(schema_text())" > data/events.schema.json

bench: $(VENV)/.dev chromium ## Measure load, figures, reruns and the browser at 1k/10k/100k events
	$(PY) -m bench

lint: $(VENV)/.dev ## Lint and check formatting
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev ## Format and fix what can be fixed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean: ## Remove the virtualenv and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis artifacts
