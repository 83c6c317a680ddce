# CLIC: `make run` serves the portal with demo data; `make test` runs the whole suite.
# Both bootstrap .venv from scratch on a machine with Python 3.11 or newer.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 3000
AXE_DIR := tests/e2e/node_modules/axe-core

export REFLEX_USE_NPM := 1
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: run setup test test-unit test-e2e bench clean

$(BIN)/activate:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "CLIC needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

setup: $(VENV)/.installed
	$(BIN)/clic setup

run: setup
	$(BIN)/reflex run --env prod --single-port --backend-host $(HOST) --frontend-port $(PORT) --backend-port $(PORT)

$(AXE_DIR)/axe.min.js: | $(VENV)/.installed
	$(BIN)/npm install --silent --no-audit --no-fund --prefix tests/e2e axe-core@4

test-unit: $(VENV)/.installed
	$(BIN)/pytest tests/unit tests/api tests/perf

test-e2e: $(VENV)/.installed $(AXE_DIR)/axe.min.js
	$(BIN)/pytest tests/e2e

test: test-unit test-e2e

bench: $(VENV)/.installed
	$(BIN)/python -m tests.perf.bench_volante

clean:
	rm -rf $(VENV) .web tests/e2e/node_modules
