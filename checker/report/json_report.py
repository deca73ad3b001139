"""JSON output: a contract. Streamed, one transcript at a time, so memory stays flat."""
from __future__ import annotations

import json

from ..privacy import mask_id, mask_name, mask_text
from . import excerpt


def transcript_dict(result) -> dict:
    t = result.transcript
    findings = []
    for f in result.findings:
        item = f.to_dict()
        if item.get("text"):
            item["text"] = mask_text(item["text"], t.customer)
        if f.message is not None:
            text, _, _ = excerpt(t.messages[f.message].text, f.span)
            item["excerpt"] = mask_text(text, t.customer)
        findings.append(item)
    out = {
        "id": mask_id(t.id), "agent": t.agent, "customer": mask_name(t.customer), "channel": t.channel,
        "messages": len(t.messages), "score": result.score, "policy_version": result.policy_version,
        "judged_on": result.judged_on, "findings": findings,
    }
    if result.metrics:
        out["metrics"] = result.metrics
    return out


# json.dumps(…, ensure_ascii=False) builds a new encoder on every call; one is enough
_encode = json.JSONEncoder(ensure_ascii=False).encode


def render(result) -> str:
    """One transcript's JSON text, as it appears in the report."""
    return _encode(transcript_dict(result))


class JsonReporter:
    def __init__(self, stream):
        self.stream = stream
        self.first = True

    def start(self, policy) -> None:
        head = {"tool": "kefu", "policy": {"version": policy.version, "rules": len(policy.rules)}}
        self.stream.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "transcripts": [\n')

    def transcript(self, result) -> None:
        self.fragment(render(result))

    def fragment(self, text: str) -> None:
        """A transcript already rendered by `render` (in a worker process)."""
        if not self.first:
            self.stream.write(",\n")
        self.first = False
        self.stream.write(text)

    def finish(self, summary) -> None:
        errors = [e.to_dict() for e in summary.errors]
        self.stream.write("\n], \"errors\": " + json.dumps(errors, ensure_ascii=False)
                          + ", \"summary\": " + json.dumps(summary.to_dict(), ensure_ascii=False) + "}\n")
