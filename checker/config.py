"""A shop's own settings: `kefu.toml` (or `[tool.kefu]` in pyproject.toml) over the base
rule base, after Vale's `.vale.ini` and yamllint's `extends:`.

    extend = ["shop-policies"]            # folders of rule files, relative to this file
    [rules.harsh-flat-refusal]            # one table per rule id
    level = "warning"                     # enabled, level, points
    [norms.shouting]
    enabled = false                       # a whole norm off
    [parameters."response_time.deadline_seconds"]
    from = 2026-12-01                     # a dated change: the history and --as-of still hold
    value = 15
    reason = "平台要求首响 15 秒"
    [defaults]
    fail_on = "warning"                   # defaults of command options: fail_on, format, db

Every key is validated; a problem names the file, the line and what is allowed.
"""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .model import LEVELS
from .norms import NORMS

CONFIG_FILE = "kefu.toml"
TOP_KEYS = {"extend": "规则目录列表（相对本文件）", "rules": "按规则 id 的设置表",
            "norms": "按规范键的设置表", "parameters": "按参数名的带日期取值", "defaults": "命令选项的默认值"}
RULE_KEYS = {"enabled": "true | false", "level": " | ".join(LEVELS), "points": "非负整数"}
NORM_KEYS = {"enabled": "true | false"}
PARAMETER_KEYS = {"from": "生效日期 YYYY-MM-DD", "value": "取值", "reason": "为什么改（必填）"}
DEFAULT_KEYS = {"fail_on": "error | warning | review | never", "format": "该命令支持的输出格式",
                "db": "台账文件路径（相对本文件）"}


@dataclass(frozen=True)
class ConfigProblem:
    file: str
    line: int
    problem: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.problem}"


