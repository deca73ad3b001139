"""The `kefu` command line: one module per command group, assembled here.

    common.py     the rule base, ledger, months, targets and options every group shares
    output.py     `-o` and `--format`, the same in every command (registry: checker/outputs.py)
    zh.py         typer's and click's own texts in Chinese, installed before anything prints
    config.py     the global options (--config, --no-config, --version), kefu config, kefu init
    check.py      kefu check, kefu lint
    rules.py      kefu rules list|show|test|docs
    quiz.py       kefu quiz …
    scorecard.py  kefu scorecard, rescore;  ledger.py kefu ledger;  record.py check --record
    review.py     kefu waive, review;  entries.py kefu item, adjust;  admin.py kefu user, month, audit
    acting.py     who acts in those (--by) and how they report refusals and JSON
    serve.py      kefu serve

Command modules import only typer and this package at load time; everything heavy (the
engine, the ledger, the quiz, rich, Dask, the web app) is imported inside the command
that needs it, so `kefu check` loads none of the others.
"""
from __future__ import annotations

import typer

from . import common, zh

zh.install()

from . import admin, check, config, ledger, quiz, review, rules, scorecard, serve  # noqa: E402

app = typer.Typer(no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]},
                  help="kefu：电商客服规范检查——聊天质检、快捷短语检查、月度考核与考试，共用一套规则库。")
config.register(app)                  # the global options, init, config
check.register(app)                   # check, lint
scorecard.register(app)               # scorecard, rescore
review.register(app)                  # adjust, item, waive, review
admin.register(app)                   # audit, user, month
serve.register(app)                   # serve
rules.register(app)                   # rules
quiz.register(app)                    # quiz
ledger.register(app)                  # ledger


def main() -> None:
    """The `kefu` console script. A command that has written and closed everything may ask
    to end at once (common.quick_exit): once the command returns and its output is flushed,
    the process exits without freeing its objects one by one, which takes about 40 ms at
    the end of every `kefu check` (memory the system frees anyway). Anything unusual (an
    exit code that is not a number, output that cannot be flushed) ends the ordinary way.
    Tests call `app`, never this."""
    import sys
    try:
        app()
    except SystemExit as done:
        code = 0 if done.code is None else done.code
        if not common.QUICK_EXIT["ok"] or type(code) is not int:
            raise
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except Exception:  # noqa: BLE001 - e.g. a closed pipe: Python reports it as it always does
            raise done from None
        import os
        os._exit(code)


__all__ = ["app", "main"]
