"""Chosen points -> the answer's text and its citations: the lead rule first with its legal form, each
further point on its own line, every quote verbatim and marked [n], the same rule printed in another
notice cited beside it, each point marked with its place when the answer spans places, and what the
documents do not say at the end."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from answer.citations import legal_form, make_citation
from answer.models import Citation
from ingest.sentences import unwrap
from lexicon.places import NATIONAL
from retrieval.models import Hit

NO_ANSWER = "现有文件中没有找到相关规定。"
MAX_RESTATED = 1  # another notice printing the same sentence: cited once beside the point


@dataclass(frozen=True)
class Point:
    """One thing the answer says: a verbatim quote of one clause."""

    hit: Hit
    quote: str


REPORT_KINDS = {"news": "新闻报道", "qa": "解读"}  # a news report or a Q&A explains rules; it is not marked as one


def place_mark(region: str, doc_type: str = "notice") -> str:
    if doc_type in REPORT_KINDS:
        return f"（{REPORT_KINDS[doc_type]}，{'全国' if region == NATIONAL else region}）"
    return "（全国性规定）" if region == NATIONAL else f"（{region}的地方规定）"


def restated(point: Point, others: Sequence[Hit], cited: set[str], min_chars: int) -> list[Hit]:
    """Other notices printing the point's sentence verbatim (a Beijing notice repeating the national one);
    a news item or a Q&A retelling a notice adds nothing a lawyer can rely on."""
    if len(point.quote) < min_chars:
        return []
    return [
        other
        for other in others
        if other.doc_id not in cited
        and other.doc_id != point.hit.doc_id
        and other.doc_type == "notice"
        and other.region == point.hit.region
        and point.quote in other.text
    ][:MAX_RESTATED]


def compose_lines(
    points: Sequence[Point], others: Sequence[Hit], min_restated_chars: int
) -> Iterator[tuple[str, list[Citation]]]:
    """Each point's line of the answer with its citations, in order, as soon as it is composed (the
    stream sends them one by one)."""
    spans_places = len({p.hit.region for p in points}) > 1
    cited_docs = {p.hit.doc_id for p in points}
    n = 0
    for index, point in enumerate(points):
        sources = [point.hit, *restated(point, others, cited_docs, min_restated_chars)]
        citations: list[Citation] = []
        for source in sources:
            n += 1
            cited_docs.add(source.doc_id)
            citations.append(make_citation(n, source, point.quote))
        markers = "".join(f"[{c.n}]" for c in citations)
        mark = place_mark(point.hit.region, point.hit.doc_type) if spans_places and point.hit.region else ""
        opening = "根据" if index == 0 else "- "
        # an item is printed under its lead-in (…不享受当年的年休假：……（三）…), unless another point quotes the lead-in
        lead_in = citations[0].lead_in
        said = any(p.hit.clause_id == point.hit.clause_id and lead_in in p.quote for p in points if p is not point)
        context = f"{unwrap(lead_in)}……" if lead_in and not said else ""
        yield f"{opening}{legal_form(point.hit, point.quote)}{mark}：{context}{unwrap(point.quote)}{markers}", citations


def compose(
    points: Sequence[Point], others: Sequence[Hit], gaps: Sequence[str], min_restated_chars: int, preface: Sequence[str] = ()
) -> tuple[str, list[Citation]]:
    """The whole answer text and its citations: what is said before the points, the points, what the documents do not
    say."""
    lines: list[str] = list(preface)
    citations: list[Citation] = []
    for line, cited in compose_lines(points, others, min_restated_chars):
        lines.append(line)
        citations.extend(cited)
    lines.extend(gaps)
    return "\n".join(lines), citations
