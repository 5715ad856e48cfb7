# The front door. `make run` starts the assistant, `make test` runs every test.
# Ports and secrets come from the environment (see README.md and docs/contract.md).

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
# The PostgreSQL- and Redis-backed tests use TEST_POSTGRES_URL and TEST_REDIS_URL when the
# environment sets them (CI: .ci/run); otherwise scripts/with_test_servers.sh starts a throwaway
# PostgreSQL and Redis on free ports for the command it runs, and stops them afterwards. The
# tests fail, never skip, without them.
WITH_TEST_SERVERS := scripts/with_test_servers.sh
# The fake messaging-platform APIs of `make test-channels` (tests/live/fake_platforms.py).
FAKE_PLATFORMS_PORT ?= 5090
export FAKE_PLATFORMS_PORT

# Python 3.10: on PATH (a pyenv shim that cannot run does not count), else under pyenv.
PYTHON310 := $(shell \
  if python3.10 --version >/dev/null 2>&1; then command -v python3.10; \
  else ls -d "$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv)"/versions/3.10.*/bin/python 2>/dev/null | sort -V | tail -n 1; fi)

NLU_DATA := $(shell find data/nlu data/rules data/stories -name '*.yml' 2>/dev/null)
MODEL_STAMP := models/.trained

.PHONY: help install install-dev kb train run test test-python validate test-stories \
        eval-nlu lint types format clean web test-web test-web-e2e converse test-live shell eval purge \
        test-channels telegram-webhook test-scale audit bench safety report mutate eval-blind eval-validation \
        emergency-model

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

kb: $(VENV)/.installed ## Publish data/knowledge/*.yml to the kb_* tables at DATABASE_URL (for queries)
	$(PY) -m symptom_checker.loader

purge: $(VENV)/.installed ## Delete conversations and assessment records older than RETENTION_DAYS (30)
	$(PY) -m symptom_checker.retention

$(MODEL_STAMP): $(NLU_DATA) domain.yml config.yml | $(VENV)/.installed
	$(RASA) train --quiet --num-threads 2
	@touch $@

train: $(MODEL_STAMP) ## Train a model if data, domain or config changed

# Every server starts through one launcher, `python -m runtime` (runtime/launch.py), here as in
# the container (deploy/entrypoint.sh), the live tests and `make bench`.
LAUNCH := $(PY) -m runtime

run: $(MODEL_STAMP) kb web ## Start the action server, the Rasa server and the web chat page
	@$(LAUNCH) all

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
	@mkdir -p results; E2E_RASA_URL=http://127.0.0.1:$(RASA_PORT) \
	  E2E_WEB_URL=http://127.0.0.1:$(WEB_PORT) \
	  $(LAUNCH) all --log results/stack-web.log -- npm --prefix web run test:e2e

validate: $(VENV)/.installed ## rasa data validate
	$(RASA) data validate --max-history 5

lint: $(VENV)/.installed-dev ## ruff and black, checking only
	$(BIN)/ruff check .
	$(BIN)/black --check --quiet .

types: $(VENV)/.installed-dev ## mypy on our packages ([tool.mypy] in pyproject.toml)
	$(BIN)/mypy

format: $(VENV)/.installed-dev ## ruff --fix and black
	$(BIN)/ruff check --fix .
	$(BIN)/black --quiet .

# The junit XML and the commit are what `make safety` reads instead of running the hazard log's
# tests a second time; no commit is written from a tree with uncommitted changes.
test-python: $(VENV)/.installed-dev ## pytest: knowledge base, triage, actions, NLU layer
	@mkdir -p results; rm -f results/python-junit.xml results/python-commit.txt; \
	  git diff --quiet HEAD 2>/dev/null && git rev-parse HEAD > results/python-commit.txt \
	  2>/dev/null || rm -f results/python-commit.txt
	$(WITH_TEST_SERVERS) $(PY) -m pytest -q --junitxml=results/python-junit.xml

