"""quiz/det.py: the deterministic order the exams are built with must not change when its
computation is made faster (a changed order would change every month's questions)."""
from __future__ import annotations

from quiz.det import digest, keyed_order


def test_keyed_order_is_the_digest_order_of_its_definition():
    items = [f"回复{n}：亲，这款{n % 7}号色有货的呢" for n in range(300)] + ["", "a", "a"]
    expected = sorted(items, key=lambda item: (digest("spot-x", item), item))
    assert keyed_order(items, "spot-x") == expected
    assert keyed_order(items, "other-salt") != expected          # the salt matters


def test_keyed_order_with_a_key_function():
    items = [(n, f"文本{n}") for n in range(50)]
    expected = sorted(items, key=lambda item: (digest(7, item[1]), item[1]))
    assert keyed_order(items, 7, key=lambda item: item[1]) == expected
