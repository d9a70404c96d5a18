# Dispute Radar. `make run` and `make test` work from a fresh clone.
SHELL := /bin/bash
PY_BOOT ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOME_DIR ?= var
DATA_DIR := $(HOME_DIR)/data/district
export DISPUTES_HOME := $(abspath $(HOME_DIR))

.PHONY: run test lint fmt venv clean bench-generate bench-validate bench

venv: $(STAMP)

# Reinstall whenever the declared dependencies or their pins change.
$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PY_BOOT) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(BIN)/python -m pytest -q || [ $$? -eq 5 ]

$(DATA_DIR)/.complete: $(STAMP)
	$(BIN)/disputes generate $(DATA_DIR) --scale district
	@touch $@

run: $(DATA_DIR)/.complete
	$(BIN)/disputes ingest $(DATA_DIR)
	@echo "Generated and ingested the default district into $(DISPUTES_HOME)."

bench-generate: $(STAMP)
	$(BIN)/python -m benchmarks.generate

bench-validate: $(STAMP)
	$(BIN)/python -m benchmarks.validate

bench: bench-generate bench-validate

clean:
	rm -rf $(HOME_DIR) .pytest_cache .mypy_cache .ruff_cache
