"""The outputters of `kefu lint`: SARIF 2.1.0 valid against the official schema (vendored
from the OASIS errata01 release), GitHub workflow commands, JUnit, text."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from typer.testing import CliRunner

from checker.cli import app
from checker.lint.report.github import command, escape_data, escape_property
from conftest import ROOT

runner = CliRunner()
FIXTURES = ROOT / "tests" / "fixtures" / "lint"
SCHEMA = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
AS_OF = "2026-11-20"


def lint(*args):
    result = runner.invoke(app, ["lint", *[str(a) for a in args], "--as-of", AS_OF])
    return result.exit_code, result.stdout


def validate(doc):
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER).validate(doc)


def test_vendored_schema_is_the_official_one():
    assert SCHEMA["id"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    assert SCHEMA["properties"]["version"]["enum"] == ["2.1.0"]


@pytest.mark.parametrize("paths", [
    ["bad.yaml"], ["bad.md", "bad_gb18030.csv"], ["bad.yaml", "missing.csv"],
])
def test_sarif_validates_against_the_schema(paths):
    code, out = lint(*[FIXTURES / p for p in paths], "--format", "sarif")
    doc = json.loads(out)
    validate(doc)
    run = doc["runs"][0]
    assert doc["version"] == "2.1.0" and run["tool"]["driver"]["name"] == "kefu"
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
    assert run["invocations"][0]["executionSuccessful"] is ("missing.csv" not in paths)


def test_sarif_of_a_clean_run_validates():
    code, out = lint(ROOT / "examples" / "templates", "--format", "sarif")
    assert code == 0
    doc = json.loads(out)
    validate(doc)
    assert doc["runs"][0]["results"] == []


def test_sarif_levels_suppressions_and_locations():
    code, out = lint(FIXTURES / "bad.yaml", "--format", "sarif")
    results = json.loads(out)["runs"][0]["results"]
    by_rule = {r["ruleId"]: r for r in results}
    waived = by_rule["harsh-dont-know"]
    assert waived["level"] == "note"
    assert waived["suppressions"] == [{"kind": "inSource", "status": "accepted", "justification": "这条是内部培训用的反例"}]
    assert by_rule["template-campaign-no-expiry"]["level"] == "warning"
    harsh = by_rule["harsh-flat-refusal"]
    assert harsh["level"] == "error" and "suppressions" not in harsh
    loc = harsh["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"].endswith("tests/fixtures/lint/bad.yaml")
    assert loc["region"] == {"startLine": 8, "startColumn": 9, "endLine": 8, "endColumn": 12, "snippet": {"text": "不行哦"}}


def test_sarif_uri_escapes_non_ascii_paths(tmp_path):
    f = tmp_path / "快捷 短语.yaml"
    f.write_text("- text: 不行哦\n", encoding="utf-8")
    code, out = lint(f, "--format", "sarif")
    doc = json.loads(out)
    validate(doc)
    uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert "%E5%BF%AB%E6%8D%B7%20%E7%9F%AD%E8%AF%AD.yaml" in uri


def test_github_escaping():
    assert escape_data("50% off\r\nnext") == "50%25 off%0D%0Anext"
    assert escape_property("a:b,c") == "a%3Ab%2Cc"
    assert command("error", "x\ny", file="a,b.yaml", line=3, col=4) == "::error file=a%2Cb.yaml,line=3,col=4::x%0Ay"


def test_github_lines_one_per_finding_plus_errors_and_summary():
    code, out = lint(FIXTURES / "bad.yaml", FIXTURES / "missing.yaml", "--format", "github")
    assert code == 2
    lines = out.splitlines()
    commands = [l for l in lines if l.startswith("::")]
    assert sum(1 for l in commands if l.startswith("::notice")) == 2          # the two waived findings
    assert sum(1 for l in commands if l.startswith("::warning")) == 1
    assert any(l.startswith("::error file=") and "missing.yaml" in l and "title=kefu lint 输入错误" in l
               for l in commands)
    assert not lines[-1].startswith("::") and "检查快捷短语 11 条" in lines[-1]
    assert all("\n" not in l for l in commands)


def test_junit_one_testcase_per_template():
    code, out = lint(FIXTURES / "bad.yaml", FIXTURES / "bad.md", "--format", "junit")
    root = ET.fromstring(out)
    cases = root.findall(".//testcase")
    bad_suite = next(s for s in root.findall("testsuite") if s.get("name").endswith("bad.yaml"))
    assert len(bad_suite.findall("testcase")) == 11 == int(bad_suite.get("tests"))
    failures = bad_suite.findall("testcase/failure")
    assert len(failures) == int(bad_suite.get("failures")) == 8   # 11 minus sm, bz (waived) and dq (a warning)
    outs = [c for c in bad_suite.findall("testcase") if c.find("system-out") is not None]
    assert {c.get("name").split(" ")[0] for c in outs} >= {"sm", "dq", "bz"}
    assert int(root.get("tests")) == len(cases) == 16
    assert int(root.get("failures")) == sum(int(s.get("failures")) for s in root.findall("testsuite"))
    code, out = lint(ROOT / "examples" / "templates", "--format", "junit")
    root = ET.fromstring(out)
    assert code == 0 and root.get("failures") == "0" and int(root.get("tests")) >= 15


def test_junit_fail_on_changes_what_fails():
    code, out = lint(FIXTURES / "bad.yaml", "--format", "junit", "--fail-on", "warning")
    assert ET.fromstring(out).get("failures") == "9"
    code, out = lint(FIXTURES / "bad.yaml", "--format", "junit", "--fail-on", "never")
    assert code == 0 and ET.fromstring(out).get("failures") == "0"


def test_junit_reports_unreadable_input_as_error(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("- [\n", encoding="utf-8")
    code, out = lint(broken, "--format", "junit")
    root = ET.fromstring(out)
    assert code == 2 and root.get("errors") == "1" and root.find(".//error") is not None


def test_text_output_names_file_line_column_and_summary():
    code, out = lint(FIXTURES / "bad.yaml")
    assert f"{FIXTURES / 'bad.yaml'}:8:9" in out
    assert "[已豁免·错误] harsh-dont-know" in out and "豁免理由：这条是内部培训用的反例" in out
    assert "检查快捷短语 11 条" in out and "其中已豁免 2 处" in out
