# Warta: `make demo` builds and serves the demo network; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
WARTA := $(VENV)/bin/warta
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: setup validators demo serve test test-fast bench-serve bench-cluster lint typecheck format migrate clean messages

setup: $(STAMP)

$(UV):
	$(PYTHON) -m pip install --user --quiet uv || $(PYTHON) -m pip install --quiet --break-system-packages uv

# Packages are compiled to bytecode once here, not by every process that imports them.
$(STAMP): requirements.lock pyproject.toml | $(UV)
	test -x $(VENV)/bin/python || $(UV) venv --quiet --python $(PYTHON) $(VENV)
	$(UV) pip sync --quiet --compile-bytecode --python $(VENV)/bin/python --require-hashes requirements.lock
	$(UV) pip install --quiet --python $(VENV)/bin/python --no-deps -e .
	touch $(STAMP)

migrate: setup
	$(WARTA) migrate --noinput -v0

demo: migrate
	$(WARTA) build_demo --port $(PORT)
	$(WARTA) serve --port $(PORT)

serve: migrate
	$(WARTA) serve --port $(PORT)

# The Nu HTML checker and Lighthouse (package.json) where npm is installed; their tests are
# skipped without them, except in CI, which fails.
validators:
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory node_modules/.installed; fi

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Parallel on every core (at most 4: each worker takes a Redis database below REDIS_URL's).
# Bytecode is written even where PYTHONDONTWRITEBYTECODE is set: each worker and each server a
# test starts would otherwise compile Warta and its rewritten test modules again.
test: setup validators
	env -u PYTHONDONTWRITEBYTECODE $(VENV)/bin/pytest -q -n auto --maxprocesses 4 $(PYTEST_ARGS)

# The serving benchmark against nginx (docs/performance.md); installs wrk and nginx if missing.
bench-serve: setup
	@command -v wrk >/dev/null && [ -e /usr/lib/nginx/modules/ngx_http_cache_purge_module.so ] || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light \
	   libnginx-mod-http-cache-purge >/dev/null && (pkill -x nginx || true))
	$(VENV)/bin/python bench/serve.py $(BENCH_ARGS)

# The scale-out benchmark (docs/performance.md, docs/deploy.md): Varnish, HAProxy, two app
# hosts, PgBouncer, a PostgreSQL primary and replica, RQ workers; installs what is missing.
bench-cluster: setup
	@command -v varnishd >/dev/null && command -v haproxy >/dev/null && command -v pgbouncer >/dev/null \
	  && command -v wrk >/dev/null && [ -e /usr/lib/nginx/modules/ngx_http_cache_purge_module.so ] || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish \
	   varnish-modules haproxy pgbouncer wrk nginx-light libnginx-mod-http-cache-purge >/dev/null \
	   && (pkill -x nginx; pkill -x varnishd; pkill -x haproxy; pkill -x pgbouncer; true))
	$(VENV)/bin/python bench/cluster.py $(BENCH_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# mypy with django-stubs; what it checks is `files` in pyproject.toml's [tool.mypy]. Its cache
# misses edits to [[tool.mypy.overrides]] (mypy issue 7777): after one, rm -rf .mypy_cache.
typecheck: setup
	$(VENV)/bin/mypy

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The English edition's catalogue (docs/subsystems/english-edition.md): extracts every msgid of
# the project's templates and Python into warta/locale/en/LC_MESSAGES/django.po (translations
# kept, new ones empty), then compiles the .mo, which is committed (CI may lack msgfmt).
# tests/i18n/test_catalogue.py fails while a msgid has no English or the .mo is stale.
messages: setup
	cd warta && ../$(WARTA) makemessages -l en --no-location --no-obsolete \
	  --ignore "*/tests/*" --ignore "tests/*" --ignore "demo/*"
	cd warta && ../$(WARTA) compilemessages -l en

lock:
	$(UV) pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) var/static
