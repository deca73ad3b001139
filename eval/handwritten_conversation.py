"""Hand-written near-miss chats for the conversation norms (eval/handwritten/conversations/chats.yaml).

Small labelled conversations written for this measurement, kept apart from the rules' own
examples: each names the conversation findings a strict but fair reviewer expects, as
{norm: message index (or a list)}; `{}` is a clean chat. They need no ../shared/data, so
`make eval` and tests/test_handwritten_conversation.py score them anywhere.

    chats:
      - id: greet-address-term
        note: 亲 alone greets
        expect: {}
        conversation:
          - {from: customer, text: 这个有货吗}
          - {from: agent, text: 亲，有货的哦}
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from checker.engine import Engine
from checker.loaders.canonical import parse_record
from checker.model import Transcript

from devscore import Score, score_conversations

DATASET = "hand"


@dataclass
class HandResult:
    score: Score
    transcripts: dict[tuple[str, str], Transcript] = field(default_factory=dict)
    rules_at: dict[tuple, set[str]] = field(default_factory=dict)

    # run_eval prints a HandResult like a Score
    @property
    def per_norm(self):
        return self.score.per_norm

    @property
    def micro(self):
        return self.score.micro

    @property
    def misses(self):
        return self.score.misses

    @property
    def false_alarms(self):
        return self.score.false_alarms

    def to_dict(self) -> dict:
        return self.score.to_dict()


def load_chats(path: Path, norms) -> list[dict]:
    """The chats of the file (or of every .yaml file of a folder, in name order), validated:
    a clear error names the chat and the field; an id may appear once in the whole set."""
    if Path(path).is_dir():
        chats = [chat for file in sorted(Path(path).glob("*.yaml")) for chat in load_chats(file, norms)]
        ids = [chat["id"] for chat in chats]
        duplicated = sorted({i for i in ids if ids.count(i) > 1})
        if duplicated:
            raise ValueError(f"{path}: 会话 id 重复：{', '.join(duplicated[:5])}")
        return chats
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    chats = data.get("chats") if isinstance(data, dict) else None
    if not isinstance(chats, list):
        raise ValueError(f"{path}: 顶层应为 chats: [...]")
    seen = set()
    for i, chat in enumerate(chats):
        where = f"{path} chats[{i}]"
        if not isinstance(chat, dict) or not isinstance(chat.get("conversation"), list):
            raise ValueError(f"{where}: 应为 {{id, expect, conversation: [...]}}")
        if chat.get("id") in seen or not chat.get("id"):
            raise ValueError(f"{where}: id 缺失或重复")
        seen.add(chat["id"])
        expect = chat.get("expect") or {}
        if not isinstance(expect, dict) or set(expect) - set(norms):
            raise ValueError(f"{where} ({chat['id']}): expect 应为 {{规范: 消息序号}}，规范取自 {', '.join(norms)}")
    return chats


def expected(chat: dict) -> set[tuple[str, str, str, int]]:
    out = set()
    for norm, where in (chat.get("expect") or {}).items():
        for index in where if isinstance(where, list) else [where]:
            out.add((DATASET, chat["id"], norm, int(index)))
    return out


def transcript_of(chat: dict) -> Transcript:
    record = {"id": chat["id"], "agent": "手写客服", "messages": chat["conversation"]}
    record.update({k: chat[k] for k in ("channel", "started_at") if k in chat})
    transcript, problems = parse_record(record)
    if transcript is None:
        raise ValueError(f"手写会话 {chat['id']} 无效：{problems}")
    return transcript


def score_handwritten(path: Path, policy, norms=("greeting", "complaint_apology", "unanswered")) -> HandResult:
    norms = list(norms)
    chats = load_chats(path, ("greeting", "complaint_apology", "unanswered"))
    engine = Engine(policy)
    gold, predicted, result = set(), set(), HandResult(Score({}))
    for chat in chats:
        key = (DATASET, chat["id"])
        transcript = result.transcripts[key] = transcript_of(chat)
        gold |= expected(chat)
        for f in engine.check(transcript).findings:
            result.rules_at.setdefault((*key, f.message, f.norm), set()).add(f.rule)
            if f.norm in norms:
                predicted.add((*key, f.norm, f.message))
    result.score = score_conversations(gold, predicted, set(result.transcripts), norms)
    return result