# rasa test --e2e compares intents, actions and entity spans but not roles, and never runs the
# actions; tests/check_stories.py then parses every line for roles and plays every story
# through the action server for the slot values, and fails when there is no story at all.
test-stories: $(MODEL_STAMP) kb ## rasa test on the test stories, then their roles and slot values
	@# The commit the results belong to, for `make safety` (issue 15); no stale failures file.
	@mkdir -p results/stories; rm -f results/stories/failed_test_stories.yml; \
	  git rev-parse HEAD > results/stories/commit.txt 2>/dev/null || rm -f results/stories/commit.txt
	$(RASA) test core --e2e --stories tests/ --fail-on-prediction-errors --out results/stories \
	  || { echo "--- failed stories:"; cat results/stories/failed_test_stories.yml; exit 1; }
	@$(LAUNCH) actions --log results/actions-stories.log -- bash -c 'LOG_LEVEL=WARNING \
	  $(PY) -W ignore tests/check_stories.py --model models 2> results/check-stories.log \
	  || { tail -n 5 results/check-stories.log; exit 1; }'

# Floors a little below what the model trained at issue 19 measured on the validation sets
# (intent accuracy 0.951, symptom F1 0.994, negation 1.000 of 161, disease questions 0.926 of
# 27). Validation sets were tuned on; the blind sets (tests/nlu/blind_*.yml) are scored apart.
EVAL_NLU_FLOORS := --min-intent-accuracy 0.93 --min-entity-f1 0.97 --min-negation-accuracy 0.97 \
  --min-questions-accuracy 0.88
eval-nlu: $(MODEL_STAMP) ## Intent, symptom F1, negation and disease questions on the validation sets, with floors
	@mkdir -p results
	LOG_LEVEL=WARNING $(PY) scripts/evaluate_nlu.py --model models --data tests/nlu/validation.yml \
	  --questions tests/nlu/questions_validation.yml \
	  --json results/nlu-validation.json $(EVAL_NLU_FLOORS) 2> results/eval-nlu.log \
	  || { tail -n 30 results/eval-nlu.log; exit 1; }

# The blind sets (tests/nlu/blind_*.yml): written before the code they measure by someone who
# had not read the lexicon or the training data; never trained on, never read to write rules.
# The floors sit a little below what the integrated model measured (docs/nlu-report.md), so
# that a change which makes the assistant worse on people's own writing fails. The blind report
# gives totals only, never which ids were confused.
# Nineteenth blind people set (written in session 41 by two helpers from the contract, a format
# brief and a list of 6,250 styles to avoid: 300 messages, 110 symptom-free, whose, when and
# whether) and the eighteenth acute set (200 messages, 100 emergencies), measured before any
# change they measure (ec5ca1f, docs/nlu-report.md): present F1 0.892, role accuracy 0.927,
# symptom-free messages with a symptom 14 of 110 (12.7%), red flags 70 of 75; acute exact 181
# of 200, emergencies missed 10 of 100, false 5 of 100. Floors a little under those figures
# (the intent model, retrained by every run, decides which questions keep their symptoms).
EVAL_BLIND_FLOORS := --min-f1 0.87 --min-role-accuracy 0.91 --max-false-rate 0.15 \
  --max-emergencies-missed 12
eval-blind: $(MODEL_STAMP) ## Blind set: present symptoms, roles, false symptoms (totals, floors)
	@mkdir -p results
	LOG_LEVEL=WARNING $(PY) scripts/evaluate_context.py --model models --totals-only \
	  --data tests/nlu/blind_people.yml --acute tests/nlu/blind_acute.yml \
	  --json results/blind.json --markdown results/blind.md $(EVAL_BLIND_FLOORS) \
	  2> results/eval-blind.log || { tail -n 30 results/eval-blind.log; exit 1; }

