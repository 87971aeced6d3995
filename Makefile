# The project's one task runner. `make demo` and `make test` are the README's commands.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
RUN := $(UV) run --frozen
SRC := src/sozialplanung

# Python keeps compiled modules (__pycache__), whatever the environment says: with
# PYTHONDONTWRITEBYTECODE set (as on some build machines) every process the tests start
# (xdist workers, task workers, command-line calls, servers) compiled every module of the
# project and its libraries anew, seconds of CPU each, and pytest rewrote every test
# module in every worker.
unexport PYTHONDONTWRITEBYTECODE

# The demo and the tests run with DEBUG off like a server, so they need a secret key of
# their own (core/checks.py refuses the published default): a random one per make run.
ifndef SOZIALPLANUNG_SECRET_KEY
export SOZIALPLANUNG_SECRET_KEY := $(shell python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
endif

.PHONY: help install system-packages oidc-provider messages demo serve test lint check-migrations intake-eval test-sqlite test-postgres production-check bench clean

help:
	@echo "make demo   – installieren, Demodaten laden, Server auf http://127.0.0.1:$(PORT) starten"
	@echo "make test   – Systempakete und Abhängigkeiten installieren, Lint, Migrationsprüfung,"
	@echo "              Testsuite auf SQLite und PostgreSQL (mit Browsertests)"
	@echo "make lint   – ruff, mypy und die Schichtenfolge (import-linter)"
	@echo "make bench  – Benchmarks"

# uv itself, then the locked Python dependencies (dev group included).
install:
	@command -v uv >/dev/null 2>&1 || [ -x "$(UV)" ] || python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv
	$(UV) sync --frozen --compile-bytecode
	@$(MAKE) --no-print-directory messages

# German interface texts: compiled from the .po file on every install.
messages:
	@command -v msgfmt >/dev/null 2>&1 || scripts/system-packages.sh gettext
	cd $(SRC) && $(CURDIR)/.venv/bin/python -m django compilemessages --settings=sozialplanung.settings -v 0

system-packages:
	scripts/system-packages.sh postgresql chromium gettext tesseract nodejs nginx openssl

# The OpenID provider the single sign-on tests start (tests/oidc/provider.mjs), from its lock file.
oidc-provider:
	cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error

demo: install
	$(RUN) sozialplanung migrate --verbosity 0
	$(RUN) sozialplanung collectstatic --noinput --verbosity 0
	$(RUN) sozialplanung demo
	@echo ""
	@echo "Sozialplanung läuft auf http://127.0.0.1:$(PORT)  (Beenden mit Strg+C)"
	scripts/serve-with-worker.sh $(PORT)

serve:
	$(RUN) sozialplanung runserver 127.0.0.1:$(PORT)

lint:
	$(RUN) ruff check src tests bench
	$(RUN) ruff format --check src tests bench
	$(RUN) mypy
	$(RUN) lint-imports  # the layer order of the apps (pyproject.toml, docs/architektur.md)

check-migrations:
	$(RUN) sozialplanung makemigrations --check --dry-run

# The suite in parallel (pytest-xdist): one process per core, each with its own test
# database; `loadgroup` keeps the tests of an xdist group on one worker (the tests of the
# shared demo are no group: tests/plugins/demo_once.py lets both workers share them).
WORKERS ?= auto
PYTEST := $(RUN) pytest -p no:cacheprovider -n $(WORKERS) --dist loadgroup --durations=30

# Every test on SQLite; on PostgreSQL only those that touch a database (the others are
# marked nodb by tests/plugins/databases.py) and not the axe walk over every page (its
# pages do not depend on the database). Both runs print their counts at the end.
test-sqlite:
	$(PYTEST)

test-postgres:
	scripts/with-postgres.sh $(PYTEST) -m "not nodb and not axe"

# The production set-up of docs/betrieb.md on a throw-away PostgreSQL: gunicorn, nginx,
# login, import, reminders, backup and restore over HTTPS (scripts/production-check).
production-check:
	@scripts/system-packages.sh postgresql nginx openssl
	scripts/with-postgres.sh $(RUN) python scripts/production-check

# Accuracy of document intake on the project's evaluation set (issue 6), as a table.
intake-eval:
	$(RUN) sozialplanung intake-eval evaluation/intake

# Two rounds, each of phases side by side (scripts/side-by-side.sh: one log per phase,
# printed whole with its time when it ends; fails if any phase fails): the SQLite suite
# beside lint, migration check and intake evaluation, then the PostgreSQL suite beside
# the production check, which mostly waits for its servers (own cluster, ports, folders).
SIDE_BY_SIDE := scripts/side-by-side.sh
SUBMAKE := $(MAKE) --no-print-directory

test: system-packages install oidc-provider
	@$(SIDE_BY_SIDE) \
	  "Tests auf SQLite" "$(SUBMAKE) test-sqlite" \
	  "Lint, Migrationsprüfung, Auswertung der Dokumentaufnahme" \
	  "$(SUBMAKE) lint && $(SUBMAKE) check-migrations && $(SUBMAKE) intake-eval"
	@$(SIDE_BY_SIDE) \
	  "Tests auf PostgreSQL" "$(SUBMAKE) test-postgres" \
	  "Produktionsprüfung" "$(SUBMAKE) production-check"

bench: install
	@for b in bench/*.py; do echo "== $$b"; $(RUN) python $$b || exit 1; done

clean:
	rm -rf var test-artifacts .pytest_cache .ruff_cache .mypy_cache
