# Two commands: `make run` starts the bot on an embedded default, `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-clock lint bench clean

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
	$(MAKE) --no-print-directory test-clock

# A month end, the fiscal-year end, a Sunday night, 23:59 and 00:01 in Bangkok.
WALL_CLOCKS := 2026-11-30T23:59:30+07:00 2026-09-30T23:59:50+07:00 \
	2026-11-29T22:30:00+07:00 2027-03-31T23:59:00+07:00 2026-10-01T00:01:00+07:00

## Run the time-sensitive tests again with the machine's clock stopped at awkward instants
test-clock: $(STAMP)
	@for instant in $(WALL_CLOCKS); do \
	  echo "== time-sensitive tests at $$instant"; \
	  WALL_CLOCK=$$instant $(PY) -m pytest -m clock -p no:cacheprovider || exit 1; \
	done

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy bot scheduler

bench: $(STAMP)
	@sh scripts/system-deps.sh bench
	for b in bench/bench_*.py; do $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache
