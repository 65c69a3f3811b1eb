# The README's two commands: `make demo` and `make test`. Both build .venv from scratch when needed,
# from the locked dependency set in requirements/ (`make lock` refreshes it; README, Development).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# PyTorch's pin lives in requirements/dev.in, which the dev lock is compiled from.
TORCH := $(shell grep -m1 '^torch==' requirements/dev.in)
# `make lock` moves every pin to the newest release pyproject.toml allows; `make lock LOCK_FLAGS=`
# keeps the pins and only adds or drops what pyproject.toml changed.
LOCK_FLAGS ?= --upgrade
PIP_COMPILE := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	--no-emit-find-links $(LOCK_FLAGS)

.PHONY: demo test check bench lock clean locales

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# dilmac itself goes in editable, without build isolation: the build backend is the lock's too.
# __init__.py holds the version, which the installed metadata copies.
$(VENV)/.installed: pyproject.toml setup.py toolkit/dilmac/__init__.py requirements/runtime.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/runtime.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# The tests run the MT drafts too (the mt extra). PyTorch goes in first, alone and pinned; its
# CPU wheel is found locally; left to resolve torch for transformers, pip would fetch a CUDA build
# (gigabytes). Its dependencies come with the lock.
$(VENV)/.installed-dev: pyproject.toml setup.py toolkit/dilmac/__init__.py requirements/dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --no-deps '$(TORCH)'
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/pip check
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

# Needs the network. The runtime lock is what `make demo`, the installed-wheel test and users of a
# release get; the dev lock adds the dev and mt extras and PyTorch's dependencies at the same versions.
lock: export CUSTOM_COMPILE_COMMAND = make lock
lock: $(VENV)/.installed-dev
	$(PIP_COMPILE) --all-build-deps -o requirements/runtime.txt pyproject.toml
	$(PIP_COMPILE) --extra dev --extra mt --extra web -c requirements/runtime.txt -o requirements/dev.txt \
		pyproject.toml requirements/dev.in

# dilmac's own interface (README, "The interface language"): the template from the sources
# (babel.cfg says which extractor reads what), the az and tr catalogs updated from it, then the
# checks CI runs (tests/core/test_i18n_catalogs.py): msgfmt -c through compile, 100 %% translated,
# dilmac's own lint. The MO files it writes are not committed: the wheel's build compiles them
# (setup.py), a checkout compiles them on first use.
locales: $(VENV)/.installed
	$(BIN)/dilmac catalog extract toolkit/dilmac -F locales/babel.cfg -o locales/dilmac.pot --project dilmac \
		--project-version "$$($(BIN)/python -c 'import dilmac; print(dilmac.__version__)')"
	$(BIN)/dilmac catalog update locales/dilmac.pot -d locales -D dilmac -l az -l tr --init-missing
	$(BIN)/dilmac catalog compile -d locales -D dilmac
	$(BIN)/dilmac catalog stats locales
	$(BIN)/dilmac lint locales

clean:
	rm -rf $(VENV) build dist *.egg-info toolkit/*.egg-info
