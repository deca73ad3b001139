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
that needs it. The console script (`main`) builds only the module of the command a command
line names, so `kefu check` neither imports the other command modules nor has typer build
their options (about 15 ms of every start); help, --version, no command or an unknown one
get the whole application, which `app` always is.
"""
from __future__ import annotations

import typer

from . import common, zh

zh.install()

from importlib import import_module  # noqa: E402

HELP = "kefu：电商客服规范检查——聊天质检、快捷短语检查、月度考核与考试，共用一套规则库。"
# The command modules in the order their commands are listed (`kefu --help`), and the
# top-level names each registers.
GROUPS = (
    ("config", ("init", "config")),                    # and the global options
    ("check", ("check", "lint")),
    ("scorecard", ("scorecard", "rescore")),
    ("review", ("item", "waive", "review", "adjust")),
    ("admin", ("user", "month", "audit")),
    ("serve", ("serve",)),
    ("rules", ("rules",)),
    ("quiz", ("quiz",)),
    ("ledger", ("ledger",)),
)
ROOT_FLAGS = ("--no-config",)                          # global options before a command
ROOT_VALUED = ("--config",)


def build(modules=None) -> typer.Typer:
    """The `kefu` application with the commands of these modules (default: all of them).
    The global options (--config, --no-config, --version) are always there."""
    app = typer.Typer(no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]}, help=HELP)
    for name, _ in GROUPS:
        if modules is None or name in modules:
            import_module(f".{name}", __name__).register(app)
        elif name == "config":
            app.callback()(import_module(".config", __name__).root)
    return app


def _module_of(args: list[str]) -> str | None:
    """The one command module a command line needs: the module of its command when the
    command is named first (after global --config/--no-config only); else None (help,
    --version, an unknown command, shell completion: the whole application)."""
    import os
    if any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ):
        return None
    position = 0
    while position < len(args):
        arg = args[position]
        if arg in ROOT_FLAGS or any(arg.startswith(f"{option}=") for option in ROOT_VALUED):
            position += 1
        elif arg in ROOT_VALUED:
            position += 2
        else:
            break
    if position >= len(args):
        return None
    return next((module for module, names in GROUPS if args[position] in names), None)


def __getattr__(name: str):
    """`app`, the whole application (tests and `python -m checker.cli` use it), built on
    first use."""
    if name == "app":
        globals()["app"] = built = build()
        return built
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """The `kefu` console script. A command that has written and closed everything may ask
    to end at once (common.quick_exit): once the command returns and its output is flushed,
    the process exits without freeing its objects one by one, which takes about 40 ms at
    the end of every `kefu check` (memory the system frees anyway). Anything unusual (an
    exit code that is not a number, output that cannot be flushed) ends the ordinary way.
    Tests call `app`, never this."""
    import sys
    module = _module_of(sys.argv[1:])
    # only the command named builds its options (typer builds the click parameters of every
    # registered command on each start): the same command, help and errors
    runner = build((module,)) if module else globals().get("app") or build()
    try:
        runner()
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
