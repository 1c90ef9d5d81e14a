# The one entry point: `make run` to try the portal, `make test` to check it.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Development defaults; production sets these in its environment instead.
export DJANGO_DEBUG ?= 1

.PHONY: help install install-test run serve static migrate messages makemessages content coordinator \
        test test-fast test-backend lint format migrations-check check-deploy benchmark clean lock lock-check audit

help:
	@echo "make run      set everything up and serve http://127.0.0.1:$(PORT)"
	@echo "make test     install test dependencies and run lint and the whole test suite"
	@echo "make test-fast  the same without the browser and slow tests (minutes)"
	@echo "make test-backend  what depends on the database backend (CI's second run)"
	@echo "make install  build .venv with the portal's dependencies"
	@echo "make lock     re-lock requirements*.txt after changing dependencies in pyproject.toml"

# The dependencies come from the lock files, exactly and checked against their hashes; the
# project itself (it installs no package, only its name) follows without dependencies.
# uv installs them when it can be had (a fresh .venv in a fraction of pip's time, and it
# keeps what it downloaded: this machine's index sends no cache headers, so pip downloads
# everything again at every install): the uv that requirements-test.txt pins, which pip
# installs first from its own pinned line, checked against its hashes. Where its wheel
# cannot be had (no network, no wheel for the platform), pip installs the same lock files
# with the same hash check. `make install UV=` installs with pip alone, `UV=uv` with your own.
PIP_INSTALL := $(PY) -m pip install -q --disable-pip-version-check
UV ?= $(VENV)/bin/uv
# requirements-test.txt's lines for uv: its pin and its hashes, up to the comment after them.
UV_PIN = awk '/^uv==/ {p = 1} p && /^ *\#/ {exit} p' requirements-test.txt
# $(call locked,ARGS): `uv pip install ARGS` into .venv where uv is there, pip otherwise.
locked = if command -v "$(UV)" >/dev/null 2>&1; then \
	  echo "$(UV) pip install $(1)"; "$(UV)" pip install --quiet --python $(PY) $(1); \
	else echo "pip install $(1)"; $(PIP_INSTALL) $(1); fi

$(VENV)/.installed: requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	@if [ "$(UV)" = "$(VENV)/bin/uv" ] && [ ! -x "$(UV)" ]; then \
	  $(UV_PIN) >$(VENV)/uv-requirements.txt && echo "pip install uv (requirements-test.txt's pin)" \
	  && $(PIP_INSTALL) --require-hashes --no-deps --only-binary :all: -r $(VENV)/uv-requirements.txt \
	  || echo "uv could not be installed: pip installs the lock files instead"; fi
	@$(call locked,--require-hashes -r requirements.txt)
	@$(call locked,--no-deps -e .)
	@touch $@

install: $(VENV)/.installed

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt
	@$(call locked,--require-hashes -r requirements-test.txt)
	@touch $@

install-test: $(VENV)/.installed-test

# Re-lock after changing the dependencies in pyproject.toml: requirements.txt (the portal's
# dependencies) and requirements-test.txt (the same pins plus the test extra), with the
# hashes of every file of each release, for any platform. Pins already in the files are kept;
# `make lock LOCK_ARGS=--upgrade` (or `--upgrade-package django`) moves them.
UV_COMPILE = $(VENV)/bin/uv pip compile pyproject.toml --quiet --generate-hashes --universal \
	--python-version 3.11 --custom-compile-command "make lock" $(LOCK_ARGS)
lock: $(VENV)/.installed-test
	$(UV_COMPILE) -o requirements.txt
	$(UV_COMPILE) --extra test --constraint requirements.txt -o requirements-test.txt
	$(PY) .ci/lockfile.py stamp

# Fails when pyproject.toml's dependencies changed without `make lock` (offline, instant).
lock-check:
	@$(PYTHON) .ci/lockfile.py check

# Known vulnerabilities in the locked set (PyPI's advisories); exceptions with their reasons
# in .ci/pip-audit-ignore.
audit: $(VENV)/.installed-test
	$(PY) .ci/audit.py

# Compile every catalogue (project and apps). msgfmt (gettext) is used when present;
# without it, polib does the same job so a fresh machine still gets translations.
messages: install
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(PY) manage.py compilemessages --ignore=.venv -v 0; \
	else \
		echo "msgfmt not found (apt-get install gettext); compiling with polib"; \
		$(PY) -c "import pathlib, polib; [polib.pofile(str(p)).save_as_mofile(str(p.with_suffix('.mo'))) for p in pathlib.Path('.').glob('**/locale/*/LC_MESSAGES/*.po') if '.venv' not in p.parts]"; \
	fi

