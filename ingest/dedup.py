"""Merge the same notice found in several sources into one document with several locations.

Same normalised 文号, else same title and date, else near-identical text (character 4-gram
Jaccard). The copy with the richer clause structure is kept; the others add their locations.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence

from ingest.clean import TITLE_NOTE
from ingest.document import ParsedDocument
from ingest.models import Document

NEAR_DUPLICATE_JACCARD = 0.8


def _shingles(text: str, n: int = 4) -> set[str]:
    text = re.sub(r"\s", "", text)
    return {text[i : i + n] for i in range(max(len(text) - n + 1, 1))}


def _text(parsed: ParsedDocument) -> str:
    return "".join(line.text for line in parsed.body)


def _quality(parsed: ParsedDocument) -> tuple[int, int]:
    from ingest.clauses import match_label

    labelled = sum(1 for line in parsed.body if match_label(line.text))
    return labelled, len(_text(parsed))


def _key(parsed: ParsedDocument) -> str | None:
    return _document_key(parsed.document)


def _document_key(doc: Document) -> str | None:
    if doc.doc_number:
        return f"no:{doc.doc_number}"
    title = re.sub(r"[\s（）()]", "", TITLE_NOTE.sub("", doc.title))  # an excerpt (摘录) is the same notice
    if doc.date and len(title) >= 8:
        return f"td:{title}|{doc.date}"
    return None


def number_from_citations(parsed: list[ParsedDocument]) -> list[ParsedDocument]:
    """A notice printed without its 文号 takes the one other documents cite it by, when they agree and no
    other document holds that number; its notes say who cites it so."""
    documents = [item.document for item in parsed]
    held = {doc.doc_number for doc in documents if doc.doc_number}
    cited: dict[str, dict[str, list[str]]] = {}  # title -> 文号 -> the documents citing it so
    for doc in documents:
        for ref in doc.cites:
            if ref.doc_number and ref.title:
                citing = cited.setdefault(_title_key(ref.title), {}).setdefault(ref.doc_number, [])
                citing.append(doc.doc_number or f"《{doc.title}》")
    numbered: list[ParsedDocument] = []
    for item in parsed:
        doc = item.document
        names = [] if doc.doc_number else list(dict.fromkeys([_title_key(doc.title), _title_key(doc.title[doc.title.find("关于") :])]))
        numbers: dict[str, list[str]] = {}
        for name in names:
            for number, citing in cited.get(name, {}).items():
                numbers.setdefault(number, []).extend(citing)
        if len(numbers) == 1 and next(iter(numbers)) not in held:
            number, citing = next(iter(numbers.items()))
            note = f"文号{number}未印在本文件中，取自引用它的文件：{'、'.join(dict.fromkeys(citing))}"
            doc = dataclasses.replace(doc, doc_id=number, doc_number=number, notes=(*doc.notes, note))
            item = dataclasses.replace(item, document=doc)
        numbered.append(item)
    return numbered


def _title_key(title: str) -> str:
    return re.sub(r"[\s“”\"《》]", "", title)


def _fullest_title(title: str, titles: list[str]) -> str:
    """One copy may print the issuer before the title the other prints alone: keep the fuller one."""
    return max((t for t in titles if t.endswith(title)), key=len, default=title)


def merge_duplicates(parsed: list[ParsedDocument]) -> tuple[list[ParsedDocument], list[tuple[str, list[str]]]]:
    """Return the documents without duplicates, and (doc_id, [source locations]) for each merge."""
    groups: list[list[ParsedDocument]] = []
    by_key: dict[str, int] = {}
    shingles: list[set[str]] = []
    for item in parsed:
        key = _key(item)
        index = by_key.get(key) if key else None
        if index is None:
            own = _shingles(_text(item))
            for g, other in enumerate(shingles):
                # Jaccard is at most the ratio of the two sizes: most pairs are ruled out without a set operation
                if len(own) <= 20 or min(len(own), len(other)) < NEAR_DUPLICATE_JACCARD * max(len(own), len(other)):
                    continue
                if len(own & other) / len(own | other) >= NEAR_DUPLICATE_JACCARD:
                    index = g
                    break
        if index is None:
            groups.append([item])
            shingles.append(_shingles(_text(item)))
            index = len(groups) - 1
        else:
            groups[index].append(item)
        if key:
            by_key.setdefault(key, index)
    kept: list[ParsedDocument] = []
    merges: list[tuple[str, list[str]]] = []
    for group in groups:
        best = max(group, key=_quality)  # max keeps the first of equals: file order decides ties
        doc = best.document
        if len(group) > 1:
            # the kept copy's own location first: its clauses' line numbers point into it
            sources = best.document.sources + tuple(
                span for item in group if item is not best for span in item.document.sources
            )
            doc = dataclasses.replace(
                doc,
                title=_fullest_title(doc.title, [item.document.title for item in group]),
                sources=sources,
                doc_number=doc.doc_number or next((i.document.doc_number for i in group if i.document.doc_number), None),
                issuer=doc.issuer or next((i.document.issuer for i in group if i.document.issuer), ()),
                date=doc.date or next((i.document.date for i in group if i.document.date), None),
            )
            merges.append((doc.doc_id, [f"{s.file}:{s.line_start}-{s.line_end}" for s in sources]))
        kept.append(dataclasses.replace(best, document=doc))
    return kept, merges


def duplicate_in(
    document: Document, text: str, indexed: Sequence[Document], indexed_texts: Mapping[str, str]
) -> Document | None:
    """The indexed document ``document`` repeats, by the rules ``merge_duplicates`` applies within a corpus:
    the same 文号, else the same title and date, else near-identical text (``text``: its clauses joined;
    ``indexed_texts``: doc id -> the same for each indexed document). None when it is new."""
    own_key = _document_key(document)
    for other in indexed:
        if own_key is not None and _document_key(other) == own_key:
            return other
    own = _shingles(text)
    if len(own) <= 20:
        return None
    for other in indexed:
        other_text = indexed_texts.get(other.doc_id, "")
        # Jaccard is at most the ratio of the two sizes: most documents are ruled out by their length alone
        if min(len(text), len(other_text)) < NEAR_DUPLICATE_JACCARD * max(len(text), len(other_text)):
            continue
        shingles = _shingles(other_text)
        if len(own & shingles) / len(own | shingles) >= NEAR_DUPLICATE_JACCARD:
            return other
    return None
