# Two commands for a fresh machine with Python 3.11 and make: `make serve` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The build date comes from the content's last commit, so rebuilding tomorrow gives the same bytes.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
# Material 9.x prints a notice about MkDocs 2 on every run; it is not about this site.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build build-zensical build-properdocs test lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

# Not strict: the preview shows an edit that has warnings (a new sentence is 'not yet reviewed')
# and the terminal lists them; `make build` and CI stay strict.
serve: $(STAMP)
	$(BIN)/mkdocs serve --no-strict --dev-addr 127.0.0.1:8000 --livereload

build: $(STAMP)
	$(BIN)/mkdocs build --strict

# The same site without MkDocs hooks: the engine renders the pages, another generator builds
# them, the engine finishes the HTML (README: "Building with another generator").
RENDER := build/render
build-zensical build-properdocs: build-%: $(STAMP)
	$(BIN)/kapsite render --out $(RENDER)
	$(BIN)/$* build -f $(RENDER)/mkdocs.yml
	$(BIN)/kapsite finish $(RENDER)/site --generator $*

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf site build/render
