"""A .jsonl file is cut into byte ranges of whole lines that the workers read themselves:
the lines a range yields are exactly those `iter_lines` yields (numbers, BOM, CRLF, blank
lines, a last line without a break, GB18030), whatever the task size."""
from __future__ import annotations

import pytest

import checker.pipeline as pipeline
import checker.pool as pools
from checker.loaders.encoding import iter_lines
from checker.loaders.ranges import range_lines
from checker.model import LoadError

TRICKY = ("\ufeff{\"id\": 1}\r\n\r\n  \n\u3000\n{\"id\": \"二\", \"text\": \"a\rb\"}\n\n"
          "{\"id\": 3}\r\n" + "{\"id\": \"长长长长长长长长\"}\n" * 5 + "{\"id\": 9}\r")


def ranged(path) -> list:
    out = []
    for task in pipeline.iter_tasks([path]):
        if task[0] == "range":
            out.extend(range_lines(task))
        else:
            out.append(task)
    return out


@pytest.mark.parametrize("chunk", [1, 7, 40, 1 << 20])
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_ranges_yield_the_lines_iter_lines_yields(tmp_path, monkeypatch, chunk, encoding):
    monkeypatch.setattr(pipeline, "CHUNK", chunk)
    path = tmp_path / "chats.jsonl"
    text = TRICKY if encoding == "utf-8" else TRICKY.replace("\ufeff", "")
    path.write_bytes(text.encode(encoding))
    expected = [(n, line) for n, line in iter_lines(path) if line.strip()]
    assert ranged(path) == expected
    assert expected[0] == (1, '{"id": 1}') and expected[-1][1] == '{"id": 9}\r'


def test_a_file_of_blank_lines_has_no_record(tmp_path):
    path = tmp_path / "blank.jsonl"
    path.write_bytes("\ufeff\n \r\n\u3000\n".encode("utf-8"))
    [error] = ranged(path)
    assert error[0] == "error" and "没有任何会话记录" in error[1].reason


def test_a_broken_worker_names_the_lines_of_its_range(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK", 10)
    path = tmp_path / "chats.jsonl"
    path.write_text("{\"id\": 1}\n{\"id\": 2}\n\n{\"id\": 3}\n", encoding="utf-8")
    tasks = list(pipeline.iter_tasks([path]))
    assert [(t[4], t[5]) for t in tasks] == [(1, 1), (2, 2), (3, 4)]
    error = pools._task_error(tasks[2], "测试")
    assert isinstance(error, LoadError) and error.location == "第 3–4 行"


def test_a_line_that_no_longer_decodes_ends_its_range(tmp_path):
    """The file changed after it was sniffed: the lines before the bad one are read, then
    the range ends with an error naming that line."""
    path = tmp_path / "chats.jsonl"
    good = "{\"id\": \"一\"}\r\n{\"id\": 2}\n{\"id\": \"三\"}\n{\"id\": 4}\n".encode("utf-8")
    path.write_bytes(good.replace("三".encode("utf-8"), b"\xff\xfe\xfd"))
    out = list(range_lines(("range", str(path), 0, len(good), 1, 4, "utf-8")))
    assert out[:2] == [(1, "{\"id\": \"一\"}"), (2, "{\"id\": 2}")]
    assert len(out) == 3 and isinstance(out[2], LoadError) and "3" in out[2].location
