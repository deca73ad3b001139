"""Read and validate rule files (policies/rules/*.yaml) into Rule objects: every problem is
collected, not just the first, each naming file:line:column, the rule id and the field."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .examples import Example
from .kinds import KINDS
from .model import LEVELS
from .normalize import normalise
from .norms import NORMS
from .patterns import regex_problem
from .policy_model import SEEDS, PolicyProblem, Rule, Source
from .text.lexicon import expand_macros
from .text.safety import compile_safe

BASE_FIELDS = {
    "id": "stable rule id (kebab-case)",
    "norm": "a norm key of norms.md",
    "title": "short Chinese title",
    "message": "why it is wrong (Chinese)",
    "kind": "detector kind",
    "level": "error | warning | review",
    "points": "points one finding costs (integer >= 0)",
    "source": "{seed, section, quote}",
    "suggestion": "how to say it instead (Chinese)",
    "examples": "{bad: [...], good: [...]}",
}
REQUIRED_BASE = ("id", "norm", "title", "message", "kind", "level", "points", "source", "suggestion", "examples")
SOURCE_FIELDS = ("seed", "section", "quote")
ID_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)+$")
EXAMPLE_KEYS = ("customer", "agent", "next", "reply", "after")
# next: the agent's following messages of the same turn; reply/after: the customer's reply
# and the agent's answer to it (what a refusal rescued within the turn, or too late, looks like)
REGEX_FIELDS = ("patterns", "exceptions", "unless")
CONVERSATION_EXAMPLE_KEYS = ("conversation", "channel", "started_at", "service_at", "concurrency", "note")


def normalise_phrase(phrase: str, case_sensitive: bool) -> str:
    return normalise(phrase, fold_case=not case_sensitive)


class RuleLoader:
    def __init__(self) -> None:
        self.problems: list[PolicyProblem] = []
        self.rules: list[Rule] = []
        self.seen: dict[str, str] = {}

    def fail(self, file: str, pos: tuple[int, int], rule: str, fld: str, problem: str) -> None:
        self.problems.append(PolicyProblem(file, pos[0] + 1, pos[1] + 1, rule, fld, problem))

    def load_file(self, path: Path) -> None:
        from ruamel.yaml import YAML                   # imported here: a cached rule base never needs it
        from ruamel.yaml.error import YAMLError
        file = str(path)
        try:
            data = YAML().load(path.read_text(encoding="utf-8-sig"))
        except (YAMLError, UnicodeDecodeError) as exc:
            mark = getattr(exc, "problem_mark", None)
            pos = (mark.line, mark.column) if mark else (0, 0)
            self.fail(file, pos, "", "", f"YAML 语法错误：{exc}")
            return
        if data is None:
            return
        if not isinstance(data, dict) or set(data) != {"rules"} or not isinstance(data["rules"], list):
            self.fail(file, (0, 0), "", "", "顶层应为只含 rules 键的映射，rules 为规则列表")
            return
        for i, raw in enumerate(data["rules"]):
            pos = data["rules"].lc.item(i)
            if not isinstance(raw, dict):
                self.fail(file, pos, "", f"rules[{i}]", "每条规则应为映射")
                continue
            rule = self.load_rule(file, raw)
            if rule:
                self.rules.append(rule)

    def load_rule(self, file: str, raw: Any) -> Rule | None:
        rid = str(raw.get("id", "")) or "?"
        before = len(self.problems)

        def at(key: str) -> tuple[int, int]:
            try:
                return raw.lc.key(key)
            except (KeyError, AttributeError):
                return (raw.lc.line, raw.lc.col)

        def bad(key: str, problem: str) -> None:
            self.fail(file, at(key) if key in raw else (raw.lc.line, raw.lc.col), rid, key, problem)

        kind_name = raw.get("kind")
        kind = KINDS.get(kind_name) if isinstance(kind_name, str) else None
        if kind is None:
            bad("kind", f"未知的 kind {kind_name!r}；允许：{', '.join(KINDS)}")
        allowed = set(BASE_FIELDS) | (set(kind.FIELDS) if kind else set())
        for key in raw:
            if key not in allowed:
                bad(key, f"未知字段；允许的字段：{', '.join(sorted(allowed))}")
        for key in REQUIRED_BASE:
            if key not in raw:
                bad(key, f"缺少必填字段 {key}（{BASE_FIELDS[key]}）")
        if "id" in raw:
            if not isinstance(raw["id"], str) or not ID_RE.match(raw["id"]):
                bad("id", "id 应为小写短横线格式，如 harsh-flat-refusal")
            elif rid in self.seen:
                bad("id", f"id 重复：已在 {self.seen[rid]} 定义")
            else:
                self.seen[rid] = f"{file}:{raw.lc.line + 1}"
        if "norm" in raw and raw["norm"] not in NORMS:
            bad("norm", f"未知的 norm {raw['norm']!r}；允许：{', '.join(NORMS)}")
        if "level" in raw and raw["level"] not in LEVELS:
            bad("level", f"未知的 level {raw['level']!r}；允许：{', '.join(LEVELS)}")
        if "points" in raw and (not isinstance(raw["points"], int) or isinstance(raw["points"], bool)
                                or raw["points"] < 0):
            bad("points", "points 应为非负整数")
        for key in ("title", "message", "suggestion"):
            if key in raw and (not isinstance(raw[key], str) or not raw[key].strip()):
                bad(key, "应为非空字符串")
        source = self.load_source(file, raw, rid, bad)
        examples = self.load_examples(file, raw, rid, kind_name, bad)
        options = self.load_options(file, raw, rid, kind, bad) if kind else None
        if len(self.problems) > before or options is None:
            return None
        detector = kind.build(options, compile_safe, normalise_phrase)
        return Rule(id=rid, norm=raw["norm"], title=raw["title"], message=raw["message"], kind=kind_name,
                    level=raw["level"], points=raw["points"], source=source, suggestion=raw["suggestion"],
                    bad=examples[0], good=examples[1], options=options, detector=detector,
                    file=file, line=raw.lc.line + 1, scope=kind.SCOPE)

    def load_source(self, file, raw, rid, bad) -> Source | None:
        src = raw.get("source")
        if src is None:
            return None
        if not isinstance(src, dict):
            bad("source", "应为映射 {seed, section, quote}")
            return None
        for key in src:
            if key not in SOURCE_FIELDS:
                bad("source", f"source 中的未知字段 {key}；允许：{', '.join(SOURCE_FIELDS)}")
        values = {}
        for key in SOURCE_FIELDS:
            value = src.get(key)
            if not isinstance(value, (str, int)) or not str(value).strip():
                bad("source", f"source.{key} 缺失或为空")
            values[key] = str(value) if value is not None else ""
        if values["seed"] and values["seed"] not in SEEDS:
            bad("source", f"source.seed {values['seed']!r} 未知；允许：{', '.join(SEEDS)}")
        return Source(**values)

    def load_examples(self, file, raw, rid, kind_name, bad) -> tuple[list[Example], list[Example]]:
        """The rule's bad and good examples; each scope has its own example shape."""
        ex = raw.get("examples")
        if ex is None:
            return [], []
        if not isinstance(ex, dict) or set(ex) - {"bad", "good"}:
            bad("examples", "应为映射 {bad: [...], good: [...]}")
            return [], []
        kind = KINDS.get(kind_name) if isinstance(kind_name, str) else None
        scope = kind.SCOPE if kind is not None else "message"
        if scope == "template":
            parse = lambda item, side, i: kind.parse_example(plain(item))  # noqa: E731
        elif scope == "conversation":
            parse = conversation_example
        else:
            parse = message_example
        out: dict[str, list[Example]] = {"bad": [], "good": []}
        for side in ("bad", "good"):
            items = ex.get(side) or []
            if not isinstance(items, list) or not items:
                bad("examples", f"examples.{side} 应为非空列表")
                continue
            for i, item in enumerate(items):
                parsed = parse(item, side, i)
                if isinstance(parsed, str):       # a problem, in words for the user
                    bad("examples", f"examples.{side}[{i}] {parsed}")
                else:
                    out[side].append(parsed)
        if kind_name == "context" and any(e.customer is None for e in out["bad"]):
            bad("examples", "context 规则的 bad 示例需要写明 customer（顾客上一轮的话）")
        return out["bad"], out["good"]

    def load_options(self, file, raw, rid, kind, bad) -> dict | None:
        options: dict[str, Any] = {}
        ok = True
        case_sensitive = bool(raw.get("case_sensitive", False))
        for name, spec in kind.FIELDS.items():
            if name not in raw:
                if spec.required:
                    bad(name, f"kind {kind.KIND} 缺少必填字段 {name}（{spec.doc}）")
                    ok = False
                options[name] = list(spec.default) if isinstance(spec.default, list) else spec.default
                continue
            value = raw[name]
            if not isinstance(value, spec.type) or (spec.type is bool and not isinstance(value, bool)):
                expected = " 或 ".join(t.__name__ for t in spec.type) if isinstance(spec.type, tuple) else spec.type.__name__
                bad(name, f"类型错误：应为 {expected}（{spec.doc}）")
                ok = False
                continue
            if isinstance(value, list):
                if spec.item_type and not all(isinstance(v, spec.item_type) and v for v in value):
                    bad(name, f"列表中每项应为非空{spec.item_type.__name__}")
                    ok = False
                    continue
                value = plain(value)
                if name in REGEX_FIELDS:
                    value = [expand_macros(p) for p in value]
                    for j, pattern in enumerate(value):
                        problem = regex_problem(pattern, case_sensitive)
                        if problem:
                            self.fail(file, value_pos(raw[name], j, raw.lc.key(name)), rid, f"{name}[{j}]",
                                      f"{pattern!r} {problem}")
                            ok = False
            elif isinstance(value, dict):
                value = plain(value)
                if name == "context" and isinstance(value.get("patterns"), list):
                    value["patterns"] = [expand_macros(p) if isinstance(p, str) else p for p in value["patterns"]]
                patterns = value.get("patterns") if name == "context" else None
                for j, pattern in enumerate(patterns if isinstance(patterns, list) else []):
                    problem = regex_problem(pattern, False) if isinstance(pattern, str) else "应为字符串"
                    if problem:
                        bad(name, f"context.patterns[{j}] {pattern!r} {problem}")
                        ok = False
            options[name] = value
        if ok and hasattr(kind, "validate"):
            for fld, problem in kind.validate(options):
                bad(fld.split(".")[0], f"{fld}: {problem}")
                ok = False
        return options if ok else None


