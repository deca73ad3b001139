"""Whatever a file holds, the loaders yield Transcripts and LoadErrors and never raise."""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.loaders import iter_transcripts
from checker.model import LoadError, Transcript

SUFFIXES = [".json", ".jsonl", ".yaml", ".yml", ".txt"]
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


_TMP = Path(tempfile.mkdtemp(prefix="kefu-fuzz-"))  # one scratch folder; each example overwrites its file


def teardown_module() -> None:
    shutil.rmtree(_TMP, ignore_errors=True)


def outcome_of(name: str, content: bytes) -> list:
    path = _TMP / name
    path.write_bytes(content)
    items = list(iter_transcripts([path]))
    assert items, "every file yields at least one item"
    assert all(isinstance(i, (Transcript, LoadError)) for i in items)
    for item in items:
        if isinstance(item, LoadError):
            assert isinstance(item.reason, str) and item.reason
    return items


@FUZZ
@given(suffix=st.sampled_from(SUFFIXES), content=st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(suffix, content):
    outcome_of("fuzz" + suffix, content)


# Text that looks partly like each format, to get past the first parse into the validators.
_pieces = st.sampled_from([
    "id: a\n", "agent: 小美\n", "messages:\n", "  - from: customer\n", "    text: 在吗\n", "    at: 10:00:01\n",
    "started_at: 2026-11-03T23:59:59+08:00\n", "- ", "{", "}", "[", "]", '"', ",", ":", "\t", "\n", "1",
    "buyer 2026-11-03 10:00:00\n", "店铺:小美 2026-11-04 00:00:01\n", "【自动回复】", "\r\n", "\ufeff", "%YAML 1.1\n",
    "s\tc\t1\t0\t0\tnan\t你好\n", "&a ", "*a ", "!!binary ", "~", "null", "-1e999", "99:99", "00:00",
])


@FUZZ
@given(suffix=st.sampled_from(SUFFIXES), parts=st.lists(_pieces | st.text(max_size=8), max_size=40),
       encoding=st.sampled_from(["utf-8", "gb18030"]))
def test_format_like_text_never_raises(suffix, parts, encoding):
    outcome_of("fuzz" + suffix, "".join(parts).encode(encoding, errors="replace"))


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
_scalar = st.none() | st.booleans() | st.integers() | st.floats() | _text | st.sampled_from(
    ["customer", "agent", "system", "客服", "买家", "10:00:01", "23:59:59", "00:00", "25:61",
     "2026-11-03", "2026-11-03T10:00:00", "2026-11-03T10:00:00+08:00", "9999-12-31T23:59:59", "im", "phone"])
_json = _scalar | st.lists(_scalar, max_size=2) | st.dictionaries(_text, _scalar, max_size=2)
_message = st.dictionaries(st.sampled_from(["from", "role", "text", "at", "speaker"]), _json, max_size=5)
_record = st.dictionaries(
    st.sampled_from(["id", "agent", "channel", "customer", "started_at", "service_at", "tags", "outcome", "x"]),
    _json, max_size=9,
).flatmap(lambda r: st.fixed_dictionaries({"messages": st.lists(_message, max_size=4) | _json})
          .map(lambda m: {**r, **m}))


@FUZZ
@given(records=st.lists(_record, max_size=3), as_lines=st.booleans())
def test_odd_records_never_raise(records, as_lines):
    if as_lines:
        name, text = "r.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    else:
        name, text = "r.json", json.dumps(records, ensure_ascii=False)
    items = outcome_of(name, text.encode("utf-8"))
    if records:
        assert len(items) == len(records)
