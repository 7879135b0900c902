# Two commands set everything up on a fresh machine:
#   make demo   code the bundled sample news into demo.db and print the events
#   make test   run the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

CHROMIUM := /usr/bin/chromium

.PHONY: setup demo test clean browser java

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

setup: $(STAMP)

demo: setup
	$(VENV)/bin/dragoman demo --db demo.db

# The dashboard tests drive Debian's chromium; Playwright never downloads a browser.
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium; \
		else \
			echo "make test: the dashboard tests need Debian's chromium at $(CHROMIUM): run 'sudo apt-get install chromium'" >&2; \
			exit 1; \
		fi; \
	fi

# The Spark tests run a real local Spark, which needs a Java runtime (17 or later).
java:
	@if ! command -v java >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless \
				|| apt-get install -y -qq --no-install-recommends default-jre-headless; \
		else \
			echo "make test: the Spark tests need Java 17: run 'sudo apt-get install openjdk-17-jre-headless'" >&2; \
			exit 1; \
		fi; \
	fi

test: setup browser java
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm .pytest_cache
