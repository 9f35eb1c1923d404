# Two commands: `make run` starts the bot on an embedded default, `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

## Start the web app, the clock and the chat simulator on http://127.0.0.1:8000
run: $(STAMP)
	@sh scripts/system-deps.sh run
	$(PY) -m bot serve

## Run the whole test suite against a real server (REDIS_URL, else embedded Valkey)
test: $(STAMP)
	@sh scripts/system-deps.sh test
	$(PY) -m ruff check .
	$(PY) -m mypy bot scheduler
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy bot scheduler

bench: $(STAMP)
	for b in bench/bench_*.py; do $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache
