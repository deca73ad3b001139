"""`--format compact`: one line per finding, `file:message: level rule words`, like a
compiler's or Vale's `line` output, for editors, grep and CI logs."""
from __future__ import annotations

from ..privacy import mask_text


class CompactReporter:
    def __init__(self, stream):
        self.stream = stream

    def start(self, policy) -> None:
        pass

    def transcript(self, result) -> None:
        t = result.transcript
        where = t.origin or t.id
        for f in result.findings:
            place = f"{where}:{f.message}" if f.message is not None else where
            words = mask_text(f.text, t.customer).replace("\n", " ") if f.text else ""
            self.stream.write(f"{place}: {f.level} {f.rule} {words}".rstrip() + f" [{t.id}]\n")

    def finish(self, summary) -> None:
        for error in summary.errors:
            self.stream.write(f"{error}: 跳过\n")
        self.stream.write(f"{summary.transcripts} 个会话，{summary.findings} 处问题，跳过 {summary.skipped} 个\n")
