"""`kefu lint` as a user runs it: the example set is clean, the bad set is caught on the
right lines, formats, waivers, exit codes 0 / 1 / 2."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from checker.cli import app
from conftest import ROOT

runner = CliRunner()
FIXTURES = ROOT / "tests" / "fixtures" / "lint"
EXAMPLES = ROOT / "examples" / "templates"
AS_OF = "2026-11-20"


def run(*args):
    result = runner.invoke(app, ["lint", *[str(a) for a in args]])
    return result.exit_code, result.stdout


def lint_json(*args):
    code, out = run(*args, "--format", "json", "--as-of", AS_OF)
    return code, json.loads(out)


def findings(doc):
    return [(t["code"], f["rule"], f["line"], f["column"], f["waived"])
            for t in doc["templates"] for f in t["findings"]]


def test_the_example_set_is_lint_clean_in_all_three_formats():
    code, doc = lint_json(EXAMPLES)
    assert code == 0, findings(doc)
    assert doc["errors"] == [] and doc["summary"]["findings"] == 0
    suffixes = {t["file"].rsplit(".", 1)[1] for t in doc["templates"]}
    assert suffixes == {"yaml", "csv", "md"}
    assert doc["summary"]["templates"] >= 15
    assert {"welcome"} <= {t["kind"] for t in doc["templates"]}


def test_the_issue_example_fails_with_an_annotation_on_the_right_line(tmp_path):
    replies = tmp_path / "replies.yaml"
    replies.write_text("- code: hy\n  kind: welcome\n  text: 亲，您好，欢迎光临！\n"
                       "- code: th\n  text: 不行哦，这个没办法\n", encoding="utf-8")
    code, out = run(replies, "--format", "github")
    assert code == 1
    lines = [line for line in out.splitlines() if line.startswith("::error")]
    assert len(lines) == 2
    assert lines[0].startswith(f"::error file={replies},line=5,col=9,endColumn=12,title=kefu harsh-flat-refusal")
    assert lines[1].startswith(f"::error file={replies},line=5,col=15,endColumn=18,title=kefu harsh-no-way")


def test_bad_set_yaml_positions():
    code, doc = lint_json(FIXTURES / "bad.yaml")
    assert code == 1
    got = findings(doc)
    for expected in [
        ("hy", "template-welcome-no-greeting", 5, 9, False),
        ("th", "harsh-flat-refusal", 8, 9, False),
        ("th", "harsh-no-way", 8, 15, False),
        ("fh", "template-placeholder-unknown", 10, 13, False),
        ("fh", "template-placeholder-malformed", 10, 23, False),
        ("FH", "template-duplicate-code", 11, 9, False),
        ("FH", "template-placeholder-malformed", 12, 13, False),
        ("sy11", "template-campaign-expired", 15, 12, False),
        ("dq", "template-campaign-no-expiry", 18, 9, False),
        ("kong", "template-empty", 20, 9, False),
        ("sm", "template-too-long", 30, 14, True),
        ("bz", "harsh-dont-know", 34, 13, True),
        ("yj", "promise-delivery-time", 36, 9, False),
        ("yj", "lint-invalid-waiver", 36, 17, False),
        ("xx", "shirk-not-my-job", 38, 13, False),
        ("xx", "lint-invalid-waiver", 40, 7, False),
    ]:
        assert expected in got, expected
    assert doc["summary"]["waived"] == 2
    assert doc["summary"]["failing"] == doc["summary"]["findings"] - 2 - 1   # minus waived, minus the warning


def test_bad_set_csv_in_gb18030_and_markdown():
    code, doc = lint_json(FIXTURES / "bad_gb18030.csv")
    assert code == 1
    got = findings(doc)
    assert ("th", "harsh-flat-refusal", 3, 5, False) in got
    assert ("wl", "template-placeholder-malformed", 4, 9, False) in got
    assert ("hy", "template-duplicate-code", 5, 1, False) in got
    assert ("bz", "harsh-dont-know", 6, 9, True) in got
    code, doc = lint_json(FIXTURES / "bad.md")
    assert code == 1
    got = findings(doc)
    assert ("hy", "template-welcome-no-greeting", 3, 8, False) in got
    assert ("th", "harsh-flat-refusal", 7, 8, False) in got
    assert ("wl", "template-placeholder-unknown", 8, 13, False) in got
    assert ("bz", "harsh-dont-know", 10, 12, True) in got
    assert ("sy", "template-campaign-expired", 11, 24, False) in got
    groups = {t["code"]: t["group"] for t in doc["templates"]}
    assert groups == {"hy": "欢迎语", "th": "售后", "wl": "售后", "bz": "售后", "sy": "售后"}


def test_waived_findings_are_notes_that_count_but_do_not_fail(tmp_path):
    f = tmp_path / "t.yaml"
    f.write_text("- text: 不行哦\n  waive: {rule: harsh-flat-refusal, reason: 内部说明}\n", encoding="utf-8")
    code, doc = lint_json(f)
    assert code == 0
    assert doc["summary"]["findings"] == 1 and doc["summary"]["waived"] == 1 and doc["summary"]["failing"] == 0
    finding = doc["templates"][0]["findings"][0]
    assert finding["waived"] is True and finding["waiver_reason"] == "内部说明" and finding["level"] == "error"
    code, out = run(f, "--format", "github")
    assert code == 0 and out.startswith("::notice ") and "已豁免" in out
    code, out = run(f)
    assert code == 0 and "已豁免" in out and "内部说明" in out


@pytest.mark.parametrize("waive, problem", [
    ("{rule: no-such-rule, reason: 理由}", "不存在"),
    ("{rule: harsh-flat-refusal}", "没有写理由"),
    ("{rule: harsh-flat-refusal, reason: ''}", "没有写理由"),
])
def test_a_bad_waiver_is_an_error_and_waives_nothing(tmp_path, waive, problem):
    f = tmp_path / "t.yaml"
    f.write_text(f"- text: 不行哦\n  waive: {waive}\n", encoding="utf-8")
    code, doc = lint_json(f)
    assert code == 1
    rules = {(x["rule"], x["waived"]) for x in doc["templates"][0]["findings"]}
    assert ("lint-invalid-waiver", False) in rules
    assert ("harsh-flat-refusal", False) in rules
    invalid = next(x for x in doc["templates"][0]["findings"] if x["rule"] == "lint-invalid-waiver")
    assert problem in invalid["detail"] and (invalid["line"], invalid["column"]) == (2, 10)


def test_fail_on_thresholds(tmp_path):
    f = tmp_path / "t.yaml"
    f.write_text("- text: 618大促全场包邮，欢迎选购~\n", encoding="utf-8")   # a warning only
    assert run(f, "--as-of", AS_OF)[0] == 0
    assert run(f, "--as-of", AS_OF, "--fail-on", "warning")[0] == 1
    assert run(f, "--as-of", AS_OF, "--fail-on", "review")[0] == 1
    g = tmp_path / "g.yaml"
    g.write_text("- text: 不行哦\n", encoding="utf-8")
    assert run(g, "--fail-on", "never")[0] == 0


def test_as_of_decides_expiry(tmp_path):
    f = tmp_path / "t.yaml"
    f.write_text("- text: 双11活动价只到11月11日哦\n  expires: 2026-11-11\n", encoding="utf-8")
    assert run(f, "--as-of", "2026-11-11")[0] == 0
    code, out = run(f, "--as-of", "2026-11-12", "--format", "json")
    assert code == 1
    detail = json.loads(out)["templates"][0]["findings"][0]["detail"]
    assert "已过期 1 天" in detail


def test_usage_and_unreadable_input_exit_2(tmp_path):
    assert run(tmp_path / "missing.yaml")[0] == 2
    assert run(FIXTURES / "bad.yaml", "--format", "xml")[0] == 2
    assert run(FIXTURES / "bad.yaml", "--as-of", "tomorrow")[0] == 2
    assert run(FIXTURES / "bad.yaml", "--rule", "no-such-rule")[0] == 2
    broken = tmp_path / "broken.yaml"
    broken.write_text("- code: a\n  text: [unclosed\n", encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text("- text: 亲，您好~\n", encoding="utf-8")
    code, out = run(broken, good, "--format", "json")
    assert code == 2
    doc = json.loads(out)
    assert doc["summary"]["templates"] == 1          # the readable file is still linted
    assert doc["errors"][0]["file"] == str(broken) and doc["errors"][0]["line"] == 3
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    assert run(binary)[0] == 2
    other = tmp_path / "notes.txt"
    other.write_text("hi", encoding="utf-8")
    assert run(other)[0] == 2


def test_rule_selection(tmp_path):
    f = tmp_path / "t.yaml"
    f.write_text("- code: a\n  text: 不行哦，{顾客名}\n", encoding="utf-8")
    code, doc = lint_json(f, "--rule", "template-placeholder-unknown")
    assert {x["rule"] for x in doc["templates"][0]["findings"]} == {"template-placeholder-unknown"}


def test_output_file_and_every_format_runs(tmp_path):
    for fmt in ("text", "json", "sarif", "github", "junit"):
        out = tmp_path / f"report.{fmt}"
        code, _ = run(FIXTURES / "bad.yaml", "--format", fmt, "--as-of", AS_OF, "-o", out)
        assert code == 1 and out.read_text(encoding="utf-8").strip()


def test_as_a_user_runs_it_in_a_subprocess():
    cmd = [sys.executable, "-m", "checker.cli", "lint", "tests/fixtures/lint/bad.md", "--as-of", AS_OF,
           "--format", "github"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 1, proc.stderr
    assert "::error file=tests/fixtures/lint/bad.md,line=7,col=8," in proc.stdout
    clean = subprocess.run([sys.executable, "-m", "checker.cli", "lint", "examples/templates"],
                           cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert clean.returncode == 0, clean.stdout + clean.stderr
