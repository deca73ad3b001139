"""eval/: the scoring of `make eval` on synthetic labels, and the development set's form."""
from __future__ import annotations

import sys

import pytest

from conftest import DATA, ROOT, needs_data

sys.path.insert(0, str(ROOT / "eval"))
from common import CONVERSATION_FIELDS, DEVSET_FIELDS, read_sessions, read_tsv  # noqa: E402
from devscore import parse_norms, score_conversations, score_messages  # noqa: E402

from checker.norms import MESSAGE_LEVEL, NORMS  # noqa: E402

DEVSET = ROOT / "eval" / "devset.tsv"
HELDOUT = ROOT / "eval" / "heldout.tsv"
HELDOUT2 = ROOT / "eval" / "heldout2.tsv"
HELDOUT3 = ROOT / "eval" / "heldout3.tsv"
HELDOUT4 = ROOT / "eval" / "heldout4.tsv"
HELDOUT5 = ROOT / "eval" / "heldout5.tsv"
HELDOUT6 = ROOT / "eval" / "heldout6.tsv"
LABEL_FILES = pytest.mark.parametrize("labels", [DEVSET, HELDOUT, HELDOUT2, HELDOUT3, HELDOUT4, HELDOUT5, HELDOUT6],
                                      ids=["devset", "heldout", "heldout2", "heldout3", "heldout4", "heldout5",
                                           "heldout6"])


def test_message_scoring_counts_each_message_norm_pair():
    gold = {("jddc", "a", 1): {"harsh_language"}, ("jddc", "a", 3): set(),
            ("jddc", "b", 1): {"hedging", "shirking"}}
    predicted = {("jddc", "a", 1): {"harsh_language"}, ("jddc", "a", 3): {"hedging"},
                 ("jddc", "b", 1): {"hedging"}, ("jddc", "z", 9): {"hedging"}}   # z is unlabelled
    score = score_messages(gold, predicted, ["harsh_language", "hedging", "shirking"])
    assert (score.per_norm["harsh_language"].tp, score.per_norm["harsh_language"].fp) == (1, 0)
    hedging = score.per_norm["hedging"]
    assert (hedging.tp, hedging.fp, hedging.fn) == (1, 1, 0)
    assert hedging.precision == 0.5 and hedging.recall == 1.0
    assert score.misses == [(("jddc", "b", 1), "shirking")]
    assert score.false_alarms == [(("jddc", "a", 3), "hedging")]
    micro = score.micro
    assert (micro.tp, micro.fp, micro.fn) == (2, 1, 1)
    assert score.per_norm["shirking"].precision is None      # nothing flagged: undefined, not 0


def test_norm_filter_ignores_other_norms():
    score = score_messages({("e", "t", 0): {"shouting"}}, {("e", "t", 0): {"hedging"}}, ["hedging"])
    assert score.micro.fp == 1 and score.micro.fn == 0


def test_conversation_scoring_only_counts_reviewed_sessions():
    gold = {("jddc", "s1", "greeting", 1), ("jddc", "s2", "unanswered", 4)}
    predicted = {("jddc", "s1", "greeting", 1), ("jddc", "s2", "unanswered", 6),
                 ("jddc", "s9", "greeting", 1)}                          # s9 not reviewed
    score = score_conversations(gold, predicted, {("jddc", "s1"), ("jddc", "s2")},
                                ["greeting", "unanswered", "complaint_apology"])
    assert score.per_norm["greeting"].tp == 1 and score.per_norm["greeting"].fp == 0
    unanswered = score.per_norm["unanswered"]
    assert (unanswered.tp, unanswered.fp, unanswered.fn) == (0, 1, 1)   # wrong message: both


def test_parse_norms():
    assert parse_norms("") == set() and parse_norms("-") == set()
    assert parse_norms("hedging, shirking") == {"hedging", "shirking"}


@LABEL_FILES
def test_label_file_is_well_formed(labels):
    rows = read_tsv(labels)
    assert len(rows) >= 300
    assert tuple(rows[0]) == DEVSET_FIELDS
    keys = [(r["dataset"], r["transcript"], r["index"]) for r in rows]
    assert len(keys) == len(set(keys)), "a message is labelled twice"
    for row in rows:
        assert row["dataset"] in ("jddc", "ecd") and row["selection"] in ("cue", "random")
        assert row["index"].isdigit()
        assert parse_norms(row["norms"]) <= set(MESSAGE_LEVEL), row
        assert row["reason"] and len(row["reason"]) <= 120, row
    assert {r["selection"] for r in rows} == {"cue", "random"}


