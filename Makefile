# Clear Picture: the two commands a contributor needs are `make serve` and `make test`.
# Each creates what it needs from nothing and is quick when nothing changed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: serve test build check lint setup clean

serve: $(VENV)/.installed node_modules/.installed
	@echo "Clear Picture: serving on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs serve --dev-addr $(HOST):$(PORT)

test: $(VENV)/.installed node_modules/.installed browsers
	$(VENV)/bin/ruff check src tests scripts
	$(VENV)/bin/ruff format --check src tests scripts
	$(VENV)/bin/mypy
	node_modules/.bin/tsc -p .
	node_modules/.bin/tsc -p tsconfig.sw.json
	node_modules/.bin/biome lint
	$(PY) -m clearpicture check
	$(PY) -m pytest

# Built into a staging folder and swapped in only on success: a failed build keeps site/ as it was.
# ENGINE=zensical builds the same source with Zensical, then runs the engine's post-build step.
ENGINE ?= mkdocs
build: $(VENV)/.installed node_modules/.installed
	$(PY) -m clearpicture build --engine $(ENGINE)

check: $(VENV)/.installed
	$(PY) -m clearpicture check

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml constraints.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test,zensical]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: browsers
browsers:
	@scripts/ensure_browsers.sh

clean:
	rm -rf $(VENV) node_modules site .pytest_cache .mypy_cache .ruff_cache
