"""The effective rule base: the base policy with a shop's configuration laid over it.

A shop folder (`extend = ["shop-policies"]`) holds YAML files of the same schema as
policies/rules/, with two top-level keys:

    rules:                 # new rules; a shop rule cites its own document:
      - id: shop-…         #   source: {doc: 店铺客服手册, section: …, quote: …}
    extend:                # more words for a base rule, by id
      - id: harsh-rude-words
        phrases: [你烦不烦]
        examples: {bad: [你烦不烦啊]}

Then kefu.toml switches rules or norms off, changes a rule's level or points, and adds
dated parameter values. The policy version covers all of it, so a scorecard always says
which rules and values judged it.
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path
from typing import Any

from .config import Config, ConfigError, ConfigProblem
from .kinds import KINDS
from .examples import Example
from .patterns import regex_problem
from .policy_loader import REGEX_FIELDS, RuleLoader, conversation_example, message_example, normalise_phrase, plain
from .policy_model import Policy, PolicyError, Source

EXTEND_FIELDS = ("phrases", "patterns", "exceptions", "unless", "placeholders", "examples")
SHOP_SOURCE_FIELDS = ("doc", "section", "quote")


class _ShopLoader(RuleLoader):
    """The base loader, but a rule cites the shop's own document instead of a seed."""

    def load_source(self, file, raw, rid, bad) -> Source | None:
        src = raw.get("source")
        if not isinstance(src, dict):
            bad("source", "店铺规则的 source 应为映射 {doc: 店铺文件名, section: 章节, quote: 原文}")
            return None
        if "seed" in src:
            return super().load_source(file, raw, rid, bad)
        for key in src:
            if key not in SHOP_SOURCE_FIELDS:
                bad("source", f"source 中的未知字段 {key}；店铺规则允许：{', '.join(SHOP_SOURCE_FIELDS)}")
        values = {k: str(src.get(k) or "").strip() for k in SHOP_SOURCE_FIELDS}
        for key, value in values.items():
            if not value:
                bad("source", f"source.{key} 缺失或为空")
        return Source(values["doc"], values["section"], values["quote"])


def effective_policy(base: Policy, config: Config) -> Policy:
    """`base` with `config` laid over it; raises PolicyError / ConfigError naming the place."""
    if config.empty:
        return base
    rules = {r.id: r for r in base.rules}
    digest = hashlib.sha256(base.version.encode() + b"\0" + config.text.encode())
    loader = _ShopLoader()
    loader.seen = {r.id: f"{r.file}:{r.line}" for r in base.rules}
    extensions: list[tuple[str, Any]] = []
    for folder in config.extend:
        for path in sorted(folder.rglob("*.yaml")) + sorted(folder.rglob("*.yml")):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
            extensions += _load_shop_file(loader, path)
    for rule in loader.rules:
        rules[rule.id] = rule
    for file, raw in extensions:
        _extend(loader, rules, file, raw)
    if loader.problems:
        raise PolicyError(loader.problems)
    _settings(config, rules)
    parameters = _parameters(config, base.parameters)
    kept = [r for r in rules.values() if config.rules.get(r.id, {}).get("enabled", True)
            and config.norms.get(r.norm, {}).get("enabled", True)]
    return Policy(rules=kept, version=digest.hexdigest()[:12], directory=base.directory, parameters=parameters)


def _load_shop_file(loader: _ShopLoader, path: Path) -> list[tuple[str, Any]]:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    file = str(path)
    try:
        data = YAML().load(path.read_text(encoding="utf-8-sig"))
    except (YAMLError, UnicodeDecodeError, OSError) as exc:
        mark = getattr(exc, "problem_mark", None)
        loader.fail(file, (mark.line, mark.column) if mark else (0, 0), "", "", f"无法读取：{exc}")
        return []
    if data is None:
        return []
    if not isinstance(data, dict) or not set(data) <= {"rules", "extend"} or not data:
        loader.fail(file, (0, 0), "", "", "店铺规则文件的顶层应为 rules（新规则）和/或 extend（给已有规则加词）")
        return []
    for i, raw in enumerate(data.get("rules") or []):
        if not isinstance(raw, dict):
            loader.fail(file, data["rules"].lc.item(i), "", f"rules[{i}]", "每条规则应为映射")
        elif (rule := loader.load_rule(file, raw)) is not None:
            loader.rules.append(rule)
    return [(file, raw) for raw in (data.get("extend") or [])]