def test_conversation_label_format_is_documented():
    guide = (ROOT / "eval" / "GUIDE.md").read_text(encoding="utf-8")
    assert "\t".join(CONVERSATION_FIELDS) in guide
    path = ROOT / "eval" / "conversation_labels.tsv"
    if not path.exists():
        pytest.skip("eval/conversation_labels.tsv not written yet")
    for row in read_tsv(path):
        assert row["norm"] in ("-", *NORMS) and row["reason"]


def _labelled(rows):
    sessions = {name: read_sessions(name, DATA) for name in ("jddc", "ecd")}
    for row in rows:
        yield row, sessions[row["dataset"]].get(row["transcript"])


def test_heldout_set_is_disjoint_from_the_devset():
    keys = lambda path: {(r["dataset"], r["transcript"], r["index"]) for r in read_tsv(path)}  # noqa: E731
    assert not keys(DEVSET) & keys(HELDOUT)
    assert not (keys(DEVSET) | keys(HELDOUT)) & keys(HELDOUT2)
    assert not (keys(DEVSET) | keys(HELDOUT) | keys(HELDOUT2)) & keys(HELDOUT3)
    assert not (keys(DEVSET) | keys(HELDOUT) | keys(HELDOUT2) | keys(HELDOUT3)) & keys(HELDOUT4)
    assert not (keys(DEVSET) | keys(HELDOUT) | keys(HELDOUT2) | keys(HELDOUT3) | keys(HELDOUT4)) & keys(HELDOUT5)
    earlier = keys(DEVSET) | keys(HELDOUT) | keys(HELDOUT2) | keys(HELDOUT3) | keys(HELDOUT4) | keys(HELDOUT5)
    assert not earlier & keys(HELDOUT6)


def test_second_heldout_round_labels_exactly_its_queue():
    keys = lambda path: {(r["dataset"], r["transcript"], r["index"]) for r in read_tsv(path)}  # noqa: E731
    assert keys(HELDOUT2) == keys(ROOT / "eval" / "heldout2_queue.tsv")
    assert keys(HELDOUT3) == keys(ROOT / "eval" / "heldout3_queue.tsv")
    assert keys(HELDOUT4) == keys(ROOT / "eval" / "heldout4_queue.tsv")
    assert keys(HELDOUT5) == keys(ROOT / "eval" / "heldout5_queue.tsv")
    assert keys(HELDOUT6) == keys(ROOT / "eval" / "heldout6_queue.tsv")


@pytest.mark.parametrize("batch", [9, 10])
def test_late_session_batches_label_exactly_their_queue_and_are_new(batch):
    sessions = lambda path: {(r["dataset"], r["transcript"]) for r in read_tsv(path)}  # noqa: E731
    queue = sessions(ROOT / "eval" / f"sessions_heldout{batch}_queue.tsv")
    assert len(queue) == 60
    assert sessions(ROOT / "eval" / f"conversation_heldout{batch}.tsv") == queue
    earlier = set().union(*(sessions(ROOT / "eval" / name) for name in (
        "session_queue.tsv", "sessions_heldout_queue.tsv",
        *(f"sessions_heldout{n}_queue.tsv" for n in range(2, batch)))))
    assert not queue & earlier


def test_blind_keys_hold_the_sets_awaiting_their_measurement():
    """Corpus mining skips exactly the queues that await their one blind measurement, and such a
    queue shares no session with any batch measured before it."""
    import common
    messages, sessions = common.blind_keys()
    waiting = {(r["dataset"], r["transcript"]) for name in common.BLIND_SESSION_QUEUES
               for r in read_tsv(ROOT / "eval" / name)}
    assert sessions == waiting
    assert messages == {(r["dataset"], r["transcript"], int(r["index"])) for name in common.BLIND_MESSAGE_QUEUES
                        for r in read_tsv(ROOT / "eval" / name)}
    measured = {(r["dataset"], r["transcript"]) for path in (ROOT / "eval").glob("sessions_heldout*_queue.tsv")
                if path.name not in common.BLIND_SESSION_QUEUES for r in read_tsv(path)}
    assert not waiting & measured


def test_sixth_round_is_new():
    keys = lambda path: {(r["dataset"], r["transcript"], r["index"]) for r in read_tsv(path)}  # noqa: E731
    earlier = set().union(*(keys(ROOT / "eval" / name) for name in (
        "devset.tsv", "heldout.tsv", *(f"heldout{n}.tsv" for n in range(2, 6)))))
    assert len(keys(ROOT / "eval" / "heldout6_queue.tsv")) == 385
    assert not keys(ROOT / "eval" / "heldout6_queue.tsv") & earlier


