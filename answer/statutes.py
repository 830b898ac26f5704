"""The statutes behind an answer: the article a quoted circular cites, the same provision in a version the question
names by year, and the statute texts in force at the time the question is about put first, read from the index's
citation and version links (resolved at ingestion); and, of a law the question names that nothing quotes, its
best sentence among the answer's candidates."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from answer.choose import Candidate
from answer.compose import Point
from answer.versions import hit_in_force
from ingest.models import Clause
from query.period import question_period
from query.question import Question
from retrieval.models import Hit
from retrieval.retriever import Retriever


class StatuteLinks:
    """The citation and version links of one index snapshot, as points and orderings of an answer."""

    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever

    def in_force_first(self, hits: Sequence[Hit], question: Question) -> list[Hit]:
        """A statute text not in force at the time the question is about answers only when no text in force
        does, and gives way to the same provision in the version that was (retrieval brings it in), unless the
        question names it by year (2020年《解释（一）》新增的吗)."""
        period = question_period(question.time_years)
        in_force = [h for h in hits if hit_in_force(h, period) or self.names_version(question, h.doc_id)]
        then = {h.clause_id for h in in_force}
        return in_force + [
            h for h in hits if h.clause_id not in then and not then.intersection(self.retriever.counterparts(h.clause_id))
        ]

    def names_version(self, question: Question, doc_id: str) -> bool:
        doc = self.retriever.get_document(doc_id)
        return bool(question.text_years and doc and (doc.replaces or doc.replaced_by) and doc.version_year in question.text_years)

    def same_provision(self, clause_id: str) -> list[Clause]:
        """The same provision in the statute's other versions (ingest/counterparts.py)."""
        return [c for c in map(self.retriever.get_clause, self.retriever.counterparts(clause_id)) if c is not None]

    def basis_points(self, question: Question, points: Sequence[Point]) -> list[Point]:
        """The statute article a quoted circular cites (resolved at ingestion), when the question asks for the
        law behind the rule or names that law: the circular and the article are cited together."""
        named = {law.name for law in question.references.laws}
        asks_basis = question.asks("basis")
        if not (asks_basis or named):
            return []
        quoted = {p.hit.clause_id for p in points}
        vector = self.retriever.query_vector(question.text)
        added: list[Point] = []
        for point in points:
            for reference in self.retriever.cites(point.hit.clause_id):
                target = reference.target_clause_id
                # a statute's own 本法第三十九条 is how it is worded, not the law behind the rule asked about
                if target is None or target in quoted or reference.is_internal or not (asks_basis or reference.law in named):
                    continue
                hit = self.retriever.hit(target)
                units = self.retriever.units(target)
                if hit is None or not units:
                    continue
                added.append(Point(hit, self.nearest_unit(target, units, vector)))
                quoted.add(target)
        return added

    def named_law_points(self, question: Question, points: Sequence[Point], candidates: Sequence[Candidate]) -> list[Point]:
        """For each law the question names that no point quotes (人社厅明电〔2020〕5号第三条…上位法依据是什么？请给出
        《劳动争议调解仲裁法》相关条款原文), its best candidate sentence: the law a lawyer asked about is cited beside the
        circular, even where the circular does not cite it."""
        quoted = {p.hit.doc_id for p in points}
        added: list[Point] = []
        for versions in self.retriever.laws_named_each(question.references):
            if quoted.intersection(versions):
                continue
            best = next((c for c in candidates if c.hit.doc_id in versions), None)
            if best is not None:
                added.append(Point(best.hit, best.quote))
                quoted.add(best.hit.doc_id)
        return added

    def named_version_points(self, question: Question, points: Sequence[Point]) -> list[Point]:
        """A quoted statute article's counterpart in a version the question names by year (2001年《若干问题的
        解释》怎么表述的): a lawyer comparing the texts is shown both."""
        if not question.text_years:
            return []
        quoted = {p.hit.clause_id for p in points}
        vector = self.retriever.query_vector(question.text)
        added: list[Point] = []
        for point in points:
            for other in self.same_provision(point.hit.clause_id):
                hit = self.retriever.hit(other.clause_id)
                if other.clause_id in quoted or hit is None or not other.units or not self.names_version(question, other.doc_id):
                    continue
                added.append(Point(hit, self.nearest_unit(other.clause_id, other.units, vector)))
                quoted.add(other.clause_id)
        return added

    def nearest_unit(self, clause_id: str, units: Sequence[str], vector: np.ndarray) -> str:
        """The clause's quotable unit nearest the question in meaning (the first when no unit vectors)."""
        similarities = self.retriever.unit_similarities(clause_id, vector)
        return units[max(range(len(units)), key=lambda i: float(similarities[i]) if i < len(similarities) else 0.0)]
