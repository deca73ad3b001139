"""The sample transcripts in transcripts/: they load, and the rule base judges them as designed.

- every sample file loads without a LoadError (canonical YAML/JSON/JSONL, 千牛 and JDDC exports);
- every designed violation (DESIGNED below, also listed in transcripts/README.md) is flagged
  with its norm, so every message-level norm is flagged at least once across the samples;
- no message-level finding lands anywhere else in the samples (near-misses stay quiet);
- the transcripts tagged `clean` have no finding at all.

The engine tests skip while the rule base (policies/rules/) cannot be loaded.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from checker.loaders import iter_transcripts
from checker.model import LoadError, Transcript

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "transcripts"
DATA_SUFFIXES = {".yaml", ".yml", ".json", ".jsonl", ".txt"}

MESSAGE_NORMS = ("harsh_language", "shirking", "blaming", "interrogating", "doubting", "arguing",
                 "hedging", "over_promise", "price_promise", "sensitive_topic", "shouting")

# (transcript, message index, norm): the violations written into the samples on purpose.
# A transcript is named by its id, or by "file#n" (n-th transcript of that file, from 1)
# for the exports, whose ids the loaders make up.
DESIGNED = [
    ("T-20261104-0006", 5, "harsh_language"),    # 不知道，物流那边没更新。
    ("T-20261104-0006", 7, "shirking"),          # 这个不归我们管，你去找快递问吧。
    ("T-20261104-0007", 4, "blaming"),           # …是你自己没看清楚详情页。
    ("T-20261106-0008", 3, "interrogating"),     # 您凭什么说我们是假货？
    ("T-20261106-0009", 3, "doubting"),          # 不会是你自己弄坏的吧？
    ("T-20261107-0010", 3, "arguing"),           # 你说的不对，…
    ("T-20261107-0010", 5, "shouting"),          # 第三张图右下角！！！…
    ("T-20261107-0011", 1, "hedging"),           # 能不能明天到？ → …应该可以吧
    ("T-20261107-0011", 3, "over_promise"),      # 放心，保证明天到！
    ("T-20261108-0012", 6, "sensitive_topic"),   # 他是老客户，我们给他打了八折。
    ("T-20261108-0012", 9, "price_promise"),     # 行，给您少收20，…
    ("T-20261108-0013", 3, "harsh_language"),    # 不行，这个退不了，…
    ("T-20261110-0015", 3, "over_promise"),      # …绝对不会坏的。
    ("exports/qianniu_20261105_xiaomei.txt#1", 6, "hedging"),   # 明天能到吗 → 好像可以，…
    ("exports/jddc_20261106_sample.txt#1", 5, "harsh_language"),  # 没办法，系统显示就是明天发货
]
# Findings that would also be fair on a designed violation (a second norm on the same words).
ALSO_FAIR = {
    ("T-20261106-0008", 3, "arguing"),           # 您凭什么说我们是假货？
    ("T-20261106-0009", 3, "blaming"),           # 不会是你自己弄坏的吧？
    ("T-20261106-0009", 3, "interrogating"),
    ("T-20261107-0010", 5, "arguing"),           # …我已经跟您说了两遍了
    ("T-20261107-0010", 5, "blaming"),           # (a told-you-so reproach)
    ("T-20261108-0012", 6, "price_promise"),     # …我们给他打了八折。
}
CLEAN = ["T-20261103-0001", "T-20261103-0002", "T-20261104-0003", "T-20261103-0004",
         "T-20261105-0005", "T-20261110-0014", "P-20261109-0001"]


def sample_files() -> list[Path]:
    return sorted(p for p in SAMPLES.rglob("*") if p.is_file() and p.suffix.lower() in DATA_SUFFIXES)


@lru_cache(maxsize=1)
def _load_all() -> dict[str, Transcript]:
    """Every sample transcript by id and by "file#n"."""
    named: dict[str, Transcript] = {}
    for path in sample_files():
        rel = path.relative_to(SAMPLES).as_posix()
        n = 0
        for item in iter_transcripts([path]):
            if isinstance(item, LoadError):
                continue
            n += 1
            named[item.id] = item
            named[f"{rel}#{n}"] = item
    return named


# --------------------------------------------------------------------- loading

@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.relative_to(SAMPLES).as_posix())
def test_sample_file_loads(path: Path) -> None:
    items = list(iter_transcripts([path]))
    errors = [str(i) for i in items if isinstance(i, LoadError)]
    assert not errors, "\n".join(errors)
    assert items and all(isinstance(i, Transcript) for i in items)
    for t in items:
        assert t.messages, t.id
        if path.parent.name != "exports" or "qianniu" in path.name:   # JDDC has no timestamps
            assert t.timed, f"{t.id}: every message should carry a timestamp"


def test_sample_set_as_described() -> None:
    items = list(iter_transcripts([SAMPLES]))
    errors = [str(i) for i in items if isinstance(i, LoadError)]
    assert not errors, "\n".join(errors)
    ids = Counter(t.id for t in items)
    assert not [i for i, n in ids.items() if n > 1], f"duplicate ids: {ids}"
    assert len(items) >= 14
    assert {"小美", "阿杰", "晓雯"} <= {t.agent for t in items}
    assert any(t.channel == "phone" and t.service_at for t in items)
    clean = sorted(t.id for t in items if "clean" in t.tags)
    assert clean == sorted(CLEAN), "tags: [clean] and CLEAN in this test disagree"
    by_suffix = Counter(Path(t.origin.split(":")[0].split("#")[0]).suffix for t in items)
    assert by_suffix[".json"] >= 2 and by_suffix[".jsonl"] >= 2 and by_suffix[".txt"] >= 3


def test_designed_references_resolve() -> None:
    named = _load_all()
    for key, index, _ in DESIGNED:
        assert key in named, f"{key}: no such sample transcript"
        t = named[key]
        assert index < len(t.messages) and t.messages[index].role == "agent", (key, index)


# --------------------------------------------------------------------- the rule base on the samples

@pytest.fixture(scope="module")
def policy():
    from checker.policy import PolicyError, load_policy
    try:
        return load_policy()
    except PolicyError as exc:
        pytest.skip(f"rule base not loadable yet: {str(exc).splitlines()[0]}")


@pytest.fixture(scope="module")
def findings(policy) -> dict[str, list]:
    from checker.engine import Engine
    engine = Engine(policy)
    by_transcript: dict[int, list] = {}
    out = {}
    for key, t in _load_all().items():          # each transcript is named twice: check it once
        if id(t) not in by_transcript:
            by_transcript[id(t)] = engine.check(t).findings
        out[key] = by_transcript[id(t)]
    return out


def _show(f) -> str:
    return f"{f.norm}/{f.rule} at message {f.message}: {f.text!r}"


@pytest.mark.parametrize("key,index,norm", DESIGNED, ids=[f"{k}-{i}-{n}" for k, i, n in DESIGNED])
def test_designed_violation_flagged(policy, findings, key, index, norm) -> None:
    if not any(r.norm == norm for r in policy.rules):
        pytest.skip(f"no {norm} rule in the rule base yet (test_every_message_norm_flagged_somewhere fails for it)")
    named = _load_all()
    found = findings[key]
    hits = [f for f in found if f.message == index and f.norm == norm]
    assert hits, (f"{key} message {index} {named[key].messages[index].text!r}: expected a {norm} finding; "
                  f"found {[_show(f) for f in found] or 'nothing'}")


@pytest.mark.parametrize("norm", MESSAGE_NORMS)
def test_every_message_norm_flagged_somewhere(policy, findings, norm) -> None:
    assert any(r.norm == norm for r in policy.rules), f"the rule base has no rule of norm {norm}"
    assert any(f.norm == norm for fs in findings.values() for f in fs), f"no sample flagged for {norm}"


def test_no_message_level_finding_outside_the_designed_ones(findings) -> None:
    named = _load_all()
    designed = {(named[k].id, i, n) for k, i, n in DESIGNED} | {(named[k].id, i, n) for k, i, n in ALSO_FAIR}
    extra = []
    seen = set()
    for key, fs in findings.items():
        t = named[key]
        if t.id in seen:
            continue
        seen.add(t.id)
        for f in fs:
            if f.norm in MESSAGE_NORMS and (t.id, f.message, f.norm) not in designed:
                extra.append(f"{t.id} ({t.origin}) {_show(f)} in {t.messages[f.message].text!r}")
    assert not extra, "unexpected findings on the samples:\n" + "\n".join(extra)


@pytest.mark.parametrize("tid", CLEAN)
def test_clean_sample_has_no_finding(findings, tid) -> None:
    named = _load_all()
    found = findings[tid]
    assert not found, "\n".join(
        f"{_show(f)} in {named[tid].messages[f.message].text!r}" if f.message is not None else _show(f)
        for f in found)