class ConfigError(Exception):
    def __init__(self, problems: list[ConfigProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class ParameterChange:
    name: str
    start: date
    value: Any
    reason: str
    line: int


@dataclass
class Config:
    path: Path | None                       # None: no configuration in force
    text: str = ""
    extend: list[Path] = field(default_factory=list)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    norms: dict[str, dict[str, Any]] = field(default_factory=dict)
    parameters: list[ParameterChange] = field(default_factory=list)
    defaults: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)   # "rules.ID.level" -> line, for `config show`

    @property
    def empty(self) -> bool:
        return not (self.extend or self.rules or self.norms or self.parameters)

    def where(self, key: str) -> str:
        return f"{self.path}:{self.lines.get(key, 1)}" if self.path else "默认"


NO_CONFIG = Config(None)


def find_config(start: Path | None = None) -> Path | None:
    """kefu.toml in the directory or any parent; else a pyproject.toml with [tool.kefu]."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        candidate = directory / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and re.search(r"^\s*\[tool\.kefu(\.|\])", _read(pyproject), re.M):
            return pyproject
    return None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""


def load_config(path: Path) -> Config:
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError([ConfigProblem(file, 0, f"无法读取配置文件：{exc.strerror or exc}")]) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError([ConfigProblem(file, 0, "配置文件应为 UTF-8 编码")]) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(exc))) else 0
        raise ConfigError([ConfigProblem(file, line, f"TOML 语法错误：{exc}")]) from exc
    prefix = ""
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("kefu", {})
        prefix = "tool.kefu."
    return _Validator(path, text, prefix).config(data)


class _Validator:
    def __init__(self, path: Path, text: str, prefix: str):
        self.path, self.text, self.prefix = path, text, prefix
        self.problems: list[ConfigProblem] = []
        self.cfg = Config(path, text)

    def line(self, table: str, key: str | None = None) -> int:
        """The line of `key` inside `[table]` (or of the table header); 1 if not found."""
        lines = self.text.splitlines()
        start = 0
        if table:
            header = re.compile(r"^\s*\[\[?\s*" + r"\s*\.\s*".join(
                rf'(?:{re.escape(p)}|"{re.escape(p)}")' for p in _split_key(self.prefix + table)) + r"\s*\]\]?")
            start = next((i for i, ln in enumerate(lines) if header.match(ln)), -1)
            if start < 0:
                whole = re.compile(r"^\s*" + re.escape(_split_key(table)[0]))
                start = next((i for i, ln in enumerate(lines) if whole.match(ln)), 0)
                return start + 1
            if key is None:
                return start + 1
        if key is not None:
            pattern = re.compile(rf'^\s*(?:{re.escape(key)}|"{re.escape(key)}")\s*=')
            for i in range(start, len(lines)):
                if i > start and table and lines[i].lstrip().startswith("["):
                    break
                if pattern.match(lines[i]):
                    return i + 1
        return start + 1

    def fail(self, line: int, problem: str) -> None:
        self.problems.append(ConfigProblem(str(self.path), line, problem))

    def config(self, data: dict) -> Config:
        for key in data:
            if key not in TOP_KEYS:
                self.fail(self.line("", key), f"未知的键 {key}；允许：{', '.join(TOP_KEYS)}")
        self.extend(data.get("extend", []))
        self.tables("rules", data.get("rules", {}), RULE_KEYS, self.cfg.rules)
        self.tables("norms", data.get("norms", {}), NORM_KEYS, self.cfg.norms)
        for name in self.cfg.norms:
            if name not in NORMS:
                self.fail(self.line(f"norms.{name}"), f"未知的规范 {name}；允许：{', '.join(NORMS)}")
        self.parameter_changes(data.get("parameters", {}))
        self.defaults(data.get("defaults", {}))
        if self.problems:
            raise ConfigError(self.problems)
        return self.cfg

    def extend(self, value) -> None:
        line = self.line("", "extend")
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail(line, 'extend 应为目录列表，如 extend = ["shop-policies"]')
            return
        for item in value:
            folder = (self.path.parent / item).resolve()
            if not folder.is_dir():
                self.fail(line, f"extend 中的目录 {item} 不存在（相对 {self.path.parent}）")
            else:
                self.cfg.extend.append(folder)
        self.cfg.lines["extend"] = line

    def tables(self, name: str, value, allowed: dict, out: dict) -> None:
        if not isinstance(value, dict):
            self.fail(self.line("", name), f"{name} 应为表：[{name}.ID]")
            return
        for key, table in value.items():
            if not isinstance(table, dict):
                self.fail(self.line(name, key), f"{name}.{key} 应为表 [{name}.{key}]")
                continue
            for option, setting in table.items():
                line = self.line(f"{name}.{key}", option)
                if option not in allowed:
                    self.fail(line, f"[{name}.{key}] 中未知的键 {option}；允许：{', '.join(allowed)}")
                    continue
                problem = _bad_value(option, setting)
                if problem:
                    self.fail(line, f"[{name}.{key}] {option} = {setting!r}：{problem}（允许：{allowed[option]}）")
                    continue
                out.setdefault(key, {})[option] = setting
                self.cfg.lines[f"{name}.{key}.{option}"] = line

    def parameter_changes(self, value) -> None:
        if not isinstance(value, dict):
            self.fail(self.line("", "parameters"), '应为表：[parameters."参数名"]')
            return
        for name, changes in value.items():
            for change in changes if isinstance(changes, list) else [changes]:
                line = self.line(f"parameters.{name}")
                if not isinstance(change, dict):
                    self.fail(line, f'[parameters."{name}"] 应为表 {{from, value, reason}}')
                    continue
                unknown = [k for k in change if k not in PARAMETER_KEYS]
                missing = [k for k in PARAMETER_KEYS if k not in change]
                if unknown or missing:
                    self.fail(line, f'[parameters."{name}"] ' + "；".join(
                        ([f"未知的键 {', '.join(unknown)}"] if unknown else [])
                        + ([f"缺少 {', '.join(missing)}"] if missing else [])) + f"；允许：{', '.join(PARAMETER_KEYS)}")
                    continue
                if not isinstance(change["from"], date):
                    self.fail(line, f'[parameters."{name}"] from 应为日期（不加引号：from = 2026-12-01）')
                    continue
                if not isinstance(change["reason"], str) or not change["reason"].strip():
                    self.fail(line, f'[parameters."{name}"] reason 应写明为什么改')
                    continue
                self.cfg.parameters.append(ParameterChange(name, change["from"], change["value"],
                                                           change["reason"].strip(), line))

    def defaults(self, value) -> None:
        if not isinstance(value, dict):
            self.fail(self.line("", "defaults"), "defaults 应为表 [defaults]")
            return
        for key, setting in value.items():
            line = self.line("defaults", key)
            if key not in DEFAULT_KEYS:
                self.fail(line, f"[defaults] 中未知的键 {key}；允许：{', '.join(DEFAULT_KEYS)}")
            elif not isinstance(setting, str) or not setting:
                self.fail(line, f"[defaults] {key} 应为字符串（{DEFAULT_KEYS[key]}）")
            elif key == "fail_on" and setting not in (*LEVELS, "never"):
                self.fail(line, f"[defaults] fail_on = {setting!r}：允许 {DEFAULT_KEYS[key]}")
            else:
                self.cfg.defaults[key] = str((self.path.parent / setting)) if key == "db" else setting
                self.cfg.lines[f"defaults.{key}"] = line


def _split_key(dotted: str) -> list[str]:
    return [p for p in re.findall(r'"[^"]*"|[^.]+', dotted)]


def _bad_value(option: str, value) -> str | None:
    if option == "enabled" and not isinstance(value, bool):
        return "应为 true 或 false"
    if option == "level" and value not in LEVELS:
        return "未知的级别"
    if option == "points" and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        return "应为非负整数"
    return None


# ---- the configuration in force for this process -----------------------------------------
_ACTIVE: Config | None = None


def set_active(config: Config) -> None:
    global _ACTIVE
    _ACTIVE = config


def active() -> Config:
    """The configuration chosen by the command line (--config / --no-config), else found
    from the working directory ($KEFU_CONFIG names a file too)."""
    if _ACTIVE is not None:
        return _ACTIVE
    env = os.environ.get("KEFU_CONFIG")
    found = Path(env) if env else find_config()
    return load_config(found) if found else NO_CONFIG