def message_example(item: Any, side: str, index: int) -> Example | str:
    if isinstance(item, str) and item.strip():
        return Example(agent=item)
    if isinstance(item, dict) and set(item) <= set(EXAMPLE_KEYS) and isinstance(item.get("agent"), str):
        customer = item.get("customer")
        turn = []
        for key, role in (("next", "agent"), ("reply", "customer"), ("after", "agent")):
            value = item.get(key)
            lines = [value] if isinstance(value, str) else value if isinstance(value, list) else []
            if value is not None and (not lines or not all(isinstance(x, str) and x.strip() for x in lines)):
                return f"{key} 应为一句话或一串话（字符串列表）"
            turn += [(role, str(x)) for x in lines]
        return Example(agent=item["agent"], customer=str(customer) if customer else None, turn=tuple(turn))
    return "应为字符串，或 {customer: …, agent: …, next: [客服同一轮接着说的话], reply: 顾客回复, after: 客服随后的话}"


def conversation_example(item: Any, side: str, index: int) -> Example | str:
    from .loaders.canonical import parse_record
    if not isinstance(item, dict) or "conversation" not in item or set(item) - set(CONVERSATION_EXAMPLE_KEYS):
        return "应为映射 {conversation: [消息…], channel, started_at, service_at, concurrency, note}"
    record = {k: v for k, v in item.items() if k not in ("conversation", "concurrency", "note")}
    record.update(id=f"example-{side}-{index}", agent="示例客服", messages=item["conversation"])
    record = plain(record)
    transcript, problems = parse_record(record)
    if transcript is None:
        return f"不是合法的会话：{problems[0][1] if problems else ''}"
    concurrency = item.get("concurrency")
    if concurrency is not None and (not isinstance(concurrency, int) or concurrency < 1):
        return "concurrency 应为正整数（客服同时接待的会话数）"
    return Example(conversation=record | ({"concurrency": concurrency} if concurrency else {}))


def plain(value: Any) -> Any:
    """ruamel containers to plain dicts/lists (the canonical loader expects plain data)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def value_pos(seq: Any, index: int, fallback: tuple[int, int]) -> tuple[int, int]:
    try:
        return seq.lc.item(index)
    except (AttributeError, KeyError, IndexError):
        return fallback
