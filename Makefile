# The README's commands. `make run` and `make test` work from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := MENTORHUB_ENV=development $(BIN)/flask --app wsgi
# The suite runs on every core (pytest-xdist), each worker with databases of its own;
# `make test PYTEST_ARGS=` runs it in one process.
PYTEST_ARGS ?= -n auto

.PHONY: install run test serve worker tick bench migrate lint clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed ## create .venv and install MentorHub with its dev tools

migrate: install ## apply database migrations (SQLite in instance/ unless DATABASE_URL is set)
	$(FLASK) db upgrade

run: migrate ## serve http://127.0.0.1:5000 with demo data
	$(FLASK) mentorhub demo --if-empty
	$(FLASK) run --host 127.0.0.1 --port 5000

serve: migrate ## serve with gunicorn on plain HTTP (production: HTTPS in front, SECURE=true)
	MENTORHUB_SESSION_COOKIE_SECURE=$${SECURE:-false} $(BIN)/gunicorn --workers $${WORKERS:-2} --bind $${BIND:-127.0.0.1:8000} wsgi:app

worker: install ## send queued emails from Redis (needs REDIS_URL); runs until stopped
	$(FLASK) mentorhub worker

tick: install ## run periodic work once (expiry, reminders, completion, emails)
	$(FLASK) mentorhub tick

test: install ## check the floors, then run the whole suite
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install ## discovery benchmark on SQLite and PostgreSQL
	$(BIN)/python benchmarks/discovery.py

lint: install ## ruff and the floors (import-linter contracts)
	$(BIN)/ruff check mentorhub plugins tests
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) *.egg-info
