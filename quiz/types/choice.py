"""Shared by the multiple-choice builders: lettered options in a keyed order."""
from __future__ import annotations

from ..det import keyed_order
from ..model import LETTERS, Option, Utterance
from ..context import show


def letter_options(correct: tuple[str, Utterance | None, str], others: list[tuple[str, Utterance | None, str]],
                   salt: str) -> tuple[tuple[Option, ...], str]:
    """(text, utterance, value) items → options in keyed order, and the correct letter."""
    # its own salt: the distractors were picked by the question's salt, and reusing it
    # would put them (the lowest hashes) first and the answer last
    items = keyed_order([correct, *others], f"{salt}/options", key=lambda item: item[0])
    options = tuple(Option(LETTERS[i], text, utt, value) for i, (text, utt, value) in enumerate(items))
    answer = next(o.label for o in options if o.text == correct[0])
    return options, answer


def reply_item(u: Utterance) -> tuple[str, Utterance, str]:
    return show(u), u, ""