@LABEL_FILES
def test_every_label_points_at_an_agent_message(labels):
    needs_data("jddc2019", "jddc2019.jsonl")
    for row, messages in _labelled(read_tsv(labels)):
        assert messages is not None, f"unknown transcript {row['transcript']}"
        index = int(row["index"])
        assert index < len(messages) and messages[index]["from"] == "agent", row


@LABEL_FILES
def test_reasons_quote_no_chat_text(labels):
    needs_data("jddc2019", "jddc2019.jsonl")
    for row, messages in _labelled(read_tsv(labels)):
        text = messages[int(row["index"])]["text"]
        reason = row["reason"]
        quoted = [reason[i:i + 6] for i in range(len(reason) - 5) if reason[i:i + 6] in text]
        assert not quoted, f"reason of {row['transcript']}#{row['index']} copies the chat: {quoted}"


def test_conversation_labels_point_at_the_right_speaker():
    needs_data("jddc2019", "jddc2019.jsonl")
    path = ROOT / "eval" / "conversation_labels.tsv"
    if not path.exists():
        pytest.skip("eval/conversation_labels.tsv not written yet")
    rows = read_tsv(path)
    sessions = {name: read_sessions(name, DATA) for name in ("jddc", "ecd")}
    speaker = {"greeting": "agent", "complaint_apology": "customer", "unanswered": "customer"}
    for row in rows:
        messages = sessions[row["dataset"]][row["transcript"]]
        if row["norm"] == "-":
            assert not row["index"].strip(), row
            continue
        index = int(row["index"])
        assert messages[index]["from"] == speaker[row["norm"]], row
        text = messages[index]["text"]
        assert not any(row["reason"][i:i + 6] in text for i in range(len(row["reason"]) - 5)), row
    assert len({(r["dataset"], r["transcript"], r["norm"], r["index"]) for r in rows}) == len(rows)


def test_run_eval_skips_without_data(tmp_path, capsys):
    import run_eval
    assert run_eval.main(["--data", str(tmp_path / "absent")]) == 0
    assert "跳过" in capsys.readouterr().out


def test_run_eval_main_leaves_the_callers_sigpipe_alone(tmp_path):
    """main() is called in-process by tests: resetting SIGPIPE there let a later test's
    closed pipe kill the whole pytest run. Only the script entry point may reset it."""
    import signal
    import run_eval
    if not hasattr(signal, "SIGPIPE"):
        pytest.skip("no SIGPIPE on this platform")
    before = signal.getsignal(signal.SIGPIPE)
    run_eval.main(["--data", str(tmp_path / "absent")])
    assert signal.getsignal(signal.SIGPIPE) == before


def test_heldout_option_measures_the_heldout_file_without_conversations():
    import run_eval
    args = run_eval.parse_args(["--heldout"])
    assert args.labels.name == "heldout.tsv" and args.last.name == "last_heldout.json"
    assert args.conversation_labels is None


def test_heldout2_option_measures_the_second_round_without_conversations():
    import run_eval
    args = run_eval.parse_args(["--heldout2"])
    assert args.labels.name == "heldout2.tsv" and args.last.name == "last_heldout2.json"
    assert args.conversation_labels is None and args.conversation_heldout == []


def test_heldout5_option_measures_the_fifth_round_without_conversations():
    import run_eval
    args = run_eval.parse_args(["--heldout5"])
    assert args.labels.name == "heldout5.tsv" and args.last.name == "last_heldout5.json"
    assert args.conversation_labels is None and args.conversation_heldout == []
    assert "conversation_heldout9.tsv" in {p.name for p in run_eval.parse_args([]).conversation_heldout}


def test_heldout6_option_measures_the_sixth_round_without_conversations():
    import run_eval
    args = run_eval.parse_args(["--heldout6"])
    assert args.labels.name == "heldout6.tsv" and args.last.name == "last_heldout6.json"
    assert args.conversation_labels is None and args.conversation_heldout == []
    with pytest.raises(SystemExit):
        run_eval.parse_args(["--heldout5", "--heldout6"])


def test_run_engine_counts_messages_skipped_over_the_time_budget(monkeypatch):
    """A message skipped over the regex time budget has no findings: on a busy machine that
    would silently lower recall, so the measurement must say how many were skipped."""
    import run_eval

    class Result:
        findings = []
        errors = [{"message": 3}]

    class FakeEngine:
        def __init__(self, policy):
            pass

        def check(self, item):
            return Result()

    monkeypatch.setattr(run_eval, "Engine", FakeEngine)
    findings, skipped = run_eval.run_engine(None, {("jddc", "t1"): object(), ("jddc", "t2"): object()})
    assert findings == {("jddc", "t1"): [], ("jddc", "t2"): []} and skipped == 2


