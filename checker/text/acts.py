"""The customer's side read as acts: is the open round a question or a request?"""
from __future__ import annotations

from .lexicon import ACKNOWLEDGEMENT, ASKS_BACK, HOW_TO, QUESTION, REQUEST


def is_question(text: str) -> bool:
    return bool(QUESTION.search(text))


def asks_back(text: str) -> bool:
    """An agent message that asks the customer something (请问是什么原因呢？), not one that
    only contains a question word in a statement (您看一下是否在余额里呢)."""
    return bool(ASKS_BACK.search(text))


def asks_how_to(round_text: str) -> bool:
    """The customer's open round asks how or where to look something up or do a step (在哪里看物流)."""
    return bool(HOW_TO.search(round_text))


def is_request(text: str) -> bool:
    return bool(REQUEST.search(text))


def is_acknowledgement(text: str) -> bool:
    """Only courtesies and acknowledgements (好的, 谢谢, 嗯嗯 …), or nothing at all."""
    return not text.strip() or bool(ACKNOWLEDGEMENT.fullmatch(text.strip()))


def asks(round_text: str) -> bool:
    """The customer's open round (all its messages) asks a question or makes a request:
    explicitly (吗, 能不能, 帮我…), or implicitly by telling a problem or a wish. Only a
    round of courtesies and acknowledgements asks nothing."""
    lines = [line for line in round_text.split("\n") if line.strip()]
    return any(is_question(line) or is_request(line) or not is_acknowledgement(line) for line in lines)
