# The two commands of the README: `make run` (ingest if needed, serve API + chat) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export OMP_NUM_THREADS := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: install install-dev run test lint eval bench clean

$(BIN)/policyqa: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[test,st]'
	touch $(BIN)/policyqa

install: $(BIN)/policyqa

run: install
	$(BIN)/policyqa run

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check config.py lexicon ingest store query retrieval answer serve ui eval tests

eval: install
	$(BIN)/policyqa eval retrieval
	$(BIN)/policyqa eval answers

bench: install
	$(BIN)/policyqa bench

clean:
	rm -rf data
