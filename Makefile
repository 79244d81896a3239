# papertoolkit — two commands: `make demo` (set up + export + summary of data/) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
STAMP   = $(VENV)/.installed
# test-min: a second venv with the lowest supported versions (.ci/constraints-min.txt)
PYTHON_MIN ?= python3.11
VENV_MIN   ?= .venv-min
STAMP_MIN   = $(VENV_MIN)/.installed

.PHONY: setup demo test test-latest test-min lint bench clean

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

# the suite on the latest versions, then on the lowest supported ones
test: test-latest test-min

test-latest: setup
	$(VENV)/bin/ruff check papertoolkit tests benchmarks
	$(PY) -m pytest

$(STAMP_MIN): pyproject.toml .ci/constraints-min.txt
	$(PYTHON_MIN) -m venv $(VENV_MIN)
	$(VENV_MIN)/bin/python -m pip install --quiet --upgrade pip
	$(VENV_MIN)/bin/python -m pip install --quiet -c .ci/constraints-min.txt -e ".[test]"
	touch $(STAMP_MIN)

# The browser test is left to test-latest (same code; it needs Chromium and takes a minute).
test-min: $(STAMP_MIN)
	$(VENV_MIN)/bin/python -m pytest -q -p no:cacheprovider -m "not browser"

lint: setup
	$(VENV)/bin/ruff check papertoolkit tests benchmarks

bench: setup
	$(PY) benchmarks/bench_load.py

clean:
	rm -rf $(VENV) $(VENV_MIN) out .pytest_cache
