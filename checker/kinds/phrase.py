"""`phrase`: literal phrases in an agent message, minus exceptions."""
from .base import COMMON_FIELDS, Detector, Field, field_map, required_facts

KIND = "phrase"
SCOPE = "message"       # judged on each human agent message
DESCRIPTION = "某个短语出现在客服消息中（可设例外）"
FIELDS = field_map((Field("phrases", list, required=True, doc="literal phrases", item_type=str),), COMMON_FIELDS)


def build(options: dict, compile_regex, normalise_phrase) -> Detector:
    return Detector(
        phrases=tuple(normalise_phrase(p, options["case_sensitive"]) for p in options["phrases"]),
        exceptions=tuple(compile_regex(p) for p in options["exceptions"]),
        unless=tuple(compile_regex(p) for p in options["unless"]),
        case_sensitive=options["case_sensitive"],
        facts=required_facts(options),
    )