# Validation sets: blind sets retired once their confusions were read (their figures are not
# blind). The sets, their floors and their history are in tests/nlu/retired_sets.yml; they
# are scored in one process, the model loaded once.
eval-validation: $(MODEL_STAMP) ## Validation sets (the retired blind sets): full report with confusions (floors)
	@mkdir -p results
	LOG_LEVEL=WARNING $(PY) scripts/evaluate_context.py --model models \
	  --sets tests/nlu/retired_sets.yml --results results \
	  > results/eval-validation.txt 2> results/eval-validation.log \
	  || { cat results/eval-validation.txt; tail -n 30 results/eval-validation.log; exit 1; }
	@grep -h "^### Validation\|messages. Present\|Urgency exact" results/eval-validation.txt

shell: $(MODEL_STAMP) ## rasa shell in this terminal, using the action server of `make run`
	$(PY) -m runtime shell -m models --endpoints endpoints.yml -p $${SHELL_PORT:-5006}

converse: $(MODEL_STAMP) kb web ## Play conversation transcripts over REST (FILE=one file or folder)
	$(PY) scripts/converse.py $(FILE)

# One real stack for the transcripts, the browser's end-to-end test, the blind conversations and
# the messaging channels (every platform on, pointed at the fake platform API of tests/live):
# the model loads once.
# The blind conversations (tests/nlu/blind_conversations.yml, written from docs/contract.md only
# before the code they measure changed): emergencies said in time over several messages, false
# emergencies, "see a doctor" after every assessment. Totals only; floors a little under what
# was measured (docs/nlu-report.md).
# Nineteenth blind conversations (written in session 41 from the contract, a format brief and a
# list of styles to avoid; c001-c080, 263 messages, 41 of the 45 emergencies built over several
# messages), measured before any change they measure (ec5ca1f): emergencies in time 43 of 45 (39
# of the 41 built over several messages), 0 late, 2 missed, 7 of 35 calm ones called
# emergencies, 9 of 263 of the person's messages answered only "I didn't understand", 2
# conversations ended without an assessment, 19 of 19 on treatment told of their line.
# Floors above those figures (two for "missed" and "false", two for "late", four for "not
# understood", whose counts hang on the intent model's readings, retrained by every run).
EVAL_CONVERSATION_FLOORS := --max-emergencies-missed 4 --max-late 2 --max-false-emergencies 9 \
  --max-not-understood 13
# The first blind conversations, retired in session 6 (tests/nlu/validation_conversations.yml):
# played in full, not blind; after learning from them, 51 of 52 in time, 1 false of 38.
EVAL_VALIDATION_CONVERSATION_FLOORS := --max-emergencies-missed 2 --max-late 1 \
  --max-false-emergencies 2
# The third-set blind conversations, retired in session 7 (validation_conversations_3.yml): blind
# at the end of session 6, 48 of 54 in time, 6 missed, 7 of 39 false; after learning from two
# thirds of them (not blind), 50 of 54 in time, 4 missed, none late, 6 of 39 false.
EVAL_VALIDATION_CONVERSATION_3_FLOORS := --max-emergencies-missed 5 --max-late 1 \
  --max-false-emergencies 7
# The fourth blind conversations, retired in session 8 (validation_conversations_4.yml): blind at
# the end of session 7, 41 of 55 in time, 14 missed, none late, 7 of 40 false; the same at the
# end of session 8 (not blind; the session studied the single messages more than these).
# Session 9, after studying two thirds of them: 47 of 55 in time, 8 missed, none late, 3 of 40
# false (the unread third unchanged: 11 of 18 in time, 2 of 13 false).
EVAL_VALIDATION_CONVERSATION_4_FLOORS := --max-emergencies-missed 10 --max-late 1 \
  --max-false-emergencies 5
# The fifth blind conversations, retired in session 10 (validation_conversations_5.yml): blind at
# the end of session 9, 41 of 50 in time, 7 missed, 2 late, 4 of 40 false.
EVAL_VALIDATION_CONVERSATION_5_FLOORS := --max-emergencies-missed 8 --max-late 2 \
  --max-false-emergencies 5
