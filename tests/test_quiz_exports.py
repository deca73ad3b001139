"""Exports: Moodle GIFT, and an Anki deck whose model, deck and note ids are stable (note
guid from the question id) so that a re-export updates the cards."""
from __future__ import annotations

import json
import re
import sqlite3
import zipfile

import pytest
from typer.testing import CliRunner

from checker.cli import app
from conftest import ROOT
from quiz.keyfile import read_key
from quiz.export_gift import export_gift, gift_escape, question_gift
from quiz.pool import build_pool

runner = CliRunner()


@pytest.fixture(scope="module")
def pool(policy):
    return build_pool(policy, "2026-11")


def _unescaped(text: str, char: str) -> int:
    return len(re.findall(r"(?<!\\)" + re.escape(char), text))


def _occurrences(text: str, needles: set[str]) -> dict[str, int]:
    """How often each needle (all start with "::") occurs in `text`, overlaps included (at
    least str.count's figure): one pass over the text's "::" instead of one per needle."""
    found = dict.fromkeys(needles, 0)
    lengths = sorted({len(n) for n in needles})
    for m in re.finditer("(?=::)", text):
        for length in lengths:
            piece = text[m.start():m.start() + length]
            if len(piece) == length and piece in found:       # (a slice at the end is shorter)
                found[piece] += 1
    return found


def test_gift_every_question_once_with_balanced_braces(pool, monkeypatch):
    from quiz import export_gift as module
    blocks = {}                     # each question's block as the export wrote it (drawn once)
    monkeypatch.setattr(module, "question_gift", lambda q: blocks.setdefault(q.id, question_gift(q)))
    titles = {n: g.title for g in pool.context.blueprint.groups for n in g.norms}
    text = export_gift(pool.questions, titles)
    markers = {q.id: f"::{gift_escape(q.id)}::" for q in pool.questions}
    counts = _occurrences(text, set(markers.values()))
    for q in pool.questions:
        assert counts[markers[q.id]] == 1, q.id
        block = blocks[q.id]
        assert _unescaped(block, "{") == _unescaped(block, "}") == 1, block
    assert "$CATEGORY: $course$/kefu/服务态度与用语（三不、禁用语）" in text


def test_gift_answer_syntax_per_type(pool):
    by_type = {}
    for q in pool.questions:
        by_type.setdefault(q.type, q)
    tf = question_gift(by_type["true_false"])
    assert re.search(r"\{[TF]####", tf)
    num = by_type["number"]
    assert f"{{#{num.answer}####" in question_gift(num)
    choice = question_gift(by_type["pick_bad"])
    assert _unescaped(choice, "=") == 1 and _unescaped(choice, "~") == 3
    order = question_gift(by_type["ordering"])
    assert order.count("-> 第 ") == len(by_type["ordering"].options)


def test_gift_escapes_special_characters():
    assert gift_escape("a=b~c#d{e}f:g\\") == "a\\=b\\~c\\#d\\{e\\}f\\:g\\\\"


def read_apkg(path):
    with zipfile.ZipFile(path) as z:
        db_path = path.with_suffix(".anki2")
        db_path.write_bytes(z.read("collection.anki2"))
    con = sqlite3.connect(db_path)
    try:
        guids = sorted(r[0] for r in con.execute("select guid from notes"))
        mids = {r[0] for r in con.execute("select mid from notes")}
        models = json.loads(con.execute("select models from col").fetchone()[0])
        decks = json.loads(con.execute("select decks from col").fetchone()[0])
        dids = {r[0] for r in con.execute("select did from cards")}
    finally:
        con.close()
    return guids, mids, set(models), {d: v["name"] for d, v in decks.items()}, dids


def test_anki_ids_are_stable_across_exports(tmp_path, pool):
    import genanki
    from quiz.export_anki import DECK_ID, DECK_NAME, MODEL_ID
    args = ["quiz", "export", "--format", "anki", "--month", "2026-11", "--type", "number",
            "--policies", str(ROOT / "policies")]
    first = runner.invoke(app, args + ["--out", str(tmp_path / "a.apkg")])
    second = runner.invoke(app, args + ["--out", str(tmp_path / "b.apkg")])
    assert first.exit_code == 0 and second.exit_code == 0, first.output
    a, b = read_apkg(tmp_path / "a.apkg"), read_apkg(tmp_path / "b.apkg")
    assert a[0] == b[0] and a[1] == b[1] == {MODEL_ID} and a[4] == b[4] == {DECK_ID}
    assert str(MODEL_ID) in a[2] and a[3][str(DECK_ID)] == DECK_NAME
    numbers = [q for q in pool.questions if q.type == "number"]
    assert a[0] == sorted(genanki.guid_for(q.id) for q in numbers)


def test_export_cli_gift_and_paper_subset(tmp_path):
    made = runner.invoke(app, ["quiz", "make", "--month", "2026-11", "--agent", "小美", "--out", str(tmp_path / "p"),
                               "--policies", str(ROOT / "policies")])
    assert made.exit_code == 0
    result = runner.invoke(app, ["quiz", "export", "--format", "gift", "--key", str(tmp_path / "p" / "key.yaml"),
                                 "--out", str(tmp_path / "paper.gift"), "--policies", str(ROOT / "policies")])
    count = len(read_key(tmp_path / "p" / "key.yaml").items)
    assert result.exit_code == 0 and f"已导出 {count} 道题" in result.output
    assert (tmp_path / "paper.gift").read_text(encoding="utf-8").count("\n::") == count
