"""YAML template files: a list of entries.

    - code: hy                     # 快捷编码 (optional)
      group: 欢迎语                 # 分组 (optional)
      kind: welcome                # welcome | campaign (optional)
      text: 亲，您好，欢迎光临小店！有什么可以帮您？
    - code: sy11
      expires: 2026-11-12          # 活动话术的有效期 (last valid day)
      text: 双11全场满300减30，11月12日0点结束哦
      waive: {rule: template-too-long, reason: 活动规则需要完整展示}
    # kefu: disable=harsh-no-way 这是售后流程说明     (a comment waiver for the next entry)
    - 亲，在的，请问有什么可以帮您？    # a bare string is a template with only a text

Parsed with ruamel.yaml's composer (the C parser when ruamel.yaml.clib is installed) so
every key and value keeps its line and column; scalars are taken as written (`text: 123`
stays the text "123", `text: yes` the text "yes"; `~`, `null` and nothing mean no value).
Comments are found by scanning the lines for `# kefu:`.
"""
from __future__ import annotations

from bisect import bisect_right

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

from .. import directives
from ..entries import FIELDS, check_fields
from ..model import InputError, Template, Waiver
from ..positions import Anchor, SourceText

_yaml = None
_NULLS = ("", "~", "null", "Null", "NULL")


class _PlainResolver(VersionedResolver):
    """No implicit typing: every scalar stays the text it was written as (a template's
    text is text), and composing skips ruamel's per-scalar regex resolution, the larger
    part of its cost."""

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode:
            return self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is SequenceNode else self.DEFAULT_MAPPING_TAG


def _composer() -> YAML:
    global _yaml
    if _yaml is None:
        _yaml = YAML(typ="safe")    # the C parser when ruamel.yaml.clib is installed, else pure Python
        _yaml.Resolver = _PlainResolver
    return _yaml


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _plain(node: Node):
    if isinstance(node, ScalarNode):
        return None if not node.style and node.value in _NULLS else node.value
    if isinstance(node, SequenceNode):
        return [_plain(n) for n in node.value]
    if isinstance(node, MappingNode):
        return {_plain(k): _plain(v) for k, v in node.value}
    return None


def load(source: SourceText, file: str) -> tuple[list[Template], list[InputError]]:
    errors: list[InputError] = []
    try:
        root = _composer().compose(source.text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) if isinstance(exc, MarkedYAMLError) else None
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return [], [InputError(file, line, col, f"YAML 语法错误：{problem}")]
    if root is None:
        return [], []
    if not isinstance(root, SequenceNode):
        line, col = _pos(root)
        return [], [InputError(file, line, col, "顶层应为快捷短语列表：每项是 {code, group, text} 映射，或一句话")]
    templates: list[Template] = []
    entries: list[tuple[Node, Template | None]] = []
    for node in root.value:
        template = _template(node, source, file, len(templates), errors)
        entries.append((node, template))
        if template is not None:
            templates.append(template)
    _attach_comments(source, file, entries, errors)
    return templates, errors


def _template(node: Node, source: SourceText, file: str, index: int,
              errors: list[InputError]) -> Template | None:
    line, col = _pos(node)
    names: dict[str, Node] = {}
    if isinstance(node, ScalarNode):
        raw, keys = {"text": _plain(node)}, {"text": node}
    elif isinstance(node, MappingNode):
        raw, keys = {}, {}
        for key, value in node.value:
            names[_plain(key)] = key
            name = _plain(key)
            if not isinstance(key, ScalarNode) or not isinstance(name, str):
                errors.append(InputError(file, *_pos(key), "字段名应为文字"))
                return None
            if name in raw:
                errors.append(InputError(file, *_pos(key), f"字段 {name} 重复"))
                return None
            raw[name], keys[name] = _plain(value), value
    else:
        errors.append(InputError(file, line, col, "每项应为映射 {code, group, text …} 或一句话"))
        return None
    fields, problems = check_fields(raw)
    if problems:
        for fld, problem in problems:
            at = _pos(names[fld]) if fld not in FIELDS and fld in names else _pos(keys[fld]) if fld in keys else (line, col)
            errors.append(InputError(file, *at, problem))
        return None
    template = Template(file=file, index=index, text=fields["text"], line=line, column=col,
                        code=fields["code"], group=fields["group"], kind=fields["kind"],
                        expires=fields["expires"], fields={k: _pos(v) for k, v in keys.items()})
    text_node = keys.get("text")
    if isinstance(text_node, ScalarNode) and template.text:
        template.anchor = _anchor(source, text_node)
    if fields["waive"]:
        items = keys["waive"].value if isinstance(keys["waive"], SequenceNode) else [keys["waive"]]
        for (rule, reason), item in zip(fields["waive"], items):
            template.waivers.append(Waiver(rule, reason, *_pos(item)))
    return template


def _anchor(source: SourceText, node: ScalarNode) -> Anchor:
    start = source.offset(node.start_mark.line + 1, node.start_mark.column + 1)
    end = source.offset(node.end_mark.line + 1, node.end_mark.column + 1)
    if node.style in ("|", ">"):          # skip the block header line
        newline = source.text.find("\n", start, end)
        start = newline + 1 if newline >= 0 else start
    elif node.style in ('"', "'"):
        start += 1
    return Anchor(source, start, end)


def _attach_comments(source: SourceText, file: str, entries: list[tuple[Node, Template | None]],
                     errors: list[InputError]) -> None:
    """`# kefu: disable=…` comments. A trailing comment belongs to the entry on its line; a
    full-line comment indented like an entry's keys belongs to that entry, one further
    left (at the `-` or the margin) to the entry that follows."""
    if "kefu" not in source.text:
        return
    starts = [node.start_mark.line + 1 for node, _ in entries]
    key_columns = [node.start_mark.column + 1 for node, _ in entries]
    for line in range(1, source.lines + 1):
        text = source.line_text(line)
        if "kefu" not in text:
            continue
        directive = directives.in_yaml_line(text, line)
        if directive is None:
            continue
        k = bisect_right(starts, line) - 1
        if text.lstrip().startswith("#") and (k < 0 or (line > starts[k] and directive.column < key_columns[k])):
            k += 1
        if not 0 <= k < len(entries):
            errors.append(InputError(file, line, directive.column, "这条 kefu 注释后面没有快捷短语：请写在要豁免的那一项上"))
            continue
        for problem in directive.problems:
            errors.append(InputError(file, line, directive.column, problem))
        template = entries[k][1]
        if template is not None:
            template.waivers.extend(Waiver(rule, reason, line, directive.column)
                                    for rule, reason in directive.waivers)