# The sixth blind conversations, retired in session 15 (validation_conversations_6.yml): blind
# from session 11 to the start of session 15, last measured on 36ba30e: 42 of 50 in time, 8
# missed, 0 late, 4 of 40 false, 12 of 316 not understood; after learning from two thirds of
# them in session 15 (not blind): 45 of 50 in time, 4 missed, 1 late, 3 of 40 false.
EVAL_VALIDATION_CONVERSATION_6_FLOORS := --max-emergencies-missed 6 --max-late 2 \
  --max-false-emergencies 5
# The seventh blind conversations, retired in session 16 (validation_conversations_7.yml): blind
# from session 15 to session 16, last measured on 683c02e: 46 of 50 in time, 4 missed, 0 late,
# 8 of 40 false (43, 7, 0 and 8 at the end of session 15).
EVAL_VALIDATION_CONVERSATION_7_FLOORS := --max-emergencies-missed 6 --max-late 1 \
  --max-false-emergencies 9
# The eighth blind conversations, retired in session 20 (validation_conversations_8.yml): blind
# from session 16 to session 20, last measured on 9f7f7d7: 46 of 50 emergencies in time, 3 of
# 40 calm ones called emergencies, 13 of 235 of the person's messages not understood.
EVAL_VALIDATION_CONVERSATION_8_FLOORS := --max-emergencies-missed 6 --max-late 1 \
  --max-false-emergencies 4
# The ninth blind conversations, retired in session 22 (validation_conversations_9.yml): blind
# from session 21 to session 22, last measured on f6b1ae8: 48 of 50 emergencies in time, 2
# missed, 10 of 40 calm ones called emergencies, 12 of 239 of the person's messages not
# understood. Only k014 read (session 22); floors at those figures.
EVAL_VALIDATION_CONVERSATION_9_FLOORS := --max-emergencies-missed 4 --max-late 1 \
  --max-false-emergencies 11
# The tenth blind conversations, retired in session 23 (validation_conversations_10.yml): blind
# in session 22, last measured on efca4da: 44 of 50 emergencies in time, 6 missed, 0 late, 9 of 40
# calm ones called emergencies, 8 of 255 of the person's messages not understood.
EVAL_VALIDATION_CONVERSATION_10_FLOORS := --max-emergencies-missed 8 --max-late 1 \
  --max-false-emergencies 10
# The eleventh blind conversations, retired in session 26 (validation_conversations_11.yml): blind
# from session 23 to session 26, last measured blind with session 26's first changes (on c46765d):
# 43 of 48 emergencies in time, 5 missed, 0 late, 2 of 32 calm ones called emergencies, 26 of 229
# of the person's messages not understood.
EVAL_VALIDATION_CONVERSATION_11_FLOORS := --max-emergencies-missed 7 --max-late 1 \
  --max-false-emergencies 4
# The twelfth blind conversations, retired in session 28 (validation_conversations_12.yml): blind
# from session 26 to session 28, last measured blind on d247808: 37 of 45 emergencies in time, 2
# late, 6 missed, 3 of 35 calm ones called emergencies, 10 of 240 of the person's messages not
# understood.
EVAL_VALIDATION_CONVERSATION_12_FLOORS := --max-emergencies-missed 8 --max-late 3 \
  --max-false-emergencies 5
# The thirteenth blind conversations, retired in session 30 (validation_conversations_13.yml):
# blind from session 28 to session 30, last measured blind on d88896e: 42 of 45 emergencies in
# time, 0 late, 3 missed, 6 of 35 calm ones called emergencies, 9 of 237 of the person's messages
# not understood.
EVAL_VALIDATION_CONVERSATION_13_FLOORS := --max-emergencies-missed 5 --max-late 2 \
  --max-false-emergencies 8
# The fourteenth blind conversations, retired in session 33 (validation_conversations_14.yml):
# blind from session 30 to session 33, last measured blind on ea6f2af: 40 of 45 emergencies in
# time, 0 late, 5 missed, 3 of 35 calm ones called emergencies, 6 of 248 of the person's messages
# not understood.
EVAL_VALIDATION_CONVERSATION_14_FLOORS := --max-emergencies-missed 7 --max-late 2 \
  --max-false-emergencies 5
