# Trajectoires — the two README commands are `make run` and `make test` (`make lint` is its first step).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
PORT ?= 8000

.PHONY: setup run demo lint test test-sqlite test-postgres bench clean

setup: $(VENV)/.installed var/secret_key

# The application's secret key for the demo and the tests, kept in var/ (settings read it when
# SECRET_KEY is not set; in production, set SECRET_KEY or SECRET_KEY_FILE: docs/securite.md).
var/secret_key:
	mkdir -p var
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

$(VENV)/.installed: pyproject.toml
	bash scripts/install-system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test]"
	touch $@

## Set up, create the demo Mission Locale on SQLite (once), and serve it on http://127.0.0.1:$(PORT) (8000 by default)
run: setup
	$(BIN)/trajectoires migrate --noinput -v 0
	PORT=$(PORT) $(BIN)/trajectoires demo --si-vide
	@echo ""
	@echo "Trajectoires : http://127.0.0.1:$(PORT)/  (identifiants de démonstration ci-dessus)"
	@echo "La commande trajectoires : $(BIN)/trajectoires (ou « source $(VENV)/bin/activate » puis trajectoires)"
	DJANGO_DEBUG=1 $(BIN)/trajectoires runserver 127.0.0.1:$(PORT)

## The guards: ruff (rules in pyproject.toml) and no model change without its migration. The migration
## check reads no database of yours: an in-memory SQLite one is enough to compare models and migrations.
lint: setup
	$(BIN)/ruff check .
	DATABASE_URL=sqlite://:memory: $(BIN)/trajectoires makemigrations --check --dry-run

## Set up, lint, then run the whole test suite on SQLite, then on a real PostgreSQL server
test: setup lint test-sqlite test-postgres

test-sqlite: setup
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: setup
	bash scripts/with-postgres.sh $(BIN)/pytest $(PYTEST_ARGS)

## Benchmarks (not tests): import speed, full report time on the demo, search time, agenda pages, 20 clients on the
## workspace pages (gunicorn, on the report benchmark's demo database). Sizes: JEUNES=200000 for scale.
JEUNES ?= 15000
bench: setup
	$(BIN)/python -m bench.import_bench --rows 1000000
	$(BIN)/python -m bench.report_bench --demo --generate $(JEUNES)
	$(BIN)/python -m bench.search_bench --n $(JEUNES)
	$(BIN)/python -m bench.agenda_bench --n $(JEUNES)
	$(BIN)/python -m bench.matching_bench --n $(JEUNES)
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench/report_demo_$(JEUNES).sqlite3 $(BIN)/python -m bench.pages_load --think 1-3
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench/report_demo_$(JEUNES).sqlite3 $(BIN)/python -m bench.pages_load --think 0
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench/report_demo_$(JEUNES).sqlite3 $(BIN)/python -m bench.bourse_load --think 0

clean:
	rm -rf $(VENV) var
