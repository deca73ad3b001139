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
