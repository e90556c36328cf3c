# Two entry points for a fresh machine with Python 3.11 and make:
#   make demo   set up .venv, run verify on the bundled Amazon example
#   make test   set up .venv, run the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXAMPLE := verifier/examples/amazon-capex-zh-hant.txt

.PHONY: demo test bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/verify $(EXAMPLE) --fail-on never

test: $(VENV)/.installed
	$(BIN)/python -m pytest

bench: $(VENV)/.installed
	$(BIN)/python bench/extraction.py
	$(BIN)/python bench/sources.py
	$(BIN)/python bench/hostile.py
	$(BIN)/python bench/scaling.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
