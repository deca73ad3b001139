"""`kefu scorecard --format json`: the whole month as one JSON document."""
from __future__ import annotations

import json

from .view import report_dict


def render(report, stream) -> None:
    json.dump(report_dict(report), stream, ensure_ascii=False, indent=1, default=str)
    stream.write("\n")
