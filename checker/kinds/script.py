"""`script`: the agent's messages must contain the script's parts, in order (the phone
follow-up script: introduce yourself and the company, confirm the customer, ask about
satisfaction, thank and say goodbye)."""
from ..patterns import regex_problem
from .base import Field, field_map
from .conversation_base import (ConversationCandidate, ConversationDetector, build_matcher,
                                matcher_problems)

KIND = "script"
SCOPE = "conversation"
DESCRIPTION = "客服的话必须按顺序包含话术的各个部分"
FIELDS = field_map((
    Field("parts", list, required=True, doc="ordered list of {name, phrases, patterns}"),
    Field("channels", list, ["phone"], doc="channels the rule applies to", item_type=str),
))


def validate(options):
    problems = []
    for i, part in enumerate(options["parts"]):
        if not isinstance(part, dict) or not isinstance(part.get("name"), str):
            problems.append((f"parts[{i}]", "每个部分应为映射 {name, phrases, patterns}"))
            continue
        body = {k: v for k, v in part.items() if k != "name"}
        problems += matcher_problems(f"parts[{i}]", body, lambda p: regex_problem(p, False))
    if not options["parts"]:
        problems.append(("parts", "至少需要一个部分"))
    return problems


class Detector(ConversationDetector):
    def __init__(self, options, parts):
        super().__init__(options)
        self.parts = parts          # [(name, Matcher)]

    def evaluate(self, view):
        agents = view.agent_indices()
        position = (0, 0)           # (agent message number, offset) where the next part may start
        missing = []
        for name, matcher in self.parts:
            found = None
            for n in range(position[0], len(agents)):
                text = view.folded[agents[n]]
                offset = position[1] if n == position[0] else 0
                span = matcher.find(text[offset:])
                if span is not None:
                    found = (n, offset + span[1])
                    break
            if found is None:
                missing.append(name)
            else:
                position = found
        if missing:
            yield ConversationCandidate(view.first_agent(), details={"missing_parts": missing})


def build(options, compile_regex, normalise_phrase):
    parts = [(p["name"], build_matcher({k: v for k, v in p.items() if k != "name"}, compile_regex, normalise_phrase))
             for p in options["parts"]]
    return Detector(options, parts)
