# Sajja: `make run` serves the demo village; `make test` runs the whole suite.
# DATABASE_URL unset -> SQLite under var/; set it for PostgreSQL.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DEBUG ?= 1

.PHONY: run test test-browser bench demo setup migrate lint messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py demo_load

run: demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Sajja is at http://127.0.0.1:8000 (Ctrl-C stops it)"
	$(VENV)/bin/gunicorn sajja.wsgi --bind 127.0.0.1:8000 --workers 2 --access-logfile -

test: setup
	$(PY) manage.py makemigrations --check --dry-run --verbosity 0
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check .

# Benchmarks run on their own SQLite file (and on PostgreSQL too when DATABASE_URL is set);
# each scenario's data is rolled back.
bench: setup
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(PY) manage.py migrate --noinput --verbosity 0
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(PY) manage.py bench $(BENCH_ARGS)
	@if [ -n "$$DATABASE_URL" ]; then $(PY) manage.py migrate --noinput --verbosity 0 && $(PY) manage.py bench $(BENCH_ARGS); fi

# Refresh the catalogues after changing strings: translate the new Thai entries in
# sajja/locale/th, then `make messages` again to fill English and compile both.
messages: setup
	$(PY) manage.py makemessages -l th -l en --ignore=.venv --ignore=var --ignore='*/tests/*' --ignore='*/browser_tests/*' --no-obsolete
	$(PY) -m sajja.core.po_fill_english sajja/locale/en/LC_MESSAGES/django.po
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var
