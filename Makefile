# The two commands of the README: `make site` and `make test`; `make bench` measures build speed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Lighthouse for the SEO test, at the versions its package-lock.json pins, installed beside the virtualenv.
LIGHTHOUSE := tests/browser/lighthouse

.PHONY: site test test-fast lint check bench serve clean

site: $(VENV)/.runtime
	sh scripts/ensure-system-packages.sh pdf
	$(BIN)/python build.py build

test: $(VENV)/.test
	sh scripts/ensure-system-packages.sh test
	$(MAKE) $(VENV)/node/.installed
	$(MAKE) lint
	$(BIN)/python -m pytest

# The edit-test loop: lint and every test but the browser, PDF, serve and benchmark ones.
test-fast: $(VENV)/.test
	$(MAKE) lint
	$(BIN)/python -m pytest -m "not (browser or pdf or serve or bench)"

lint: $(VENV)/.test
	$(BIN)/ruff check briefing bench build.py tests
	$(BIN)/ruff format --check briefing bench build.py tests
	$(BIN)/mypy

check: $(VENV)/.runtime
	$(BIN)/python build.py check

# Options go in BENCH_ARGS, e.g. make bench BENCH_ARGS="--sections 200 --runs 3".
bench: $(VENV)/.test
	$(BIN)/python -m bench.run $(BENCH_ARGS)

$(BIN)/python:
	sh scripts/ensure-system-packages.sh venv
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@ $(VENV)/.runtime

$(VENV)/node/.installed: $(LIGHTHOUSE)/package.json $(LIGHTHOUSE)/package-lock.json | $(BIN)/python
	rm -rf $(VENV)/node
	mkdir -p $(VENV)/node
	cp $(LIGHTHOUSE)/package.json $(LIGHTHOUSE)/package-lock.json $(VENV)/node/
	cd $(VENV)/node && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf site $(VENV) *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
