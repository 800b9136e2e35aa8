# cellops — the two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy

PYTHON = $(shell scripts/find-python)
#: Where uv goes when the chosen Python has none: a venv of its own, never that Python.
UV_BOOT := var/bootstrap
VENV := .venv
BIN := $(VENV)/bin
SYNCED := $(VENV)/.synced
PORT ?= 8000

.PHONY: help setup run test lint bench clean

help:
	@echo "make run    set up (venv, database, demo data, admin login) and serve on http://127.0.0.1:$(PORT)"
	@echo "make test   set up and run the whole suite (DATABASE_URL=postgresql://… to use PostgreSQL)"
	@echo "make bench  benchmarks on a large organisation in PostgreSQL (started by scripts/postgres-up)"

$(SYNCED): pyproject.toml uv.lock
	@if $(PYTHON) -m uv --version >/dev/null 2>&1; then uv="$(PYTHON) -m uv"; \
	else \
	  if [ ! -x $(UV_BOOT)/bin/uv ]; then \
	    echo "uv is not installed for $(PYTHON): installing it into $(UV_BOOT) (a venv of its own; $(PYTHON) is left as it is)"; \
	    $(PYTHON) -m venv $(UV_BOOT) && $(UV_BOOT)/bin/python -m pip install --quiet uv || exit 1; \
	  fi; \
	  uv="$(UV_BOOT)/bin/uv"; \
	fi; \
	echo "$$uv sync --frozen --python $(PYTHON)"; \
	$$uv sync --frozen --python $(PYTHON)
	@touch $@

setup: $(SYNCED)

run: setup
	$(BIN)/cellops migrate --noinput
	$(BIN)/cellops demo
	$(BIN)/cellops ensure_admin
	$(BIN)/cellops serve --port $(PORT)

lint: setup
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/python scripts/contracts.py --check
	$(BIN)/lint-imports

test: setup lint
	$(BIN)/python -m pytest

bench: setup
	scripts/postgres-up
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache .hypothesis
