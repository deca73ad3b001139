"""Value objects of `kefu lint`: templates, waivers, findings and the run's result.

Every position is 1-based (line, column), columns counted in characters (code points).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from ..model import Finding, level_at_least

if TYPE_CHECKING:
    from .positions import Anchor

TEMPLATE_KINDS = {"welcome": "欢迎语", "campaign": "活动话术"}
FIELD_NAMES = {"code": "快捷编码", "group": "分组", "text": "短语内容", "kind": "类型",
               "expires": "有效期至", "waive": "豁免"}


@dataclass(slots=True, frozen=True)
class InputError:
    """A file, or an entry of it, that could not be read: reported, skipped, exit code 2."""
    file: str
    line: int                         # 0 when the whole file is meant
    column: int
    reason: str                       # in Chinese, says how to fix it

    @property
    def location(self) -> str:
        if not self.line:
            return ""
        return f"第 {self.line} 行第 {self.column} 列" if self.column else f"第 {self.line} 行"

    def to_dict(self) -> dict:
        return {"file": self.file, "line": self.line or None, "column": self.column or None,
                "location": self.location, "error": self.reason}

    def __str__(self) -> str:
        where = ":".join(str(x) for x in (self.file, self.line, self.column) if x)
        return f"{where}: {self.reason}"


@dataclass(slots=True, frozen=True)
class Waiver:
    """`waive: {rule, reason}`, `# kefu: disable=RULE reason`, or a 备注 cell."""
    rule: str
    reason: str
    line: int
    column: int


@dataclass(slots=True)
class Template:
    file: str
    index: int                        # 0-based position in its file
    text: str
    line: int                         # where the entry starts
    column: int
    code: str | None = None
    group: str | None = None
    kind: str | None = None           # welcome | campaign | None
    expires: date | None = None
    waivers: list[Waiver] = field(default_factory=list)
    fields: dict[str, tuple[int, int]] = field(default_factory=dict)   # field -> where its value starts
    anchor: Anchor | None = None      # where the text lies in the source, for spans

    def where(self, fld: str = "text") -> tuple[int, int]:
        return self.fields.get(fld) or (self.line, self.column)

    def locate(self, offset: int) -> tuple[int, int]:
        """The file position of the character at ``offset`` in the text."""
        if self.anchor is not None:
            found = self.anchor.locate(self.text, offset)
            if found is not None:
                return found
        return self.where("text")

    @property
    def name(self) -> str:
        """How a person names the template: its code, else its place in the file."""
        return self.code if self.code else f"#{self.index + 1}"


@dataclass(slots=True)
class LintFinding:
    finding: Finding                  # rule, norm, span (in the text), level, reason …
    line: int
    column: int
    end_line: int
    end_column: int                   # exclusive
    detail: str = ""                  # what exactly is wrong in this template, when the rule says more
    waived: bool = False
    waiver_reason: str = ""

    @property
    def rule(self) -> str:
        return self.finding.rule

    @property
    def level(self) -> str:
        return self.finding.level

    def fails(self, threshold: str | None) -> bool:
        return not self.waived and threshold is not None and level_at_least(self.level, threshold)

    @property
    def explanation(self) -> str:
        return self.detail or self.finding.reason


@dataclass(slots=True)
class TemplateResult:
    template: Template
    findings: list[LintFinding]


@dataclass
class LintSummary:
    files: int = 0
    templates: int = 0
    flagged: int = 0                  # templates with at least one finding
    findings: int = 0
    waived: int = 0
    by_level: dict[str, int] = field(default_factory=dict)      # not counting waived findings
    by_rule: dict[str, int] = field(default_factory=dict)       # waived included
    errors: list[InputError] = field(default_factory=list)
    failing: int = 0                  # findings at or above --fail-on, not waived

    def add(self, result: TemplateResult, threshold: str | None) -> None:
        self.templates += 1
        if result.findings:
            self.flagged += 1
        for f in result.findings:
            self.findings += 1
            self.by_rule[f.rule] = self.by_rule.get(f.rule, 0) + 1
            if f.waived:
                self.waived += 1
            else:
                self.by_level[f.level] = self.by_level.get(f.level, 0) + 1
            if f.fails(threshold):
                self.failing += 1

    def to_dict(self) -> dict:
        return {"files": self.files, "templates": self.templates, "flagged": self.flagged,
                "findings": self.findings, "waived": self.waived, "by_level": self.by_level,
                "by_rule": self.by_rule, "failing": self.failing, "skipped": len(self.errors)}


@dataclass
class LintRun:
    """Everything an outputter renders."""
    policy_version: str
    rules: list                       # the Rule objects that ran (message and template), plus meta rules
    as_of: date
    threshold: str | None             # --fail-on, None for never
    results: list[TemplateResult]
    summary: LintSummary
    files: list[str] = field(default_factory=list)
