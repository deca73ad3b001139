# Every target sets itself up on a fresh machine: it creates .venv and installs kefu into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test bench eval eval-heldout clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@# The sample chats have findings on purpose: exit code 1 is the expected outcome here.
	$(BIN)/kefu check transcripts/ || test $$? -eq 1
	@echo
	$(BIN)/kefu check transcripts/ --format json --fail-on review > /dev/null; echo "exit code with --fail-on review: $$?"

# The suite runs in TEST_WORKERS processes (pytest-xdist); TEST_WORKERS=0 runs it in one.
TEST_WORKERS ?= 2

test: $(STAMP)
	$(BIN)/kefu rules test --quiet
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

bench: $(STAMP)
	$(BIN)/python bench/run_bench.py
	$(BIN)/python bench/lint_bench.py
	$(BIN)/python bench/dask_bench.py

# Precision and recall of the rules on hand-labelled real chats (skips without ../shared/data).
eval: $(STAMP)
	$(BIN)/python eval/run_eval.py

eval-heldout: $(STAMP)
	$(BIN)/python eval/run_eval.py --heldout

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
