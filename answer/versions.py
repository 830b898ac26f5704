"""Which version of a statute applies: the time a question is about (the years it names, else the epidemic
years the corpus covers), whether a text was in force then, and what to tell a lawyer about the versions
of a cited law — the one in force then and the one in force now."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from answer.citations import book_title
from answer.models import Citation
from ingest.models import Document
from retrieval.models import Hit

CORPUS_PERIOD = ("2020-01-01", "2022-12-31")  # the circulars' time: a question naming no year is about it


@dataclass(frozen=True)
class Period:
    start: str  # ISO dates, inclusive
    end: str

    @property
    def label(self) -> str:
        first, last = self.start[:4], self.end[:4]
        return f"{first}年" if first == last else f"{first}–{last}年"


def question_period(years: Sequence[int]) -> Period:
    """The years the question names (the span from the first to the last), else 2020–2022."""
    if not years:
        return Period(*CORPUS_PERIOD)
    return Period(f"{min(years)}-01-01", f"{max(years)}-12-31")


def in_force_during(effective_from: str | None, effective_to: str | None, period: Period) -> bool:
    """Whether a text with these dates was in force at some time in ``period`` (unknown dates: assumed so)."""
    if effective_from is None:
        return True
    return effective_from <= period.end and (effective_to is None or effective_to > period.start)


def hit_in_force(hit: Hit, period: Period) -> bool:
    return in_force_during(hit.effective_from, hit.effective_to, period)


def version_notes(
    citations: Sequence[Citation], document: Callable[[str], Document | None], period: Period
) -> list[str]:
    """For each cited statute with another version in the corpus: which text was in force during the
    question's period, and which is in force now."""
    notes: list[str] = []
    seen: set[str] = set()
    for citation in citations:
        doc = document(citation.doc_id)
        if doc is None or doc.doc_id in seen or not (doc.replaced_by or doc.replaces):
            continue
        seen.add(doc.doc_id)
        versions = [doc, *(v for v in map(document, (*doc.replaces, *([doc.replaced_by] if doc.replaced_by else []))) if v)]
        for version in sorted(versions, key=lambda v: v.effective_from or ""):
            seen.add(version.doc_id)
        then = [v for v in versions if in_force_during(v.effective_from, v.effective_to, period)]
        now = [v for v in versions if v.effective_to is None]
        name = book_title(doc.title)
        if then:
            notes.append(f"{period.label}适用的是{name}{_version(then[0])}（自{then[0].effective_from}起施行）。")
        if now and (not then or now[0].doc_id != then[0].doc_id):
            notes.append(f"现行有效的是{name}{_version(now[0])}，自{now[0].effective_from}起施行；引文请按所涉时间选用版本。")
    return notes


def _version(doc: Document) -> str:
    year = (doc.amended or doc.adopted or doc.date or "")[:4]
    return f"（{year}年文本）" if year else ""
