"""The shop's configuration on the command line: the global --config / --no-config /
--version options, `kefu config show|check` and `kefu init`."""
from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Optional

import typer

from ..config import NO_CONFIG, Config, ConfigError, active, find_config, load_config, set_active

config_app = typer.Typer(no_args_is_help=True, help="店铺配置（kefu.toml）：查看生效的配置、校验配置。")
FORMAT_PARAMS = ("fmt",)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version
        try:
            typer.echo(f"kefu {version('kefu')}")
        except PackageNotFoundError:
            typer.echo("kefu（未安装的源码）")
        raise typer.Exit(0)


def root(
    ctx: typer.Context,
    config: Optional[Path] = typer.Option(None, "--config", envvar="KEFU_CONFIG",
                                          help="店铺配置文件（默认：当前目录或上级目录的 kefu.toml，或 pyproject.toml 的 [tool.kefu]）"),
    no_config: bool = typer.Option(False, "--no-config", help="不读任何店铺配置，只用基础规则库"),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本并退出"),
) -> None:
    """kefu：电商客服规范检查——聊天质检、快捷短语检查、月度考核与考试，共用一套规则库。"""
    if no_config:
        set_active(NO_CONFIG)
        return
    try:
        path = config if config is not None else find_config()
        if config is not None and not config.is_file():
            raise ConfigError([])
        chosen = load_config(path) if path else NO_CONFIG
    except ConfigError as exc:
        if not exc.problems:
            typer.echo(f"配置文件不存在：{config}", err=True)
        else:
            typer.echo(f"配置有 {len(exc.problems)} 处错误：", err=True)
            for problem in exc.problems:
                typer.echo(f"  {problem}", err=True)
        raise typer.Exit(2)
    set_active(chosen)
    if chosen.defaults:
        ctx.default_map = defaults_map(ctx.command, chosen.defaults)


def defaults_map(group, defaults: dict) -> dict:
    """Click's default_map for every command with a --fail-on / --format / --db option,
    keeping only values that command accepts."""
    wanted = {"fail_on": defaults.get("fail_on"), "fmt": defaults.get("format"), "db": defaults.get("db")}
    out: dict = {}
    for name, command in getattr(group, "commands", {}).items():
        if hasattr(command, "commands"):
            nested = defaults_map(command, defaults)
            if nested:
                out[name] = nested
            continue
        values = {}
        for param in command.params:
            value = wanted.get(param.name)
            if value is None:
                continue
            if value in _choices(param):
                values[param.name] = value
        if values:
            out[name] = values
    return out


def _choices(param) -> list:
    """The values an option accepts; for a free-form option, anything (a sentinel list)."""
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if annotation is None:
        choices = getattr(getattr(param, "type", None), "choices", None)
        return [getattr(c, "value", c) for c in choices] if choices else _ANY
    members = getattr(annotation, "__members__", None)
    return [m.value for m in members.values()] if members else _ANY


class _Anything(list):
    def __contains__(self, item) -> bool:
        return True


_ANY = _Anything()


@config_app.command("show")
def show() -> None:
    """显示生效的配置，以及每个值来自哪里（文件:行）。"""
    from .common import load_policy_or_exit
    cfg = active()
    if cfg.path is None:
        typer.echo("没有店铺配置：使用基础规则库（kefu init 可生成 kefu.toml）")
    else:
        typer.echo(f"配置文件：{cfg.path}")
    for folder in cfg.extend:
        typer.echo(f"extend {folder}    ← {cfg.where('extend')}")
    for table, values in (("rules", cfg.rules), ("norms", cfg.norms)):
        for key, settings in values.items():
            for option, value in settings.items():
                typer.echo(f"{table}.{key}.{option} = {_toml(value)}    ← {cfg.where(f'{table}.{key}.{option}')}")
    for change in cfg.parameters:
        typer.echo(f'parameters."{change.name}" 自 {change.start} 起 = {_toml(change.value)}（{change.reason}）'
                   f"    ← {cfg.path}:{change.line}")
    for key, value in cfg.defaults.items():
        typer.echo(f"defaults.{key} = {_toml(value)}    ← {cfg.where(f'defaults.{key}')}")
    policy = load_policy_or_exit(None)
    typer.echo(f"生效的规则库：{len(policy.rules)} 条规则，版本 {policy.version}")


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


@config_app.command("check")
def check() -> None:
    """校验配置与店铺规则目录：没有问题退出码 0，有问题列出文件与行并退出码 2。"""
    from .common import load_policy_or_exit
    cfg: Config = active()
    policy = load_policy_or_exit(None)
    where = cfg.path or "（无配置文件）"
    typer.echo(f"配置 {where} 没有问题：生效的规则库 {len(policy.rules)} 条规则，版本 {policy.version}")


STARTER_FILES = {
    "kefu.toml": "kefu.toml",
    "shop-policies/shop_rules.yaml": "shop_rules.yaml",
    "targets.yaml": "targets.yaml",
}


def init(
    directory: Path = typer.Argument(Path("."), help="写到这个目录（默认：当前目录）"),
    force: bool = typer.Option(False, "--force", help="覆盖已有的文件"),
) -> None:
    """生成店铺的起步配置：带注释的 kefu.toml、shop-policies/ 里的一条示例规则、考核目标模板 targets.yaml。"""
    existing = [name for name in STARTER_FILES if (directory / name).exists()]
    if existing and not force:
        typer.echo(f"这些文件已存在，未改动：{', '.join(existing)}（用 --force 覆盖）", err=True)
        raise typer.Exit(2)
    starter = resources.files("checker").joinpath("starter")
    for target, source in STARTER_FILES.items():
        path = directory / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(starter.joinpath(source).read_text(encoding="utf-8"), encoding="utf-8")
        typer.echo(f"已写入 {path}")
    typer.echo("下一步：编辑 kefu.toml；kefu config check 校验；kefu rules test 运行店铺规则的示例")


def register(app: typer.Typer) -> None:
    app.callback()(root)
    app.command("init")(init)
    app.add_typer(config_app, name="config")