def _extend(loader: _ShopLoader, rules: dict, file: str, raw) -> None:
    pos = (raw.lc.line, raw.lc.col) if hasattr(raw, "lc") else (0, 0)
    rid = str(raw.get("id", "")) if isinstance(raw, dict) else ""
    if rid not in rules:
        loader.fail(file, pos, rid or "?", "id", f"extend 的 id {rid!r} 不是已有规则；用 `kefu rules list` 查看")
        return
    rule = rules[rid]
    kind = KINDS[rule.kind]
    options = dict(rule.options)
    for key, value in raw.items():
        if key == "id":
            continue
        if key not in EXTEND_FIELDS or (key != "examples" and key not in kind.FIELDS):
            allowed = [f for f in EXTEND_FIELDS if f == "examples" or f in kind.FIELDS]
            loader.fail(file, raw.lc.key(key), rid, key, f"规则 {rid}（kind {rule.kind}）不能扩展 {key}；可扩展：{', '.join(allowed)}")
            continue
        value = plain(value)
        if key == "placeholders":
            if not isinstance(value, dict):
                loader.fail(file, raw.lc.key(key), rid, key, "应为映射 {占位符名: IM 填入什么}")
                continue
            options[key] = {**options[key], **value}
        elif key == "examples":
            _examples(loader, rule, file, raw, value, rules)
        elif not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            loader.fail(file, raw.lc.key(key), rid, key, "应为非空字符串列表")
        else:
            for pattern in value if key in REGEX_FIELDS else []:
                if problem := regex_problem(pattern, options.get("case_sensitive", False)):
                    loader.fail(file, raw.lc.key(key), rid, key, f"{pattern!r} {problem}")
            options[key] = list(options.get(key) or []) + value
    for fld, problem in (kind.validate(options) if hasattr(kind, "validate") else []):
        loader.fail(file, pos, rid, fld, problem)
    detector = kind.build(options, re.compile, normalise_phrase)
    rules[rid] = dataclasses.replace(rules[rid], options=options, detector=detector)


def _examples(loader, rule, file, raw, value, rules) -> None:
    if not isinstance(value, dict) or set(value) - {"bad", "good"}:
        loader.fail(file, raw.lc.key("examples"), rule.id, "examples", "应为映射 {bad: [...], good: [...]}")
        return
    kind = KINDS[rule.kind]
    parse = (lambda item, side, i: kind.parse_example(plain(item))) if rule.scope == "template" else (
        conversation_example if rule.scope == "conversation" else message_example)
    added: dict[str, list[Example]] = {"bad": [], "good": []}
    for side in ("bad", "good"):
        for i, item in enumerate(value.get(side) or []):
            parsed = parse(item, side, i)
            if isinstance(parsed, str):
                loader.fail(file, raw.lc.key("examples"), rule.id, "examples", f"examples.{side}[{i}] {parsed}")
            else:
                added[side].append(parsed)
    current = rules[rule.id]
    rules[rule.id] = dataclasses.replace(current, bad=current.bad + added["bad"], good=current.good + added["good"])


def _settings(config: Config, rules: dict) -> None:
    problems = []
    for rid, settings in config.rules.items():
        if rid not in rules:
            problems.append(ConfigProblem(str(config.path), config.lines.get(f"rules.{rid}.{next(iter(settings))}", 1),
                                          f"[rules.{rid}]：没有这条规则；用 `kefu rules list` 查看规则 id"))
            continue
        changes = {k: v for k, v in settings.items() if k in ("level", "points")}
        if changes:
            rules[rid] = dataclasses.replace(rules[rid], **changes)
    if problems:
        raise ConfigError(problems)


def _parameters(config: Config, base):
    if not config.parameters:
        return base
    from .parameters import Parameter, Parameters, ParameterValue
    table = dict(base.parameters)
    problems = []
    for change in config.parameters:
        current = table.get(change.name)
        if current is None:
            problems.append(ConfigProblem(str(config.path), change.line,
                                          f'[parameters."{change.name}"]：没有这个参数；已定义：{", ".join(table)}'))
            continue
        sample = current.history[-1].value
        if type(change.value) is not type(sample) and not (isinstance(sample, (int, float))
                                                         and isinstance(change.value, (int, float))
                                                         and not isinstance(change.value, bool)):
            problems.append(ConfigProblem(str(config.path), change.line,
                                          f'[parameters."{change.name}"] value 的类型应与现有取值相同（如 {sample!r}）'))
            continue
        if any(v.start == change.start for v in current.history):
            problems.append(ConfigProblem(str(config.path), change.line,
                                          f'[parameters."{change.name}"] {change.start} 已有取值：请换一个生效日期'))
            continue
        value = ParameterValue(change.start, change.value, f"{config.path.name}：「{change.reason}」", change.reason)
        history = tuple(sorted((*current.history, value), key=lambda v: v.start))
        table[change.name] = Parameter(current.name, current.description, current.unit, history)
    if problems:
        raise ConfigError(problems)
    return Parameters(table)
