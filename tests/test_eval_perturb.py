"""eval/perturb.py: rewrites a reviewer would not judge differently, and the tally of what they change."""
from __future__ import annotations

import re
import sys

import pytest

from conftest import ROOT, needs_data

sys.path.insert(0, str(ROOT / "eval"))
import perturb  # noqa: E402

from checker.model import Message, Transcript  # noqa: E402


@pytest.mark.parametrize("name, text, variant", [
    ("final_particle", "不支持的哦", "不支持的呢"),
    ("final_particle", "不支持", "不支持哦"),
    ("final_particle", "明天吧", None),              # 明天吧哦: nobody writes it
    ("final_particle", "能到吗?", None),            # a question keeps its ending
    ("drop_particle", "我们应该的哦", "我们应该的"),   # 的 stays
    ("address_word", "是的", "亲爱的，是的"),
    ("address_word", "亲 是的", "是的"),
    ("address_suffix", "这边看当地快递的", "这边看当地快递的亲"),
    ("emoticon", "可以的", "可以的#E-s[数字x]"),
    ("pronoun", "帮您查", "帮你查"),
    ("comma_space", "好的，帮您查", "好的  帮您查"),
    ("self_reference", "小妹这边没办法", "这边没办法"),
    ("synonym", "这个无法更换", "这个不能更换"),
    ("synonym", "能不能行", None),
    ("cute_spelling", "是的哦", "是滴哦"),
    ("tilde", "好的。", "好的~"),
    ("nickname", "小妹帮您查", "小美帮您查"),
    ("current_adverb", "这个不支持的哦", "这个目前不支持的哦"),
    ("current_adverb", "小妹真没办法", None),         # 真目前没办法: nobody writes it
    ("copula", "不会的", "是不会的"),
    ("copula", "这个不支持的哦", "这个是不支持的哦"),
    ("copula", "这个预约商品就加不了的哦", None),   # 不 inside a verb (加不了): no 是 there
    ("copula", "这边是不退的哦", "这边不退的哦"),
    ("half_width", "好的，在吗？", "好的,在吗?"),
    ("customer_please", "能发顺丰吗", "请问能发顺丰吗"),
    ("customer_please", "请问，能发顺丰吗", "能发顺丰吗"),
    ("customer_please", "你好 能发顺丰吗", None),
    ("customer_please", "那怎么办呢", None),           # a follow-up, and 呢 is no yes/no question
    ("customer_please", "只可以退?", None),
])
def test_each_rewrite_changes_only_the_surface(name, text, variant):
    assert perturb.REWRITES[name][1](text) == variant


def test_every_rewrite_is_described_in_chinese():
    assert all(any("\u4e00" <= c <= "\u9fff" for c in text) for text, _ in perturb.REWRITES.values())


class FakeEngine:
    """Finds harsh_language in any message containing 不行, and nothing else."""

    def check(self, transcript, conversation=True):
        class Result:
            findings = [type("F", (), {"message": m.index, "norm": "harsh_language"})()
                        for m in transcript.messages if m.role == "agent" and "不行" in m.text]
        return Result()


def test_measure_counts_a_lost_violation_and_a_gained_false_alarm(monkeypatch):
    monkeypatch.setitem(perturb.REWRITES, "swap", ("换", lambda t: t.replace("不行", "不可以") if "不行" in t else t + "不行"))
    chat = Transcript(id="t", agent="a", messages=[Message(0, "customer", "能退吗"), Message(1, "agent", "不行"),
                                                  Message(2, "customer", "好吧"), Message(3, "agent", "好的")])
    gold = {("jddc", "t", 1): {"harsh_language"}, ("jddc", "t", 3): set()}
    table = perturb.measure(FakeEngine(), {("jddc", "t"): chat}, gold, ["swap"])["swap"]
    assert (table["tried"], table["violations"], table["lost"], table["clean"], table["gained"]) == (2, 1, 1, 1, 1)
    assert [case[3] for case in table["cases"]] == [["harsh_language"], []]


