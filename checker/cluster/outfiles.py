"""`--out DIR`: one results file per partition, JSONL or Parquet, for runs too large for
one stream; and reading results back (those files, or `--format json` output) for
`kefu ledger import`. A results record is the JSON output's transcript object plus the
content hash of the chat it judged, so an import can tell it has the same chat."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from ..model import Finding

BASE_KEYS = ("rule", "norm", "message", "span", "text", "level", "points", "title", "reason", "suggestion", "source")
NOT_DETAILS = set(BASE_KEYS) | {"excerpt", "id"}


def content_hash(transcript) -> str:
    """The ledger's content hash of a chat (sha256 of its canonical JSON)."""
    import hashlib
    from ..ledger.codec import canonical_json, transcript_document
    return hashlib.sha256(canonical_json(transcript_document(transcript))).hexdigest()


def result_record(result) -> dict:
    from ..report.json_report import transcript_dict
    record = transcript_dict(result)
    record["content_hash"] = content_hash(result.transcript)
    return record


def write_partition(out_dir: str, fmt: str, partition: int, results: list) -> str:
    """Write one partition's results; returns the file written (a path or fsspec URL)."""
    records = [result_record(r) for r in results]
    name = f"part-{partition:05d}.{'parquet' if fmt == 'parquet' else 'jsonl'}"
    target = out_dir.rstrip("/") + "/" + name
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq
        # Nested findings/metrics as JSON strings: a flat, stable schema for any reader.
        table = pa.table({
            "id": [r["id"] for r in records], "agent": [r["agent"] for r in records],
            "score": [r["score"] for r in records], "messages": [r["messages"] for r in records],
            "content_hash": [r["content_hash"] for r in records],
            "record": [json.dumps(r, ensure_ascii=False) for r in records],
        })
        _with_open(target, "wb", lambda fh: pq.write_table(table, fh))
    else:
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        _with_open(target, "w", lambda fh: fh.write(text))
    return target


def _with_open(target: str, mode: str, write) -> None:
    if "://" in target:
        import fsspec
        with fsspec.open(target, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as fh:
            write(fh)
        return
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    with open(target, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as fh:
        write(fh)


class ResultsError(Exception):
    """A results file that cannot be imported; the message names the file and place."""


def read_results(path: Path) -> Iterator[dict]:
    """Transcript records of a results file: `--out` JSONL/Parquet, or `--format json` output."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq
        for value in pq.read_table(path, columns=["record"]).column("record").to_pylist():
            yield json.loads(value)
        return
    text = path.read_text(encoding="utf-8")
    stripped = text.lstrip()
    if stripped.startswith("{") and '"tool"' in stripped[:200] and '"transcripts"' in stripped:
        try:
            doc = json.loads(text)
        except ValueError as exc:
            raise ResultsError(f"{path}: 不是完整的 JSON（{exc}）：请用 kefu check --format json 的完整输出") from exc
        yield from doc.get("transcripts", [])
        return
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                yield json.loads(line)
            except ValueError as exc:
                raise ResultsError(f"{path}:第 {n} 行: 不是合法的 JSON（{exc}）") from exc


def finding_of(item: dict) -> Finding:
    span = item.get("span")
    return Finding(rule=item["rule"], norm=item["norm"], message=item.get("message"),
                   span=tuple(span) if span else None, text=item.get("text", ""), level=item["level"],
                   points=item["points"], title=item.get("title", ""), reason=item.get("reason", ""),
                   suggestion=item.get("suggestion", ""), source=item.get("source", ""),
                   details={k: v for k, v in item.items() if k not in NOT_DETAILS})


def imported_results(result_paths, chat_paths, version: str | None = None) -> Iterator:
    """TranscriptResults rebuilt from results files and the chats they judged (the ledger
    stores each chat's content, which results never carry), and LoadErrors for what
    cannot be imported. A result is matched to its chat by id and must agree with it:
    same agent, same number of messages, and the same content hash when it has one."""
    from ..engine import TranscriptResult
    from ..loaders import iter_transcripts
    from ..model import LoadError, Transcript
    pending: dict[str, tuple[dict, str]] = {}
    for path in result_paths:
        for n, record in enumerate(read_results(Path(path)), 1):
            if not isinstance(record, dict) or not isinstance(record.get("id"), str) or "findings" not in record:
                raise ResultsError(f"{path}: 第 {n} 条结果不是 kefu check 的结果（缺少 id 或 findings）")
            pending[record["id"]] = (record, f"{path} 第 {n} 条结果")
    for item in iter_transcripts(chat_paths):
        if not isinstance(item, Transcript):
            yield item
            continue
        found = pending.pop(item.id, None)
        if found is None:
            continue                       # a chat the results do not cover: not imported
        record, where = found
        problem = _disagreement(record, item, version)
        if problem:
            yield LoadError(item.origin, "", f"会话 {item.id} 与 {where} 不一致：{problem}；请用判定时的同一份会话文件导入")
            continue
        try:
            findings = [finding_of(f) for f in record["findings"]]
        except (KeyError, TypeError) as exc:
            yield LoadError(where, "", f"结果中的问题缺少字段 {exc}：请用 kefu check 的原始输出")
            continue
        metrics = record.get("metrics") or {}
        yield TranscriptResult(item, findings, str(record.get("policy_version") or ""), metrics=metrics,
                               judged_on=record.get("judged_on"), timing_skipped=metrics.get("timed") is False)
    for record, where in pending.values():
        yield LoadError(where, "", f"会话 {record['id']} 在 --chats 给出的文件里找不到：请一并给出判定时读取的会话文件")


def _disagreement(record: dict, chat, version: str | None = None) -> str | None:
    judged_by = str(record.get("policy_version") or "").split("@", 1)[0]
    if version is not None and judged_by != version:
        return f"结果由另一版本的规则库判定（{judged_by or '未知'}，当前 {version}）：请用同一规则库（及 kefu.toml）导入"
    if record.get("agent") != chat.agent:
        return f"客服不同（{record.get('agent')} / {chat.agent}）"
    if record.get("messages") != len(chat.messages):
        return f"消息数不同（{record.get('messages')} / {len(chat.messages)}）"
    if record.get("content_hash") and record["content_hash"] != content_hash(chat):
        return "内容已改变"
    return None


def rejudge_timing(policy, recorder, results: list) -> Iterator:
    """The results with their response-deadline findings judged again over the ledger (the
    chats of this import and every stored chat of their agents): a cluster counted
    concurrency within its own run, the ledger counts it over every recorded chat."""
    from ..conversation import chat_interval, judged_on
    from ..engine import Engine
    rules = {r.id for r in policy.rules if r.kind == "round_deadline"}
    if not rules:
        yield from results
        return
    intervals = [(r.transcript.id, r.transcript.agent, *span) for r in results
                 if (span := chat_interval(r.transcript)) is not None]
    workload = recorder.workload(intervals, [r.transcript.id for r in results])
    engine = Engine(policy, only=rules)
    for result in results:
        if result.transcript.timed:
            day = judged_on(result.transcript)
            params = policy.parameters.on(day) if policy.parameters is not None and day else None
            timing = engine.check(result.transcript, params, workload).findings
            result.findings = sorted([f for f in result.findings if f.rule not in rules] + timing,
                                     key=lambda f: (f.message if f.message is not None else -1, f.span or (0, 0), f.rule))
        yield result
