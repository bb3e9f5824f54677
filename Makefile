# `make book` builds the HTML book into _build/html; `make test` runs the tests; `make clean`.
# VENV selects the virtualenv (CI uses `make test VENV=.venv-ci`); PYTEST_ARGS adds pytest options,
# e.g. `make test PYTEST_ARGS=--slow`.
VENV ?= .venv
PYTHON ?= python3
PYTEST_ARGS ?=
PYTEST_RC_FILE ?=
BIN := $(VENV)/bin
# Written after a build that ended with no error and no warning (tests/conftest.py uses it too).
STAMP := _build/.book-ok
# Every module of the package, subpackages included (src/selloff/data/*.py).
PACKAGE_SOURCES := $(shell find src/selloff -name '*.py' -not -path '*/__pycache__/*' 2>/dev/null)
# The widget runtime, bundled from the pinned npm packages by `npm run build` (_ext/widgets/build.mjs).
WIDGETS := node_modules/.book-widgets/widgets.js
SOURCES := $(shell find book -type f -not -path '*/.ipynb_checkpoints/*' 2>/dev/null) \
	_toc.yml _config.yml references.bib $(PACKAGE_SOURCES) $(wildcard data/*) \
	$(wildcard _ext/*.py) $(wildcard _ext/widgets/*) $(wildcard _ext/static/*) \
	$(wildcard _ext_a11y/*.py _ext_a11y/templates/* _ext_a11y/static/*) package-lock.json

.PHONY: book test venv npm clean distclean binder-lock student slides pdf

book: $(STAMP)

venv: $(VENV)/.installed

npm: $(WIDGETS)

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -r requirements-dev.txt
	touch $@

# `npm ci` installs exactly package-lock.json and writes node_modules/.package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(WIDGETS): node_modules/.package-lock.json $(wildcard _ext/widgets/*)
	npm run build

$(STAMP): $(VENV)/.installed $(WIDGETS) $(SOURCES)
	@# After a failed build Sphinx would not re-read the pages that warned: start its environment afresh
	@# (the notebooks are not re-executed: their outputs are cached in _build/.jupyter_cache).
	@if [ ! -f $@ ]; then rm -rf _build/.doctrees; fi
	@# jupyter-cache re-runs a notebook only when its code changes: when the package or the data changed,
	@# every chapter must run again.
	@# (Sphinx re-reads, hence re-executes, only pages whose source changed: drop its environment too.)
	$(if $(filter $(PACKAGE_SOURCES) $(wildcard data/*),$?),rm -rf _build/.jupyter_cache _build/.doctrees)
	@# Sphinx does not re-write pages when only the extensions or the front-end assets changed.
	$(if $(filter $(wildcard _ext/*.py) $(wildcard _ext/widgets/*) $(wildcard _ext/static/*) $(wildcard _ext_a11y/*.py _ext_a11y/templates/* _ext_a11y/static/*) package-lock.json,$?),rm -rf _build/.doctrees)
	rm -f $@
	$(BIN)/jupyter-book build . -W -n --keep-going
	touch $@

# PYTEST_RC_FILE (used by .ci/run) receives pytest's own exit code; make itself exits 2 on failure.
test: $(VENV)/.installed $(WIDGETS)
	@rc=0; $(BIN)/pytest $(PYTEST_ARGS) || rc=$$?; \
	if [ -n "$(PYTEST_RC_FILE)" ]; then echo $$rc > "$(PYTEST_RC_FILE)"; fi; \
	exit $$rc

# The seminar kit (tools/kit): solution-free notebooks of every chapter and their zip, in _build/student/ (the zip
# also in _build/html/, where the instructor's guide links it).
student: $(VENV)/.installed
	$(BIN)/python -m tools.kit student-edition

# Every chapter's key figures (cells tagged `slide`) as 16:9 PNG and SVG with index.md, in _build/slides/.
slides: $(VENV)/.installed
	$(BIN)/python -m tools.kit slides

# The book as one PDF (every page of the HTML build printed by Chromium), in _build/pdf/ and _build/html/.
pdf: $(STAMP)
	$(BIN)/python -m tools.kit pdf

# Binder's pinned environment (binder/requirements.txt), resolved afresh from requirements.txt + JupyterLab
# in .venv-binder with the Python of binder/runtime.txt; `make test PYTEST_ARGS=--slow` then tests it.
binder-lock:
	$(PYTHON) binder/update_lock.py

clean:
	rm -rf _build .pytest_cache .hypothesis

distclean: clean
	rm -rf .venv .venv-ci .venv-binder node_modules
