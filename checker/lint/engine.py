"""The lint engine: every message rule and every template rule on each template.

Message rules run through the chat engine (``Engine.check(..., conversation=False)``), all
templates of a run as the agent messages of one synthetic chat: a template is judged
exactly as an agent message with no customer context, and the run pays the engine's
set-up once. Template rules (scope "template") run their detectors on each template.
Then waivers: a finding whose rule a valid waiver names is kept, marked waived; a waiver
that names no known rule or gives no reason becomes an error finding of its own.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone

from ..engine import Engine
from ..model import Finding, Message, Transcript
from ..normalize import normalise
from ..policy import Policy
from .model import LintFinding, Template, TemplateResult, Waiver
from .positions import span_positions

CHINA = timezone(timedelta(hours=8))


def today() -> date:
    """The date of the run where the shops are (China, UTC+8), whatever the CI's clock zone."""
    return datetime.now(CHINA).date()


class _NoSource:
    seed = section = quote = ""

    def cite(self) -> str:
        return ""


@dataclass(frozen=True)
class MetaRule:
    """A finding the lint engine makes itself (not a norm of the rule base)."""
    id: str
    norm: str
    title: str
    message: str
    level: str
    points: int
    suggestion: str
    kind: str = "lint"
    scope: str = "lint"
    source: _NoSource = field(default_factory=_NoSource)


INVALID_WAIVER = MetaRule(
    id="lint-invalid-waiver", norm="quick_reply", title="豁免无效", level="error", points=0,
    message="豁免必须写明一条存在的规则 id 和豁免理由，否则不生效。",
    suggestion="写成 waive: {rule: 规则id, reason: 理由}，或注释 kefu: disable=规则id 理由；规则 id 用 `kefu rules list` 查看。",
)


class Context:
    """What template detectors may read about the run."""

    def __init__(self, as_of: date):
        self.as_of = as_of
        self.codes: dict = {}
        self._folded: tuple[str, str] = ("", "")

    def folded(self, text: str) -> str:
        if self._folded[0] != text:
            self._folded = (text, normalise(text, True))
        return self._folded[1]


class LintEngine:
    def __init__(self, policy: Policy, only: set[str] | None = None, message_engine: Engine | None = None):
        self.policy = policy
        self.engine = message_engine or Engine(policy, only)
        selected = [r for r in policy.rules if only is None or r.id in only]
        self.message_rules = [r for r in selected if r.scope == "message"]
        self.template_rules = [r for r in selected if r.scope == "template"]
        self.known = {r.id for r in policy.rules}

    @property
    def rules(self) -> list:
        """Every rule a finding of this engine can carry, for outputters (SARIF rules)."""
        return self.message_rules + self.template_rules + [INVALID_WAIVER]

    def lint(self, templates: list[Template], as_of: date) -> list[TemplateResult]:
        ctx = Context(as_of)
        by_template: dict[int, list[Finding]] = defaultdict(list)
        if templates and self.message_rules:
            chat = Transcript(id="templates", agent="templates",
                              # one speaker per template: a template is never rescued by the next one
                              messages=[Message(i, "agent", t.text, speaker=f"template-{i}")
                                        for i, t in enumerate(templates)])
            for finding in self.engine.check(chat, conversation=False, one_per_norm=False).findings:
                by_template[finding.message].append(finding)
        results = []
        for i, template in enumerate(templates):
            findings = [self._from_message(template, f) for f in by_template.get(i, ())]
            for rule in self.template_rules:
                for hit in rule.detector.check(template, ctx):
                    findings.append(self._from_hit(template, rule, hit))
            if template.waivers:
                findings += self._apply_waivers(template, findings)
            findings.sort(key=lambda f: (f.line, f.column, f.rule))
            results.append(TemplateResult(template, findings))
        return results

    @staticmethod
    def _from_message(template: Template, finding: Finding) -> LintFinding:
        return LintFinding(replace(finding, message=None), *span_positions(template, finding.span))

    @staticmethod
    def _from_hit(template: Template, rule, hit) -> LintFinding:
        span = (hit.start, hit.end) if hit.start is not None and hit.end is not None else None
        finding = Finding(rule=rule.id, norm=rule.norm, message=None, span=span,
                          text=template.text[span[0]:span[1]] if span else "", level=rule.level,
                          points=rule.points, title=rule.title, reason=rule.message,
                          suggestion=rule.suggestion, source=rule.source.cite())
        return LintFinding(finding, *span_positions(template, span, hit.field), detail=hit.detail)

    def _apply_waivers(self, template: Template, findings: list[LintFinding]) -> list[LintFinding]:
        valid: dict[str, Waiver] = {}
        invalid = []
        for waiver in template.waivers:
            if waiver.rule not in self.known:
                problem = (f"豁免的规则 {waiver.rule} 不存在：用 `kefu rules list` 查看规则 id" if waiver.rule
                           else "豁免没有写规则 id")
            elif not waiver.reason:
                problem = f"豁免 {waiver.rule} 没有写理由：写明为什么这条快捷短语可以例外"
            else:
                valid.setdefault(waiver.rule, waiver)
                continue
            rule = INVALID_WAIVER
            finding = Finding(rule=rule.id, norm=rule.norm, message=None, span=None, text="", level=rule.level,
                              points=rule.points, title=rule.title, reason=rule.message,
                              suggestion=rule.suggestion, source="")
            invalid.append(LintFinding(finding, waiver.line, waiver.column, waiver.line, waiver.column,
                                       detail=problem))
        for f in findings:
            waiver = valid.get(f.rule)
            if waiver is not None:
                f.waived = True
                f.waiver_reason = waiver.reason
        return invalid
