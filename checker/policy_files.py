"""Which YAML files of a rule directory are rule files.

Every `.yaml`/`.yml` file under policies/ is recognised by its top-level keys: `rules`
makes a rule file (a byte-order mark, comments, `%YAML` directives and `---` before it
change nothing); the other known files are named in NON_RULE_KEYS. Anything else is an
error for the rule loader, never silently skipped.
"""
from __future__ import annotations

import re
from pathlib import Path

# Top-level keys that identify the YAML files of policies/ that are not rule files
# (parameters.yaml, exam/blueprint.yaml, exam/procedures.yaml, scoring/*.yaml).
NON_RULE_KEYS = {"parameters": "参数", "exam": "考试蓝图", "procedures": "流程", "daily": "日常考核方案",
                 "kpis": "KPI 考核表", "mapping": "规则与扣分条目对照"}
_TOP_KEY = re.compile(r"""^(?:"([^"]+)"|'([^']+)'|([^\s#:'"\-\[{][^:#]*?))\s*:(?:\s|$)""")


def top_level_keys(path: Path) -> list[str] | None:
    """The block mapping keys at column 0 of a YAML file, skipping a byte-order mark,
    comments, directives and document markers; None when the file is not such a mapping."""
    keys: list[str] = []
    with path.open(encoding="utf-8-sig", errors="replace") as fh:
        for line in fh:
            line = line.lstrip("\ufeff").rstrip()
            if not line or line.startswith(("#", "%", "---", "...", " ", "\t")):
                continue
            if keys and (line == "-" or line.startswith("- ")):
                continue              # a sequence at column 0 is the previous key's value
            match = _TOP_KEY.match(line)
            if not match:
                return None
            keys.append(next(g for g in match.groups() if g))
    return keys or None


def _parsed_keys(path: Path) -> list[str] | None | str:
    """The top-level keys by a real parse (flow style and the like); 'broken' if it does not parse."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8-sig"))
    except (YAMLError, UnicodeDecodeError, ValueError):
        return "broken"
    return [str(k) for k in data] if isinstance(data, dict) and data else None


def file_kind(path: Path) -> str | None:
    """'rules', 'other' (a known non-rule file) or None (not recognised). A file that is
    not valid YAML counts as a rule file, so the rule loader reports the syntax error
    with its line and column."""
    keys = top_level_keys(path)
    if keys is None:
        keys = _parsed_keys(path)
        if keys == "broken":
            return "rules"
    if keys is None:
        return None
    if "rules" in keys:
        return "rules"
    return "other" if any(k in NON_RULE_KEYS for k in keys) else None


def unrecognised(path: Path) -> str:
    keys = top_level_keys(path)
    what = f"顶层键 {', '.join(keys)}" if keys else "没有顶层映射（空文件、只有注释，或顶层是列表）"
    known = "、".join(f"{k}（{v}）" for k, v in NON_RULE_KEYS.items())
    return (f"无法识别的 YAML 文件：{what}。规则文件的顶层键应为 rules；"
            f"其他已知文件的顶层键为 {known}。请改正，或把这个文件移出规则目录")