def test_skips_without_data(tmp_path, capsys):
    assert perturb.main(["--data", str(tmp_path)]) == 0
    assert "跳过" in capsys.readouterr().out


def test_on_the_real_chats_the_rules_read_the_surface_forms(capsys):
    needs_data("jddc2019", "jddc2019.jsonl")
    # the instrument itself on the labelled real messages: address words, 你/您, 滴 and emoticon codes lose nothing
    assert perturb.main(["--labels", str(ROOT / "eval" / "devset.tsv"), "--rewrite", "address_word",
                         "--rewrite", "pronoun", "--rewrite", "cute_spelling"]) == 0
    out = capsys.readouterr().out
    assert "合计：丢失 0，新增误报 0" in out


class FakeSessionEngine:
    """Finds `unanswered` at every customer line that ends in 啊, and nothing else."""

    def check(self, transcript, conversation=True):
        class Result:
            findings = [type("F", (), {"message": m.index, "norm": "unanswered"})()
                        for m in transcript.messages if m.role == "customer" and m.text.endswith("啊")]
        return Result()


def test_sessions_mode_rewrites_every_customer_line_and_compares_the_conversation_findings():
    chat = Transcript(id="s", agent="a", messages=[Message(0, "customer", "能退吗"), Message(1, "agent", "可以"),
                                                  Message(2, "customer", "好的"), Message(3, "customer", "谢谢啊")])
    table = perturb.measure_sessions(FakeSessionEngine(), {("jddc", "s"): chat}, {("jddc", "s"): {("unanswered", 3)}},
                                     ["trailing_a"])["trailing_a"]
    # 好的 → 好的啊 gains an unlabelled finding at 2; 能退吗 is a question and 谢谢啊 already ends in 啊
    assert (table["tried"], table["lost"], table["gained"]) == (1, 0, 1)
    assert table["cases"][0][0] == ("jddc", "s", 2) and table["cases"][0][4] == ["unanswered@2"]


def test_sessions_mode_on_the_real_chats_reads_trailing_particles(capsys):
    # 暂不用了啊 still closes, 醉啊 is still exasperation (2026-12-05: lost 1, gained 3 before; now lost 0 and
    # the two gains left are reproachful questions with 啊 the rules read as complaints, left as a judgement call)
    needs_data("jddc2019", "jddc2019.jsonl")
    assert perturb.main(["--sessions", "--rewrite", "trailing_a"]) == 0
    out = capsys.readouterr().out
    lost, gained = map(int, re.search(r"合计：丢失 (\d+)，新增误报 (\d+)", out).groups())
    assert lost == 0 and gained <= 2, out


def test_handwritten_mode_reads_a_yaml_of_items_without_the_real_data(tmp_path, capsys):
    # a closing 亲 after a word (不清楚亲) hid 698 found violations of the blind hand-written sets (2026-12-05)
    items = tmp_path / "items.yaml"
    items.write_text("items:\n"
                     "  - {customer: 这个怎么装, agent: 不清楚, norms: [harsh_language]}\n"
                     "  - {customer: 这个怎么装, agent: 不确定, norms: [harsh_language]}\n"
                     "  - {customer: 这个怎么装, agent: 亲 您看说明书第三页 有图解的, norms: []}\n", encoding="utf-8")
    assert perturb.main(["--handwritten", str(items), "--rewrite", "address_suffix", "--show", "address_suffix"]) == 0
    out = capsys.readouterr().out
    assert "3 条手写客服消息" in out and "合计：丢失 0，新增误报 0" in out, out


def test_handwritten_mode_names_a_missing_file(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        perturb.main(["--handwritten", str(tmp_path / "nope.yaml")])
    assert exit_info.value.code == 2
    assert "找不到手写样本" in capsys.readouterr().err


def test_handwritten_mode_names_a_malformed_file(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("items: 这不是列表\n", encoding="utf-8")
    assert perturb.main(["--handwritten", str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "读不了" in err
