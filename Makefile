# Service catalogue. `make site` builds the sample catalogue into output/, `make test` runs
# everything CI runs. Both set themselves up (Python venv from requirements.lock, npm ci).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# Fixed build date for reproducible output, e.g. `make site TODAY=2026-11-22` (default: today).
TODAY  ?=
TODAY_ARG := $(if $(TODAY),--today $(TODAY),)
PORT_ARG := $(if $(PORT),--port $(PORT),)

.PHONY: setup site test check validate serve edit report bench bench-smoke screenshots golden lint format clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

site: setup            ## build the sample catalogue into output/
	$(PY) build.py build $(TODAY_ARG)

test: setup            ## everything CI runs: lint, types, unit, site, search and browser tests
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) -m pytest

validate: setup        ## schema + cross-record rules (fast, for pre-commit)
	$(PY) build.py validate

check: setup           ## validate + freshness, as CI on a merge request
	$(PY) build.py check $(TODAY_ARG)

serve: setup           ## preview on http://127.0.0.1:8000 (PORT=N: another) with rebuild on change
	$(PY) build.py serve $(TODAY_ARG) $(PORT_ARG)

edit: setup            ## editing in the browser: Decap CMS on http://127.0.0.1:8000/admin/, decap-server on 127.0.0.1:8081
	$(PY) build.py edit $(TODAY_ARG) $(PORT_ARG)

report: setup          ## review-due report per department
	$(PY) build.py report $(TODAY_ARG)

bench: setup           ## benchmark at 100, 1,000 and 10,000 services (not part of make test)
	$(PY) bench/run.py

screenshots: setup     ## screenshots of the built site in headless Chromium, into docs/screenshots/
	$(PY) tests/browser/screenshots.py
	$(PY) tests/browser/cms_screenshots.py

golden: setup          ## regenerate the golden site files after a reviewed change
	$(PY) -m tests.regen_golden

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

format: setup
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf output .cache .pytest_cache bench/.work
