"""The engine never crashes and stays linear: huge transcripts, huge messages.

Each heavy case runs in a child process, so a crash of the interpreter (durable-rules is
native code) fails the test instead of killing pytest."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

ROUNDS_SCRIPT = """
import sys, textwrap, pathlib, tempfile, threading
from datetime import datetime, timedelta, timezone
from checker.engine import Engine
from checker.model import Message, Transcript
from checker.policy import load_policy
from tests.test_engine import POLICY_YAML
rounds, runs, every = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
d = pathlib.Path(tempfile.mkdtemp())
(d / 'r.yaml').write_text(textwrap.dedent(POLICY_YAML), encoding='utf-8')
engine = Engine(load_policy(d))
t0 = datetime(2026, 11, 11, 9, tzinfo=timezone(timedelta(hours=8)))
msgs = []
for i in range(rounds):
    msgs.append(Message(len(msgs), 'customer', '在吗', t0 + timedelta(seconds=10 * i)))
    msgs.append(Message(len(msgs), 'agent', '好的' if i % every else '不行', t0 + timedelta(seconds=10 * i + 3)))
for run in range(runs):
    found = engine.check(Transcript(f't{run}', 'a', msgs)).findings
    assert len(found) == (rounds + every - 1) // every, len(found)
# durable-rules' own dispatch threads (threading.Timer) race the check: none may run
assert not [t for t in threading.enumerate() if isinstance(t, threading.Timer)], threading.enumerate()
print('ok')
"""


def run_child(code: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def test_100000_round_transcript_checks_in_a_child_process():
    """7,000+ rounds crashed the interpreter (SIGSEGV) when durable-rules' dispatch
    thread ran actions of the session the main thread was flushing and deleting.
    KEFU_CRASH_RUNS=10 checks it ten times (about 3 s a run on 2 cores)."""
    import os
    done = run_child(ROUNDS_SCRIPT, "100000", os.environ.get("KEFU_CRASH_RUNS", "1"), "10", timeout=900)
    assert done.returncode == 0 and done.stdout.strip() == "ok", (done.returncode, done.stderr[-2000:])


def test_10_runs_of_a_transcript_with_every_round_firing():
    """The size that crashed 1 run in 3 (7,000 rounds), ten times in one process."""
    done = run_child(ROUNDS_SCRIPT, "8000", "10", "2")
    assert done.returncode == 0 and done.stdout.strip() == "ok", (done.returncode, done.stderr[-2000:])


def test_events_that_cannot_fire_are_not_posted_and_change_nothing(policy, monkeypatch):
    """Candidates that fail a necessary condition of every rule of their kind (guarded,
    out of context, a round answered in time) are not posted: the findings are the same
    as when every candidate goes to durable-rules."""
    import checker.engine as engine_module
    from checker.engine import Engine
    from checker.loaders import iter_transcripts
    from checker.model import Transcript
    from checker.runner import _all_items, _workload, accepted_intervals

    paths = [ROOT / "transcripts"]
    workload = _workload(*accepted_intervals(_all_items(paths)))
    chats = [t for t in iter_transcripts(paths) if isinstance(t, Transcript)]
    posted = []
    real_run = Engine._run

    def counting_run(self, sid, events):
        posted.append(len(events))
        return real_run(self, sid, events)

    monkeypatch.setattr(Engine, "_run", counting_run)
    filtered = [[f.to_dict() for f in Engine(policy).check(t, None, workload).findings] for t in chats]
    few = sum(posted)
    posted.clear()
    monkeypatch.setattr(engine_module, "_can_fire", lambda rule, event: True)
    everything = [[f.to_dict() for f in Engine(policy).check(t, None, workload).findings] for t in chats]
    assert filtered == everything and any(filtered)
    assert few < sum(posted)
