# vanban — two commands on a fresh machine:
#   make run    set up, index the documents (samples/ by default, DOCS=folder for others), serve the UI
#   make test   set up and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DOCS   ?= samples
INDEX  ?= var/index
PORT   ?= 5000
STAMP  := $(VENV)/.installed

.PHONY: setup run test lint browser bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

setup: $(STAMP)

# Debian's chromium for the browser tests (root on a fresh machine: install it; else say what to do)
browser:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  else echo "browser tests need Debian's chromium: sudo apt-get install chromium"; fi; }

run: setup
	$(BIN)/vanban index $(DOCS) --index-dir $(INDEX) || test $$? -eq 1
	$(BIN)/vanban serve --index-dir $(INDEX) --port $(PORT)

lint: setup
	$(BIN)/ruff check .

test: setup browser lint
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf var .pytest_cache