# The fifteenth blind conversations, retired in session 35 (validation_conversations_15.yml):
# blind from session 33 to session 35, last measured blind on 95c5614: 44 of 45 emergencies in
# time, 0 late, 1 missed, 0 of 35 calm ones called emergencies, 10 of 252 of the person's
# messages not understood.
EVAL_VALIDATION_CONVERSATION_15_FLOORS := --max-emergencies-missed 3 --max-late 2 \
  --max-false-emergencies 2
# The sixteenth blind conversations, retired in session 37 (validation_conversations_16.yml):
# blind from session 35 to session 37, last measured blind on 58a2efb: 42 of 45 emergencies in
# time, 1 late, 2 missed, 0 of 35 calm ones called emergencies, 4 of 218 of the person's
# messages not understood.
EVAL_VALIDATION_CONVERSATION_16_FLOORS := --max-emergencies-missed 4 --max-late 2 \
  --max-false-emergencies 2
# The seventeenth blind conversations, retired in session 39 (validation_conversations_17.yml):
# blind from session 37 to session 39, last measured blind on 7f8054b: 44 of 45 emergencies in
# time, 0 late, 1 missed, 2 of 35 calm ones called emergencies, 8 of 214 of the person's
# messages not understood.
EVAL_VALIDATION_CONVERSATION_17_FLOORS := --max-emergencies-missed 3 --max-late 2 \
  --max-false-emergencies 4
# The eighteenth blind conversations, retired in session 41 (validation_conversations_18.yml):
# blind from session 39 to session 41, last measured blind on 7866f1f: 44 of 45 emergencies in
# time, 0 late, 1 missed, 2 of 35 calm ones called emergencies, 8 of 220 of the person's
# messages not understood.
EVAL_VALIDATION_CONVERSATION_18_FLOORS := --max-emergencies-missed 3 --max-late 2 \
  --max-false-emergencies 4
# $(call conversation_set,RESULT,LABEL,SET,FLOORS): a retired conversation set, played in full.
conversation_set = $(PY) scripts/evaluate_conversations.py --url http://127.0.0.1:$(RASA_PORT) \
  --label "$(2)" --data tests/nlu/$(3) --json results/$(1).json --markdown results/$(1).md \
  $(4) || status=1;
