# Neuron Hardware Docs -- run `make help` for the targets.
# Every knob is a variable: e.g. `make html SPHINXOPTS=-q` or `make livehtml PORT=8080`.

PYTHON ?= python3
VENVDIR ?= .venv
REQUIREMENTS ?= requirements.txt
TEST_REQUIREMENTS ?= requirements-test.txt
BUILDDIR ?= _build
SPHINXOPTS ?=
SPHINXERRORHANDLING ?= --fail-on-warning --nitpicky
HOST ?= 127.0.0.1
PORT ?= 8000
PYTESTOPTS ?=
# Test processes: one per core (pytest-xdist), at most four; TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= $(shell $(PYTHON) -c 'import os; print(min(4, len(os.sched_getaffinity(0))))' 2>/dev/null || echo 2)
LOCKVENV ?= .venv-lock
PIP_TOOLS ?= pip-tools==7.6.2
PIP_COMPILE_OPTS ?= --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-find-links --no-emit-index-url --no-emit-trusted-host

BIN := $(VENVDIR)/bin
# The tests keep the modules they compile (pytest's rewritten test files among them) in __pycache__
# beside the sources, also where PYTHONDONTWRITEBYTECODE is set, which would make every run compile
# them again (seconds per test process).  No PYTHONPYCACHEPREFIX: Python would then ignore the
# installed packages' own compiled modules (pip writes them) and compile those too.
TEST_ENV := PYTHONDONTWRITEBYTECODE=
DOCS_STAMP := $(VENVDIR)/.docs-installed
TEST_STAMP := $(VENVDIR)/.test-installed

.PHONY: help venv html livehtml serve linkcheck test test-fast check bench bench-search bench-tests audit lock clean clean-venv

# `make print-VAR` prints a variable: tools/sphinx_command.py reads the warning policy this way.
print-%:
	@echo '$($*)'

help:
	@echo "Targets:"
	@echo "  make html       build the site into $(BUILDDIR)/html (zero warnings allowed)"
	@echo "  make livehtml   live-reloading preview on http://$(HOST):$(PORT)/"
	@echo "  make serve      serve $(BUILDDIR)/html on http://$(HOST):$(PORT)/ (search needs a server)"
	@echo "  make test       run the test suite on every core (times in PERFORMANCE.md)"
	@echo "  make test-fast  the unit tests only: data, model and helpers (under a minute)"
	@echo "  make check      lint pages (sphinx-lint), code (ruff), spelling (codespell), import layers and types (mypy)"
	@echo "  make bench      time full, one-page, one-value and no-op builds against the basic theme"
	@echo "  make bench-search  the site search against Sphinx's, on tests/search_queries.md"
	@echo "  make bench-tests   make test-fast and make test beside a clean make html (three runs)"
	@echo "  make audit      Lighthouse (mobile and desktop), bytes and requests for every page via nginx"
	@echo "  make linkcheck  check external links; report in $(BUILDDIR)/linkcheck/output.txt"
	@echo "                  (exit status 3 from the tool: network unreachable, nothing checked)"
	@echo "  make venv       create $(VENVDIR) from $(REQUIREMENTS) (done automatically)"
	@echo "  make lock       re-resolve requirements*.in into hash-pinned requirements*.txt"
	@echo "  make clean      remove $(BUILDDIR)"
	@echo "  make clean-venv remove $(VENVDIR)"
	@echo ""
	@echo "Variables (set on the command line, e.g. make livehtml PORT=8080):"
	@echo "  PORT=$(PORT) HOST=$(HOST)   where make livehtml listens"
	@echo "  SPHINXOPTS=...              extra sphinx-build options, e.g. SPHINXOPTS=-q"
	@echo "  PYTESTOPTS=...              extra pytest options, e.g. PYTESTOPTS='-m \"not browser\"'"
	@echo "  TEST_WORKERS=$(TEST_WORKERS)              test processes for make test (0: no extra process)"
	@echo "  BUILDDIR=$(BUILDDIR) VENVDIR=$(VENVDIR) PYTHON=$(PYTHON)"
	@echo ""
	@echo "tox runs the same commands in its own environments: tox -e docs, test, linkcheck, livehtml"

# The virtualenv is (re)built when it is missing or older than a requirements file.
$(DOCS_STAMP): $(REQUIREMENTS)
	@test -x $(BIN)/python || { echo "creating $(VENVDIR) (first run: about a minute)..."; $(PYTHON) -m venv $(VENVDIR); }
	@echo "installing the pinned packages from $(REQUIREMENTS) into $(VENVDIR)..."
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r $(REQUIREMENTS)
	@touch $@