def test_handwritten_near_misses_meet_the_targets(policy):
    """The hand-written near-miss set (eval/handwritten/, no real-chat data needed): all
    message norms together reach P >= 0.95 and R >= 0.90."""
    from handwritten import TARGET_PRECISION, TARGET_RECALL, evaluate, load_items
    items = load_items()
    assert len(items) >= 150
    labelled = {n for _, item in items for n in item["norms"]}
    assert labelled == set(MESSAGE_LEVEL)                 # every message norm has positives
    score, _, _ = evaluate(policy)
    micro = score.micro
    assert micro.precision >= TARGET_PRECISION, (micro.precision, score.false_alarms)
    assert micro.recall >= TARGET_RECALL, (micro.recall, score.misses)


def test_handwritten_items_keep_their_turn(policy):
    """next/reply/after build the chat around the judged message."""
    from handwritten import transcript_of
    transcript, judged = transcript_of("x", {"customer": "能退吗", "agent": "不行", "next": ["抱歉"],
                                             "reply": "为什么", "after": "因为拆封了", "norms": []})
    assert judged == 1
    assert [m.role for m in transcript.messages] == ["customer", "agent", "agent", "customer", "agent"]


def test_handwritten_set_is_kept_apart_from_the_rule_examples(policy):
    """No item is a rule example (the same customer words and agent reply); a short stock
    reply (不支持的哦, 爱买不买) may recur in another context."""
    from handwritten import load_items
    examples = {(e.customer or "", e.agent) for r in policy.rules for e in r.bad + r.good if e.agent}
    copied = [item["agent"] for _, item in load_items()
              if (item.get("customer") if isinstance(item.get("customer"), str) else "", item["agent"]) in examples]
    assert not copied, copied


def test_eighth_round_labels_real_excerpts_kept_outside_the_repository():
    """heldout8: every agent message of the 100 external JDDC excerpts, labelled once; the text
    itself is never in the repository (nor in ../shared/data)."""
    rows = read_tsv(ROOT / "eval" / "heldout8.tsv")
    assert tuple(rows[0]) == DEVSET_FIELDS and len(rows) == 299
    assert {r["dataset"] for r in rows} == {"jddcx"} and {r["selection"] for r in rows} == {"refund-pack"}
    keys = [(r["transcript"], int(r["index"])) for r in rows]
    assert len(keys) == len(set(keys))
    assert {t for t, _ in keys} <= {f"jddcx-refund-{n:03d}" for n in range(1, 101)}
    for row in rows:
        assert parse_norms(row["norms"]) <= set(MESSAGE_LEVEL), row
        assert row["reason"] and len(row["reason"]) <= 120, row
    assert not list((ROOT / "eval").rglob("jddcx_refund.jsonl"))


def test_a_round_whose_chats_are_absent_is_skipped_with_the_way_to_get_them(tmp_path, capsys):
    import run_eval
    assert run_eval.main(["--heldout8", "--data", str(tmp_path), "--handwritten", str(tmp_path),
                          "--conversation-handwritten", str(tmp_path / "none.yaml")]) == 0
    out = capsys.readouterr().out
    assert "跳过：heldout8.tsv 的对话文件不在" in out and "jddc-external/jddcx_refund.jsonl" in out
    assert "eval/HELDOUT.md" in out


DEV_QUESTIONS = """<session a_1>
<context>
Q:\t我买的耳机没声音
A:\t您好，请问有什么可以帮您？<sep>您好<sep>NULL
</context>
<Q1>好的!@@@!能换吗</Q1>
<Q2>谢谢</Q2>
</session a_1>
"""
DEV_ANSWERS = """<session a_1>
可以换的!@@@!帮您申请<sep>不能换哦<sep>NULL
不客气!@@@!系统提示：尊敬的客户，会话即将结束<sep>不客气<sep>好的
</session a_1>
"""


