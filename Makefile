# papertoolkit — two commands: `make demo` (set up + export + summary of data/) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
STAMP   = $(VENV)/.installed

.PHONY: setup demo test lint bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/setup-system.sh
	bash scripts/setup-system.sh
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

demo: setup
	$(VENV)/bin/papertoolkit export data --out out
	$(VENV)/bin/papertoolkit summary data

test: setup
	$(VENV)/bin/ruff check papertoolkit tests benchmarks
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check papertoolkit tests benchmarks

bench: setup
	$(PY) benchmarks/bench_load.py

clean:
	rm -rf $(VENV) out .pytest_cache