test-live: $(MODEL_STAMP) kb web $(CHROMIUM) ## Transcripts, the chat page and the channels against one real stack
	@mkdir -p results; set -a; . tests/live/channels.env; set +a; \
	$(PY) tests/live/fake_platforms.py > results/fake-platforms.log 2>&1 & fake=$$!; \
	trap 'kill $$fake 2>/dev/null; wait $$fake 2>/dev/null' EXIT; \
	git rev-parse HEAD > results/live-commit.txt 2>/dev/null || rm -f results/live-commit.txt; \
	E2E_RASA_URL=http://127.0.0.1:$(RASA_PORT) E2E_WEB_URL=http://127.0.0.1:$(WEB_PORT) \
	  $(LAUNCH) all --log results/stack.log -- bash -c 'status=0; \
	  $(PY) scripts/converse.py --no-start -q --url http://127.0.0.1:$(RASA_PORT) \
	    --json results/converse.json || status=1; \
	  npm --prefix web run test:e2e || status=1; \
	  $(PY) scripts/evaluate_conversations.py --url http://127.0.0.1:$(RASA_PORT) --totals-only \
	    --data tests/nlu/blind_conversations.yml --json results/blind-conversations.json \
	    --markdown results/blind-conversations.md $(EVAL_CONVERSATION_FLOORS) || status=1; \
	  $(call conversation_set,validation-conversations,Validation conversations 1 (not blind),validation_conversations.yml,$(EVAL_VALIDATION_CONVERSATION_FLOORS)) \
	  $(call conversation_set,validation-conversations-3,Validation conversations 3 (not blind),validation_conversations_3.yml,$(EVAL_VALIDATION_CONVERSATION_3_FLOORS)) \
	  $(call conversation_set,validation-conversations-4,Validation conversations 4 (not blind),validation_conversations_4.yml,$(EVAL_VALIDATION_CONVERSATION_4_FLOORS)) \
	  $(call conversation_set,validation-conversations-5,Validation conversations 5 (not blind),validation_conversations_5.yml,$(EVAL_VALIDATION_CONVERSATION_5_FLOORS)) \
	  $(call conversation_set,validation-conversations-6,Validation conversations 6 (not blind),validation_conversations_6.yml,$(EVAL_VALIDATION_CONVERSATION_6_FLOORS)) \
	  $(call conversation_set,validation-conversations-7,Validation conversations 7 (not blind),validation_conversations_7.yml,$(EVAL_VALIDATION_CONVERSATION_7_FLOORS)) \
	  $(call conversation_set,validation-conversations-8,Validation conversations 8 (not blind),validation_conversations_8.yml,$(EVAL_VALIDATION_CONVERSATION_8_FLOORS)) \
	  $(call conversation_set,validation-conversations-9,Validation conversations 9 (not blind),validation_conversations_9.yml,$(EVAL_VALIDATION_CONVERSATION_9_FLOORS)) \
	  $(call conversation_set,validation-conversations-10,Validation conversations 10 (not blind),validation_conversations_10.yml,$(EVAL_VALIDATION_CONVERSATION_10_FLOORS)) \
	  $(call conversation_set,validation-conversations-11,Validation conversations 11 (not blind),validation_conversations_11.yml,$(EVAL_VALIDATION_CONVERSATION_11_FLOORS)) \
	  $(call conversation_set,validation-conversations-12,Validation conversations 12 (not blind),validation_conversations_12.yml,$(EVAL_VALIDATION_CONVERSATION_12_FLOORS)) \
	  $(call conversation_set,validation-conversations-13,Validation conversations 13 (not blind),validation_conversations_13.yml,$(EVAL_VALIDATION_CONVERSATION_13_FLOORS)) \
	  $(call conversation_set,validation-conversations-14,Validation conversations 14 (not blind),validation_conversations_14.yml,$(EVAL_VALIDATION_CONVERSATION_14_FLOORS)) \
	  $(call conversation_set,validation-conversations-15,Validation conversations 15 (not blind),validation_conversations_15.yml,$(EVAL_VALIDATION_CONVERSATION_15_FLOORS)) \
	  $(call conversation_set,validation-conversations-16,Validation conversations 16 (not blind),validation_conversations_16.yml,$(EVAL_VALIDATION_CONVERSATION_16_FLOORS)) \
	  $(call conversation_set,validation-conversations-17,Validation conversations 17 (not blind),validation_conversations_17.yml,$(EVAL_VALIDATION_CONVERSATION_17_FLOORS)) \
	  $(call conversation_set,validation-conversations-18,Validation conversations 18 (not blind),validation_conversations_18.yml,$(EVAL_VALIDATION_CONVERSATION_18_FLOORS)) \
	  $(PY) -m pytest -q -p no:cacheprovider --junitxml=results/live-junit.xml tests/live \
	    || status=1; exit $$status'

