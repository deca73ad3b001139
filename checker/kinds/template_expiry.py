"""`template_expiry`: a template with an expiry date (a campaign's) fails once it has passed."""
from .template_base import TemplateHit, parse_example  # noqa: F401
from .base import field_map

KIND = "template_expiry"
SCOPE = "template"
DESCRIPTION = "带有效期的模板（活动话术）过了有效期仍在使用"
FIELDS = field_map(())


class Detector:
    scope = SCOPE

    def check(self, template, ctx):
        if template.expires is not None and ctx.as_of > template.expires:
            days = (ctx.as_of - template.expires).days
            yield TemplateHit(field="expires",
                              detail=f"有效期至 {template.expires.isoformat()}，已过期 {days} 天"
                                     f"（检查日期 {ctx.as_of.isoformat()}）")


def build(options: dict, compile_regex, normalise_phrase) -> Detector:
    return Detector()
