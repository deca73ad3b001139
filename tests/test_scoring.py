"""The scoring scheme (policies/scoring/) and the pure scoring logic of 004 第三条–第六条, 附件2."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest
from ruamel.yaml import YAML

from checker.normalize import normalise
from checker.policy import PolicyError
from checker.scoring import AgentInputs, Promotion, auto_awards, load_scheme, pick, score_agent
from conftest import ROOT, SEEDS

SCORING = ROOT / "policies" / "scoring"
SCHEME = load_scheme(SCORING)
CHINA = timezone(timedelta(hours=8))
PINYIN = re.compile(r"\([a-z\u00e0-\u01dc]+\)")


def _squash(text: str) -> str:
    text = PINYIN.sub("", normalise(text, fold_case=True))
    return re.sub(r"[\s\"'“”「」『』《》、,，.。:：;；()（）!?]", "", text)


def _sources(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "source":
                for src in value if isinstance(value, list) else [value]:
                    yield f"{path}.source", src
            else:
                yield from _sources(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _sources(value, f"{path}[{i}]")


QUOTES = [(f"{p.name}{where}", src) for p in sorted(SCORING.glob("*.yaml"))
          for where, src in _sources(YAML(typ="safe").load(p.read_text(encoding="utf-8")))]


# ---- the scheme as data --------------------------------------------------------------------

@pytest.mark.parametrize("where,src", QUOTES, ids=[q[0] for q in QUOTES])
def test_every_scheme_quote_is_in_the_seed(where, src):
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    seed = next(SEEDS.glob(f"{src['seed']}_*.txt"))
    assert _squash(str(src["quote"])) in _squash(seed.read_text(encoding="utf-8")), (where, src["quote"])


def test_the_scheme_reads_004():
    s = SCHEME
    assert (s.base, s.cap, s.floor, s.discretionary, s.dismissal_demerits, s.dispute_window_days) == (80, 100, 60, (-5, 5), 2, 1)
    assert len([c for c in s.items if c[0] == "A"]) == 14 and len([c for c in s.items if c[0] == "B"]) == 8
    assert len([c for c in s.items if c[0] == "C"]) == 7 and len([c for c in s.items if c[0] == "P"]) == 14
    assert (s.items["C4"].high, s.items["C4"].demerit) == (10, True) and s.items["C7"].dismissal
    assert (s.items["A13"].low, s.items["A13"].high) == (1, 5) and s.items["B7"].high == 5 and s.items["P2"].high == 5
    assert (s.exam_fail_item, s.exam_full_item, s.exam_fail_below) == ("B7", "P2", 60)


def test_the_kpi_table_is_decoded_with_weights_summing_to_100():
    kpis = {k.key: k for k in SCHEME.kpis}
    assert [k.name for k in SCHEME.kpis] == ["指标完成率", "咨询转化率", "下单成功率", "客单价", "IM回复率", "IM响应时间",
                                             "协助跟进服务", "执行力"]
    assert [k.weight for k in SCHEME.kpis] == [4, 5, 5, 4, 8, 22, 22, 30]
    assert [t.points for t in kpis["target_completion"].tiers] == [100, 85, 70, 55, 40, 25, 10, 0]
    table = {"conversion": [(50, 100), (49.9, 80), (45, 80), (44.9, 60), (40, 60), (39.9, 0)],
             "order_success": [(95, 100), (94, 80), (90, 80), (85, 60), (84.9, 0)],
             "order_value": [(200, 100), (199, 80), (180, 80), (160, 60), (159, 0)],
             "reply_rate": [(98, 100), (97, 80), (95, 80), (92, 60), (91.9, 0)],
             "response_time": [(25, 100), (25.1, 80), (30, 80), (40, 60), (40.1, 0)],
             "followup": [(300, 100), (299, 80), (200, 80), (100, 60), (99, 0)],
             "execution": [(90, 100), (89, 80), (80, 80), (70, 60), (69, 0)],
             "target_completion": [(100, 100), (95, 85), (80, 70), (75, 55), (65, 40), (55, 25), (45, 10), (39, 0)]}
    for key, cases in table.items():
        for value, points in cases:
            assert pick(kpis[key].tiers, value).points == points, (key, value)


def test_every_rule_of_the_rule_base_maps_to_a_deduction(policy):
    assert SCHEME.check_rules(policy.rules) == []
    assert SCHEME.deduction("price-unapproved-change", "price_promise", 10)[0].code == "C4"
    assert SCHEME.deduction("argue-you-are-wrong", "arguing", 10) == (SCHEME.items["C2"], 10)
    item, points = SCHEME.deduction("hedge-seems", "hedging", 1)
    assert (item.code, points) == ("A13", 1)
    assert SCHEME.mapping_for("hedge-seems", "hedging").basis == "project"   # the seed prices nothing here
    assert SCHEME.mapping_for("price-unapproved-change", "price_promise").basis == "seed"


def test_a_broken_scheme_is_refused_with_file_and_line(tmp_path):
    for name in ("daily.yaml", "kpi.yaml", "rule_map.yaml"):
        (tmp_path / name).write_text((SCORING / name).read_text(encoding="utf-8"), encoding="utf-8")
    kpi = (tmp_path / "kpi.yaml").read_text(encoding="utf-8").replace("weight: 30", "weight: 31")
    (tmp_path / "kpi.yaml").write_text(kpi, encoding="utf-8")
    rule_map = (tmp_path / "rule_map.yaml").read_text(encoding="utf-8").replace("{item: C4,", "{item: Z9,")
    (tmp_path / "rule_map.yaml").write_text(rule_map, encoding="utf-8")
    with pytest.raises(PolicyError) as err:
        load_scheme(tmp_path)
    text = str(err.value)
    assert "权重合计应为 100" in text and "kpi.yaml" in text
    assert re.search(r"rule_map\.yaml:\d+:\d+: .*mapping\.norms\.price_promise\.item", text)


# ---- scoring one agent ---------------------------------------------------------------------

def row(tid, outcome=None, channel="im", customer=None, rounds=2, unanswered=0, waits=(10.0, 12.0), day="2026-11-15"):
    return {"id": tid, "channel": channel, "customer_key": customer or tid, "day": day, "outcome": outcome or {},
            "metrics": {"rounds": rounds, "unanswered_rounds": unanswered}, "waits": list(waits)}


def finding(fid, rule="harsh-flat-refusal", norm="harsh_language", points=2, tid="T-1", message=1, span=(0, 2),
            level="error", waiver=None, published="2026-11-15T12:00:00+08:00"):
    return {"id": fid, "transcript_id": tid, "rule": rule, "norm": norm, "points": points, "message": message,
            "span": list(span) if span else None, "text": "不行", "level": level, "title": "t", "reason": "r",
            "source": "s", "suggestion": "g", "details": {}, "published_at": published, "waiver": waiver}


def card(**kw):
    inputs = dict(agent="小美", month="2026-11", chats=[row("T-1")], findings=[])
    inputs.update(kw)
    return score_agent(SCHEME, AgentInputs(**inputs))


def test_a_clean_month_scores_base_80():
    c = card()
    assert (c.daily.score, c.daily.deductions, c.daily.bonus) == (80, 0, 0)
    execution = next(k for k in c.kpis if k.key == "execution")
    assert (execution.value, execution.points, execution.weighted) == (80, 80, 24)


def test_deductions_trace_to_findings_and_waived_ones_do_not_count():
    c = card(findings=[finding("F-1"), finding("F-2", rule="price-private-discount", norm="price_promise", points=10,
                                               message=3, span=(0, 4)),
                       finding("F-3", message=5, waiver={"reason": "复核推翻", "reviewer": None, "waived_at": "x"})])
    lines = {line.ref["finding"]: line for line in c.daily.lines}
    assert (lines["F-1"].code, lines["F-1"].points, lines["F-1"].status) == ("A13", -2, "counted")
    assert (lines["F-2"].code, lines["F-2"].points, lines["F-2"].demerit) == ("C4", -10, True)
    assert lines["F-3"].status == "waived" and c.daily.waived == 1
    assert lines["F-1"].ref["transcript_id"] == "T-1" and lines["F-1"].ref["message"] == 1 and lines["F-1"].ref["text"] == "不行"
    assert (c.daily.deductions, c.daily.score, c.daily.demerits) == (12, 68, 1)
    assert c.daily.salary_yuan == -120      # 第三条 10: 每扣 1 分等于 10 元


def test_overlapping_findings_of_one_norm_count_once():
    c = card(findings=[finding("F-a", rule="blame-your-own-fault", norm="blaming", points=5, span=(0, 5)),
                       finding("F-b", rule="blame-didnt-read", norm="blaming", points=5, span=(1, 8)),
                       finding("F-c", rule="shout-exclamation-run", norm="shouting", points=2, span=(1, 8))])
    status = {line.ref["finding"]: line.status for line in c.daily.lines}
    assert status == {"F-a": "counted", "F-b": "duplicate", "F-c": "counted"}
    assert c.daily.deductions == 7


def test_floor_cap_and_discretionary():
    many = [finding(f"F-{i}", message=i) for i in range(30)]
    assert card(findings=many).daily.score == 60          # 80 - 60 floored at 60 (-20)
    c = card(items=[{"id": 1, "code": "P7", "points": 10, "note": "建议被采纳", "recorded_at": "x"},
                    {"id": 2, "code": "P9", "points": 5, "note": "全勤", "recorded_at": "x"},
                    {"id": 3, "code": "P3", "points": 5, "note": "顶班", "recorded_at": "x"}],
             discretionary={"points": 5, "reason": "双11 表现突出"})
    assert (c.daily.raw, c.daily.score, c.daily.salary_grades) == (105, 100, 4)


def test_exams_below_60_is_b7_and_full_mark_is_a_bonus():
    exams = [{"paper_id": "p1", "score": 29, "max_score": 50, "taken_at": None},     # 58 %
             {"paper_id": "p2", "score": 80, "max_score": 80, "taken_at": None},
             {"paper_id": "p3", "score": 30, "max_score": 50, "taken_at": None}]     # 60 %: neither
    c = card(exams=exams)
    assert [(line.code, line.points, line.ref["paper_id"]) for line in c.daily.lines] == [("B7", -5, "p1"), ("P2", 5, "p2")]
    assert c.daily.score == 80


def test_two_demerits_flag_dismissal_and_c7_too():
    two = [finding("F-1", rule="price-private-discount", norm="price_promise", points=10),
           finding("F-2", rule="price-private-discount", norm="price_promise", points=10, tid="T-2")]
    assert any(f.code == "dismissal" and "记过 2 次" in f.text for f in card(findings=two).flags)
    assert not any(f.code == "dismissal" for f in card(findings=two[:1]).flags)
    c7 = card(items=[{"id": 9, "code": "C7", "points": 0, "note": "兼职他店", "recorded_at": "x"}])
    assert any(f.code == "dismissal" and "C7" in f.text for f in c7.flags)


def test_kpis_from_outcomes_metrics_and_targets():
    chats = [row("T-1", {"ordered": True, "paid": True, "amount": 300}, customer="a"),
             row("T-2", {"ordered": True, "paid": False}, customer="b"),
             row("T-3", {"ordered": False}, customer="c"),
             row("T-4", {"ordered": True, "paid": True, "amount": 100}, customer="a"),     # same customer: one person
             row("T-5", {"ordered": True, "paid": True, "amount": 500, "refunded": True}, customer="d"),
             row("T-6", unanswered=1, customer="e", waits=(40.0,)),
             row("T-7", {"ordered": True, "paid": True, "amount": 200}, channel="phone", customer="f", rounds=0, waits=())]
    c = card(chats=chats, target=2000, followup=250)
    k = {x.key: x for x in c.kpis}
    assert k["conversion"].value == 80.0 and k["conversion"].points == 100        # 4 of 5 persons ordered
    assert k["order_success"].value == 75.0 and k["order_success"].points == 0    # 3 of 4 paid
    assert k["order_value"].value == 400.0                                         # IM, paid, not refunded: 400 / 1
    assert k["target_completion"].value == 30.0 and k["target_completion"].points == 0   # (400 + 200) / 2000
    assert k["reply_rate"].value == 80.0 and k["reply_rate"].points == 0           # IM persons a–e, e unanswered
    waits = [10.0, 12.0] * 5 + [40.0]
    assert k["response_time"].value == round(sum(waits) / len(waits), 1)
    assert (k["followup"].value, k["followup"].points) == (250, 80)
    assert c.total == round(sum(x.points * x.weight / 100 for x in c.kpis), 2)


def test_missing_data_scores_nothing_and_says_so():
    c = card(chats=[])
    k = {x.key: x for x in c.kpis}
    assert k["conversion"].value is None and k["conversion"].tier == "无数据" and k["conversion"].points == 0
    assert k["target_completion"].inputs["计划销售额"] == 10000      # 1w/人 by default


@pytest.mark.parametrize("total,level,rate", [(100, "高级客服", 3), (95.5, "高级客服", 3), (95, "高级客服", 2),
                                              (90, "高级客服", 2), (89.9, "中级客服", 2), (85, "中级客服", 2),
                                              (84.9, "中级客服", 1), (80, "中级客服", 1), (79, "初级客服", 1),
                                              (70, "初级客服", 1), (69.9, None, 0), (0, None, 0)])
def test_level_and_commission_bands(total, level, rate):
    from checker.scoring.card import level_for, rate_for
    assert level_for(SCHEME, total) == level and rate_for(SCHEME, total) == rate


def test_commission_is_halved_during_promotions_and_bonus_is_total_percent():
    chats = [row("T-1", {"ordered": True, "paid": True, "amount": 1000}, day="2026-11-20"),
             row("T-2", {"ordered": True, "paid": True, "amount": 1000}, day="2026-11-05"),
             row("T-3", {"ordered": True, "paid": True, "amount": 300, "self_service": True}, day="2026-11-06")]
    c = card(chats=chats, target=2000, followup=300, promotions=[Promotion("双11", date(2026, 11, 1), date(2026, 11, 11))])
    assert c.commission.revenue == 2000 and c.commission.promotion_revenue == 1000     # self-service orders excluded
    assert c.commission.amount == round(1000 * c.commission.rate / 100 * 1.5, 2)
    assert c.bonus == (round(300 * c.total / 100, 2) if c.total >= 70 else 0)


def test_a_good_month_end_to_end():
    chats = [row(f"T-{i}", {"ordered": True, "paid": True, "amount": 260}, customer=f"c{i}", day=f"2026-11-{i + 10:02d}")
             for i in range(10)]
    c = card(chats=chats, target=2500, followup=320, promotions=[Promotion("双11", date(2026, 11, 1), date(2026, 11, 11))],
             items=[{"id": 1, "code": "P9", "points": 5, "note": "全勤", "recorded_at": "x"},
                    {"id": 2, "code": "P3", "points": 5, "note": "顶班", "recorded_at": "x"}])
    assert c.daily.score == 90 and c.total == 100 and c.level == "高级客服" and c.counted
    assert c.commission.rate == 3 and c.commission.revenue == 2600 and c.commission.promotion_revenue == 520
    assert c.commission.amount == round(2080 * 0.03 + 520 * 0.015, 2)
    assert c.bonus == 300.0 and c.flags == []


def test_three_months_below_70_flag_elimination():
    history = [{"month": "2026-10", "total": 55}, {"month": "2026-09", "total": 69.5}]
    c = card(history=history)
    assert c.total < 70 and any(f.code == "elimination" for f in c.flags)
    assert not any(f.code == "elimination" for f in card(history=[{"month": "2026-10", "total": 55},
                                                                 {"month": "2026-09", "total": 70}]).flags)
    assert not any(f.code == "elimination" for f in card(history=[{"month": "2026-10", "total": 55},
                                                                 {"month": "2026-09", "total": None}]).flags)


def test_findings_in_the_dispute_window_mark_the_card_provisional():
    published = datetime(2026, 11, 15, 12, 0, tzinfo=CHINA)
    f = [finding("F-1", published=published.isoformat())]
    assert any(x.code == "provisional" for x in card(findings=f, as_of=published + timedelta(hours=5)).flags)
    assert not any(x.code == "provisional" for x in card(findings=f, as_of=published + timedelta(days=2)).flags)


def test_automatic_awards_most_customers_and_best_conversion():
    chats = {"小美": [row("a", {"ordered": True}, customer="1"), row("b", {"ordered": False}, customer="2"),
                     row("c", customer="3")],
             "阿杰": [row("d", {"ordered": True}, customer="4")]}
    awards = auto_awards(SCHEME, chats)
    assert [(line.code, line.points) for line in awards["小美"]] == [("P13", 2)]
    assert [(line.code, line.points) for line in awards["阿杰"]] == [("P14", 5)]
    assert auto_awards(SCHEME, {"小美": chats["小美"]}) == {}       # needs at least two agents
