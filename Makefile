# The front door. `make run` starts the assistant, `make test` runs every test.
# Ports and secrets come from the environment (see README.md and ../shared/CONTRACT.md).

SHELL := /bin/bash
.DEFAULT_GOAL := help

RASA_PORT ?= 5005
ACTIONS_PORT ?= 5055
WEB_PORT ?= 8080
export RASA_PORT ACTIONS_PORT WEB_PORT

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
RASA := $(BIN)/rasa
# Our packages and the rasa CLI must import each other from the project root.
export PYTHONPATH := $(CURDIR)
# Quieter logs: TensorFlow's C++ banner and SQLAlchemy 2.0 notices say nothing actionable here.
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export RASA_TELEMETRY_ENABLED := false
# The PostgreSQL-backed tests use this database (CI has it; they fail, not skip, without it).
export TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/test

# Python 3.10: on PATH (a pyenv shim that cannot run does not count), else under pyenv.
PYTHON310 := $(shell \
  if python3.10 --version >/dev/null 2>&1; then command -v python3.10; \
  else ls -d "$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv)"/versions/3.10.*/bin/python 2>/dev/null | sort -V | tail -n 1; fi)

NLU_DATA := $(shell find data/nlu data/rules data/stories -name '*.yml' 2>/dev/null)
MODEL_STAMP := models/.trained

.PHONY: help install install-dev kb train run test test-python validate test-stories \
        eval-nlu lint format clean web test-web test-web-e2e converse test-live shell eval bench

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt constraints.txt pyproject.toml
	@if [ -z "$(PYTHON310)" ]; then \
	  echo "Python 3.10 is required (Rasa 3.6 does not run on 3.11+) and none was found."; \
	  echo "Install it, for example:  pyenv install 3.10.13   or   apt-get install python3.10 python3.10-venv"; \
	  exit 1; fi
	@[ -x $(PY) ] || $(PYTHON310) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip<24.1" "setuptools<71" wheel
	$(PY) -m pip install --quiet -r requirements.txt -c constraints.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	@touch $@

install: $(VENV)/.installed ## Create .venv and install the pinned runtime dependencies

install-dev: $(VENV)/.installed-dev ## Also install the test and lint tools

kb: $(VENV)/.installed ## Load data/knowledge/*.yml into the database at DATABASE_URL
	$(PY) -m symptom_checker.loader

$(MODEL_STAMP): $(VENV)/.installed $(NLU_DATA) domain.yml config.yml
	$(RASA) train --quiet --num-threads 2
	@touch $@

train: $(MODEL_STAMP) ## Train a model if data, domain or config changed

run: $(MODEL_STAMP) kb web ## Start the action server, the Rasa server and the web chat page
	@scripts/run_stack.sh

# --- the web chat page (npm packages are bundled locally: no CDN) ---------------------------
web/node_modules/.stamp: web/package.json web/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 20+ and npm are needed for the web page: apt-get install nodejs npm"; exit 1; }
	npm --prefix web ci --no-audit --no-fund --loglevel=error
	@touch $@

web/static/vendor/socket.io.min.js: web/node_modules/.stamp web/build.mjs
	npm --prefix web run build --silent

web: web/static/vendor/socket.io.min.js ## Install and copy the chat page's npm assets

CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "The browser tests need Debian's Chromium: sudo apt-get install chromium"; exit 1; fi

test-web: web $(CHROMIUM) ## The chat page in Chromium against a fake Rasa
	PYTHON=$(abspath $(PY)) npm --prefix web test

