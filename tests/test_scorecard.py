"""`kefu check --record`, `kefu scorecard` (every format), `kefu waive`, `kefu item`, `kefu adjust`,
`kefu rescore` and `kefu ledger`, run as a user runs them, on the sample chats."""
from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from typer.testing import CliRunner

from checker.cli import app
from checker.ledger import Ledger
from conftest import ROOT

runner = CliRunner()
TARGETS = ROOT / "examples" / "scorecard" / "targets"
# Personal data in the samples that must never reach a report.
RAW = ["13812345678", "13987654321", "18666668888", "13612345678", "13700001234", "软糖不软_", "王小二家的猫",
       "风一样的男子_0571", "Sunny_桑尼"]


def run(*args, env=None):
    result = runner.invoke(app, [str(a) for a in args], env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("ledger") / "kefu.db"
    code, out, err = run("check", ROOT / "transcripts", "--record", "--db", path, "--format", "json")
    assert code == 1, err
    assert "已记入台账" in err
    return path


def card_json(db, *extra):
    code, out, err = run("scorecard", "--db", db, "--month", "2026-11", "--targets", TARGETS, "--format", "json",
                         "--as-of", "2026-12-01", *extra)
    assert code == 0, err
    return json.loads(out)


def test_check_record_json_shows_finding_ids(db):
    code, out, err = run("check", ROOT / "transcripts" / "im", "--record", "--db", db, "--format", "json")
    assert code == 1
    doc = json.loads(out)
    ids = [f["id"] for t in doc["transcripts"] for f in t["findings"]]
    assert ids and all(i.startswith("F-") for i in ids)
    with Ledger.open(db) as ledger:
        stored = {f["id"] for f in ledger.month_findings("2026-11")}
    assert set(ids) <= stored
    assert "未变 " in err                       # recorded again: nothing new


def test_record_refuses_a_partial_rule_set(tmp_path):
    code, _, err = run("check", ROOT / "transcripts", "--record", "--db", tmp_path / "x.db", "--rule", "harsh-flat-refusal")
    assert code == 2 and "--rule" in err
    assert not (tmp_path / "x.db").exists() or Ledger.open(tmp_path / "x.db").info()["transcripts"] == 0


def test_kefu_db_env_is_the_default_ledger(tmp_path):
    path = tmp_path / "env.db"
    code, _, err = run("check", ROOT / "transcripts" / "phone", "--record", env={"KEFU_DB": str(path)})
    assert code == 0 and path.is_file()          # the phone samples draw warnings only
    code, out, _ = run("ledger", "--format", "json", env={"KEFU_DB": str(path)})
    assert json.loads(out)["transcripts"] == 2


def test_scorecard_json_traces_every_point(db):
    doc = card_json(db)
    assert doc["month"] == "2026-11" and doc["targets"]["promotions"][0]["name"] == "双11"
    agents = {a["agent"]: a for a in doc["agents"]}
    assert {"小美", "阿杰", "晓雯"} <= set(agents)
    for a in agents.values():
        d = a["daily"]
        counted = [line for line in d["lines"] if line["status"] == "counted"]
        raw = d["base"] + sum(line["points"] for line in counted) + d["discretionary"]["points"]
        assert d["raw"] == raw and d["score"] == max(d["floor"], min(d["cap"], raw))
        for line in d["lines"]:
            if line["kind"] == "finding":
                assert line["finding"].startswith("F-") and line["transcript"] and "rule" in line and "text" in line
        assert a["total"] == round(sum(k["weighted"] for k in a["kpis"]), 2)
        assert [k["name"] for k in a["kpis"]][0] == "指标完成率"
    price = next(line for line in agents["小美"]["daily"]["lines"] if line["code"] == "C4")
    assert price["transcript"] == "T-20261108-0012" and price["message"] == 9 and price["demerit"]
    assert price["points"] == -10 and "少收" in price["text"]
    quarrel = next(line for line in agents["阿杰"]["daily"]["lines"] if line["code"] == "C2")
    assert quarrel["text"] == "你说的不对"
    xm = agents["小美"]["kpis"]
    assert next(k for k in xm if k["key"] == "target_completion")["inputs"]["计划销售额"] == 2000
    assert next(k for k in xm if k["key"] == "followup")["value"] == 320


def test_scorecard_agent_filter_and_unknown_agent(db):
    doc = card_json(db, "--agent", "晓雯")
    assert [a["agent"] for a in doc["agents"]] == ["晓雯"]
    code, _, err = run("scorecard", "--db", db, "--month", "2026-11", "--agent", "没这个人")
    assert code == 2 and "晓雯" in err


@pytest.mark.parametrize("fmt", ["text", "markdown", "csv", "json"])
def test_every_text_format_masks_and_traces(db, fmt):
    code, out, err = run("scorecard", "--db", db, "--month", "2026-11", "--targets", TARGETS, "--format", fmt)
    assert code == 0, err
    for raw in RAW:
        assert raw not in out, (fmt, raw)
    assert "小美" in out and "F-" in out and "T-20261108-0012" in out
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        finding_rows = [r for r in rows if r["问题编号"]]
        assert finding_rows and all(r["会话"] and r["规则"] for r in finding_rows)
        assert any(r["类别"] == "KPI" and r["名称"] == "IM响应时间" for r in rows)


def test_xlsx_workbook(db, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "m.xlsx"
    code, _, err = run("scorecard", "--db", db, "--month", "2026-11", "--targets", TARGETS, "--format", "xlsx", "-o", path)
    assert code == 0 and "已写入" in err
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["汇总", "KPI", "日常考核明细", "说明"]
    summary = [[c.value for c in row] for row in wb["汇总"].iter_rows(min_row=2)]
    assert {row[0] for row in summary} >= {"小美", "阿杰", "晓雯"}
    detail = [[c.value for c in row] for row in wb["日常考核明细"].iter_rows(min_row=2)]
    c4 = next(row for row in detail if row[1] == "C4")
    assert c4[0] == "小美" and c4[3] == -10 and c4[7].startswith("F-") and c4[8] == "T-20261108-0012"
    text = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)
    assert not any(raw in text for raw in RAW)


def test_targets_csv_equals_yaml_without_promotions(db):
    yaml_doc = card_json(db)
    code, out, _ = run("scorecard", "--db", db, "--month", "2026-11", "--targets", TARGETS / "2026-11.csv", "--format", "json",
                       "--promotion", "2026-11-01..2026-11-11")
    csv_doc = json.loads(out)
    for a, b in zip(yaml_doc["agents"], csv_doc["agents"]):
        assert a["total"] == b["total"] and a["commission"] == b["commission"]


def test_bad_targets_file_is_a_usage_error(db, tmp_path):
    bad = tmp_path / "2026-11.yaml"
    bad.write_text("month: 2026-11\nagents:\n  小美: {target: 很多}\n", encoding="utf-8")
    code, _, err = run("scorecard", "--db", db, "--month", "2026-11", "--targets", bad)
    assert code == 2 and "agents.小美.target" in err


def test_waive_recomputes_and_respects_the_window(tmp_path):
    path = tmp_path / "kefu.db"
    shutil.copytree(ROOT / "transcripts" / "im", tmp_path / "im")
    run("check", tmp_path / "im", "--record", "--db", path)
    with Ledger.open(path) as ledger:
        f = next(x for x in ledger.month_findings("2026-11") if x["rule"] == "price-private-discount")
    before = next(a for a in card_json(path)["agents"] if a["agent"] == "小美")
    code, out, err = run("waive", f["id"][:8], "--reason", "主管事前口头批准，已补审批单", "--by", "质检-王", "--db", path)
    assert code == 0, err
    assert f["id"] in out and "主管事前口头批准" in out and "日常考核" in out
    after = next(a for a in card_json(path)["agents"] if a["agent"] == "小美")
    line = next(x for x in after["daily"]["lines"] if x.get("finding") == f["id"])
    assert line["status"] == "waived" and line["waiver"]["reviewer"] == "质检-王"      # still there, counted as waived
    assert after["daily"]["waived"] == before["daily"]["waived"] + 1
    assert after["daily"]["raw"] == before["daily"]["raw"] + 10 and after["daily"]["demerits"] == before["daily"]["demerits"] - 1
    code, _, err = run("waive", f["id"], "--reason", "再次", "--db", path)
    assert code == 2 and "已于" in err
    other = next(x for x in Ledger.open(path).month_findings("2026-11") if x["rule"] == "harsh-flat-refusal")
    code, _, err = run("waive", other["id"], "--reason", "倒签", "--db", path, "--as-of", "2026-11-01")
    assert code == 2 and "--override-window" in err                    # --as-of alone cannot backdate
    code, _, err = run("waive", other["id"], "--reason", "太晚", "--db", path, "--as-of", "2027-01-01",
                       "--override-window")
    assert code == 2 and "已过复核期" in err and "第三条 6" in err
    code, _, err = run("waive", "F-000000", "--reason", "x", "--db", path)
    assert code == 2 and "没有编号" in err


def test_items_adjust_and_exams_feed_the_daily_score(tmp_path):
    path = tmp_path / "kefu.db"
    run("check", ROOT / "transcripts" / "phone", "--record", "--db", path)
    code, _, err = run("item", "晓雯", "--month", "2026-11", "--code", "A5", "--note", "迟到", "--db", path)
    assert code == 2 and "--points" in err
    code, _, err = run("item", "晓雯", "--month", "2026-11", "--code", "A5", "--points", "9", "--note", "迟到", "--db", path)
    assert code == 2 and "2-5 分" in err
    code, _, err = run("item", "晓雯", "--month", "2026-11", "--code", "P13", "--note", "x", "--db", path)
    assert code == 2 and "自动统计" in err
    assert run("item", "晓雯", "--month", "2026-11", "--code", "a5", "--points", "3", "--note", "11-18 迟到", "--db", path)[0] == 0
    assert run("item", "晓雯", "--month", "2026-11", "--code", "P9", "--note", "全勤", "--db", path)[0] == 0
    code, _, err = run("adjust", "晓雯", "--month", "2026-11", "--points", "6", "--reason", "x", "--db", path)
    assert code == 2 and "-5 至 5" in err
    assert run("adjust", "晓雯", "--month", "2026-11", "--points", "-2", "--reason", "例会迟到", "--db", path)[0] == 0
    with Ledger.open(path) as ledger:
        ledger.record_exam("晓雯", "2026-11", "paper-11", 100, 100)
    doc = card_json(path, "--agent", "晓雯")
    d = doc["agents"][0]["daily"]
    codes = [(line["code"], line["points"], line["kind"]) for line in d["lines"]]
    assert ("A5", -3, "item") in codes and ("P9", 5, "item") in codes and ("P2", 5, "exam") in codes
    assert d["discretionary"] == {"points": -2, "reason": "例会迟到"}
    exam = next(line for line in d["lines"] if line["kind"] == "exam")
    assert exam["paper_id"] == "paper-11"


def test_rescore_previews_then_applies(tmp_path):
    path = tmp_path / "kefu.db"
    run("check", ROOT / "transcripts" / "im", "--record", "--db", path)
    policies = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", policies)
    params = (policies / "parameters.yaml").read_text(encoding="utf-8")
    params = params.replace("quote: 不能超过 20 秒}\n", "quote: 不能超过 20 秒}\n      - from: 2027-01-01\n        value: 15\n"
                            "        source: {seed: \"004\", section: 第二条 注意事项 3, quote: 不能超过 20 秒}\n", 1)
    (policies / "parameters.yaml").write_text(params, encoding="utf-8")
    with Ledger.open(path) as ledger:
        before = {f["id"] for f in ledger.month_findings("2026-11")}

    code, out, err = run("rescore", "--month", "2026-11", "--as-of", "2027-01-01", "--db", path, "--policies", policies)
    assert code == 0, err
    assert "响应超时" in out and "新增" in out and "预览" in out and "时限 15 秒" in out
    with Ledger.open(path) as ledger:
        assert {f["id"] for f in ledger.month_findings("2026-11")} == before         # a preview writes nothing

    code, out, _ = run("rescore", "--month", "2026-11", "--as-of", "2027-01-01", "--db", path, "--policies", policies,
                       "--format", "json", "--apply")
    doc = json.loads(out)
    added = {f["id"] for a in doc["agents"] for f in a["added"]}
    assert added and doc["applied"] and doc["policy_version"].endswith("@2027-01-01")
    assert any(a["before"]["daily"] != a["after"]["daily"] for a in doc["agents"] if a["added"])
    with Ledger.open(path) as ledger:
        assert {f["id"] for f in ledger.month_findings("2026-11")} == before | added
    code, out, _ = run("rescore", "--month", "2026-11", "--as-of", "2027-01-01", "--db", path, "--policies", policies)
    assert "新增" not in out                                                        # applied: nothing left to change

    code, out, _ = run("rescore", "--month", "2026-11", "--as-of", "2026-11-30", "--db", path, "--policies", policies)
    assert "消失" in out                                                            # back to 20 s: those findings go


def chat_doc(tid, agent, day, text="亲，在的呢，请问有什么可以帮您？"):
    return {"id": tid, "agent": agent, "customer": "c-" + tid, "messages": [
        {"at": f"{day}T10:00:00+08:00", "from": "customer", "text": "在吗"},
        {"at": "10:00:08", "from": "agent", "text": text}]}


def test_three_months_below_70_flag_elimination(tmp_path):
    path = tmp_path / "kefu.db"
    folder = tmp_path / "chats"
    folder.mkdir()
    for month in ("2026-09", "2026-10", "2026-11"):
        (folder / f"{month}.json").write_text(json.dumps([chat_doc(f"T-{month}", "小王", f"{month}-10")],
                                                         ensure_ascii=False), encoding="utf-8")
    code, _, err = run("check", folder, "--record", "--db", path)
    assert code == 0, err
    doc = card_json(path)
    card = doc["agents"][0]
    assert card["total"] < 70 and not card["counted"] and card["level"] is None and card["bonus"] == 0
    assert [h["month"] for h in card["history"]] == ["2026-10", "2026-09"]
    assert any(f["code"] == "elimination" for f in card["flags"])
    code, out, _ = run("scorecard", "--db", path, "--month", "2026-10", "--format", "json")
    assert not any(f["code"] == "elimination" for f in json.loads(out)["agents"][0]["flags"])


def test_ledger_command_and_missing_or_empty_ledger(tmp_path):
    code, _, err = run("scorecard", "--db", tmp_path / "missing.db")
    assert code == 2 and "不存在" in err and "kefu check" in err and not (tmp_path / "missing.db").exists()
    Ledger.open(tmp_path / "empty.db").close()
    code, _, err = run("scorecard", "--db", tmp_path / "empty.db")
    assert code == 2 and "是空的" in err
    code, out, _ = run("ledger", "--db", tmp_path / "empty.db")
    from checker.ledger.schema import LATEST
    assert code == 0 and f"数据结构版本 {LATEST}" in out
