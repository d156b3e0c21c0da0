# Two entry points for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := sample/goals.xlsx

.PHONY: demo test lint bench clean

$(BIN)/goalsheet: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

demo: $(BIN)/goalsheet
	mkdir -p sample
	$(BIN)/goalsheet new --force $(SAMPLE)
	$(BIN)/goalsheet check $(SAMPLE) --today 2026-05-15 || test $$? -eq 1
	$(BIN)/goalsheet sync $(SAMPLE) --today 2026-05-15
	@echo "Open $(SAMPLE): see the Dashboard, Findings and Check columns."

test: $(BIN)/goalsheet
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest

bench: $(BIN)/goalsheet
	$(BIN)/python -m bench.bench_readers
	$(BIN)/python -m bench.bench_check
	$(BIN)/python -m bench.bench_sync

clean:
	rm -rf $(VENV) sample build *.egg-info
