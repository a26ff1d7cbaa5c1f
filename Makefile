# Two entry points for a fresh machine: `make run` (site with demo data) and `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app

.PHONY: run test setup db demo serve clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed

db: setup
	$(FLASK) init-db

demo: db
	$(FLASK) seed-demo

serve:
	bash scripts/serve.sh

run: demo serve

test: setup
	bash scripts/test.sh

clean:
	rm -rf instance/reviewer.sqlite uploads/judgments uploads/hearings uploads/tmp