APPS := members meetings guests records steering communications feedback projects overview
# Extract strings: the project catalogue (locale/) for klossnet/ and templates/, and one
# catalogue per app (<app>/locale/). Then translate every new msgid in the .po files.
makemessages: install
	$(PY) manage.py makemessages -l sv --no-location --ignore=.venv --ignore=tests \
		--ignore=node_modules $(foreach app,$(APPS),--ignore=$(app))
	@for app in $(APPS); do \
		mkdir -p $$app/locale && (cd $$app && PYTHONPATH=.. DJANGO_SETTINGS_MODULE=klossnet.settings \
		../$(VENV)/bin/django-admin makemessages -l sv --no-location) || exit 1; \
	done

migrate: install
	$(PY) manage.py migrate --no-input -v 0

content: migrate
	$(PY) manage.py load_klossnet

coordinator: migrate
	@PORT=$(PORT) $(PY) manage.py ensure_coordinator

# The background worker (every e-mail leaves through it) and the round that queues the
# meetings' messages that are due run beside the development server and stop with it
# (README: Background work).
run: install messages migrate content coordinator
	@$(PY) manage.py task_worker & worker=$$!; \
	$(PY) manage.py communications_send_due --every 60 & due=$$!; \
	trap 'kill $$worker $$due 2>/dev/null; wait $$worker $$due' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

static: install
	$(PY) manage.py collectstatic --no-input -v 0

# The suite runs on every core (pytest-xdist; TEST_WORKERS=0 runs it in this process, as
# pytest does when started by hand). The long tests go first (tests/conftest.py) and each
# worker gets two tests at a time, so no worker is left alone with a long test at the end.
TEST_WORKERS ?= auto
PYTEST_XDIST = -n $(TEST_WORKERS) --dist load --maxschedchunk 2

test: lock-check install-test messages static lint migrations-check
	$(VENV)/bin/pytest $(PYTEST_XDIST) $(PYTEST_ARGS)

# CI's second run (.ci/run, on PostgreSQL after `make test` on SQLite): only the tests whose
# result can depend on the database backend, all but those marked backend_independent (each
# with its reason in README: Tests and CI), and none of the checks `make test` made already
# (lock, lint, migrations), which do not read the database.
test-backend: install-test messages static
	$(VENV)/bin/pytest $(PYTEST_XDIST) -m "not backend_independent" $(PYTEST_ARGS)

# The edit loop: everything but the browser tests and the slow ones (servers started,
# external checkers, large data).
test-fast: install-test messages static
	$(VENV)/bin/pytest $(PYTEST_XDIST) -m "not browser and not slow" $(PYTEST_ARGS)

# Median time and query count of each kind of public page, on the seed data and scaled up,
# in a throwaway SQLite database.
benchmark: install-test messages
	rm -f benchmark.sqlite3
	DATABASE_URL=sqlite:///$(CURDIR)/benchmark.sqlite3 $(PY) manage.py benchmark --scale 20
	DATABASE_URL=sqlite:///$(CURDIR)/benchmark.sqlite3 $(PY) manage.py benchmark_registration --count 500
	rm -f benchmark.sqlite3
	# The coordinator's e-mail to 500 registered (the admin action only enqueues), then the
	# database worker delivering it to an SMTP server on loopback (aiosmtpd, a test extra).
	DATABASE_URL=sqlite:///$(CURDIR)/benchmark.sqlite3 $(PY) manage.py benchmark_mail --count 500
	rm -f benchmark.sqlite3
	# A meeting's feedback results with 500 answers (budget 200 ms), its trend and export.
	DATABASE_URL=sqlite:///$(CURDIR)/benchmark.sqlite3 $(PY) manage.py benchmark_feedback --count 500
	rm -f benchmark.sqlite3
	# Search and API latency at 20× content; on PostgreSQL too with BENCHMARK_POSTGRES_URL
	# (a throwaway database whose name contains "benchmark").
	DATABASE_URL=sqlite:///$(CURDIR)/benchmark.sqlite3 $(PY) manage.py benchmark_search --scale 20
	rm -f benchmark.sqlite3
	@if [ -n "$(BENCHMARK_POSTGRES_URL)" ]; then \
		DATABASE_URL=$(BENCHMARK_POSTGRES_URL) $(PY) manage.py benchmark_search --scale 20; fi

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
