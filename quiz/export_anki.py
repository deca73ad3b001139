"""Anki export via genanki. The model, deck and note ids are fixed (a note's guid comes
from the question id), so exporting again updates the cards instead of duplicating them."""
from __future__ import annotations

from pathlib import Path

from checker.rules_docs import markdown_renderer

from .model import Question
from .render import question_md

MODEL_ID = 1607392319          # fixed forever: changing it makes Anki see a new note type
DECK_ID = 2059400110           # fixed forever: the same deck on every export
MODEL_NAME = "kefu 考题"
DECK_NAME = "kefu 客服规范练习"
CSS = ".card { font-family: 'PingFang SC', 'Microsoft YaHei', sans-serif; font-size: 18px; text-align: left; }"


def model():
    import genanki
    return genanki.Model(
        MODEL_ID, MODEL_NAME,
        fields=[{"name": "题号"}, {"name": "题目"}, {"name": "答案"}, {"name": "解析"}],
        templates=[{"name": "卡片 1", "qfmt": "{{题目}}",
                    "afmt": "{{FrontSide}}<hr id=answer><b>{{答案}}</b><br><br>{{解析}}"}],
        css=CSS, sort_field_index=0)


def note_fields(q: Question) -> list[str]:
    md = markdown_renderer()
    front = md.render("\n".join(question_md(0, None, q)[2:]).strip() or " ")
    front = md.render(q.stem) + front
    e = q.explanation
    lines = [f"{e.title}：{e.message}", f"出处：{e.source}"] + ([f"建议：{e.suggestion}"] if e.suggestion else [])
    from checker.rules_docs import escape_md
    back = md.render("\n\n".join(escape_md(line) for line in lines))
    return [q.id, front, md.render(escape_md("正确答案：" + q.answer_text())).strip(), back]


def build_deck(questions: list[Question]):
    import genanki
    m = model()
    deck = genanki.Deck(DECK_ID, DECK_NAME)
    for q in sorted(questions, key=lambda q: q.id):
        deck.add_note(genanki.Note(model=m, fields=note_fields(q), guid=genanki.guid_for(q.id),
                                   tags=[q.norm or "other", q.type]))
    return deck


def export_anki(questions: list[Question], path: Path) -> None:
    import genanki
    path.parent.mkdir(parents=True, exist_ok=True)
    genanki.Package(build_deck(questions)).write_to_file(str(path))


def write_anki(questions: list[Question], group_titles: dict[str, str], stream) -> None:
    """The .apkg deck on a binary stream (genanki writes a file: it is copied to the stream)."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        export_anki(questions, Path(tmp) / "deck.apkg")
        stream.write((Path(tmp) / "deck.apkg").read_bytes())
