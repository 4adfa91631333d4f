# Two entry points: `make site` builds site/, `make test` runs the tests.
# Both create or reuse .venv/ and install the pinned dependencies themselves: `make site` only what building
# needs (requirements.txt), `make test` the lint and test tools too (requirements-test.txt).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
NPM_CI := npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
NO_NPM := echo "make: npm is missing (apt-get install npm)

.PHONY: cms cms-server decap-cms fonts site test test-fast lint standards golden check serve system-deps node-tools bench clean rules-doc

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "bianmin needs Python 3.11 or newer (set PYTHON=python3.11)")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

$(TEST_STAMP): $(STAMP) requirements-test.txt
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.txt -r requirements-test.txt
	@touch $(TEST_STAMP)

# Decap CMS for the web form /admin/: only dist/decap-cms.js of the pinned release, checked against its
# sha512 (scripts/fetch_decap.py; nothing to do when it is in place). Without npm the site builds anyway.
decap-cms: $(STAMP)
	@$(BIN)/python scripts/fetch_decap.py

# The PDFs' faces: quick TrueType copies of Noto Sans CJK SC, made once per machine (generator/printing/faces.py,
# about 30 s; nothing to do when they are there, a note when fonts-noto-cjk is missing).
fonts: $(STAMP)
	@$(BIN)/python -m generator.printing

site: $(STAMP) decap-cms fonts
	$(BIN)/bianmin build

check: $(STAMP)
	$(BIN)/bianmin check

serve: $(STAMP) decap-cms
	$(BIN)/bianmin serve

system-deps:
	@bash scripts/system-deps.sh

# Node packages, pinned by package-lock.json. `make cms`: decap-server only (the form's local backend,
# npm ci --omit=dev); `make test`: the YAML language server the editor test runs too. npm ci starts from an
# empty node_modules/, so each stamp says what is there now.
node_modules/.cms: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then $(NPM_CI) --omit=dev && touch $@; \
	else $(NO_NPM): \`make cms\` cannot start the web form's local backend"; fi

node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then $(NPM_CI) && touch $@ node_modules/.cms; \
	else $(NO_NPM): the editor and form tests are skipped outside CI"; fi

cms-server: node_modules/.cms

node-tools: node_modules/.installed

# The web form against the working copy, no account needed: decap-server on 127.0.0.1:8081 plus the live preview.
cms: $(STAMP) decap-cms cms-server
	$(BIN)/bianmin serve --cms

# The published standard files the export tests validate against (pinned URLs and sha256).
standards: $(STAMP)
	@$(BIN)/python scripts/fetch_standards.py

lint: $(TEST_STAMP)
	$(BIN)/ruff check generator tests benchmarks scripts
	$(BIN)/mypy

# Everything: lint, then every test (browser, PDF and slow ones included).
test: $(TEST_STAMP) system-deps fonts decap-cms node-tools standards lint
	$(BIN)/python -m pytest -n 2

# The inner loop: no browser, no PDFs, nothing slow; under 30 s on 2 cores.
test-fast: $(TEST_STAMP)
	$(BIN)/python -m pytest -m "not browser and not pdf and not slow" -n 2

# Rewrite tests/golden/ from tests/fixtures/mini after a deliberate change of the output.
golden: $(STAMP)
	$(BIN)/python tests/golden_outputs.py --write

# Rewrite docs/rules.md's tables from the rule registry (generator/catalogue/codes.py) after adding a rule.
rules-doc: $(STAMP)
	$(BIN)/python scripts/rules_doc.py

bench: $(STAMP)
	$(BIN)/python benchmarks/check_speed.py

clean:
	rm -rf site .site-* $(VENV) .cache/decap-cms
