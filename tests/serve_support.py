"""Shared set-up of the `kefu serve` tests: a ledger with the sample chats recorded (plus a
chat carrying HTML and a phone number), four users, and logged-in test clients."""
from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT

PASSWORD = "correct-horse-42"
USERS = {"小美": "agent", "阿杰": "agent", "晓雯": "agent", "质检员": "reviewer", "组长": "lead"}
MONTH = "2026-11"
TARGETS = ROOT / "examples" / "scorecard" / "targets"
INJECTION = {
    "id": "T-20261115-0666", "agent": "小美", "customer": "张小凡",
    "messages": [
        {"at": "2026-11-15T20:00:00+08:00", "from": "customer",
         "text": "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">我的电话13812345678，张小凡"},
        {"at": "20:00:09", "from": "agent",
         "text": "不行，<script>document.documentElement.setAttribute('data-pwned','script')</script>这个退不了"},
        # the apology comes after the customer asks again: the bare refusal stays a finding
        {"at": "20:00:30", "from": "customer", "text": "为什么"},
        {"at": "20:00:41", "from": "agent", "text": "亲，抱歉，我帮您申请售后。"},
    ],
}


def build_ledger(tmp: Path) -> Path:
    """Record transcripts/ (and the injection chat) into tmp/kefu.db with the four users."""
    from checker.cli import app
    from checker.ledger import Ledger
    from checker.ledger.users import add_user
    chats = tmp / "chats"
    shutil.copytree(ROOT / "transcripts", chats)
    (chats / "im" / "injection.json").write_text(json.dumps(INJECTION, ensure_ascii=False), encoding="utf-8")
    db = tmp / "kefu.db"
    result = CliRunner().invoke(app, ["check", str(chats), "--record", "--db", str(db)])
    assert result.exit_code == 1, result.output
    with Ledger.open(db) as ledger:
        for name, role in USERS.items():
            add_user(ledger, name, role, PASSWORD)
    return db


class Clock:
    """The app's "now": the real time unless a test sets `at`."""

    def __init__(self):
        self.at: datetime | None = None

    def __call__(self) -> datetime:
        from checker.ledger.clock import now
        return self.at or now()


def make_client(db: Path, clock: Clock | None = None, **kwargs):
    from starlette.testclient import TestClient
    from checker.serve import create_app
    return TestClient(create_app(db, targets=TARGETS, clock=clock), **kwargs)


def login(client, name: str, password: str = PASSWORD):
    response = client.post("/api/login", json={"name": name, "password": password})
    assert response.status_code == 200, response.text
    client.headers["X-CSRF-Token"] = client.cookies["kefu_csrf"]
    return client


def findings(client, **params) -> list[dict]:
    response = client.get("/api/findings", params={"month": MONTH, **params})
    assert response.status_code == 200, response.text
    return response.json()["findings"]


def published(finding: dict) -> datetime:
    return datetime.fromisoformat(finding["published_at"])


def deadline(finding: dict) -> datetime:
    return datetime.fromisoformat(finding["dispute_deadline"])


ONE_SECOND = timedelta(seconds=1)


# ---- fixtures (imported by the test modules) -------------------------------------------------
@pytest.fixture(scope="module")
def template_db(tmp_path_factory):
    return build_ledger(tmp_path_factory.mktemp("serve"))


@pytest.fixture
def db(template_db, tmp_path):
    copy = tmp_path / "kefu.db"
    shutil.copy(template_db, copy)
    return copy


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def as_user(db, clock):
    clients = []

    def make(name):
        client = login(make_client(db, clock), name)
        clients.append(client)
        return client
    yield make
    for client in clients:
        client.close()
