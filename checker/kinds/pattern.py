"""`pattern`: regular expressions on the normalised agent message, minus exceptions."""
from .base import COMMON_FIELDS, Detector, Field, field_map, required_facts

KIND = "pattern"
SCOPE = "message"       # judged on each human agent message
DESCRIPTION = "正则表达式匹配客服消息（可设例外）"
FIELDS = field_map((Field("patterns", list, required=True, doc="regexes", item_type=str),), COMMON_FIELDS)


def build(options: dict, compile_regex, normalise_phrase) -> Detector:
    return Detector(
        patterns=tuple(compile_regex(p) for p in options["patterns"]),
        exceptions=tuple(compile_regex(p) for p in options["exceptions"]),
        unless=tuple(compile_regex(p) for p in options["unless"]),
        case_sensitive=options["case_sensitive"],
        facts=required_facts(options),
    )
