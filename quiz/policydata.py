"""Load the exam's own policy data: policies/exam/blueprint.yaml (top-level `exam`) and
policies/exam/procedures.yaml (top-level `procedures`). Problems are collected and raised
as checker.policy.PolicyError, naming file:line:column like the rule loader."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from checker.norms import NORMS
from checker.policy_model import SEEDS, PolicyError, PolicyProblem

EXAM_DIR = "exam"
BLUEPRINT_FILE = "blueprint.yaml"
PROCEDURES_FILE = "procedures.yaml"
TYPES = ("pick_bad", "which_norm", "best_rewrite", "true_false", "number", "ordering", "spot_message")


@dataclass(frozen=True)
class Cite:
    seed: str
    section: str
    quote: str = ""

    def text(self) -> str:
        return f"{self.seed} {self.section}：「{self.quote}」" if self.quote else f"{self.seed} {self.section}"


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    norms: tuple[str, ...]
    questions: dict[str, int]


@dataclass(frozen=True)
class Blueprint:
    title: str
    source: Cite
    full_mark: int
    pass_mark: int
    pass_source: Cite
    full_mark_source: Cite
    minutes: int
    no_repeat_months: int
    points: dict[str, int]           # type -> points of one question
    groups: tuple[Group, ...]

    def group_of(self, norm: str) -> Group | None:
        return next((g for g in self.groups if norm in g.norms), None)

    def question_count(self) -> int:
        return sum(sum(g.questions.values()) for g in self.groups)


@dataclass(frozen=True)
class Step:
    name: str
    quote: str


@dataclass(frozen=True)
class Procedure:
    id: str
    title: str
    norm: str
    rules: tuple[str, ...]
    source: Cite
    complete: bool
    steps: tuple[Step, ...]
    note: str = ""


class _Reader:
    def __init__(self, path: Path):
        self.file = str(path)
        self.problems: list[PolicyProblem] = []
        try:
            self.data = YAML().load(path.read_text(encoding="utf-8"))
        except (OSError, YAMLError, UnicodeDecodeError) as exc:
            mark = getattr(exc, "problem_mark", None)
            self.data = None
            self.fail(None, "", f"无法读取：{exc}", (mark.line, mark.column) if mark else (0, 0))

    def fail(self, node: Any, fld: str, problem: str, pos: tuple[int, int] | None = None, key: str = "") -> None:
        if pos is None:
            pos = (0, 0)
            try:
                pos = node.lc.key(key) if key else (node.lc.line, node.lc.col)
            except (AttributeError, KeyError, TypeError):
                pass
        self.problems.append(PolicyProblem(self.file, pos[0] + 1, pos[1] + 1, "", fld, problem))

    def top(self, key: str) -> Any:
        if self.data is None:
            return None
        if not isinstance(self.data, dict) or set(self.data) != {key}:
            self.fail(self.data, "", f"顶层应为只含 {key} 键的映射")
            return None
        return self.data[key]

    def text(self, node: Any, key: str, where: str, required: bool = True) -> str:
        value = node.get(key) if isinstance(node, dict) else None
        if value is None and not required:
            return ""
        if not isinstance(value, (str, int)) or not str(value).strip():
            self.fail(node, f"{where}.{key}", "应为非空字符串", key=key if isinstance(node, dict) and key in node else "")
            return ""
        return str(value)

    def integer(self, node: Any, key: str, where: str, minimum: int = 0) -> int:
        value = node.get(key) if isinstance(node, dict) else None
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            self.fail(node, f"{where}.{key}", f"应为不小于 {minimum} 的整数", key=key if isinstance(node, dict) and key in node else "")
            return minimum
        return value

    def cite(self, node: Any, key: str, where: str, quote: bool = True) -> Cite:
        src = node.get(key) if isinstance(node, dict) else None
        if not isinstance(src, dict):
            self.fail(node, f"{where}.{key}", "应为映射 {seed, section, quote}", key=key if isinstance(node, dict) and key in node else "")
            return Cite("", "")
        seed = str(src.get("seed", ""))
        if seed not in SEEDS:
            self.fail(src, f"{where}.{key}.seed", f"未知的 seed {seed!r}；允许：{', '.join(SEEDS)}")
        return Cite(seed, self.text(src, "section", f"{where}.{key}"),
                    self.text(src, "quote", f"{where}.{key}", required=quote))

    def raise_problems(self) -> None:
        if self.problems:
            raise PolicyError(self.problems)


def load_blueprint(policy_dir: Path) -> Blueprint:
    r = _Reader(Path(policy_dir) / EXAM_DIR / BLUEPRINT_FILE)
    exam = r.top("exam")
    r.raise_problems()
    if not isinstance(exam, dict):
        r.fail(exam, "exam", "应为映射")
        r.raise_problems()
    points: dict[str, int] = {}
    types = exam.get("types")
    if not isinstance(types, dict):
        r.fail(exam, "exam.types", "应为映射 {题型: {points}}", key="types" if "types" in exam else "")
        types = {}
    for name, spec in types.items():
        if name not in TYPES:
            r.fail(types, f"exam.types.{name}", f"未知题型；允许：{', '.join(TYPES)}", key=name)
            continue
        points[name] = r.integer(spec, "points", f"exam.types.{name}", 1)
    groups: list[Group] = []
    seen_norms: dict[str, str] = {}
    raw_groups = exam.get("groups")
    if not isinstance(raw_groups, list) or not raw_groups:
        r.fail(exam, "exam.groups", "应为非空列表", key="groups" if "groups" in exam else "")
        raw_groups = []
    for i, g in enumerate(raw_groups):
        where = f"exam.groups[{i}]"
        gid = r.text(g, "id", where)
        norms = g.get("norms") if isinstance(g, dict) else None
        if not isinstance(norms, list) or not norms:
            r.fail(g, f"{where}.norms", "应为非空的规范列表")
            norms = []
        for norm in norms:
            if norm not in NORMS:
                r.fail(g, f"{where}.norms", f"未知的规范 {norm!r}；允许：{', '.join(NORMS)}", key="norms")
            elif norm in seen_norms:
                r.fail(g, f"{where}.norms", f"规范 {norm} 已属于分组 {seen_norms[norm]}", key="norms")
            else:
                seen_norms[norm] = gid
        questions = g.get("questions") if isinstance(g, dict) else None
        counts: dict[str, int] = {}
        if not isinstance(questions, dict):
            r.fail(g, f"{where}.questions", "应为映射 {题型: 题数}")
            questions = {}
        for qtype, count in questions.items():
            if qtype not in points:
                r.fail(questions, f"{where}.questions.{qtype}", f"题型未在 exam.types 中定义；已定义：{', '.join(points)}", key=qtype)
            elif not isinstance(count, int) or isinstance(count, bool) or count < 0:
                r.fail(questions, f"{where}.questions.{qtype}", "题数应为非负整数", key=qtype)
            elif count:
                counts[qtype] = count
        groups.append(Group(gid, r.text(g, "title", where), tuple(str(n) for n in norms), counts))
    bp = Blueprint(
        title=r.text(exam, "title", "exam"), source=r.cite(exam, "source", "exam"),
        full_mark=r.integer(exam, "full_mark", "exam", 1), pass_mark=r.integer(exam, "pass_mark", "exam", 0),
        pass_source=r.cite(exam, "pass_source", "exam"), full_mark_source=r.cite(exam, "full_mark_source", "exam"),
        minutes=r.integer(exam, "minutes", "exam", 1), no_repeat_months=r.integer(exam, "no_repeat_months", "exam", 0),
        points=points, groups=tuple(groups))
    total = sum(points.get(t, 0) * n for g in groups for t, n in g.questions.items())
    if not r.problems and total != bp.full_mark:
        r.fail(exam, "exam.full_mark", f"各分组题数 × 每题分值之和为 {total}，与 full_mark {bp.full_mark} 不符", key="full_mark")
    if not r.problems and bp.pass_mark > bp.full_mark:
        r.fail(exam, "exam.pass_mark", "合格分不能高于满分", key="pass_mark")
    r.raise_problems()
    return bp


def load_procedures(policy_dir: Path, rule_ids: set[str] | None = None) -> tuple[Procedure, ...]:
    path = Path(policy_dir) / EXAM_DIR / PROCEDURES_FILE
    if not path.exists():
        return ()
    r = _Reader(path)
    items = r.top("procedures")
    r.raise_problems()
    if not isinstance(items, list):
        r.fail(items, "procedures", "应为流程列表")
        r.raise_problems()
    out: list[Procedure] = []
    ids: set[str] = set()
    for i, p in enumerate(items):
        where = f"procedures[{i}]"
        if not isinstance(p, dict):
            r.fail(items, where, "每个流程应为映射", pos=items.lc.item(i))
            continue
        pid = r.text(p, "id", where)
        if pid in ids:
            r.fail(p, f"{where}.id", f"流程 id 重复：{pid}", key="id")
        ids.add(pid)
        norm = r.text(p, "norm", where)
        if norm and norm not in NORMS:
            r.fail(p, f"{where}.norm", f"未知的规范 {norm!r}", key="norm")
        rules = p.get("rules") or []
        if not isinstance(rules, list):
            r.fail(p, f"{where}.rules", "应为规则 id 列表", key="rules")
            rules = []
        for rid in rules:
            if rule_ids is not None and rid not in rule_ids:
                r.fail(p, f"{where}.rules", f"规则库中没有规则 {rid}", key="rules")
        steps_raw = p.get("steps")
        steps: list[Step] = []
        if not isinstance(steps_raw, list) or not steps_raw:
            r.fail(p, f"{where}.steps", "应为非空步骤列表")
            steps_raw = []
        for j, s in enumerate(steps_raw):
            steps.append(Step(r.text(s, "name", f"{where}.steps[{j}]"), r.text(s, "quote", f"{where}.steps[{j}]")))
        complete = p.get("complete", True)
        if not isinstance(complete, bool):
            r.fail(p, f"{where}.complete", "应为 true 或 false", key="complete")
            complete = False
        out.append(Procedure(pid, r.text(p, "title", where), norm, tuple(str(x) for x in rules),
                             r.cite(p, "source", where, quote=False), complete, tuple(steps),
                             str(p.get("note") or "")))
    r.raise_problems()
    return tuple(out)
