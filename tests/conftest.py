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
