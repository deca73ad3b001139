"""typer's and click's own texts in Chinese, in one place, installed once at start-up.

typer builds help and error panels in typer/rich_utils.py from module constants
("Options", "[default: {}]", "Error", "Try … for help") and prints click's messages
("Usage: ", "Show this message and exit.", "No such option: …", "Missing argument …");
typer ≥ 0.20 ships its own copy of click (typer._click) whose texts are plain English
f-strings, not gettext calls, so a gettext catalogue cannot reach them. install() sets
the constants, gives the usage line and the help option their Chinese texts, translates
error messages as they are printed, and lets help tables fold long Chinese text instead
of cutting it with "…". typer.rich_utils (and rich) is patched when it is first imported:
a command that prints no help and no error never loads rich for it.
"""
from __future__ import annotations

import importlib.abc
import importlib.util
import re
import sys

RICH_TEXTS = {
    "DEPRECATED_STRING": "（已弃用）",
    "DEFAULT_STRING": "[默认：{}]",
    "ENVVAR_STRING": "[环境变量 {}]",
    "REQUIRED_LONG_STRING": "[必填]",
    "ARGUMENTS_PANEL_TITLE": "参数",
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "ERRORS_PANEL_TITLE": "错误",
    "ABORTED_TEXT": "已中止。",
    "RICH_HELP": "用 [blue]'{command_path} {help_option}'[/] 查看帮助。",
}
USAGE = "用法："
HELP_OPTION = "显示本帮助并退出。"
OPTIONS_METAVAR = "[选项]"
SUBCOMMAND_METAVAR = "命令 [参数]..."
PARAM_HELP = {      # typer's own options
    "Install completion for the current shell.": "为当前的 shell 安装命令补全。",
    "Show completion for the current shell, to copy it or customize the installation.":
        "显示当前 shell 的命令补全脚本，可复制或自行安装。",
}

_VALUE = [          # the reason inside "Invalid value for …: REASON"
    (r"^Value error, (.*)$", r"\1"),
    (r"^(.+) is not one of (.+?)\.?$", r"\1 不是可选值之一，可选：\2"),
    (r"^(.+) is not a valid (integer|float|boolean|int|str)\.?$", r"\1 不是有效的\2"),
    (r"^(.+) does not match the formats? (.+?)\.?$", r"\1 不符合格式 \2"),
    (r"^(.+) is not in the range (.+?)\.?$", r"\1 不在范围 \2 内"),
    (r"^(?:File|Path|Directory) (.+) does not exist\.?$", r"\1 不存在"),
    (r"^(?:File|Path) (.+) is a directory\.?$", r"\1 是一个目录"),
]
_MESSAGES = [
    (r"^No such option: (\S+) \(Possible options: (.+)\)$", r"没有这个选项：\1（相近的选项：\2）"),
    (r"^No such option: (\S+)\s*Did you mean (.+)\?$", r"没有这个选项：\1（是不是要用 \2？）"),
    (r"^No such option: (.+)$", r"没有这个选项：\1"),
    (r"^No such command (.+?)\.?$", r"没有这个命令：\1"),
    (r"^Missing command\.?$", r"缺少命令"),
    (r"^Missing argument (.+?)\.?$", r"缺少参数 \1"),
    (r"^Missing option (.+?)\.?$", r"缺少选项 \1"),
    (r"^Missing parameter: (.+)$", r"缺少参数 \1"),
    (r"^Option (.+) requires an argument\.?$", r"选项 \1 需要一个值"),
    (r"^Option (.+) requires (\d+) arguments\.?$", r"选项 \1 需要 \2 个值"),
    (r"^Option (.+) does not take a value\.?$", r"选项 \1 不接受值"),
    (r"^Got unexpected extra arguments? \((.+)\)$", r"多余的参数：\1"),
]


