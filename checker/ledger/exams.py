"""Exams and exam papers in the ledger: the quiz records them, the scorecard reads them.
A mixin of Ledger (store.py): it uses the ledger's connection and transaction."""
from __future__ import annotations

import json
from datetime import datetime

from .clock import check_month, iso, now, parse
from .errors import LedgerError


class ExamRecords:
    def record_exam(self, agent: str, month: str, paper_id: str, score: float, max_score: float,
                    taken_at: datetime | None = None, details: dict | None = None) -> None:
        check_month(month)
        if max_score <= 0 or score < 0 or score > max_score:
            raise LedgerError(f"考试分数无效：{score}/{max_score}（应 0 ≤ 得分 ≤ 满分，满分 > 0）")
        with self.transaction():
            from .review_state import require_open_month
            require_open_month(self, month, "记录考试成绩")
            # a regrade keeps the result it replaces
            self.conn.execute(
                "INSERT INTO exam_history (agent, month, paper_id, score, max_score, taken_at, details, recorded_at, "
                "replaced_at) SELECT agent, month, paper_id, score, max_score, taken_at, details, recorded_at, ? "
                "FROM exams WHERE agent = ? AND paper_id = ?", (iso(now()), agent, paper_id))
            self.conn.execute(
                "INSERT OR REPLACE INTO exams (agent, month, paper_id, score, max_score, taken_at, details, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (agent, month, paper_id, float(score), float(max_score), iso(taken_at) if taken_at else None,
                 json.dumps(details or {}, ensure_ascii=False, default=str), iso(now())))

    def exam_results(self, month: str, agent: str | None = None) -> list[dict]:
        sql = "SELECT agent, month, paper_id, score, max_score, taken_at, details FROM exams WHERE month = ?"
        args: list = [month]
        if agent is not None:
            sql += " AND agent = ?"
            args.append(agent)
        rows = self.conn.execute(sql + " ORDER BY agent, taken_at, paper_id", args).fetchall()
        return [{"agent": a, "month": m, "paper_id": p, "score": s, "max_score": x, "taken_at": parse(t),
                 "details": json.loads(d)} for a, m, p, s, x, t, d in rows]

    def exam_history(self, agent: str | None = None, paper_id: str | None = None) -> list[dict]:
        """Exam results a regrade replaced, oldest first."""
        sql = ("SELECT agent, month, paper_id, score, max_score, taken_at, details, recorded_at, replaced_at "
               "FROM exam_history WHERE (? IS NULL OR agent = ?) AND (? IS NULL OR paper_id = ?) ORDER BY id")
        rows = self.conn.execute(sql, (agent, agent, paper_id, paper_id)).fetchall()
        return [{"agent": a, "month": m, "paper_id": p, "score": s, "max_score": x, "taken_at": parse(t),
                 "details": json.loads(d), "recorded_at": r, "replaced_at": rp} for a, m, p, s, x, t, d, r, rp in rows]

    def record_paper(self, agent: str, month: str, paper_id: str, question_ids: list[str]) -> None:
        check_month(month)
        with self.transaction():
            self.conn.execute("INSERT OR REPLACE INTO papers (agent, month, paper_id, question_ids, recorded_at) "
                              "VALUES (?, ?, ?, ?, ?)",
                              (agent, month, paper_id, json.dumps(list(question_ids), ensure_ascii=False), iso(now())))

    def question_history(self, agent: str, months: list[str]) -> set[str]:
        if not months:
            return set()
        marks = ", ".join("?" * len(months))
        rows = self.conn.execute(f"SELECT question_ids FROM papers WHERE agent = ? AND month IN ({marks})",
                                 (agent, *months))
        return {q for (ids,) in rows for q in json.loads(ids)}
