# Zongzhi: `make run` sets everything up and starts the portal; `make test` runs the whole suite.
HOST ?= 127.0.0.1
PORT ?= 8000
VENV ?= .venv
PY := $(VENV)/bin/python
# Exact versions of every dependency (the dev extras included) for Python 3.12 and 3.13;
# `make lock` regenerates it from pyproject.toml.
LOCK := requirements.lock
# The first Python >= 3.12 on PATH (pyenv's shims included).
PYTHON ?= $(shell for p in python3.13 python3.12 python3.14 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)

.PHONY: run setup venv lock test test-suite test-browser lint messages clean

run: setup
	$(PY) manage.py serve --host $(HOST) --port $(PORT)

setup: $(VENV)/.installed
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_demo --quiet-logins

venv: $(VENV)/.installed

# The locked versions first, then the project itself (editable, no dependencies of its own to resolve).
$(VENV)/.installed: pyproject.toml $(LOCK)
	@test -n "$(PYTHON)" || { echo "需要 Python 3.12 或更高版本（Python >= 3.12 is required）"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r $(LOCK)
	$(PY) -m pip install -q --no-deps -e .
	@touch $@

# After changing the dependencies in pyproject.toml: `make lock` pins what they now need, keeping
# the pins that still fit; `make lock LOCK_ARGS=--upgrade` moves every pin to the newest allowed.
# pip-tools is installed into the venv for this only; nothing else needs it.
lock:
	@test -n "$(PYTHON)" || { echo "需要 Python 3.12 或更高版本（Python >= 3.12 is required）"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q pip-tools
	CUSTOM_COMPILE_COMMAND="make lock" $(PY) -m piptools compile -q --extra dev --strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS) -o $(LOCK) pyproject.toml

# The whole suite: the unit/integration suite, then the browser tests in their own pytest run
# (pytest-playwright leaves an event loop running that breaks async tests after it).
# The suite runs on TEST_WORKERS processes (pytest-xdist; tests/xdist_groups.py keeps the tests that
# share a demo load on one of them); TEST_WORKERS=0 runs it in one process.
test: test-suite test-browser

TEST_WORKERS ?= 2

test-suite: $(VENV)/.installed
	$(PY) -m pytest -q -p no:playwright -n $(TEST_WORKERS) --dist loadgroup --ignore=tests/browser

test-browser: $(VENV)/.installed
	$(PY) -m pytest -q tests/browser

# Ruff's linter, then its formatter in check mode (`ruff format .` rewrites); settings in pyproject.toml.
lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=var --ignore=node_modules --ignore=static_collected --ignore=tests --ignore=locale_vendor
	$(PY) manage.py compilemessages -l zh_Hans --ignore=.venv --ignore=var --ignore=node_modules --ignore=static_collected
	@n=$$(msgattrib --no-obsolete --clear-fuzzy --empty locale/zh_Hans/LC_MESSAGES/django.po | LC_ALL=C msgfmt --statistics -o /dev/null - 2>&1 | grep -o '[0-9]* untranslated' | cut -d' ' -f1); \
	echo "Untranslated project msgids (empty or fuzzy) in locale/zh_Hans/LC_MESSAGES/django.po: $${n:-0}"

clean:
	rm -rf $(VENV) var
