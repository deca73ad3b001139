"""The question pool is kept between runs as plain JSON beside the rule-base cache; a file
someone else could have written is never read (the pool fixes exam answers), and a
damaged one means building the pool again."""
from __future__ import annotations

import json
import os

import pytest

import quiz.pool as pool_module
from quiz.model import Explanation, Question, Utterance
from quiz.pool import build_pool

MONTH = "2026-11"


def _question(answer: str) -> Question:
    return Question(id="q-1", type="true_false", norm="harsh_language", family="rule", stem="这句回复合规吗？",
                    answer=answer, rules=("harsh-flat-refusal",), policy="v", utterance=Utterance("不行", "能退吗"),
                    explanation=Explanation("标题", "说明", "004 第一条"))


@pytest.fixture
def counted(monkeypatch, tmp_path):
    """A pool of one question whose builds are counted, in a fresh cache directory."""
    monkeypatch.setenv("KEFU_CACHE", str(tmp_path / "cache"))
    builds = []

    def build(ctx):
        builds.append(1)
        return [_question("错")]
    monkeypatch.setattr(pool_module, "BUILDERS", {"true_false": build})
    monkeypatch.setattr(pool_module, "_cache", {})
    return builds


def test_a_second_run_reads_the_pool_instead_of_building_it(policy, counted, tmp_path):
    first = build_pool(policy, MONTH)
    (stored,) = (tmp_path / "cache").glob("pool-*.json")
    assert oct(stored.stat().st_mode & 0o777) == "0o600"
    pool_module._cache.clear()                     # a new process
    second = build_pool(policy, MONTH)
    assert counted == [1]
    assert second.questions == first.questions and second.context.version == first.context.version


@pytest.mark.parametrize("damage", ["others_can_write", "directory_others_can_write", "garbage", "other_key"])
def test_a_pool_file_that_cannot_be_trusted_is_built_again(policy, counted, tmp_path, damage):
    build_pool(policy, MONTH)
    (stored,) = (tmp_path / "cache").glob("pool-*.json")
    data = json.loads(stored.read_text(encoding="utf-8"))
    data["questions"][0]["answer"] = "对"                  # a changed answer key
    if damage == "other_key":
        data["key"] = "('another',)"
    stored.write_text("{not json" if damage == "garbage" else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    if damage == "others_can_write":
        os.chmod(stored, 0o666)
    if damage == "directory_others_can_write":
        os.chmod(stored.parent, 0o777)
    pool_module._cache.clear()
    again = build_pool(policy, MONTH)
    assert counted == [1, 1]
    assert [q.answer for q in again.questions] == ["错"]


def test_every_question_of_the_real_pool_survives_the_round_trip(policy):
    pool = build_pool(policy, MONTH)
    assert pool.questions
    back = [Question.from_dict(json.loads(json.dumps(q.to_dict(), ensure_ascii=False))) for q in pool.questions]
    assert back == pool.questions


def test_only_the_newest_pools_are_kept(policy, counted, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    for n in range(6):
        old = cache / f"pool-old{n}.json"
        old.write_text("{}", encoding="utf-8")
        os.utime(old, (1_000_000 + n, 1_000_000 + n))
    build_pool(policy, MONTH)
    kept = sorted(p.name for p in cache.glob("pool-*.json"))
    assert len(kept) == 4 and "pool-old5.json" in kept and "pool-old0.json" not in kept
