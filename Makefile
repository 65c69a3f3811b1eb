# The README's two commands: `make demo` and `make test`. Both build .venv from scratch when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

# The tests run the MT drafts too (the mt extra). PyTorch goes in first, pinned to 2.13.0, whose
# CPU wheel pip finds locally; left to resolve torch for transformers, pip would fetch a CUDA
# build (gigabytes).
$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet 'torch==2.13.0'
	$(BIN)/pip install --quiet -e '.[dev,mt]'
	touch $(VENV)/.installed $@

# Lint the samples with the shipped termbase; findings make dilmac exit 1, which the demo expects.
demo: $(VENV)/.installed
	$(BIN)/dilmac lint samples/ ; status=$$?; [ $$status -le 1 ] || exit $$status

# Style and architecture: ruff (lint, format) and the import contracts of pyproject.toml
# (ARCHITECTURE.md). The same checks run on every commit with `pre-commit install`.
check: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

test: check
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/lint_throughput.py

clean:
	rm -rf $(VENV) build *.egg-info toolkit/*.egg-info