$(TEST_STAMP): $(DOCS_STAMP) $(TEST_REQUIREMENTS)
	@echo "installing the pinned test packages from $(TEST_REQUIREMENTS) into $(VENVDIR)..."
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r $(TEST_REQUIREMENTS)
	@touch $@

venv: $(DOCS_STAMP)

# Doctrees (Sphinx's cache) live beside the output, not in it: $(BUILDDIR)/html is published as it is.
# Sphinx writes into a staging folder; only a build that passed replaces $(BUILDDIR)/html (tools/build.py).
html: $(DOCS_STAMP)
	$(BIN)/python tools/build.py . $(BUILDDIR)/html -d $(BUILDDIR)/doctrees -- $(SPHINXERRORHANDLING) $(SPHINXOPTS)

# Serves $(BUILDDIR)/live; only builds that pass are copied there (see tools/livehtml.py).
livehtml: $(DOCS_STAMP)
	PYTHONDONTWRITEBYTECODE=1 $(BIN)/python tools/livehtml.py . $(BUILDDIR)/live \
		--host $(HOST) --port $(PORT) -- $(SPHINXERRORHANDLING) $(SPHINXOPTS)

# The built site as it is published; search (which fetches its index) does not work from file://.
serve:
	@test -f $(BUILDDIR)/html/index.html || { echo "nothing built yet: run make html first"; exit 1; }
	@echo "serving $(BUILDDIR)/html on http://$(HOST):$(PORT)/ (Ctrl+C stops)"
	$(PYTHON) -m http.server --bind $(HOST) --directory $(BUILDDIR)/html $(PORT)

# Exits 1 when links are broken, 3 when the network is unreachable (nothing was checked).
linkcheck: $(DOCS_STAMP)
	$(BIN)/python tools/linkcheck.py . $(BUILDDIR)/linkcheck -- $(SPHINXOPTS)

# The HTML checker's jar (package.json); skipped, with the HTML test, where npm is missing.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then \
		echo "installing the pinned npm tools (the HTML checker) into node_modules..."; \
		{ npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && touch $@; } \
			|| echo "npm ci failed: the HTML check will be skipped"; \
	else echo "npm not found: the HTML check will be skipped"; fi

# Every layer but the network one (make linkcheck checks external links); a whole test file runs
# in one worker, so its module fixtures (a browser, a copy of the site) are set up once.  Files go
# out in the order tests/conftest.py sorts them (unit first, while the shared build of the site
# runs), not largest first.
test: $(TEST_STAMP) $(NODE_STAMP)
	$(TEST_ENV) $(BIN)/python -m pytest -m "not network" -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTESTOPTS)

# The unit layer: the data, the model and the helpers, without a Sphinx build or a browser.
test-fast: $(TEST_STAMP)
	$(TEST_ENV) $(BIN)/python -m pytest -m unit $(PYTESTOPTS)

check: $(TEST_STAMP)
	$(BIN)/sphinx-lint --enable default-role index.rst hardware concepts *.md
	$(BIN)/ruff check _ext tests tools conf.py
	$(BIN)/ruff format --check _ext tests tools conf.py
	$(BIN)/codespell index.rst hardware concepts *.md _ext tests tools _data conf.py
	PYTHONPATH=_ext $(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/mypy _ext tools

bench: $(DOCS_STAMP)
	$(BIN)/python tools/bench.py --runs 5 --json $(BUILDDIR)/bench.json

# Times make test-fast and make test beside a clean make html, medians of three runs each.
bench-tests: $(TEST_STAMP) $(NODE_STAMP)
	$(BIN)/python tools/suite_bench.py --runs 3 --json $(BUILDDIR)/suite-bench.json

# Builds the site twice (with the site search and with Sphinx's) and runs every query in Chromium.
bench-search: $(TEST_STAMP)
	$(BIN)/python tools/search_bench.py --json $(BUILDDIR)/search-bench.json

# Needs Debian's nginx and chromium and the npm registry (Lighthouse is installed into .audit/).
audit: html
	$(BIN)/python tools/audit.py --site $(BUILDDIR)/html --json $(BUILDDIR)/audit.json

# Regenerate the hash-pinned requirement files from the short *.in lists.
lock:
	@test -x $(LOCKVENV)/bin/pip-compile || { $(PYTHON) -m venv $(LOCKVENV) \
		&& $(LOCKVENV)/bin/python -m pip install --quiet --disable-pip-version-check $(PIP_TOOLS); }
	$(LOCKVENV)/bin/pip-compile $(PIP_COMPILE_OPTS) --output-file $(REQUIREMENTS) requirements.in
	$(LOCKVENV)/bin/pip-compile $(PIP_COMPILE_OPTS) --output-file $(TEST_REQUIREMENTS) requirements-test.in

clean:
	rm -rf $(BUILDDIR)

clean-venv:
	rm -rf $(VENVDIR)
