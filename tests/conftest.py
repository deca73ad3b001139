from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data"
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="session")
def policy():
    from checker.policy import load_policy
    return load_policy(ROOT / "policies")


@pytest.fixture(scope="session")
def engine(policy):
    from checker.engine import Engine
    return Engine(policy)


def slim_policies(dest: Path, *rule_files: str) -> Path:
    """A copy of policies/ at `dest` whose rules/ keeps only `rule_files` (parameters,
    scoring, exam, templates and the dictionary stay): for tests of how a rule base is
    read, cached or refused, where the size of the rule base is not the point. A cold load
    of the whole rule base costs ~6 s; a slim one a fraction of a second."""
    import shutil
    shutil.copytree(ROOT / "policies", dest, ignore=lambda folder, names: [
        n for n in names if Path(folder).name == "rules" and n not in rule_files])
    return dest


def needs_data(*parts: str) -> Path:
    path = DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared real-chat data is not checked out beside the project")
    return path


# A one-round chat with one bare refusal: the smallest input every output test can write.
REFUSAL_CHAT = """
id: T-out-1
agent: 小美
started_at: 2026-11-03T10:00:00+08:00
messages:
  - {at: "10:00:00", from: customer, text: 在吗}
  - {at: "10:00:05", from: agent, text: 不行}
"""
