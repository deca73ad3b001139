"""`template_duplicate`: two templates with the same 快捷编码 (the second one is reported)."""
from .template_base import TemplateHit, parse_example  # noqa: F401
from .base import Field, field_map

KIND = "template_duplicate"
SCOPE = "template"
DESCRIPTION = "快捷编码重复"
FIELDS = field_map((
    Field("across_files", bool, True, doc="codes must be unique across all files of one run (else per file)"),
))


class Detector:
    scope = SCOPE

    def __init__(self, across_files: bool):
        self.across_files = across_files

    def check(self, template, ctx):
        if not template.code:
            return
        key = template.code.strip().lower()
        if not self.across_files:
            key = (template.file, key)
        first = ctx.codes.setdefault((KIND, key), template)
        if first is not template:
            where = f"{first.file}:{first.line}" if first.file != template.file else f"第 {first.line} 行"
            yield TemplateHit(field="code", detail=f"快捷编码 {template.code} 已在 {where} 用过")


def build(options: dict, compile_regex, normalise_phrase) -> Detector:
    return Detector(options["across_files"])
