"""The hand-written near-miss set (eval/handwritten/*.yaml: messages.yaml, batch2.yaml):
short labelled agent messages in context, scored like the development set but with no
real-chat data needed.

Each item becomes one small chat: the customer's round, the judged agent message, the
agent's following messages of the same turn (``next``), then optionally the customer's
reply and the agent's answer to it (``reply``/``after``). Only the judged message is
scored, per (message, norm), with the message-level norms.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from checker.engine import Engine
from checker.model import Message, Transcript
from checker.norms import MESSAGE_LEVEL

from common import HERE
from devscore import Score, score_messages

HANDWRITTEN = HERE / "handwritten"          # a folder of *.yaml files, or one file
DATASET = "hand"
KEYS = {"customer", "agent", "next", "reply", "after", "norms", "note"}
TARGET_PRECISION = 0.95
TARGET_RECALL = 0.90


def load_items(path: Path = HANDWRITTEN) -> list[tuple[str, dict]]:
    """(id, item) of every item of the file, or of every *.yaml file of the folder."""
    path = Path(path)
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    out = []
    for file in files:
        for number, item in enumerate(_items_of(file), 1):
            out.append((f"{file.stem}-{number:03d}", item))
    return out


def _items_of(path: Path) -> list[dict]:
    items = yaml.safe_load(Path(path).read_text(encoding="utf-8"))["items"]
    for number, item in enumerate(items, 1):
        unknown = set(item) - KEYS
        if unknown or not isinstance(item.get("agent"), str) or not isinstance(item.get("norms"), list):
            raise ValueError(f"{path} 第 {number} 项格式不对（未知字段 {sorted(unknown)} 或缺少 agent/norms）")
        bad = [n for n in item["norms"] if n not in MESSAGE_LEVEL]
        if bad:
            raise ValueError(f"{path} 第 {number} 项的规范 {bad} 不是消息级规范")
    return items


def _as_list(value) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def transcript_of(item_id: str, item: dict) -> tuple[Transcript, int]:
    """The chat of one item and the index of its judged message."""
    roles = [("customer", t) for t in _as_list(item.get("customer"))]
    judged = len(roles)
    roles.append(("agent", item["agent"]))
    roles += [("agent", t) for t in _as_list(item.get("next"))]
    roles += [("customer", t) for t in _as_list(item.get("reply"))]
    roles += [("agent", t) for t in _as_list(item.get("after"))]
    messages = [Message(i, role, text) for i, (role, text) in enumerate(roles)]
    return Transcript(id=item_id, agent="example", messages=messages), judged


def evaluate(policy, path: Path = HANDWRITTEN) -> tuple[Score, dict, dict]:
    """Score the rule base on the set: (score, transcripts by key, rules by (key, norm))."""
    engine = Engine(policy)
    gold, predicted, transcripts, rules_at = {}, {}, {}, {}
    for item_id, item in load_items(path):
        transcript, judged = transcript_of(item_id, item)
        key = (DATASET, transcript.id, judged)
        transcripts[(DATASET, transcript.id)] = transcript
        gold[key] = set(item["norms"])
        found = set()
        for finding in engine.check(transcript, conversation=False).findings:
            if finding.message == judged and finding.norm in MESSAGE_LEVEL:
                found.add(finding.norm)
                rules_at.setdefault((DATASET, transcript.id, judged, finding.norm), set()).add(finding.rule)
        predicted[key] = found
    return score_messages(gold, predicted, MESSAGE_LEVEL), transcripts, rules_at
