# The two commands of the README: `make site` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: site test lint check serve clean

site: $(VENV)/.runtime
	sh scripts/ensure-system-packages.sh pdf
	$(BIN)/python build.py build

test: $(VENV)/.test
	sh scripts/ensure-system-packages.sh test
	$(MAKE) lint
	$(BIN)/python -m pytest

lint: $(VENV)/.test
	$(BIN)/ruff check briefing build.py tests
	$(BIN)/ruff format --check briefing build.py tests
	$(BIN)/mypy

check: $(VENV)/.runtime
	$(BIN)/python build.py check

$(BIN)/python:
	sh scripts/ensure-system-packages.sh venv
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@ $(VENV)/.runtime

clean:
	rm -rf site $(VENV) *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
