# CS-portaal. `make run` starts the portal with demo data; `make test` runs the whole test suite.
# uv is installed with pip when it is missing.

SHELL := /bin/bash
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")

.PHONY: run test sync uv lint format vendor messages

uv:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv

sync: uv
	@$(UV) sync --locked --quiet

run: sync
	@UV="$(UV)" bash scripts/run-dev.sh

# The suite runs on every CPU (pytest-xdist); PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto
test: sync
	@$(UV) run pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: sync
	$(UV) run ruff check .
	$(UV) run ruff format --check .

format: sync
	$(UV) run ruff check --fix .
	$(UV) run ruff format .

# Refresh the vendored NL Design System CSS from the locked npm packages.
vendor:
	npm ci --no-audit --no-fund
	bash scripts/vendor-static.sh

# Extract the translatable strings and compile them (needs GNU gettext).
messages: sync
	$(UV) run python manage.py makemessages --locale en --no-location --ignore ".venv/*" --ignore "node_modules/*"
	$(UV) run python manage.py compilemessages --locale en --ignore ".venv/*"

# Time a release comparison against git's word diff (bench/README.md); exits 1 on a missed target.
.PHONY: bench bench-notifications bench-api
bench: sync
	$(UV) run python bench/redline.py $(BENCH_ARGS)

# A release published to 10,000 followers: publish request, fan-out, worker throughput.
bench-notifications: sync
	$(UV) run python bench/notifications.py $(BENCH_ARGS)

# A published release with all its text served by gunicorn + PostgreSQL to 16 clients, against
# the same bytes as a static file from the same server (needs PostgreSQL on 127.0.0.1:5432).
bench-api: sync
	$(UV) run python bench/api.py $(BENCH_ARGS)
