# Two entry points: `make site` builds site/, `make test` runs the tests.
# Both create or reuse .venv/ and install the pinned dependencies from requirements.txt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: cms site test test-fast lint standards golden check serve system-deps node-tools bench clean

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "bianmin needs Python 3.11 or newer (set PYTHON=python3.11)")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

site: $(STAMP) node-tools
	$(BIN)/bianmin build

check: $(STAMP)
	$(BIN)/bianmin check

serve: $(STAMP)
	$(BIN)/bianmin serve

system-deps:
	@bash scripts/system-deps.sh

# Node packages, pinned by package-lock.json: Decap CMS (bundled into site/admin/), its local backend
# decap-server (`make cms`), and the YAML language server the editor test runs.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && touch $@; \
	else echo "make: npm is missing (apt-get install npm): the web form /admin/ is built without Decap CMS, the editor and form tests are skipped outside CI"; fi

node-tools: node_modules/.installed

# The web form against the working copy, no account needed: decap-server on :8081 plus the live preview.
cms: $(STAMP) node-tools
	$(BIN)/bianmin serve --cms

# The published standard files the export tests validate against (pinned URLs and sha256).
standards: $(STAMP)
	@$(BIN)/python scripts/fetch_standards.py

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks scripts
	$(BIN)/mypy

# Everything: lint, then every test (browser, PDF and slow ones included).
test: $(STAMP) system-deps node-tools standards lint
	$(BIN)/python -m pytest

# The inner loop: no browser, no PDFs, nothing slow; under 30 s on 2 cores.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not pdf and not slow"

# Rewrite tests/golden/ from tests/fixtures/mini after a deliberate change of the output.
golden: $(STAMP)
	$(BIN)/python tests/golden_outputs.py --write

bench: $(STAMP)
	$(BIN)/python benchmarks/check_speed.py

clean:
	rm -rf site .site-* $(VENV)
