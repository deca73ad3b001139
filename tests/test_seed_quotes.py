"""Each rule's source quote must really be in the seed it cites."""
from __future__ import annotations

import re

import pytest

from checker.normalize import normalise
from checker.policy import load_policy
from conftest import ROOT, SEEDS

POLICY = load_policy(ROOT / "policies")


PINYIN = re.compile(r"\([a-z\u00e0-\u01dc]+\)")   # the 004 page interleaves readings: 应(yīng)


def _squash(text: str) -> str:
    text = PINYIN.sub("", normalise(text, fold_case=True))
    return re.sub(r"[\s\"'“”「」『』《》、,，.。:：;；()（）!?]", "", text)


@pytest.mark.parametrize("rule", POLICY.rules, ids=lambda r: r.id)
def test_quote_is_in_seed(rule):
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    seed = next(SEEDS.glob(f"{rule.source.seed}_*.txt"))
    assert _squash(rule.source.quote) in _squash(seed.read_text(encoding="utf-8")), rule.source.quote
