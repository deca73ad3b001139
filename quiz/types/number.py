"""数字填空题: a number of the policy — a parameter in force on the exam month (a
deadline, a threshold, …; any numeric parameter of parameters.yaml, so new ones join
automatically), the points a rule deducts, or the full-mark tier of a monthly KPI
(policies/scoring/kpi.yaml, read through checker.scoring when it is there)."""
from __future__ import annotations

from typing import Iterator

from ..context import BuildContext, explain, rule_name
from ..model import Explanation, Question

TYPE = "number"


def _number(value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return str(int(value)) if float(value).is_integer() else str(value)


def build(ctx: BuildContext) -> Iterator[Question]:
    yield from _parameters(ctx)
    yield from _points(ctx)
    yield from _kpi_tiers(ctx)


def _parameters(ctx: BuildContext) -> Iterator[Question]:
    params = ctx.policy.parameters
    if params is None:
        return
    for name, parameter in params.parameters.items():
        value = parameter.at(ctx.on)
        answer = _number(value.value) if value else None
        if answer is None:
            ctx.reject(TYPE, name, "该参数在本月没有数值取值")
            continue
        users = [r for r in ctx.policy.rules if name in getattr(r.detector, "parameters", lambda: [])()]
        norm = users[0].norm if users else ""
        note = f"（{value.note}）" if value.note else ""
        unit = parameter.unit
        yield Question(
            id=f"num-param-{name}", type=TYPE, norm=norm, family=f"param:{name}",
            stem=f"按现行规定，“{parameter.description}”——这个数值是多少{unit}？", answer=answer, unit=unit,
            rules=tuple(r.id for r in users), policy=ctx.version, source=f"parameters.yaml:{name}",
            explanation=Explanation(title=parameter.description,
                                    message=f"{parameter.description}：{answer} {unit}{note}".strip(),
                                    source=value.source))


def _points(ctx: BuildContext) -> Iterator[Question]:
    for rule in ctx.policy.rules:
        if rule.scope == "template" or rule.points <= 0:
            continue
        yield Question(
            id=f"num-points-{rule.id}", type=TYPE, norm=rule.norm, family=rule.id,
            stem=f"按质检规则，{rule_name(rule)}每出现一次扣几分？",
            answer=str(rule.points), unit="分", rules=(rule.id,), policy=ctx.version,
            source=f"{rule.id}:points",
            explanation=Explanation(title=explain(rule).title,
                                    message=f"{rule.message}每次扣 {rule.points} 分。",
                                    source=rule.source.cite(), suggestion=rule.suggestion))


def _kpi_tiers(ctx: BuildContext) -> Iterator[Question]:
    """The threshold of each KPI's full-mark tier. The KPI's norm is the norm of the same
    key, or of a rule citing the same handbook words; KPIs of no norm (sales figures)
    serve practice and exports, not the exam's norm groups."""
    from pathlib import Path
    directory = Path(ctx.policy.directory) / "scoring"
    if not directory.is_dir():
        return
    try:
        from checker.scoring.scheme_loader import load_scheme
        scheme = load_scheme(directory)
    except Exception as exc:  # noqa: BLE001 - the scoring scheme is optional for the quiz
        ctx.reject(TYPE, "scoring/kpi.yaml", f"读不了计分方案：{exc}")
        return
    from checker.norms import NORMS
    for kpi in getattr(scheme, "kpis", []):
        top = kpi.tiers[0] if kpi.tiers else None
        bound = None if top is None else (top.min if top.min is not None else top.max)
        answer = _number(bound)
        if answer is None:
            ctx.reject(TYPE, f"kpi:{kpi.key}", "满分档没有数值门槛")
            continue
        citing = [r for r in ctx.policy.rules if any(r.source.quote in s for s in kpi.sources)]
        norm = kpi.key if kpi.key in NORMS else (citing[0].norm if citing else "")
        rules = tuple(r.id for r in ctx.policy.rules if norm and r.norm == norm)
        unit = "" if kpi.unit == "%" else kpi.unit
        shown = "%" if kpi.unit == "%" else unit
        ask = f"至少达到多少{shown}" if top.min is not None else f"不超过多少{shown}"
        yield Question(
            id=f"num-kpi-{kpi.key}", type=TYPE, norm=norm, family=f"kpi:{kpi.key}",
            stem=f"月度 KPI“{kpi.name}”（{kpi.formula}）{ask}，这一项才能得 {_number(top.points)} 分？",
            answer=answer, unit=kpi.unit, rules=rules, policy=ctx.version, source=f"scoring/kpi.yaml:{kpi.key}",
            explanation=Explanation(title=f"KPI {kpi.name}",
                                    message=f"{kpi.name}（{kpi.formula}）{'≥' if top.min is not None else '≤'}"
                                            f"{answer}{kpi.unit} 得 {_number(top.points)} 分。{kpi.note}".strip(),
                                    source="；".join(kpi.sources)))
