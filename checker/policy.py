"""Load the rule base (policies/): its files, their version hash, the cached or freshly
validated rules (checker/policy_loader.py) and the dated parameters (checker/parameters.py).
The rule model lives in checker/policy_model.py and is re-exported here."""
from __future__ import annotations

import hashlib
from pathlib import Path

from .examples import Example  # noqa: F401 - re-exported: the rule model's names are read from here
from .policy_loader import RuleLoader  # first: the cache's code stamp is taken after the code it names is loaded
from .policy_cache import cache_read, cache_write  # noqa: I001
from .policy_model import (DICTIONARY, SEEDS, Policy, PolicyError, PolicyProblem, Rule, Source,  # noqa: F401
                           default_policy_dir)


def policy_files(directory: Path) -> list[Path]:
    """Every file of the rule base: its YAML files and the segmenter's dictionary (all are
    part of the policy version)."""
    files = [p for p in directory.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()]
    if (directory / DICTIONARY).is_file():
        files.append(directory / DICTIONARY)
    return sorted(files)


def load_policy(directory: str | Path | None = None) -> Policy:
    directory = Path(directory) if directory else default_policy_dir()
    if not directory.is_dir():
        raise PolicyError([PolicyProblem(str(directory), 0, 0, "", "", "规则目录不存在：用 --policies 指定")])
    digest = hashlib.sha256()
    files = policy_files(directory)
    unreadable = []
    for path in files:
        try:
            digest.update(path.relative_to(directory).as_posix().encode() + b"\0" + path.read_bytes())
        except OSError as exc:
            unreadable.append(PolicyProblem(str(path), 0, 0, "", "", f"无法读取文件：{exc.strerror or exc}"))
    if unreadable:
        raise PolicyError(unreadable)
    version = digest.hexdigest()[:12]
    cached = cache_read(directory, version)
    if cached is not None:
        cached.directory = str(directory)    # the cache may have been written from another working directory
        return cached
    policy = _load_uncached(directory, files, version)
    cache_write(policy)
    return policy


def _load_uncached(directory: Path, files: list[Path], version: str) -> "Policy":
    from .parameters import load_parameters
    from .policy_files import file_kind, unrecognised
    loader = RuleLoader()
    for path in files:
        if path.name == DICTIONARY and path.parent == directory:
            continue                      # the segmenter's dictionary, read by checker/text/segment.py
        kind = file_kind(path)
        if kind == "rules":
            loader.load_file(path)
        elif kind is None:
            loader.problems.append(PolicyProblem(str(path), 1, 1, "", "", unrecognised(path)))
    parameters = load_parameters(directory)
    for rule in loader.rules:
        for name in getattr(rule.detector, "parameters", lambda: [])():
            if name not in parameters.parameters:
                loader.problems.append(PolicyProblem(rule.file, rule.line, 1, rule.id, "",
                                                     f"引用了不存在的参数 {name}；已定义：{', '.join(parameters.parameters) or '无'}"))
    if not loader.rules and not loader.problems:
        loader.problems.append(PolicyProblem(str(directory), 0, 0, "", "", "没有找到任何规则文件（*.yaml，顶层键 rules）"))
    if loader.problems:
        raise PolicyError(loader.problems)
    return Policy(rules=loader.rules, version=version, directory=str(directory), parameters=parameters)


def _is_rule_file(path: Path) -> bool:
    from .policy_files import file_kind
    return file_kind(path) == "rules"
