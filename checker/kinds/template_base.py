"""What the template kinds (template_*.py, SCOPE = "template") share. Not a kind itself.

A template kind's ``build`` returns a detector with ``check(template, ctx)`` yielding
``TemplateHit``s: pure, like the message detectors; `kefu lint` (checker/lint/engine.py)
turns hits into findings, places them in the file and applies waivers. ``ctx`` is the
run: ``ctx.as_of`` (the date expiries are judged on) and ``ctx.codes`` (first template of
each 快捷编码 so far).

Examples of template rules are templates, not messages: ``parse_example`` (the policy
loader's hook) reads them; the shapes are documented in policies/README.md.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..examples import parse_template_example as parse_example  # noqa: F401 (the policy loader's hook)


@dataclass(frozen=True, slots=True)
class TemplateHit:
    start: int | None = None          # span in the template's text, when the hit has one
    end: int | None = None
    field: str = "text"               # the field the finding points at when there is no span
    detail: str = ""                  # what exactly is wrong here (Chinese), shown with the rule's message

