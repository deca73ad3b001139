"""Transcripts in and out of the ledger: canonical JSON, compressed, hashed; finding ids."""
from __future__ import annotations

import hashlib
import json
import zlib
from datetime import date, datetime

from ..conversation import chat_interval  # noqa: F401 - stored with each chat
from ..model import Finding, Transcript


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def transcript_document(t: Transcript) -> dict:
    """The transcript in the canonical format (shared/spec/transcript-format.md)."""
    doc = {"id": t.id, "agent": t.agent, "channel": t.channel}
    if t.customer is not None:
        doc["customer"] = t.customer
    for key, value in (("started_at", t.started_at), ("service_at", t.service_at)):
        if value is not None:
            doc[key] = _when(value)
    if t.tags:
        doc["tags"] = list(t.tags)
    if t.outcome:
        doc["outcome"] = dict(t.outcome)
    messages = []
    for m in t.messages:
        item = {"from": m.role, "text": m.text}
        if m.at is not None:
            item["at"] = _when(m.at)
        if m.speaker is not None:
            item["speaker"] = m.speaker
        messages.append(item)
    doc["messages"] = messages
    for key, value in t.extra.items():
        doc.setdefault(key, value)
    return doc


def _default(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def canonical_json(doc: dict) -> bytes:
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_default).encode()


def encode_transcript(t: Transcript) -> tuple[bytes, str]:
    """(compressed content, content hash)."""
    raw = canonical_json(transcript_document(t))
    return zlib.compress(raw, 9), hashlib.sha256(raw).hexdigest()


def decode_transcript(blob: bytes) -> Transcript:
    from ..loaders.canonical import parse_record
    data = json.loads(zlib.decompress(blob))
    transcript, problems = parse_record(data)
    if transcript is None:      # cannot happen for what we stored; keep the reason if it does
        raise ValueError("台账中的会话无法还原：" + "；".join(reason for _, reason in problems))
    transcript.origin = "ledger"
    return transcript


def customer_key(t: Transcript) -> str:
    who = t.customer or f"transcript:{t.id}"
    return hashlib.sha256(who.encode()).hexdigest()[:16]


def finding_ids(transcript_id: str, findings: list[Finding]) -> list[str]:
    """Stable ids: the same words drawing the same rule at the same place get the same id,
    whatever run records them. A repeat within one transcript gets a suffix."""
    out, seen = [], {}
    for f in findings:
        span = f"{f.span[0]}-{f.span[1]}" if f.span else ""
        key = f"{transcript_id}\x1f{f.rule}\x1f{f.message}\x1f{span}\x1f{f.text}"
        n = seen.get(key, 0)
        seen[key] = n + 1
        if n:
            key += f"\x1f{n}"
        out.append("F-" + hashlib.sha256(key.encode()).hexdigest()[:10])
    return out


def round_waits(t: Transcript) -> list[float]:
    from ..conversation import rounds
    if not t.timed:
        return []
    waits = (r.wait(t.messages) for r in rounds(t.messages))
    return [round(w, 1) for w in waits if w is not None]
