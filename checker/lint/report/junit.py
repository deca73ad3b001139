"""JUnit XML: one test suite per file, one test case per template.

A template fails when it has a finding at or above --fail-on that is not waived; the
other findings (below the threshold, or waived) are listed in its system-out. A file that
could not be read is a test case with an <error>.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

from . import LEVEL_NAMES, full_message

CASE_TEXT = 30


def _case_name(template) -> str:
    text = template.text.replace("\n", " ").strip()
    short = text[:CASE_TEXT] + ("…" if len(text) > CASE_TEXT else "")
    return f"{template.name} 第{template.line}行：{short or '（空）'}"


def _line(f) -> str:
    tag = "已豁免" if f.waived else LEVEL_NAMES[f.level]
    return f"{f.line}:{f.column} [{tag}] {f.rule} {full_message(f)}"


def build(run) -> ET.Element:
    suites = ET.Element("testsuites", name="kefu lint")
    by_file: dict[str, list] = {}
    for r in run.results:
        by_file.setdefault(r.template.file, []).append(r)
    for file in run.files:
        by_file.setdefault(file, [])
    errors_by_file: dict[str, list] = {}
    for err in run.summary.errors:
        errors_by_file.setdefault(err.file, []).append(err)
        by_file.setdefault(err.file, [])
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for file, results in by_file.items():
        suite = ET.SubElement(suites, "testsuite", name=file)
        counts = {"tests": 0, "failures": 0, "errors": 0}
        for r in results:
            t = r.template
            case = ET.SubElement(suite, "testcase", classname=file + (f".{t.group}" if t.group else ""),
                                 name=_case_name(t), file=file, line=str(t.line))
            counts["tests"] += 1
            failing = [f for f in r.findings if f.fails(run.threshold)]
            others = [f for f in r.findings if not f.fails(run.threshold)]
            if failing:
                counts["failures"] += 1
                first = failing[0]
                failure = ET.SubElement(case, "failure", type=first.rule,
                                        message=f"{len(failing)} 处问题：" + "；".join(f"{f.rule} {f.finding.title}" for f in failing))
                failure.text = "\n".join(f"{file}:{_line(f)}" for f in failing)
            if others:
                ET.SubElement(case, "system-out").text = "\n".join(f"{file}:{_line(f)}" for f in others)
        for err in errors_by_file.get(file, []):
            case = ET.SubElement(suite, "testcase", classname=file, name=f"读取 {err.location or '文件'}", file=file)
            if err.line:
                case.set("line", str(err.line))
            ET.SubElement(case, "error", type="input", message=err.reason).text = str(err)
            counts["tests"] += 1
            counts["errors"] += 1
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("skipped", "0")
    for key, value in totals.items():
        suites.set(key, str(value))
    return suites


def render(run, stream) -> None:
    tree = ET.ElementTree(build(run))
    ET.indent(tree)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(tree.getroot(), encoding="unicode"))
    stream.write("\n")
