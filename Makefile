# Every target sets itself up on a fresh machine: it creates .venv and installs kefu into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install compile demo test bench eval check-prefilter eval-heldout eval-blind eval-perturb clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(MAKE) --no-print-directory compile
	touch $(STAMP)

install: $(STAMP) compile

# Bytecode for the project's own modules, so that no run compiles them: where
# PYTHONDONTWRITEBYTECODE=1 is set, Python reads __pycache__ but never writes it, and
# every start would compile the sources again (about 0.3 s of a 0.7 s start here).
# checked-hash: a .pyc is used only while its source is byte-identical, so edits, branch
# switches and checkouts are always picked up (an out-of-date .pyc is just ignored).
compile:
	@$(BIN)/python -m compileall -q -j 0 --invalidation-mode checked-hash checker quiz

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

bench: $(STAMP) compile
	$(BIN)/python bench/run_bench.py
	$(BIN)/python bench/lint_bench.py
	$(BIN)/python bench/dask_bench.py
	$(BIN)/python bench/hostile_bench.py

# Precision and recall of the rules on hand-labelled real chats (skips without ../shared/data).
eval: $(STAMP)
	$(BIN)/python eval/run_eval.py
	@$(MAKE) --no-print-directory check-prefilter

# The literal prefilter never skips a regex that matches (no false negatives), checked with
# every rule-base regex on every rule-example text and every JDDC message. `make test` runs
# the same checks on the rule's own examples, edge texts and a daily rotating sample
# (tests/test_prefilter.py); this full sweep grows with rules x corpus, so it lives here.
check-prefilter: $(STAMP)
	@echo "check-prefilter: every rule-base regex on every rule example and every JDDC message (about 1 min)"
	KEFU_PREFILTER_FULL=1 $(BIN)/python -m pytest -q tests/test_prefilter.py

eval-heldout: $(STAMP)
	$(BIN)/python eval/run_eval.py --heldout

# The sets of the latest blind measurements (eval/HELDOUT.md, eval/blind/README.md): the real
# message rounds 3-6 and the hand-written batch10 / chats6 (selected, labelled or written on
# 2026-12-04 by sessions that read no rule); the blind session batches are in `make eval`.
# Every set here has had its blind figure and is tuning data now.
# Rounds 8 and 9 are real chats kept outside the repository (eval/HELDOUT.md): EXTERNAL_DATA=DIR make eval-blind
EXTERNAL_DATA ?= ../shared/data
# Rewrites of the labelled real messages a reviewer would judge the same (eval/perturb.py): what they change
eval-perturb: $(STAMP)
	$(BIN)/python eval/perturb.py
	$(BIN)/python eval/perturb.py --sessions

eval-blind: $(STAMP)
	$(BIN)/python eval/run_eval.py --heldout3
	$(BIN)/python eval/run_eval.py --heldout4
	$(BIN)/python eval/run_eval.py --heldout5
	$(BIN)/python eval/run_eval.py --heldout6
	$(BIN)/python eval/run_eval.py --heldout7
	$(BIN)/python eval/run_eval.py --heldout8 --data $(EXTERNAL_DATA)
	$(BIN)/python eval/run_eval.py --heldout9 --data $(EXTERNAL_DATA)
	$(BIN)/python eval/run_eval.py --handwritten eval/blind/batch10.yaml \
		--conversation-handwritten eval/blind/chats6.yaml --handwritten-only

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
