# orglab's verbs. Two of them are the README's set-up: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
MANAGE := $(PY) -m devsite.manage

.PHONY: refresh-wikis run test test-platform test-wheel test-mysql requirements-platform install-dev install-test chromium redis migrate seed messages bench lint clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Installs are stamped so a second `make run` does not reinstall; a changed pin reinstalls.
$(VENV)/.dev-installed: $(PY) requirements/dev.txt setup.py
	$(PIP) install --quiet -r requirements/dev.txt
	$(PIP) install --quiet --no-deps -e .
	touch $@

$(VENV)/.test-installed: $(PY) requirements/test.txt setup.py deploy/tutor-contrib-orglab/pyproject.toml
	$(PIP) install --quiet -r requirements/test.txt
	$(PIP) install --quiet --no-deps -e . -e deploy/tutor-contrib-orglab
	touch $@

# A second virtualenv with the versions Open edX pins (requirements/platform-constraints.txt).
PLATFORM_VENV ?= .venv-platform
PPY := $(PLATFORM_VENV)/bin/python

$(PLATFORM_VENV)/.installed: requirements/test-platform.txt setup.py
	$(PYTHON) -m venv $(PLATFORM_VENV)
	$(PPY) -m pip install --quiet --upgrade pip
	$(PPY) -m pip install --quiet -r requirements/test-platform.txt
	$(PPY) -m pip install --quiet --no-deps -e .
	touch $@

install-dev: $(VENV)/.dev-installed
install-test: $(VENV)/.test-installed

# Debian's Chromium for the browser tests (never a downloaded browser build).
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

# Debian's redis-server, the broker of the real-Celery-worker tests (tests/integration; they skip without it).
REDIS_SERVER ?= /usr/bin/redis-server
redis:
	@if [ ! -x "$(REDIS_SERVER)" ]; then \
	  echo "Installing Debian's redis-server for the Celery worker tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq redis-server >/dev/null; \
	fi

migrate: install-dev
	mkdir -p var
	$(MANAGE) migrate --run-syncdb --noinput -v 0

seed: migrate
	$(MANAGE) seed_demo

run: seed
	@echo "orglab devsite: http://127.0.0.1:$(PORT)/  (accounts: staff, mentor1, mentor2, learner1 … learner50)"
	ORGLAB_DEBUG=$${ORGLAB_DEBUG:-1} $(MANAGE) runserver 127.0.0.1:$(PORT)

test: install-test chromium redis
	$(PY) -m pytest

# The whole suite again, against the versions the current Open edX release pins.
test-platform: $(PLATFORM_VENV)/.installed chromium
	$(PPY) -m pytest

# The whole suite again on MySQL as Open edX runs it (utf8mb4, strict mode, READ COMMITTED): Debian's
# mariadb-server (installed when missing), a throwaway server on a Unix socket under var/mysql-test/,
# stopped at the end (tests/mysql/server.sh). The browser tests run on SQLite only (make test): they
# drive the same views and queries through a live server and Chromium, which the MySQL run already
# covers without a browser, and would double its time.
MYSQL_SERVER ?= tests/mysql/server.sh
MYSQL_PYTEST_ARGS ?= -m "not browser"
# `ORGLAB_BENCH_DATABASE=mysql make bench`: the progress and report benchmarks on a throwaway MariaDB
# (the mentor queue's runs on SQLite only, as its target is stated).
BENCH_DB := $(if $(filter mysql,$(ORGLAB_BENCH_DATABASE)),PY=$(PY) bash $(MYSQL_SERVER),)
test-mysql: install-test redis
	PY=$(PY) bash $(MYSQL_SERVER) env DJANGO_SETTINGS_MODULE=tests.settings_mysql \
	  $(PY) -m pytest -p no:cacheprovider -p tests.mysql.pytest_plugin $(MYSQL_PYTEST_ARGS)

# The built wheel, installed into a clean virtualenv, runs the devsite (tests/wheel_smoke.sh).
test-wheel: install-test
	PY=$(PY) bash tests/wheel_smoke.sh

# Re-resolve the platform test environment after editing requirements/platform-constraints.txt.
requirements-platform: install-test
	$(PIP) install --quiet pip-tools
	cd requirements && ../$(PY) -m piptools compile --quiet --no-emit-find-links --no-emit-index-url \
	  --strip-extras --output-file=test-platform.txt platform.in

# Regenerate the Spanish catalogues from the sources, then compile them.
# The blocks' catalogues are also copied to orglab_xblocks/translations/<locale>/LC_MESSAGES/text.mo, where
# the LMS and Studio read an XBlock's own catalogue (edx-platform's XBlockI18nService, xmodule/modulestore/django.py).
messages: install-dev
	cd orglab_xblocks && ../$(PY) -m django makemessages -l es --no-obsolete --settings=devsite.settings --pythonpath=..
	cd orglab_xblocks && ../$(PY) -m django compilemessages -l es --settings=devsite.settings --pythonpath=..
	for app in orglab_plugin course_export devsite; do \
	  (cd $$app && ../$(PY) -m django makemessages -l es --no-obsolete --settings=devsite.settings --pythonpath=.. \
	   && ../$(PY) -m django compilemessages -l es --settings=devsite.settings --pythonpath=..) || exit 1; \
	done
	rm -rf orglab_xblocks/translations
	for mo in orglab_xblocks/conf/locale/*/LC_MESSAGES/django.mo; do \
	  locale=$$(basename $$(dirname $$(dirname $$mo))); \
	  mkdir -p orglab_xblocks/translations/$$locale/LC_MESSAGES && \
	  cp $$mo orglab_xblocks/translations/$$locale/LC_MESSAGES/text.mo || exit 1; \
	done

# Renew the topic list's snapshot of Wikimedia's wiki configuration (orglab_xblocks/topic_list/data/wikis.json)
# from the MediaWiki API: uses the network; review the diff before committing. ARGS="--languages es,fr" for some.
refresh-wikis: install-dev
	$(PY) -m orglab_xblocks.topic_list.refresh_wikis $(ARGS)

clean:
	rm -rf $(VENV) $(PLATFORM_VENV) var .pytest_cache

# Speed and memory targets (figures printed; a missed target fails the run).
bench: install-test chromium
	$(PY) benchmarks/bench_worksheet.py
	$(PY) benchmarks/bench_topic_list.py
	$(BENCH_DB) $(PY) benchmarks/bench_progress.py
	$(BENCH_DB) $(PY) benchmarks/bench_reports.py
	$(PY) benchmarks/bench_mentor_queue.py

lint: install-test
	$(PY) -m ruff check orglab_xblocks orglab_plugin course_export devsite tests benchmarks
	$(VENV)/bin/lint-imports --no-cache
