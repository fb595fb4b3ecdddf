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

.PHONY: setup run test lint sysdeps bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

setup: $(STAMP)

# Debian packages the tests use: chromium (browser tests), tesseract + poppler (OCR of scanned PDFs),
# antiword (old Word .doc).
# Root on a fresh machine installs them; otherwise say what to do (those tests then skip with a reason).
SYSDEPS := chromium fonts-dejavu-core tesseract-ocr tesseract-ocr-vie poppler-utils antiword
sysdeps:
	@test -x /usr/bin/chromium -a -x /usr/bin/tesseract -a -x /usr/bin/pdftoppm -a -x /usr/bin/antiword || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSDEPS) >/dev/null; \
	  else echo "some tests need Debian packages: sudo apt-get install $(SYSDEPS)"; fi; }

run: setup
	$(BIN)/vanban index $(DOCS) --index-dir $(INDEX) || test $$? -eq 1
	$(BIN)/vanban serve --index-dir $(INDEX) --port $(PORT)

lint: setup
	$(BIN)/ruff check .

test: setup sysdeps lint
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf var .pytest_cache
