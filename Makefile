# Dispute Radar. `make run` and `make test` work from a fresh clone.
SHELL := /bin/bash
PY_BOOT ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOME_DIR ?= var
DATA_DIR := $(HOME_DIR)/data/district
export DISPUTES_HOME := $(abspath $(HOME_DIR))

.PHONY: run test lint fmt venv clean bench bench-generate bench-validate bench-features bench-training bench-quality bench-realdata bench-serving bench-contributions bench-pages bench-transparency bench-monitoring bench-levers bench-console bench-scale bench-outreach bench-varied bench-oracle-gap

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

$(HOME_DIR)/.generated: $(STAMP)
	$(BIN)/disputes generate $(DATA_DIR) --scale district
	@touch $@

# Ingest, train and promote once per generated world; later runs go straight to scoring and serving.
$(HOME_DIR)/.champion: $(HOME_DIR)/.generated
	$(BIN)/disputes ingest $(DATA_DIR)
	$(BIN)/disputes train --data $(DATA_DIR)
	$(BIN)/disputes promote || echo "Keeping the current champion."
	@touch $@

run: $(HOME_DIR)/.champion
	$(BIN)/disputes score
	@echo "Staff console: http://127.0.0.1:8000/console/ (accounts first; passwords are read from stdin, 10+ characters):"
	@echo "  read -rs P && echo \"\$$P\" | DISPUTES_HOME=$(DISPUTES_HOME) $(BIN)/disputes users create --username admin --role admin --password-stdin"
	@echo "  read -rs P && echo \"\$$P\" | DISPUTES_HOME=$(DISPUTES_HOME) $(BIN)/disputes users create --username wang --role mediator --subdistrict 翠竹街道 --password-stdin"
	$(BIN)/disputes serve --host 127.0.0.1 --port 8000

bench-generate: $(STAMP)
	$(BIN)/python -m benchmarks.generate

bench-validate: $(STAMP)
	$(BIN)/python -m benchmarks.validate

bench-features: $(STAMP)
	$(BIN)/python -m benchmarks.features

bench-quality: $(STAMP)
	$(BIN)/python -m benchmarks.training quality

bench-training: $(STAMP)
	$(BIN)/python -m benchmarks.training speed

# The model on 20 small worlds with mechanisms drawn from vary seeds 1-20 (VARIED_ARGS="--worlds 5 --scale district").
VARIED_ARGS ?=
bench-varied: $(STAMP)
	$(BIN)/python -m benchmarks.varied_worlds $(VARIED_ARGS)

# Where the gap to the oracle comes from (features lacking the truth, or learning from labels), varied and plain.
# The district runs (about 25 min) are the evidence for the default hyper-parameters: vary seeds 101-108 are used
# by no other benchmark, so the choice is re-measured elsewhere (bench-varied) on worlds it was not made on.
bench-oracle-gap: $(STAMP)
	$(BIN)/python -m benchmarks.oracle_gap --label varied
	$(BIN)/python -m benchmarks.oracle_gap --plain --worlds 3 --candidates default --label plain
	$(BIN)/python -m benchmarks.oracle_gap --scale district --first 101 --worlds 8 --label district-unseen
	$(BIN)/python -m benchmarks.oracle_gap --scale district --plain --worlds 3 --candidates default,leaves15,child100 --label district-plain

bench-realdata: $(STAMP)
	$(BIN)/python -m benchmarks.realdata

bench-pages: $(STAMP)
	$(BIN)/python -m benchmarks.pages

bench-monitoring: $(STAMP)
	$(BIN)/python -m benchmarks.monitoring

bench-serving: $(STAMP)
	$(BIN)/python -m benchmarks.serving

bench-contributions: $(HOME_DIR)/.champion
	$(BIN)/python -m benchmarks.contributions --home $(HOME_DIR)

bench-levers: $(STAMP)
	$(BIN)/python -m benchmarks.levers

bench-outreach: $(STAMP)
	$(BIN)/python -m benchmarks.outreach

bench-transparency: $(STAMP)
	$(BIN)/python -m benchmarks.transparency_figures

bench-console: $(HOME_DIR)/.champion
	$(BIN)/python -m benchmarks.console --home $(HOME_DIR)

# Heavy (Shenzhen through Dask): run once, alone on the machine. SCALE_SHARE=0.1 keeps a tenth of the city.
SCALE_SHARE ?= 1.0
bench-scale: $(STAMP)
	$(BIN)/python -m benchmarks.scale --share $(SCALE_SHARE)


bench: bench-generate bench-validate bench-features bench-quality bench-training bench-realdata bench-serving bench-contributions bench-pages bench-transparency bench-monitoring bench-levers bench-outreach bench-varied bench-console bench-scale

clean:
	rm -rf $(HOME_DIR) .pytest_cache .mypy_cache .ruff_cache
