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

bench: migrate
	$(PY) manage.py bench

messages: setup
	cd sajja && ../$(PY) ../manage.py makemessages -l th -l en --no-obsolete && ../$(PY) ../manage.py compilemessages

clean:
	rm -rf $(VENV) var
