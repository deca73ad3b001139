"""Template loaders: YAML, CSV (千牛, UTF-8/GB18030) and Markdown, with positions in the
file, directives (kind, expires, waivers) and every input problem reported with its place."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.lint.loaders import iter_files, load_file
from checker.lint.loaders.csv_templates import load as load_csv
from checker.lint.loaders.markdown_templates import load as load_md
from checker.lint.loaders.yaml_templates import load as load_yaml
from checker.lint.model import InputError
from checker.lint.positions import SourceText


def yaml(text):
    return load_yaml(SourceText(text), "t.yaml")


def md(text):
    return load_md(SourceText(text), "t.md")


def csvs(text):
    return load_csv(SourceText(text), "t.csv")


def char_at(source_text: str, template, offset: int) -> str:
    line, col = template.locate(offset)
    return source_text.splitlines()[line - 1][col - 1]


# ------------------------------------------------------------------------------------ YAML

def test_yaml_fields_positions_and_scalar_styles():
    src = ("- code: hy\n  group: 欢迎语\n  kind: welcome\n  text: 亲，您好\n"
           "- {code: a, text: '您好，不行'}\n"
           "- code: b\n  text: |\n    第一行\n    第二行不行\n"
           "- code: c\n  text: >-\n    折叠的\n    不行\n"
           "- 一句话也是一条模板\n")
    templates, errors = yaml(src)
    assert errors == []
    hy, a, b, c, bare = templates
    assert (hy.code, hy.group, hy.kind, hy.text, hy.line, hy.column) == ("hy", "欢迎语", "welcome", "亲，您好", 1, 3)
    assert hy.where("text") == (4, 9) and hy.where("code") == (1, 9)
    assert a.text == "您好，不行" and char_at(src, a, 3) == "不" and a.locate(3) == (5, 23)
    assert b.text == "第一行\n第二行不行\n" and b.locate(7) == (9, 8)
    assert c.text == "折叠的 不行" and c.locate(4) == (13, 5)
    assert bare.text == "一句话也是一条模板" and bare.code is None and bare.name == "#5"


def test_yaml_scalars_stay_text():
    templates, errors = yaml("- {code: 007, text: 123}\n- {text: yes}\n- {text: ~}\n- {text: 'null'}\n- {code: x}\n")
    assert errors == []
    assert [(t.code, t.text) for t in templates] == [("007", "123"), (None, "yes"), (None, ""), (None, "null"), ("x", "")]


def test_yaml_expires_formats():
    templates, errors = yaml("- {text: a, expires: 2026-11-12}\n- {text: b, expires: 2026/1/2}\n"
                             "- {text: c, expires: 2026年11月12日}\n- {text: d, expires: '2026-11-12 23:59'}\n")
    assert errors == []
    assert [t.expires for t in templates] == [date(2026, 11, 12), date(2026, 1, 2), date(2026, 11, 12), date(2026, 11, 12)]


def test_yaml_entry_problems_are_input_errors_with_positions():
    src = ("- code: a\n  txt: 拼错的字段\n"
           "- code: b\n  text: 好的\n  expires: 下周\n"
           "- code: c\n  kind: 普通\n  text: 好的\n"
           "- code: d\n  text: 好的\n  waive: 全部\n"
           "- [a, list]\n"
           "- code: e\n  text: 还好\n")
    templates, errors = yaml(src)
    assert [t.code for t in templates] == ["e"]          # the good entry is still read
    where = {(e.line, e.column): e.reason for e in errors}
    assert "未知字段 'txt'" in where[(2, 3)]
    assert "不是日期" in where[(5, 12)]
    assert "未知的类型" in where[(7, 9)]
    assert "waive 应为" in where[(11, 10)]
    assert "每项应为映射" in where[(12, 3)]


def test_yaml_file_level_problems():
    assert yaml("")[0] == [] and yaml("")[1] == []
    _, errors = yaml("code: a\ntext: b\n")
    assert "顶层应为快捷短语列表" in errors[0].reason
    _, errors = yaml("- code: a\n  text: [oops\n")
    assert errors[0].reason.startswith("YAML 语法错误") and errors[0].line == 3


def test_yaml_comment_waivers_attach_to_the_right_entry():
    src = ("# kefu: disable=harsh-flat-refusal 第一条的理由\n"
           "- code: a\n  text: 不行\n"
           "  # kefu: disable=harsh-no-way 缩进在 a 的键下，属于 a\n"
           "# kefu: disable=shirk-not-my-job 顶格，属于下一条 b\n"
           "- code: b\n  text: 不归我管  # kefu: disable=a-rule,b-rule 同一行，属于 b\n")
    templates, errors = yaml(src)
    assert errors == []
    a, b = templates
    assert [(w.rule, w.reason, w.line) for w in a.waivers] == [
        ("harsh-flat-refusal", "第一条的理由", 1), ("harsh-no-way", "缩进在 a 的键下，属于 a", 4)]
    assert [(w.rule, w.reason) for w in b.waivers] == [
        ("shirk-not-my-job", "顶格，属于下一条 b"), ("a-rule", "同一行，属于 b"), ("b-rule", "同一行，属于 b")]
    assert b.waivers[1].column == 15


def test_yaml_dangling_or_unreadable_comment_is_an_error():
    _, errors = yaml("- text: 好的\n# kefu: disable=harsh-no-way 后面没有模板了\n")
    assert errors and errors[0].line == 2 and "后面没有快捷短语" in errors[0].reason
    _, errors = yaml("- text: 好的  # kefu: enable=all\n")
    assert errors and "看不懂 kefu 指令" in errors[0].reason


def test_yaml_waive_key_forms():
    templates, errors = yaml("- text: 不行\n  waive:\n    - {rule: x-y, reason: 一}\n    - rule: z-w\n")
    assert errors == []
    assert [(w.rule, w.reason, w.line, w.column) for w in templates[0].waivers] == [("x-y", "一", 3, 7), ("z-w", "", 4, 7)]


# ------------------------------------------------------------------------------------- CSV

def test_csv_qianniu_columns_positions_and_multiline_cells():
    src = ("\ufeff快捷编码,短语内容,分组\r\n"
           "hy,亲，您好,欢迎语\r\n"
           "th,\"第一行\r\n第二行不行，\"\"引号\"\"\",售后\r\n"
           "\r\n"
           "xx,\"a,b\",售前\r\n")
    templates, errors = csvs(src.lstrip("\ufeff"))
    assert errors == []
    hy, th, xx = templates
    assert (hy.code, hy.text, hy.group, hy.line) == ("hy", "亲，您好", "欢迎语", 2)
    assert hy.where("text") == (2, 4) and hy.locate(1) == (2, 5)
    assert th.text == "第一行\n第二行不行，\"引号\"" and th.line == 3
    assert th.locate(7) == (4, 4)                          # 不 of 不行 on the second physical line
    assert th.locate(11) == (4, 9)                         # 引, after a doubled quote
    assert (xx.text, xx.line, xx.where("group")) == ("a,b", 6, (6, 10))


def test_csv_columns_in_any_order_with_extras_and_waivers():
    src = ("序号\t分组\t短语内容\t快捷编码\t类型\t有效期至\t备注\n"
           "1\t活动\t双11活动价\thd\t活动\t2026-11-11\tkefu: disable=template-campaign-expired 延期；kefu: disable=x-y 另一条\n"
           "2\t欢迎语\t您好\thy\t欢迎语\t\t\n")
    templates, errors = csvs(src)
    assert errors == []
    hd, hy = templates
    assert (hd.code, hd.group, hd.kind, hd.expires) == ("hd", "活动", "campaign", date(2026, 11, 11))
    assert [(w.rule, w.reason) for w in hd.waivers] == [("template-campaign-expired", "延期"), ("x-y", "另一条")]
    assert hy.kind == "welcome"


def test_csv_problems():
    _, errors = csvs("编码,内容呢\r\na,b\r\n")
    assert "缺少“短语内容”列" in errors[0].reason and errors[0].line == 1
    templates, errors = csvs("快捷编码,短语内容,分组\nhy,亲，您好,中文逗号没问题\nth,您好,欢迎,多出来的\nok,好的,售前\n")
    assert [t.code for t in templates] == ["hy", "ok"]
    assert errors[0].line == 3 and "比表头多 1 格" in errors[0].reason
    _, errors = csvs("快捷编码,短语内容,有效期至\nhd,活动,下周五\n")
    assert errors[0].line == 2 and errors[0].column == 7 and "不是日期" in errors[0].reason


def test_csv_gb18030_file(tmp_path):
    path = tmp_path / "千牛导出.csv"
    path.write_bytes("快捷编码,短语内容,分组\r\nhy,亲，您好，欢迎光临！,欢迎语\r\n".encode("gb18030"))
    templates, errors = load_file(path)
    assert errors == [] and templates[0].text == "亲，您好，欢迎光临！" and templates[0].group == "欢迎语"


# -------------------------------------------------------------------------------- Markdown

def test_markdown_items_groups_codes_and_positions():
    src = ("# 店铺快捷短语\n\n说明文字不是模板，`<!-- kefu: disable=x 代码里的不算 -->`\n\n"
           "## 欢迎语\n\n"
           "- `hy` 亲，您好 <!-- kefu: kind=welcome -->\n"
           "- `hy2`：您好，\n  有什么可以帮您？\n\n"
           "### 售后\n\n"
           "1. 没有编码的一条不行\n"
           "2. 父项\n   - `sub` 子项不行\n\n"
           "   父项的第二段\n")
    templates, errors = md(src)
    assert errors == []
    got = [(t.code, t.group, t.text, t.line, t.kind) for t in templates]
    assert got == [
        ("hy", "欢迎语", "亲，您好", 7, "welcome"),
        ("hy2", "欢迎语", "您好，\n有什么可以帮您？", 8, None),
        (None, "售后", "没有编码的一条不行", 13, None),
        (None, "售后", "父项\n父项的第二段", 14, None),
        ("sub", "售后", "子项不行", 15, None),
    ]
    hy, hy2, plain, parent, sub = templates
    assert hy.where("code") == (7, 3) and hy.where("text") == (7, 8)
    assert hy2.locate(4) == (9, 3)                          # 有, on the continuation line
    assert plain.locate(7) == (13, 11) and sub.locate(2) == (15, 14)


def test_markdown_comments_before_items_and_problems():
    src = ("# 活动\n\n"
           "<!-- kefu: expires=2026-11-11 -->\n"
           "<!-- kefu: disable=template-campaign-expired,x-y 延期到月底 -->\n"
           "- `hd` 双11活动价\n"
           "- `hy` 欢迎 <!-- kefu: kind=普通 -->\n"
           "- `ok` 好的 <!-- kefu: colour=red -->\n\n"
           "<!-- kefu: disable=x-y 孤零零 -->\n\n"
           "正文\n")
    templates, errors = md(src)
    hd = templates[0]
    assert hd.expires == date(2026, 11, 11) and hd.where("expires") == (3, 1)
    assert [(w.rule, w.reason, w.line) for w in hd.waivers] == [
        ("template-campaign-expired", "延期到月底", 4), ("x-y", "延期到月底", 4)]
    reasons = {(e.line, e.column): e.reason for e in errors}
    assert "未知的类型" in reasons[(6, 11)]
    assert "看不懂 kefu 指令" in reasons[(7, 11)]
    assert "没有紧跟快捷短语" in reasons[(9, 1)]
    assert [t.code for t in templates] == ["hd", "ok"]      # the item with a bad kind is skipped


# ------------------------------------------------------------------------------- the walk

def test_directory_walk_skips_hidden_readme_and_other_suffixes(tmp_path):
    (tmp_path / "a.yaml").write_text("- text: 好的\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("- 不是模板\n", encoding="utf-8")
    (tmp_path / ".hidden.yaml").write_text("- text: 好的\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("- 好的\n", encoding="utf-8")
    found = list(iter_files([tmp_path, tmp_path / "a.yaml", tmp_path / "nope.csv"]))
    assert [p.name for p in found if not isinstance(p, InputError)] == ["a.yaml", "b.md"]
    assert [e.reason for e in found if isinstance(e, InputError)] == ["文件或目录不存在"]
    readme = list(iter_files([tmp_path / "README.md"]))      # named explicitly: read
    assert [p.name for p in readme] == ["README.md"]


# ------------------------------------------------------------------ positions, as properties

TEXTS = st.text(alphabet=st.sampled_from(list("亲您好不行，。！？~ab1{}｛｝\"'\\#:- ") + ["，", "、"]),
                min_size=1, max_size=40).filter(lambda s: s.strip())


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_yaml_double_quoted_texts_map_back_to_their_characters(text):
    src = "- code: a\n  text: " + json.dumps(text, ensure_ascii=False) + "\n"
    templates, errors = yaml(src)
    assert not errors and templates[0].text == text
    for i, char in enumerate(text):
        if not char.isspace():
            assert char_at(src, templates[0], i) == char


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_csv_texts_map_back_to_their_characters(text):
    buf = io.StringIO()
    csv.writer(buf).writerows([["快捷编码", "短语内容", "分组"], ["k", text, "g"]])
    src = buf.getvalue()
    templates, errors = csvs(src)
    assert not errors and templates[0].text == text.replace("\r\n", "\n")
    for i, char in enumerate(templates[0].text):
        if not char.isspace():
            assert char_at(src, templates[0], i) == char
