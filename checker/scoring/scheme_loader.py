"""Read and validate the scoring scheme (policies/scoring/*.yaml) into checker/scoring/scheme.py's
objects. Every problem is collected and reported as `file:line:column` with the field, like
the rule loader.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from ..norms import NORMS
from ..policy_model import SEEDS, PolicyError, PolicyProblem
from .scheme import AUTO, FILES, GROUPS, LEVELS, Item, Kpi, Mapping, Scheme, Tier, default_scheme_dir


class _Reader:
    """Field access with positions; every problem is collected."""

    def __init__(self) -> None:
        self.problems: list[PolicyProblem] = []
        self.file = ""

    def fail(self, node: Any, key: Any, fld: str, problem: str) -> None:
        line = col = 0
        try:
            line, col = node.lc.key(key) if key is not None else (node.lc.line, node.lc.col)
        except Exception:  # noqa: BLE001 - a plain value has no position
            pass
        self.problems.append(PolicyProblem(self.file, line + 1, col + 1, "", fld, problem))

    def entries(self, node: list, fld: str, shape: str = ""):
        """(field, entry) of each mapping in a list; any other entry is reported as a problem."""
        for i, entry in enumerate(node):
            where = f"{fld}[{i}]"
            if isinstance(entry, dict):
                yield i, where, entry
            else:
                self.fail(node, None, where, f"应为映射 {shape}".rstrip())

    def get(self, node: Any, key: str, fld: str, kinds: tuple, required: bool = True) -> Any:
        if not isinstance(node, dict):
            self.fail(node, None, fld, "应为映射")
            return None
        if key not in node:
            if required:
                self.fail(node, None, f"{fld}.{key}" if fld else key, "缺少该字段")
            return None
        value = node[key]
        if not isinstance(value, kinds) or isinstance(value, bool) and bool not in kinds:
            self.fail(node, key, f"{fld}.{key}" if fld else key, f"类型不对：应为 {'/'.join(k.__name__ for k in kinds)}")
            return None
        return value

    def number(self, node: Any, key: str, fld: str, required: bool = True) -> float | None:
        return self.get(node, key, fld, (int, float), required)

    def cited(self, node: Any, key: str, fld: str) -> Any:
        """A `{value, source, note}` mapping: returns the value."""
        entry = self.get(node, key, fld, (dict,))
        if entry is None:
            return None
        self.source(entry, f"{fld}.{key}")
        return self.number(entry, "value", f"{fld}.{key}")

    def source(self, node: Any, fld: str) -> tuple[str, ...]:
        raw = node.get("source") if isinstance(node, dict) else None
        items = raw if isinstance(raw, list) else [raw]
        out = []
        for src in items:
            if not isinstance(src, dict) or str(src.get("seed")) not in SEEDS \
                    or not all(str(src.get(k) or "").strip() for k in ("section", "quote")):
                self.fail(node, "source" if isinstance(node, dict) and "source" in node else None, f"{fld}.source",
                          f"每个数值都要注明出处 {{seed, section, quote}}（或其列表），seed 为 {', '.join(SEEDS)} 之一")
                continue
            out.append(f"{src['seed']} {src['section']}：「{src['quote']}」")
        return tuple(out)

    def tiers(self, node: Any, fld: str, value_key: str = "points") -> tuple[Tier, ...]:
        raw = self.get(node, "tiers", fld, (list,))
        if not raw:
            if raw is not None:
                self.fail(node, "tiers", f"{fld}.tiers", "至少一档")
            return ()
        out = []
        for i, where, t in self.entries(raw, f"{fld}.tiers", "{min|max|above, points}"):
            bounds = [k for k in ("min", "max", "above") if k in t]
            pts = self.number(t, value_key, where)
            if len(bounds) > 1 or (not bounds and i != len(raw) - 1) or (bounds and i == len(raw) - 1):
                self.fail(t, None, where, "除最后一档（不写界限，兜底）外，每档恰好写一个界限 min、max 或 above")
            if pts is None:
                continue
            out.append(Tier(points=pts, **{k: float(t[k]) for k in bounds}))
        return tuple(out)


def load_scheme(directory: str | Path | None = None) -> Scheme:
    directory = Path(directory) if directory else default_scheme_dir()
    reader = _Reader()
    docs: dict[str, Any] = {}
    digest = hashlib.sha256()
    for name in FILES:
        path = directory / name
        reader.file = str(path)
        if not path.is_file():
            reader.problems.append(PolicyProblem(str(path), 0, 0, "", "", "计分方案文件不存在"))
            continue
        text = path.read_bytes()
        digest.update(name.encode() + b"\0" + text)
        try:
            docs[name] = YAML().load(text.decode("utf-8"))
        except YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            reader.problems.append(PolicyProblem(str(path), (mark.line + 1) if mark else 0,
                                                 (mark.column + 1) if mark else 0, "", "", f"YAML 语法错误：{exc}"))
    if reader.problems:
        raise PolicyError(reader.problems)
    scheme = _build(directory, docs, reader, digest.hexdigest()[:12])
    if reader.problems:
        raise PolicyError(reader.problems)
    return scheme


def _build(directory: Path, docs: dict, r: _Reader, version: str) -> Scheme:
    notes: dict[str, str] = {}
    # ---- daily.yaml
    r.file = str(directory / "daily.yaml")
    doc = docs["daily.yaml"]
    daily = r.get(doc, "daily", "", (dict,)) or {}
    base, cap, floor = (r.cited(daily, k, "daily") for k in ("base", "cap", "floor"))
    disc = r.get(daily, "discretionary", "daily", (dict,)) or {}
    r.source(disc, "daily.discretionary")
    demerits = r.cited(daily, "dismissal_demerits", "daily")
    window = r.cited(daily, "dispute_window_days", "daily")
    notes["dispute_window"] = str((daily.get("dispute_window_days") or {}).get("note") or "")
    notes["floor"] = str((daily.get("floor") or {}).get("note") or "")
    salary = r.get(daily, "salary", "daily", (dict,)) or {}
    r.source(salary, "daily.salary")
    exams = r.get(doc, "exams", "", (dict,)) or {}
    fail = r.get(exams, "fail_below", "exams", (dict,)) or {}
    full = r.get(exams, "full_mark", "exams", (dict,)) or {}
    r.source(fail, "exams.fail_below")
    r.source(full, "exams.full_mark")
    items = _items(r, r.get(doc, "items", "", (dict,)) or {})
    for node, fld in ((fail, "exams.fail_below"), (full, "exams.full_mark")):
        if node.get("item") not in items:
            r.fail(node, "item" if "item" in node else None, f"{fld}.item", "应为 items 中的一个条目代码")

    # ---- kpi.yaml
    r.file = str(directory / "kpi.yaml")
    doc = docs["kpi.yaml"] or {}
    kpis = _kpis(r, r.get(doc, "kpis", "", (list,)) or [])
    levels_node = r.get(doc, "levels", "", (dict,)) or {}
    r.source(levels_node, "levels")
    levels = []
    for i, t in enumerate(levels_node.get("tiers") or []):
        if isinstance(t, dict) and isinstance(t.get("name"), str) and isinstance(t.get("min"), (int, float)):
            levels.append((t["name"], float(t["min"])))
        else:
            r.fail(levels_node, "tiers", f"levels.tiers[{i}]", "应为 {name, min}")
    not_counted = r.cited(levels_node, "not_counted_below", "levels")
    elim = r.get(levels_node, "elimination", "levels", (dict,)) or {}
    r.source(elim, "levels.elimination")
    commission = r.get(doc, "commission", "", (dict,)) or {}
    r.source(commission, "commission")
    notes["commission"] = str(commission.get("note") or "")
    bonus = r.get(doc, "bonus", "", (dict,)) or {}
    r.source(bonus, "bonus")
    bonus_pool = r.cited(bonus, "pool", "bonus")
    default_target = r.cited(doc, "default_target", "")
    missing_points = doc.get("missing_points", 0)
    commission_tiers = r.tiers(commission, "commission", "rate")

    # ---- rule_map.yaml
    r.file = str(directory / "rule_map.yaml")
    doc = docs["rule_map.yaml"] or {}
    mapping = r.get(doc, "mapping", "", (dict,)) or {}
    norm_map = _mappings(r, r.get(mapping, "norms", "mapping", (dict,)) or {}, items, "mapping.norms")
    for norm in norm_map:
        if norm not in NORMS:
            r.fail(mapping["norms"], norm, f"mapping.norms.{norm}", f"未知的规范；允许：{', '.join(NORMS)}")
    rule_map = _mappings(r, r.get(mapping, "overrides", "mapping", (dict,), required=False) or {}, items,
                         "mapping.overrides")
    occurrence = doc.get("occurrence", "message_norm")
    if occurrence not in ("message_norm", "finding"):
        r.fail(doc, "occurrence", "occurrence", "允许：message_norm（同一条消息同一规范计一次）、finding（每处问题都计）")
    counted = tuple(doc.get("counted_levels") or LEVELS)
    if any(level not in LEVELS for level in counted):
        r.fail(doc, "counted_levels", "counted_levels", f"允许：{', '.join(LEVELS)}")

    return Scheme(
        base=int(base or 0), cap=int(cap or 0), floor=int(floor or 0),
        discretionary=(int(disc.get("min", 0)), int(disc.get("max", 0))),
        dismissal_demerits=int(demerits or 0), dispute_window_days=float(window or 0),
        yuan_per_point=float(salary.get("yuan_per_point", 0)), points_per_grade=int(salary.get("points_per_grade", 0)),
        exam_fail_below=float(fail.get("value", 0)), exam_fail_item=str(fail.get("item")),
        exam_full_item=str(full.get("item")), items=items, kpis=kpis,
        missing_points=float(missing_points or 0), default_target=float(default_target or 0),
        levels=levels, not_counted_below=float(not_counted or 0),
        elimination_below=float(elim.get("below", 0)), elimination_months=int(elim.get("months", 0)),
        commission=commission_tiers,
        promotion_factor=float(commission.get("promotion_factor", 1)),
        bonus_pool=float(bonus_pool or 0),
        norm_map=norm_map, rule_map=rule_map, counted_levels=counted, occurrence=str(occurrence), version=version, notes=notes,
    )


def _items(r: _Reader, node: dict) -> dict[str, Item]:
    out = {}
    for code, raw in node.items():
        fld = f"items.{code}"
        if not isinstance(code, str) or code[:1] not in GROUPS or not code[1:].isdigit():
            r.fail(node, code, fld, "条目代码应为 A/B/C/P 加序号，如 A13、P2")
            continue
        if not isinstance(raw, dict):
            r.fail(node, code, fld, "应为映射 {title, points, per, source}")
            continue
        title = r.get(raw, "title", fld, (str,))
        pts = raw.get("points")
        if isinstance(pts, int) and not isinstance(pts, bool):
            low = high = pts
        elif isinstance(pts, list) and len(pts) == 2 and all(isinstance(p, int) for p in pts) and pts[0] <= pts[1]:
            low, high = pts
        else:
            r.fail(raw, "points" if "points" in raw else None, f"{fld}.points", "应为整数或 [下限, 上限]")
            continue
        auto = raw.get("auto")
        if auto is not None and auto not in AUTO:
            r.fail(raw, "auto", f"{fld}.auto", f"允许：{', '.join(AUTO)}")
        sources = r.source(raw, fld)
        out[code] = Item(code=code, title=str(title or ""), low=low, high=high, per=str(raw.get("per", "次")),
                         source=sources[0] if sources else "", demerit=bool(raw.get("demerit", False)),
                         dismissal=bool(raw.get("dismissal", False)), auto=auto,
                         auto_points=raw.get("auto_points"))
    return out


def _kpis(r: _Reader, node: list) -> list[Kpi]:
    out = []
    for _, fld, raw in r.entries(node, "kpis"):
        key, name = r.get(raw, "key", fld, (str,)), r.get(raw, "name", fld, (str,))
        better = r.get(raw, "better", fld, (str,))
        if better not in ("higher", "lower", None):
            r.fail(raw, "better", f"{fld}.better", "应为 higher 或 lower")
        weight = r.number(raw, "weight", fld)
        tiers = r.tiers(raw, fld)
        sources = r.source(raw, fld)
        known = {"key", "name", "formula", "unit", "better", "weight", "tiers", "source", "note"}
        out.append(Kpi(key=str(key), name=str(name), formula=str(raw.get("formula", "")), unit=str(raw.get("unit", "")),
                       better=str(better), weight=float(weight or 0), tiers=tiers, sources=sources,
                       note=str(raw.get("note") or ""), options={k: v for k, v in raw.items() if k not in known}))
    total = sum(k.weight for k in out)
    if out and abs(total - 100) > 1e-9:
        r.fail(node, None, "kpis", f"权重合计应为 100，实际为 {total:g}")
    return out


def _mappings(r: _Reader, node: dict, items: dict, fld: str) -> dict[str, Mapping]:
    out = {}
    for key, raw in node.items():
        where = f"{fld}.{key}"
        if not isinstance(raw, dict):
            r.fail(node, key, where, "应为映射 {item, points, basis, note}")
            continue
        item = raw.get("item")
        if item not in items or items[item].bonus:
            r.fail(raw, "item" if "item" in raw else None, f"{where}.item", "应为 items 中的一个扣分条目代码（A/B/C）")
            continue
        points = raw.get("points", "item")
        if points not in ("item", "rule") and not isinstance(points, int):
            r.fail(raw, "points", f"{where}.points", "应为 item、rule 或整数分值")
            continue
        basis = raw.get("basis")
        if basis not in ("seed", "project"):
            r.fail(raw, "basis" if "basis" in raw else None, f"{where}.basis",
                   "应为 seed（手册明确规定）或 project（手册未定价，本项目的选择）")
        out[str(key)] = Mapping(item=item, points=points, basis=str(basis), note=str(raw.get("note") or ""))
    return out
