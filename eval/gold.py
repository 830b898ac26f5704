"""The gold question set (``eval/gold.jsonl``): loading it and checking it against the parsed corpus."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Persona = Literal["employee", "hr", "lawyer"]
PERSONAS: tuple[Persona, ...] = ("employee", "hr", "lawyer")
GOLD_PATH = Path(__file__).with_name("gold.jsonl")


@dataclass(frozen=True)
class GoldQuestion:
    """One question as a user would ask it, with the clauses that answer it and the facts an answer needs."""

    id: str
    persona: Persona
    question: str
    gold_clause_ids: tuple[str, ...]
    answerable: bool
    answer_points: tuple[str, ...]
    # clauses the systems returned that a second, blind assessor judged to answer the question too
    # (pooled relevance judgments, as in TREC); kept apart so a report can score without them
    pooled_clause_ids: tuple[str, ...] = ()

    @property
    def relevant_ids(self) -> tuple[str, ...]:
        """Every clause judged to answer the question: the first-pass gold, then the pooled ones."""
        return self.gold_clause_ids + tuple(c for c in self.pooled_clause_ids if c not in self.gold_clause_ids)


def load_gold(path: Path = GOLD_PATH) -> list[GoldQuestion]:
    """Read the gold set; raise ``ValueError`` naming the line when a row is malformed."""
    questions: list[GoldQuestion] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            question = GoldQuestion(
                id=row["id"],
                persona=row["persona"],
                question=row["question"],
                gold_clause_ids=tuple(row["gold_clause_ids"]),
                answerable=bool(row["answerable"]),
                answer_points=tuple(row["answer_points"]),
                pooled_clause_ids=tuple(row.get("pooled_clause_ids") or ()),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: not a gold question row ({exc})") from exc
        if question.persona not in PERSONAS:
            raise ValueError(f"{path}:{number}: persona {question.persona!r} is not one of {PERSONAS}")
        questions.append(question)
    return questions


def check_gold(questions: Sequence[GoldQuestion], clause_texts: Mapping[str, str]) -> list[str]:
    """Every problem that makes the gold set disagree with the corpus (an empty list when none)."""
    problems: list[str] = []
    seen: set[str] = set()
    for q in questions:
        if q.id in seen:
            problems.append(f"{q.id}: duplicate id")
        seen.add(q.id)
        if q.answerable != bool(q.gold_clause_ids):
            problems.append(f"{q.id}: answerable={q.answerable} but {len(q.gold_clause_ids)} gold clauses")
        if q.answerable and not q.answer_points:
            problems.append(f"{q.id}: answerable but no answer points")
        for clause_id in q.relevant_ids:
            if clause_id not in clause_texts:
                problems.append(f"{q.id}: gold clause {clause_id!r} is not in the corpus")
        if q.pooled_clause_ids and not q.answerable:
            problems.append(f"{q.id}: unanswerable but has pooled relevant clauses")
        texts = [clause_texts.get(c, "") for c in q.gold_clause_ids]
        for point in q.answer_points:
            if not any(point in text for text in texts):
                problems.append(f"{q.id}: answer point {point!r} is in none of its gold clauses")
    return problems