def test_jddc2019_dev_set_becomes_one_transcript_per_agent(tmp_path):
    """eval/jddc2019_dev.py: three transcripts a session, multi-message replies split, NULL dropped,
    系统提示 lines as system messages, and the customer turns in place."""
    import jddc2019_dev
    (tmp_path / "q.txt").write_text(DEV_QUESTIONS, encoding="utf-8")
    (tmp_path / "a.txt").write_text(DEV_ANSWERS, encoding="utf-8")
    assert jddc2019_dev.main([str(tmp_path / "q.txt"), str(tmp_path / "a.txt"), str(tmp_path)]) == 0
    records = {r["id"]: r for r in map(__import__("json").loads,
               (tmp_path / "jddc2019-dev" / "jddc19dev.jsonl").read_text(encoding="utf-8").splitlines())}
    assert sorted(records) == ["jddc19dev-a_1-r1", "jddc19dev-a_1-r2", "jddc19dev-a_1-r3"]
    first = [(m["from"], m["text"]) for m in records["jddc19dev-a_1-r1"]["messages"]]
    assert first == [("customer", "我买的耳机没声音"), ("agent", "您好，请问有什么可以帮您？"), ("customer", "好的"),
                     ("customer", "能换吗"), ("agent", "可以换的"), ("agent", "帮您申请"), ("customer", "谢谢"),
                     ("agent", "不客气"), ("system", "系统提示：尊敬的客户，会话即将结束")]
    third = [(m["from"], m["text"]) for m in records["jddc19dev-a_1-r3"]["messages"]]
    assert third == [("customer", "我买的耳机没声音"), ("customer", "好的"), ("customer", "能换吗"),
                     ("customer", "谢谢"), ("agent", "好的")]


def test_ninth_round_labels_every_agent_message_once_and_its_recheck_is_a_subset():
    rows = read_tsv(ROOT / "eval" / "heldout9.tsv")
    assert tuple(rows[0]) == DEVSET_FIELDS and len(rows) == 1990
    assert {r["dataset"] for r in rows} == {"jddc19dev"} and {r["selection"] for r in rows} == {"census"}
    keys = {(r["transcript"], r["index"]) for r in rows}
    assert len(keys) == len(rows)
    for row in rows:
        assert parse_norms(row["norms"]) <= set(MESSAGE_LEVEL), row
        assert row["reason"] and len(row["reason"]) <= 120, row
    recheck = read_tsv(ROOT / "eval" / "heldout9_recheck.tsv")
    assert len(recheck) == 152 and {(r["transcript"], r["index"]) for r in recheck} <= keys
    assert all(parse_norms(r["norms"]) <= set(MESSAGE_LEVEL) and r["reason"] for r in recheck)
    assert not list((ROOT / "eval").rglob("jddc19dev.jsonl"))


def test_jddc2019_dev_script_names_a_missing_file_without_a_traceback(tmp_path, capsys):
    import jddc2019_dev
    (tmp_path / "a.txt").write_text(DEV_ANSWERS, encoding="utf-8")
    assert jddc2019_dev.main([str(tmp_path / "missing.txt"), str(tmp_path / "a.txt"), str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "missing.txt" in err and "dev_question.txt" in err
    (tmp_path / "q.txt").write_text("not the contest's format\n", encoding="utf-8")
    assert jddc2019_dev.main([str(tmp_path / "q.txt"), str(tmp_path / "a.txt"), str(tmp_path)]) == 2
    assert "<session" in capsys.readouterr().err


def test_ninth_round_sessions_label_each_original_chat():
    rows = read_tsv(ROOT / "eval" / "heldout9_sessions.tsv")
    assert tuple(rows[0]) == CONVERSATION_FIELDS
    originals = {r["transcript"] for r in read_tsv(ROOT / "eval" / "heldout9.tsv") if r["transcript"].endswith("-r1")}
    assert {r["transcript"] for r in rows} == originals and len(originals) == 52
    for row in rows:
        assert row["norm"] in ("-", "greeting", "complaint_apology", "unanswered") and row["reason"], row
        assert (row["norm"] == "-") == (row["index"] == ""), row


def test_a_round_flag_refuses_labels_of_its_own(capsys):
    # --heldout9 means --labels eval/heldout9.tsv: another --labels or --last with it was silently ignored
    import run_eval
    for extra in (["--labels", "x.tsv"], ["--last", "x.json"], ["--conversation-labels", "x.tsv"]):
        with pytest.raises(SystemExit):
            run_eval.parse_args(["--heldout9"] + extra)
        assert extra[0] in capsys.readouterr().err
    assert run_eval.parse_args(["--labels", "x.tsv"]).labels.name == "x.tsv"


def test_run_eval_names_a_missing_or_malformed_handwritten_file(tmp_path, capsys):
    # `run_eval.py --handwritten eval/paraphrase/…` is how the README measures a set: a wrong path or a bad item
    # is a clear message and exit 2, not a traceback
    import run_eval
    assert run_eval.main(["--handwritten", str(tmp_path / "nope.yaml"), "--handwritten-only"]) == 2
    assert "nope.yaml" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    bad.write_text('items:\n  - {"customer": ["x"], "agent": "y", "norms": [], "extra": 1}\n', encoding="utf-8")
    assert run_eval.main(["--handwritten", str(bad), "--handwritten-only"]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "extra" in err and "Traceback" not in err
