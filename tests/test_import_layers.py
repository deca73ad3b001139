"""The layers of the code base, checked on the source (a small AST scan) and by importing
modules alone in fresh interpreters:

- the rule model (checker/policy.py, checker/examples.py, checker/kinds/) and the lint
  engine (checker/lint/) import each other in one direction only: no cycle, not even
  through an import inside a function;
- the scorecard never imports the quiz (exam results reach it through the ledger);
- `kefu check` loads neither the quiz, the ledger, the web app nor Dask.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGES = ("checker", "quiz")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Every module of ours that `name` imports, at module level or inside a function
    (imports only for type checkers excepted)."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    todo = list(ast.parse(path.read_text(encoding="utf-8")).body)
    while todo:
        node = todo.pop()
        if _type_checking(node):
            continue
        todo.extend(ast.iter_child_nodes(node))
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in known else target)
    return {m for m in found if m in known}


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(component)

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _kinds_or_lint(module: str) -> bool:
    return module in ("checker.examples", "checker.patterns") or module.startswith(("checker.kinds", "checker.lint"))


def test_no_import_cycle_between_the_rule_model_and_lint(graph):
    tangled = [sorted(c) for c in _cycles(graph) if any(_kinds_or_lint(m) for m in c)]
    assert not tangled, f"import cycles: {tangled}"


def test_the_example_parser_belongs_to_the_rule_model(graph):
    assert "checker.examples" in graph["checker.kinds.template_base"]
    for module, imports in graph.items():
        if module.startswith(("checker.kinds", "checker.lint")) or module == "checker.examples":
            assert "checker.policy" not in imports or module.startswith("checker.lint.")
    assert not any(m.startswith("checker.lint") for m in graph["checker.policy"])
    assert not any(m.startswith(("checker.policy", "checker.kinds")) for m in graph["checker.examples"])


def _reachable(graph: dict[str, set[str]], start: list[str]) -> set[str]:
    seen, todo = set(), list(start)
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            todo.extend(graph.get(m, ()))
    return seen


def test_the_scorecard_never_imports_the_quiz(graph):
    scorecard = [m for m in graph if m == "checker.scorecard" or m.startswith("checker.scorecard.")]
    assert scorecard
    reached = _reachable(graph, scorecard)
    assert not [m for m in reached if m == "quiz" or m.startswith("quiz.")]


def _imported_after(code: str) -> set[str]:
    probe = code + "\nimport sys\nsys.stderr.write('\\n'.join(sorted(sys.modules)))\n"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(done.stderr.split())


@pytest.mark.parametrize("module", ["checker.examples", "checker.kinds", "checker.policy", "checker.lint.engine",
                                    "checker.scorecard"])
def test_modules_import_alone(module):
    modules = _imported_after(f"import {module}")
    assert module in modules
    if module == "checker.scorecard":
        assert not {m for m in modules if m == "quiz" or m.startswith("quiz.")}


HEAVY = ("quiz", "starlette", "uvicorn", "dask", "distributed", "checker.ledger", "checker.serve", "genanki",
         "openpyxl", "jinja2")


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY))


def test_check_help_loads_nothing_heavy():
    modules = _imported_after("import sys\nfrom checker.cli import app\n"
                              "try:\n    app(['check', '--help'])\nexcept SystemExit:\n    pass")
    assert not _heavy(modules)


def test_a_check_run_loads_nothing_heavy(tmp_path):
    chat = tmp_path / "a.yaml"
    chat.write_text("id: T-1\nagent: 小美\nstarted_at: 2026-11-03T10:00:00+08:00\nmessages:\n"
                    "  - {at: '10:00:00', from: customer, text: 在吗}\n"
                    "  - {at: '10:00:05', from: agent, text: 在的亲}\n", encoding="utf-8")
    modules = _imported_after("import sys\nfrom checker.cli import app\n"
                              f"try:\n    app(['--no-config', 'check', {str(chat)!r}, '--format', 'json', '-j', '1'])\n"
                              "except SystemExit:\n    pass")
    assert "checker.engine" in modules or "checker.runner" in modules
    assert not _heavy(modules)


def test_every_package_is_installed():
    import tomllib
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    packages = {_module_name(p) for pkg in PACKAGES for p in (ROOT / pkg).rglob("__init__.py")}
    assert packages <= listed, sorted(packages - listed)


def test_the_policy_loader_and_its_parts_form_no_import_cycle(graph):
    parts = ("checker.policy", "checker.parameters", "checker.scoring.scheme", "checker.scoring.scheme_loader", "checker.overlay")
    tangled = [sorted(c) for c in _cycles(graph) if any(m in parts for m in c)]
    assert not tangled, f"import cycles: {tangled}"


def test_a_jsonl_check_with_a_cached_rule_base_imports_no_parser_nor_lint(tmp_path, monkeypatch):
    """Start-up: what a check of .jsonl chats does not use is not imported (the YAML parser,
    the `regex` engine of long texts, the lint package)."""
    from conftest import slim_policies
    policies = slim_policies(tmp_path / "p", "shouting.yaml", "conversation.yaml")   # anchors: parser strings
    chat = tmp_path / "a.jsonl"
    chat.write_text('{"id": "T-1", "agent": "小美", "messages": [{"role": "customer", "text": "在吗"}, '
                    '{"role": "agent", "text": "在的亲!!!"}]}\n', encoding="utf-8")
    monkeypatch.setenv("KEFU_CACHE", str(tmp_path / "cache"))
    run = ("import sys\nfrom checker.cli import app\n"
           f"try:\n    app(['--no-config', 'check', {str(chat)!r}, '--policies', {str(policies)!r}, '--format', 'json'])\n"
           "except SystemExit:\n    pass")
    _imported_after(run)                             # the first run parses the rule base and caches it
    modules = _imported_after(run)
    assert "checker.engine" in modules
    assert not sorted(m for m in modules if m.split(".")[0] in ("ruamel", "regex") or m.startswith("checker.lint"))
