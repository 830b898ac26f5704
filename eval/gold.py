"""The question sets: loading them, the evidence that ties each question to the clauses that answer it,
and re-resolving that evidence against whatever the corpus is ingested as today.

Every gold clause is kept as an ``Evidence`` anchor: the verbatim sentence that answers, and where it was
found (a clause id, or a statute file and article). Clause ids change when ingestion improves (a
document split off its neighbour gets a new id); the quote does not, so ``resolve_questions`` finds
each anchor again and the sets never drift from the corpus.

The sets, by name (``QUESTION_SETS``): ``gold`` (in-sample: its misses shaped the system),
``heldout`` (blind, written in round one), ``dev`` (blind, read and tuned on) and ``sealed`` (blind,
scored only as figures by the report command), the statute questions of each kind, ``fresh-sealed`` and
``fresh2-sealed`` (blind, circulars and statutes mixed, written later, the second after the fifty-second scoring;
figures only), ``short-dev`` / ``short-sealed``: one-line lay questions answered by the statutes (工伤期间工资谁发),
and ``offtopic-dev`` / ``offtopic-sealed``: questions on topics no document covers, most of them long stories (the
other sets' off-topic questions are short one-liners).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

Persona = Literal["employee", "hr", "lawyer"]
UnanswerableKind = Literal["entity", "topic", "fact"]
PERSONAS: tuple[Persona, ...] = ("employee", "hr", "lawyer")
EVAL_DIR = Path(__file__).parent
GOLD_PATH = EVAL_DIR / "gold.jsonl"


@dataclass(frozen=True)
class QuestionSet:
    """A named question file; a sealed set is scored only as figures, never listed question by question."""

    name: str
    paths: tuple[Path, ...]
    in_sample: bool = False
    sealed: bool = False


QUESTION_SETS: dict[str, QuestionSet] = {
    s.name: s
    for s in (
        QuestionSet("gold", (GOLD_PATH,), in_sample=True),
        QuestionSet("heldout", (EVAL_DIR / "heldout.jsonl",)),
        QuestionSet("dev", (EVAL_DIR / "blind" / "dev.jsonl",)),
        QuestionSet("sealed", (EVAL_DIR / "blind" / "sealed.jsonl",), sealed=True),
        QuestionSet("statutes-gold", (EVAL_DIR / "gold_statutes.jsonl",), in_sample=True),
        QuestionSet("statutes-dev", (EVAL_DIR / "blind" / "statutes_dev.jsonl",)),
        QuestionSet("statutes-sealed", (EVAL_DIR / "blind" / "statutes_sealed.jsonl",), sealed=True),
        QuestionSet("fresh-sealed", (EVAL_DIR / "blind" / "fresh_sealed.jsonl",), sealed=True),
        QuestionSet("fresh2-sealed", (EVAL_DIR / "blind" / "fresh2_sealed.jsonl",), sealed=True),
        QuestionSet("short-dev", (EVAL_DIR / "blind" / "short_dev.jsonl",)),
        QuestionSet("short-sealed", (EVAL_DIR / "blind" / "short_sealed.jsonl",), sealed=True),
        QuestionSet("offtopic-dev", (EVAL_DIR / "blind" / "offtopic_dev.jsonl",)),
        QuestionSet("offtopic-sealed", (EVAL_DIR / "blind" / "offtopic_sealed.jsonl",), sealed=True),
    )
}


@dataclass(frozen=True)
class Evidence:
    """Where the answer to a question is printed: a verbatim quote, in a clause or in a statute article."""

    quote: str
    clause_id: str | None = None  # as resolved when the row was last written
    statute: str | None = None  # a statute's file name without .md: 劳动合同法(2012-12-28)
    article: str | None = None  # 第四十条

    def to_dict(self) -> dict[str, str]:
        row = {"clause_id": self.clause_id, "statute": self.statute, "article": self.article, "quote": self.quote}
        return {k: v for k, v in row.items() if v is not None}


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
    evidence: tuple[Evidence, ...] = ()
    unanswerable_kind: UnanswerableKind | None = None
    note: str = ""

    @property
    def relevant_ids(self) -> tuple[str, ...]:
        """Every clause judged to answer the question: the first-pass gold, then the pooled ones."""
        return self.gold_clause_ids + tuple(c for c in self.pooled_clause_ids if c not in self.gold_clause_ids)


def _evidence(row: Mapping[str, object]) -> tuple[Evidence, ...]:
    items = row.get("evidence") or []
    assert isinstance(items, list)
    return tuple(
        Evidence(
            quote=str(e["quote"]),
            clause_id=e.get("clause_id"),
            statute=e.get("statute"),
            article=e.get("article"),
        )
        for e in items
    )


def load_gold(path: Path = GOLD_PATH) -> list[GoldQuestion]:
    """Read a question file (either row shape); raise ``ValueError`` naming the line when a row is malformed.

    The blind sets' rows carry ``evidence`` and no ``gold_clause_ids``: their gold is the clause ids the
    evidence was resolved to (statute anchors count once ``resolve_questions`` has found them).
    """
    questions: list[GoldQuestion] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            evidence = _evidence(row)
            ids = row.get("gold_clause_ids")
            if ids is None:
                ids = [e.clause_id for e in evidence if e.clause_id]
            question = GoldQuestion(
                id=row["id"],
                persona=row["persona"],
                question=row["question"],
                gold_clause_ids=tuple(dict.fromkeys(ids)),
                answerable=bool(row["answerable"]),
                answer_points=tuple(row["answer_points"]),
                pooled_clause_ids=tuple(row.get("pooled_clause_ids") or ()),
                evidence=evidence,
                unanswerable_kind=row.get("unanswerable_kind"),
                note=row.get("note") or "",
            )
        except (ValueError, KeyError, TypeError, AssertionError) as exc:
            raise ValueError(f"{path}:{number}: not a question row ({exc})") from exc
        if question.persona not in PERSONAS:
            raise ValueError(f"{path}:{number}: persona {question.persona!r} is not one of {PERSONAS}")
        questions.append(question)
    return questions


def load_set(name: str) -> list[GoldQuestion]:
    """The questions of a named set (``QUESTION_SETS``)."""
    try:
        chosen = QUESTION_SETS[name]
    except KeyError:
        raise ValueError(f"no question set {name!r}; the sets are {', '.join(QUESTION_SETS)}") from None
    return [q for path in chosen.paths for q in load_gold(path)]


# ---------------------------------------------------------------- evidence resolution


def squash(text: str) -> str:
    return re.sub(r"\s", "", text)


@dataclass(frozen=True)
class ClauseRecord:
    """What resolution needs of a clause: its id, document, label, text and source file."""

    clause_id: str
    doc_id: str
    label: str
    text: str
    file: str


def _statute_file(stem: str) -> str:
    return f"statutes/{stem}.md"


def resolve_evidence(evidence: Evidence, clauses: Sequence[ClauseRecord], by_id: Mapping[str, ClauseRecord]) -> str | None:
    """The id of the clause that prints ``evidence`` today, or None when no clause does.

    The clause named when the row was written wins while it still holds the quote; otherwise the
    clause that holds it in the same document, then one with the same label, then the only one.
    """
    quote = squash(evidence.quote)
    if evidence.clause_id and (known := by_id.get(evidence.clause_id)) and quote in squash(known.text):
        return known.clause_id
    candidates = [c for c in clauses if quote in squash(c.text)]
    if evidence.statute:
        candidates = [
            c for c in candidates
            if c.file.endswith(_statute_file(evidence.statute))
            and (not evidence.article or c.label.startswith(evidence.article))
        ]
        return candidates[0].clause_id if candidates else None
    if not candidates:
        return None
    old_doc, _, old_label = (evidence.clause_id or "").partition("#")
    for test in (lambda c: c.doc_id == old_doc, lambda c: c.label == old_label):
        chosen = [c for c in candidates if test(c)]
        if chosen:
            return chosen[0].clause_id
    return candidates[0].clause_id if len(candidates) == 1 else None


@dataclass(frozen=True)
class Resolution:
    """The questions with their gold re-resolved, and every anchor no clause holds today."""

    questions: list[GoldQuestion]
    unresolved: list[tuple[str, Evidence]]  # (question id, evidence)


def resolve_questions(questions: Iterable[GoldQuestion], clauses: Sequence[ClauseRecord]) -> Resolution:
    """Re-resolve each question's evidence to today's clause ids (rows without evidence are kept as written)."""
    by_id = {c.clause_id: c for c in clauses}
    resolved: list[GoldQuestion] = []
    unresolved: list[tuple[str, Evidence]] = []
    for q in questions:
        if not q.evidence:
            resolved.append(q)
            continue
        # the first-pass gold and the pooled judgments stay apart (an anchor written for a pooled clause)
        was_pooled = set(q.pooled_clause_ids) - set(q.gold_clause_ids)
        gold: list[str] = []
        pooled: list[str] = []
        anchors: list[Evidence] = []
        for evidence in q.evidence:
            found = resolve_evidence(evidence, clauses, by_id)
            if found is None:
                unresolved.append((q.id, evidence))
                anchors.append(evidence)
                continue
            (pooled if evidence.clause_id in was_pooled else gold).append(found)
            anchors.append(replace(evidence, clause_id=found))
        gold_ids = tuple(dict.fromkeys(gold))
        pooled_ids = tuple(c for c in dict.fromkeys(pooled) if c not in gold_ids)
        resolved.append(replace(q, gold_clause_ids=gold_ids, pooled_clause_ids=pooled_ids, evidence=tuple(anchors)))
    return Resolution(resolved, unresolved)


def check_gold(questions: Sequence[GoldQuestion], clause_texts: Mapping[str, str]) -> list[str]:
    """Every problem that makes a question set disagree with the corpus (an empty list when none)."""
    problems: list[str] = []
    seen: set[str] = set()
    for q in questions:
        if q.id in seen:
            problems.append(f"{q.id}: duplicate id")
        seen.add(q.id)
        if q.answerable and not q.gold_clause_ids:
            problems.append(f"{q.id}: answerable but no gold clause")
        if not q.answerable and q.unanswerable_kind in (None, "entity", "topic") and q.gold_clause_ids:
            problems.append(f"{q.id}: unanswerable ({q.unanswerable_kind}) but has gold clauses")
        if q.answerable and not q.answer_points:
            problems.append(f"{q.id}: answerable but no answer points")
        for clause_id in q.relevant_ids:
            if clause_id not in clause_texts:
                problems.append(f"{q.id}: gold clause {clause_id!r} is not in the corpus")
        if q.pooled_clause_ids and not q.answerable:
            problems.append(f"{q.id}: unanswerable but has pooled relevant clauses")
        texts = [squash(clause_texts.get(c, "")) for c in q.gold_clause_ids]
        for point in q.answer_points:
            if not any(squash(point) in text for text in texts):
                problems.append(f"{q.id}: answer point {point!r} is in none of its gold clauses")
    return problems


def clause_records(clauses: Iterable[object]) -> list[ClauseRecord]:
    """Resolution's view of ingested clauses (``ingest.models.Clause``)."""
    return [
        ClauseRecord(c.clause_id, c.doc_id, c.label, c.text, c.source.file)  # type: ignore[attr-defined]
        for c in clauses
    ]


def write_resolved(question_set: QuestionSet, resolved: Sequence[GoldQuestion]) -> int:
    """Rewrite a set's files with today's clause ids, every other field as written; returns rows changed."""
    by_id = {q.id: q for q in resolved}
    changed = 0
    for path in question_set.paths:
        lines = path.read_text(encoding="utf-8").splitlines()
        out: list[str] = []
        for line in lines:
            if not line.strip():
                continue
            row = json.loads(line)
            q = by_id.get(row["id"])
            if q is not None:
                new = dict(row)
                if "gold_clause_ids" in row:
                    new["gold_clause_ids"] = list(q.gold_clause_ids)
                if "pooled_clause_ids" in row:
                    new["pooled_clause_ids"] = list(q.pooled_clause_ids)
                new["evidence"] = [e.to_dict() for e in q.evidence]
                changed += new != row
                row = new
            out.append(json.dumps(row, ensure_ascii=False))
        path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return changed
