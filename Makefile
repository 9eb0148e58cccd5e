# Dossier: set up, serve, build and test. Only Python 3.11+ and make are needed.
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve build test lint validate fuzz lock clean

serve: $(STAMP)  ## set up and serve the site with live reload on http://127.0.0.1:8000
	$(BIN)/mkdocs serve --dirty

build: $(STAMP)  ## build the site into site/, failing on any warning
	$(BIN)/mkdocs build --strict

validate: $(STAMP)  ## check every record in content/
	$(BIN)/dossier validate content

test: $(STAMP)  ## set up and run every check and test
	$(BIN)/ruff check plugins tests bench
	$(BIN)/mypy
	$(BIN)/dossier validate content --strict
	$(BIN)/python -m pytest

fuzz: $(STAMP)  ## a longer property-based fuzz run of the loader and validator
	DOSSIER_FUZZ_EXAMPLES=20000 $(BIN)/python -m pytest tests/test_fuzz.py -q

lint: $(STAMP)
	$(BIN)/ruff check plugins tests bench
	$(BIN)/ruff format --check plugins tests bench

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is required")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

lock:  ## re-pin dependencies after editing pyproject.toml
	$(BIN)/pip-compile --quiet --extra test --generate-hashes --strip-extras --allow-unsafe \
		--output-file requirements.lock pyproject.toml

clean:
	rm -rf site .pytest_cache build
