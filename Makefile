# VizLou: `make run` serves the demo city on SQLite; `make test` runs every test.
# Both set up .venv on the first run; nothing else needs installing by hand.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app vizlou
HOST ?= 127.0.0.1
PORT ?= 5000
PO := $(wildcard vizlou/translations/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)

.PHONY: run test test-fast bench lint messages translations clean

run: $(VENV)/.installed $(MO)
	$(FLASK) demo load
	$(FLASK) run --host $(HOST) --port $(PORT)

AXE_VERSION := 4.14.1
AXE := tests/.cache/axe-core-$(AXE_VERSION)/axe.min.js

# Test processes run side by side; each starts its own PostGIS cluster and servers.
JOBS ?= 3

# Modules compiled first: every process the tests start (servers, commands, benchmarks) then
# reads them instead of compiling the source again, also where PYTHONDONTWRITEBYTECODE is set.
COMPILE := $(BIN)/python -m compileall -q -j 0 vizlou bench tests wsgi.py

test: $(VENV)/.installed-test $(MO) $(AXE)
	$(BIN)/ruff check .
	$(COMPILE)
	$(BIN)/pytest -n $(JOBS) --dist worksteal

# Everything but PostGIS, Chromium and the load tests: a quick loop while changing code.
test-fast: $(VENV)/.installed-test $(MO)
	$(COMPILE)
	$(BIN)/pytest -n $(JOBS) --dist worksteal -m "not postgis and not browser and not load"

# Every benchmark at full size (a million ideas; well over an hour on 2 cores), written to
# bench/RESULTS.md. Needs PostgreSQL 15 with PostGIS, Chromium, wrk, nginx and Redis (Debian).
bench: $(VENV)/.installed-test $(MO)
	$(BIN)/python bench/run_all.py

# axe-core, from the npm registry, for the accessibility tests (injected by Playwright).
$(AXE):
	mkdir -p $(dir $@)
	cd $(dir $@) && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null && \
		tar -xzf axe-core-$(AXE_VERSION).tgz package/axe.min.js && \
		mv package/axe.min.js . && rmdir package && rm axe-core-$(AXE_VERSION).tgz

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

translations: $(MO)

%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -i $< -o $@

# Extract the English strings and merge them into every catalog (then translate the new ones).
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k _l -o vizlou/translations/messages.pot \
		--sort-by-file --project VizLou --no-location --omit-header .
	$(BIN)/pybabel update -i vizlou/translations/messages.pot -d vizlou/translations \
		--ignore-obsolete

clean:
	rm -rf $(VENV) instance tests/.cache .pytest_cache .ruff_cache
