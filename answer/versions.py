"""Which version of a statute applies: whether a hit's text was in force at the time the question is about
(query/period.py), and what to tell a lawyer about the versions of a cited law — the one in force then and
the one in force now."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from answer.citations import book_title
from answer.models import Citation
from ingest.counterparts import holding
from ingest.models import Clause, Document
from query.period import Period, in_force_during
from retrieval.models import Hit


def hit_in_force(hit: Hit, period: Period) -> bool:
    return in_force_during(hit.effective_from, hit.effective_to, period)


def version_notes(
    citations: Sequence[Citation],
    document: Callable[[str], Document | None],
    period: Period,
    same_provision: Callable[[str], Sequence[Clause]] = lambda _: (),
) -> list[str]:
    """For each cited statute with another version in the corpus: which text was in force during the
    question's period, and which is in force now, each with the article that carries the quoted provision
    there when that text is not itself cited (``same_provision``: a clause's counterparts in the other versions)."""
    notes: list[str] = []
    seen: set[str] = set()
    for citation in citations:
        doc = document(citation.doc_id)
        if doc is None or doc.doc_id in seen or not (doc.replaced_by or doc.replaces):
            continue
        versions = [doc, *(v for v in map(document, (*doc.replaces, *([doc.replaced_by] if doc.replaced_by else []))) if v)]
        seen.update(v.doc_id for v in versions)
        cited = [c for c in citations if c.doc_id in {v.doc_id for v in versions}]
        then = sorted(
            (v for v in versions if in_force_during(v.effective_from, v.effective_to, period)), key=lambda v: v.effective_from or ""
        )
        now = [v for v in versions if v.effective_to is None]
        if len(then) == 1:
            where = _where_it_is(then[0], cited, same_provision, "该文本")
            notes.append(f"{period.label}适用的是{book_title(then[0].title)}{version_label(then[0])}（自{then[0].effective_from}起施行）{where}。")
        elif then:  # the period spans a revision: each text for its part of it, then where the quote sits in each
            texts = "和".join(f"{book_title(v.title)}（{_year_text(v) + '，' if _year_text(v) else ''}{_in_force(v)}）" for v in then)
            where = "".join(_where_it_is(v, cited, same_provision, _year_text(v) or "该文本") for v in then)
            notes.append(f"{period.label}先后适用{texts}{where}。")
        if now and now[0].doc_id not in {v.doc_id for v in then}:
            where = _where_it_is(now[0], cited, same_provision, "该文本")
            notes.append(f"现行有效的是{book_title(now[0].title)}{version_label(now[0])}，自{now[0].effective_from}起施行{where}；引文请按所涉时间选用版本。")
    return notes


def later_law_notes(citations: Sequence[Citation], later_provision: Callable[[str], str | None]) -> list[str]:
    """For each cited article whose provision a later law of the same body carries, that article cited too
    (ingest/counterparts.py ``later_law_provisions``): where the two differ the later one applies."""
    first_of: dict[str, Citation] = {}
    for citation in citations:
        first_of.setdefault(citation.clause_id, citation)
    notes: list[str] = []
    for citation in first_of.values():
        later = first_of.get(later_provision(citation.clause_id) or "")
        if later is not None:
            notes.append(
                f"{citation.legal_form}与后来制定的{later.legal_form}规定同一事项，二者不一致的，适用{later.legal_form}。"
            )
    return notes


def _where_it_is(
    version: Document, cited: Sequence[Citation], same_provision: Callable[[str], Sequence[Clause]], called: str
) -> str:
    """，所引第六十一条在该文本中为第九十条: the articles of ``version`` (``called`` so in the note) carrying what
    was quoted from another version (nothing when ``version`` itself is cited)."""
    if any(c.doc_id == version.doc_id for c in cited):
        return ""
    parts: list[str] = []
    for label in dict.fromkeys(c.label for c in cited):
        clause_ids = {c.clause_id for c in cited if c.label == label}
        quotes = [c.quote for c in cited if c.label == label]
        there = {
            o.clause_id: o
            for cid in clause_ids
            for quote in quotes
            for o in holding(quote, [o for o in same_provision(cid) if o.doc_id == version.doc_id])
        }
        if there:
            labels = "、".join(o.label for o in sorted(there.values(), key=lambda o: o.order))
            parts.append(f"所引{label}在{called}中为{labels}")
    return "，" + "，".join(parts) if parts else ""


def version_end(doc: Document, document: Callable[[str], Document | None]) -> str | None:
    """Until when a statute's text applied, when it no longer does: the corpus's versions table says so (the 2007
    突发事件应对法 replaced from 2024-11-01), though the text itself, like any law, names no end. None while in force."""
    if doc.effective_to is None:
        return None
    last_day = (date.fromisoformat(doc.effective_to) - timedelta(days=1)).isoformat()
    successor = document(doc.replaced_by) if doc.replaced_by else None
    by = f"，自{doc.effective_to}起由{book_title(successor.title)}{version_label(successor)}取代" if successor else ""
    return f"{book_title(doc.title)}{version_label(doc)}施行至{last_day}{by}。"


def version_label(doc: Document) -> str:
    """（2007年文本）: which text of a statute this is, or nothing for a text with no version year."""
    year_text = _year_text(doc)
    return f"（{year_text}）" if year_text else ""


def _year_text(doc: Document) -> str:
    return f"{doc.version_year}年文本" if doc.version_year else ""


def _in_force(doc: Document) -> str:
    if doc.effective_to is None:
        return f"自{doc.effective_from}起施行"
    last_day = date.fromisoformat(doc.effective_to) - timedelta(days=1)
    return f"{doc.effective_from}至{last_day.isoformat()}施行"
