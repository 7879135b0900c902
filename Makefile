# Two commands set everything up on a fresh machine:
#   make demo   code the bundled sample news into demo.db and print the events
#   make test   run the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup demo test clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

setup: $(STAMP)

demo: setup
	$(VENV)/bin/dragoman demo --db demo.db

test: setup
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm .pytest_cache