def translate(message: str) -> str:
    """click's English error message in Chinese (unknown messages pass unchanged)."""
    message = message.strip()
    invalid = re.match(r"^Invalid value(?: for (.+?))?: (.*)$", message, re.S)
    if invalid:
        reason = invalid.group(2)
        for pattern, repl in _VALUE:
            reason = re.sub(pattern, repl, reason, flags=re.S)
        reason = re.sub(r"可选：(.+)$", lambda m: "可选：" + "、".join(re.findall(r"'([^']*)'", m.group(1))), reason)
        return f"{invalid.group(1) or ''} 的值无效：{reason}".lstrip()
    for pattern, repl in _MESSAGES:
        if re.match(pattern, message, re.S):
            return re.sub(pattern, repl, message, flags=re.S)
    return message


_MARKUP = re.compile(r"\[(?=[A-Za-z#/@][^\[\]]*\])")


def _patch_rich_utils(module) -> None:
    for name, text in RICH_TEXTS.items():
        setattr(module, name, text)
    make_text = module._make_rich_text

    def plain_text(*, text: str, style: str = "", markup_mode):
        """Help texts are plain text: `[tool.kefu]`, `kefu[dask]` are shown, not taken as markup."""
        if markup_mode == "rich":
            text = _MARKUP.sub(r"\\[", text)
        rendered = make_text(text=text, style=style, markup_mode=markup_mode)
        if hasattr(rendered, "overflow"):
            rendered.overflow = "fold"
        return rendered
    module._make_rich_text = plain_text

    format_error = module.rich_format_error

    def format_error_zh(self) -> None:
        english = self.format_message
        self.format_message = lambda: translate(english())
        format_error(self)
    module.rich_format_error = format_error_zh

    class FoldingTable(module.Table):
        """Long Chinese help folds onto the next line instead of ending in "…"."""
        def add_column(self, *args, **kwargs):
            kwargs.setdefault("overflow", "fold")
            super().add_column(*args, **kwargs)

        def add_row(self, *cells, **kwargs):
            super().add_row(*cells, **kwargs)
            for column in self.columns:
                if column.overflow == "ellipsis":
                    column.overflow = "fold"
    module.Table = FoldingTable
    columns = module.Columns

    def folding_columns(renderables, *args, **kwargs):
        for item in renderables:
            if getattr(item, "overflow", "fold") in (None, "ellipsis"):
                item.overflow = "fold"
        return columns(renderables, *args, **kwargs)
    module.Columns = folding_columns


class _PatchOnImport(importlib.abc.MetaPathFinder):
    """Patches typer.rich_utils right after it is first imported."""
    def find_spec(self, name, path=None, target=None):
        if name != "typer.rich_utils":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        run = spec.loader.exec_module

        def exec_module(module) -> None:
            run(module)
            _patch_rich_utils(module)
        spec.loader.exec_module = exec_module
        return spec


def _click_modules():
    try:
        from typer._click import core, formatting
    except ImportError:                               # typer < 0.20 uses click itself
        from click import core, formatting
    return core, formatting


_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    if "typer.rich_utils" in sys.modules:
        _patch_rich_utils(sys.modules["typer.rich_utils"])
    else:
        sys.meta_path.insert(0, _PatchOnImport())
    core, formatting = _click_modules()

    write_usage = formatting.HelpFormatter.write_usage

    def write_usage_zh(self, prog, args="", prefix=None):
        return write_usage(self, prog, args.replace("[OPTIONS]", OPTIONS_METAVAR)
                           .replace("COMMAND [ARGS]...", SUBCOMMAND_METAVAR), USAGE if prefix is None else prefix)
    formatting.HelpFormatter.write_usage = write_usage_zh

    get_help_option = core.Command.get_help_option

    def get_help_option_zh(self, ctx):
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option
    core.Command.get_help_option = get_help_option_zh

    get_params = core.Command.get_params

    def get_params_zh(self, ctx):
        params = get_params(self, ctx)
        for param in params:
            help_text = getattr(param, "help", None)
            if help_text in PARAM_HELP:
                param.help = PARAM_HELP[help_text]
        return params
    core.Command.get_params = get_params_zh
