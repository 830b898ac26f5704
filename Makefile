# The two commands of the README: `make run` (ingest if needed, serve API + chat) and `make test`.
# `make run` installs only what running needs; `make test` adds the test tools, the
# sentence-transformers backend and the browser the UI test drives.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export OMP_NUM_THREADS := 1
export ANONYMIZED_TELEMETRY := False

# Stamps inside the venv: each install step re-runs when pyproject.toml or the lock changes.
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: install install-dev system-packages run test test-fast lint eval bench embeddings clean

$(RUN_STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e .
	touch $@

$(DEV_STAMP): $(RUN_STAMP)
	$(BIN)/pip install -q -c constraints.txt -e '.[test,st]'
	touch $@

install: $(RUN_STAMP)

install-dev: $(DEV_STAMP)

# chromium, chromium-driver and fonts-noto-cjk for the browser test: installed with apt when root,
# otherwise the one command to run is printed and the target fails.
system-packages:
	@sh tests/ui/system_packages.sh

run: install
	$(BIN)/policyqa run

test: install-dev system-packages
	$(BIN)/python -m pytest -q

# The unit tier alone: no real index, server, subprocess or browser (see README, "Tests").
test-fast: install-dev
	$(BIN)/python -m pytest -q -m "not integration"

lint: install-dev
	$(BIN)/ruff check config.py lexicon ingest store query retrieval answer serve ui eval tests

eval: install
	$(BIN)/policyqa eval retrieval
	$(BIN)/policyqa eval answers

bench: install
	$(BIN)/policyqa bench

# Regenerate the shipped vectors of the bundled corpus (store/shipped/) after the corpus or the splitter changed.
embeddings: install
	$(BIN)/policyqa embeddings export

clean:
	rm -rf data
