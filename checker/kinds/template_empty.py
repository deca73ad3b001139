"""`template_empty`: a template without text."""
from .template_base import TemplateHit, parse_example  # noqa: F401
from .base import field_map

KIND = "template_empty"
SCOPE = "template"
DESCRIPTION = "模板内容为空"
FIELDS = field_map(())


class Detector:
    scope = SCOPE

    def check(self, template, ctx):
        if not template.text.strip():
            yield TemplateHit(field="text")


def build(options: dict, compile_regex, normalise_phrase) -> Detector:
    return Detector()