# Two Rasa servers and an action server on a fresh PostgreSQL database (on the server of
# TEST_POSTGRES_URL) and Redis, one Rasa server on SQLite, and the faults: tests/live/scaleout.py.
# Then the conversation database cut mid-conversation (issue 16): tests/live/storage_outage.py.
test-scale: $(MODEL_STAMP) $(VENV)/.installed-dev ## Scale-out and faults on real processes (~5 min)
	@mkdir -p results/scaleout; rm -f results/scaleout/*; start=$$(date +%s); status=0; \
	git rev-parse HEAD > results/scaleout/commit.txt 2>/dev/null || true; \
	$(WITH_TEST_SERVERS) $(PY) -m pytest --noconftest -v -rA --tb=short --durations=0 \
	  --junitxml=results/scaleout/junit.xml tests/live/scaleout.py tests/live/storage_outage.py \
	  || status=1; \
	echo "make test-scale took $$(( $$(date +%s) - start ))s"; cat results/scaleout/time.txt 2>/dev/null; \
	[ $$status = 0 ] || for log in $$(ls results/scaleout/*.log 2>/dev/null); do \
	  echo "--- $$log"; tail -n 25 "$$log"; done; \
	exit $$status

# The messaging channels end to end: the fake platform APIs, then the stack with every channel
# on (tests/live/channels.env points them at the fake), then tests/live against both.
test-channels: $(MODEL_STAMP) kb web ## Telegram, Slack, Messenger, Twilio and REST against the real stack
	@mkdir -p results; set -a; . tests/live/channels.env; set +a; \
	$(PY) tests/live/fake_platforms.py > results/fake-platforms.log 2>&1 & fake=$$!; \
	trap 'kill $$fake 2>/dev/null; wait $$fake 2>/dev/null' EXIT; \
	$(LAUNCH) all --log results/stack-channels.log -- $(PY) -m pytest -q -p no:cacheprovider tests/live

telegram-webhook: $(VENV)/.installed ## Register TELEGRAM_WEBHOOK_URL and TELEGRAM_SECRET_TOKEN with Telegram
	$(PY) -m channels.telegram_webhook

test: install-dev lint types test-python validate train test-stories eval-nlu eval-validation eval-blind test-web test-live test-scale safety ## Everything CI runs

eval: $(MODEL_STAMP) ## NLU report in docs/nlu-report.md: with and without the spaCy layer, cross-validation
	scripts/nlu_report.sh

# The learned emergency net (symptom_nlu/emergency_model.py): its weights are committed; run this
# after changing a retired set (tests/nlu/validation_*), and commit the new model.
emergency-model: $(VENV)/.installed-dev ## Retrain the learned emergency net from the retired blind sets, and its cross-validation
	$(PY) scripts/train_emergency_model.py
	$(PY) scripts/train_emergency_model.py --cross-validate

# --- clinical safety (issue 15): the hazard log, its verifying tests, the safety case ----------
# Reads the results that `make test-python`, `make test-live`, `make test-stories` and `make
# test-scale` left in results/ (it starts no stack); it runs the hazard log's pytest tests
# itself when test-python's results are missing or from another commit.
safety: $(VENV)/.installed-dev ## Check safety/hazard_log.yml, run its tests, write docs/safety-case.md
	$(WITH_TEST_SERVERS) $(PY) scripts/safety_case.py

report: $(VENV)/.installed ## Post-deployment figures from the records (DAYS=30): urgency mix, red flags, fallbacks
	$(PY) scripts/report.py --days $${DAYS:-30}

# --- dependency audit (needs the network, so not part of `make test`) -----------------------
# pip-audit runs in its own venv: nothing is added to .venv. --strict fails when a package
# could not be checked, so "no data" never reads as "no vulnerabilities".
AUDIT_VENV := .venv-audit
# Advisories triaged in SECURITY.md ("Dependency audit"): out of reach in our configuration and
# not fixable within rasa 3.6.21's own pins. Any other finding fails `make audit`.
AUDIT_ACCEPTED := CVE-2024-52304 CVE-2025-53643 CVE-2025-69223 CVE-2025-4565 CVE-2026-0994 \
  CVE-2023-29483 CVE-2024-3772 CVE-2024-5629 CVE-2024-5206 CVE-2024-40647 CVE-2024-3660 \
  CVE-2025-54412 CVE-2025-54413 CVE-2025-54886

$(AUDIT_VENV)/.installed:
	python3 -m venv $(AUDIT_VENV)
	$(AUDIT_VENV)/bin/pip install --quiet "pip-audit==2.10.1"
	@touch $@

audit: $(AUDIT_VENV)/.installed ## pip-audit of the pinned dependencies (network; not in make test)
	$(AUDIT_VENV)/bin/pip-audit --requirement constraints.txt --requirement requirements-dev.txt \
	  --no-deps --disable-pip --strict --desc on $(addprefix --ignore-vuln ,$(AUDIT_ACCEPTED))

# Not part of `make test`: it takes about 12 minutes and its numbers depend on the machine.
bench: $(MODEL_STAMP) kb ## Ours against a stock `rasa init` assistant: docs/benchmark.md (BENCH_QUICK=1: short)
	$(PY) scripts/bench.py

# --- mutation testing (issue 19; slow, so not part of `make test`: run it before a release) ----
# mutmut breaks the safety-critical code one small change at a time (the [mutmut] section of
# setup.cfg says which modules and tests) and reports each change no test noticed.
# MODULE=channels.guard (or several, space-separated) limits a run to those modules;
# MUTANTS='symptom_checker.triage*' to any mutant-name globs. A survivor in triage or wording
# fails it; the others are explained in docs/mutation.md.
# mutmut gets a venv of its own (.venv-mutmut) that sees .venv's packages through a .pth
# file: installing it never touches .venv, and `make test` does not need it.
MUTMUT_VERSION := 3.8.1
MUTMUT_VENV := .venv-mutmut
# Parallel mutants; 1 on a shared machine.
MUTMUT_CHILDREN ?= 2
# 1: the fork server builds the NLU pipeline once for all mutants (tests/conftest.py); 0: each
# mutant builds its own, as a plain pytest run does.
MUTMUT_PREBUILD_NLU ?= 1
MODULE ?=
MUTANTS ?= $(addsuffix .*,$(MODULE))
# Equivalent mutants: no test can tell them from the code (docs/mutation.md says why each).
MUTANTS_EQUIVALENT := symptom_checker.wording.x_join_labels__mutmut_4 \
  symptom_checker.wording.x__labelled__mutmut_8 \
  symptom_checker.wording.x__emergency_messages__mutmut_1 \
  symptom_checker.wording.x_assessment_messages__mutmut_53
# No prerequisite on .venv's stamp on purpose: installing mutmut must never reinstall .venv.
$(MUTMUT_VENV)/.installed:
	@[ -x $(MUTMUT_VENV)/bin/python ] || $(PYTHON310) -m venv $(MUTMUT_VENV)
	$(MUTMUT_VENV)/bin/python -m pip install --quiet "mutmut==$(MUTMUT_VERSION)" \
	  -c constraints.txt -c requirements-dev.txt
	$(PY) -c "import sysconfig; print(sysconfig.get_paths()['purelib'])" > \
	  "$$($(MUTMUT_VENV)/bin/python -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")/project-venv.pth"
	@touch $@

mutate: $(MUTMUT_VENV)/.installed ## Mutation testing of triage, wording, negation, form, channels (slow; MODULE=channels.guard: one module)
	@set -f; mkdir -p results mutants/web; \
	MUTMUT_PREBUILD_NLU=$(MUTMUT_PREBUILD_NLU) $(WITH_TEST_SERVERS) nice -n 10 $(MUTMUT_VENV)/bin/mutmut run --max-children $(MUTMUT_CHILDREN) $(MUTANTS) \
	  > results/mutmut-run.log 2>&1 || { tail -n 30 results/mutmut-run.log; exit 1; }; \
	$(MUTMUT_VENV)/bin/mutmut results > results/mutmut-survivors.txt 2>&1; cat results/mutmut-survivors.txt; \
	! grep -E '(symptom_checker\.(triage|wording))\..*: (survived|no tests)' results/mutmut-survivors.txt \
	  | grep -v -F $(addprefix -e ,$(addsuffix :,$(MUTANTS_EQUIVALENT)))

clean: ## Remove trained models and results (keeps .venv)
	rm -rf models results var mutants