test-web-e2e: $(MODEL_STAMP) kb web $(CHROMIUM) ## The chat page in Chromium against the real stack
	@mkdir -p results; scripts/run_stack.sh > results/stack-web.log 2>&1 & stack=$$!; \
	trap 'kill $$stack 2>/dev/null; wait $$stack 2>/dev/null' EXIT; \
	for i in $$(seq 300); do curl -fsS -o /dev/null http://127.0.0.1:$(WEB_PORT)/ 2>/dev/null && break; \
	  kill -0 $$stack 2>/dev/null || { cat results/stack-web.log; exit 1; }; sleep 1; done; \
	E2E_RASA_URL=http://127.0.0.1:$(RASA_PORT) E2E_WEB_URL=http://127.0.0.1:$(WEB_PORT) \
	  npm --prefix web run test:e2e || { tail -n 60 results/stack-web.log; exit 1; }

validate: $(VENV)/.installed ## rasa data validate
	$(RASA) data validate --max-history 5

lint: $(VENV)/.installed-dev ## ruff and black, checking only
	$(BIN)/ruff check .
	$(BIN)/black --check --quiet .

format: $(VENV)/.installed-dev ## ruff --fix and black
	$(BIN)/ruff check --fix .
	$(BIN)/black --quiet .

test-python: $(VENV)/.installed-dev ## pytest: knowledge base, triage, actions, NLU layer
	$(PY) -m pytest -q

test-stories: $(MODEL_STAMP) ## rasa test on the end-to-end test stories
	$(RASA) test core --e2e --stories tests/ --fail-on-prediction-errors --out results/stories \
	  || { echo "--- failed stories:"; cat results/stories/failed_test_stories.yml; exit 1; }

eval-nlu: $(MODEL_STAMP) ## Intent and symptom F1 on the held-out split (tests/nlu/heldout.yml)
	@mkdir -p results
	LOG_LEVEL=WARNING $(PY) scripts/evaluate_nlu.py --model models --data tests/nlu/heldout.yml \
	  --json results/nlu-heldout.json --min-entity-f1 0.90 2> results/eval-nlu.log \
	  || { tail -n 30 results/eval-nlu.log; exit 1; }

shell: $(MODEL_STAMP) ## rasa shell in this terminal, using the action server of `make run`
	$(PY) -m runtime shell -m models --endpoints endpoints.yml -p $${SHELL_PORT:-5006}

converse: $(MODEL_STAMP) kb ## Play conversation transcripts over REST (FILE=one file or folder)
	$(PY) scripts/converse.py $(FILE)

# One real stack for the transcripts and the browser's end-to-end test: it starts once.
test-live: $(MODEL_STAMP) kb web $(CHROMIUM) ## Transcripts and the chat page against the real stack
	@mkdir -p results; scripts/run_stack.sh > results/stack.log 2>&1 & stack=$$!; \
	trap 'kill $$stack 2>/dev/null; wait $$stack 2>/dev/null' EXIT; \
	for i in $$(seq 400); do curl -fsS -o /dev/null http://127.0.0.1:$(WEB_PORT)/ 2>/dev/null && break; \
	  kill -0 $$stack 2>/dev/null || { cat results/stack.log; exit 1; }; sleep 1; done; \
	status=0; \
	$(PY) scripts/converse.py --no-start -q --min-info-pass-rate 0.85 \
	  --url http://127.0.0.1:$(RASA_PORT) || status=1; \
	E2E_RASA_URL=http://127.0.0.1:$(RASA_PORT) E2E_WEB_URL=http://127.0.0.1:$(WEB_PORT) \
	  npm --prefix web run test:e2e || status=1; \
	[ $$status = 0 ] || tail -n 60 results/stack.log; exit $$status

test: install-dev lint test-python validate train test-stories eval-nlu test-web test-live ## Everything CI runs

eval: $(MODEL_STAMP) ## NLU report in docs/nlu-report.md: with and without the spaCy layer, cross-validation
	scripts/nlu_report.sh

# Not part of `make test`: it takes about 12 minutes and its numbers depend on the machine.
bench: $(MODEL_STAMP) kb ## Ours against a stock `rasa init` assistant: docs/benchmark.md (BENCH_QUICK=1: short)
	$(PY) scripts/bench.py

clean: ## Remove trained models and results (keeps .venv)
	rm -rf models results var
