"""`template_campaign`: a campaign template (kind: campaign, or wording that names a
campaign) must carry an expiry date, or it outlives the campaign."""
from .template_base import TemplateHit, parse_example  # noqa: F401
from .base import Field, field_map

KIND = "template_campaign"
SCOPE = "template"
DESCRIPTION = "活动话术（kind: campaign，或提到活动的文字）必须写有效期"
FIELDS = field_map((
    Field("patterns", list, required=True, doc="regexes on the normalised text that name a campaign", item_type=str),
))


class Detector:
    scope = SCOPE

    def __init__(self, patterns):
        self.patterns = patterns

    def check(self, template, ctx):
        if template.expires is not None:
            return
        if template.kind == "campaign":
            yield TemplateHit(field="kind", detail="标为活动话术（kind: campaign），但没有写有效期 expires")
            return
        folded = ctx.folded(template.text)
        for pattern in self.patterns:
            match = pattern.search(folded)
            if match:
                yield TemplateHit(match.start(), match.end(),
                                  detail=f"提到活动（{template.text[match.start():match.end()]}），但没有写有效期 expires")
                return


def build(options: dict, compile_regex, normalise_phrase) -> Detector:
    return Detector(tuple(compile_regex(p) for p in options["patterns"]))
