"""The plain data that moves through the pipeline: raw documents, documents, clauses.

Every stage takes and returns these; they are converted to langchain ``Document`` objects
only at the store boundary (``ingest/index.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class DocType(str, Enum):
    NOTICE = "notice"  # has legal force: 通知/通告/意见/办法/决定/指南 issued by an authority
    QA = "qa"  # 答记者问, 问答, 解读: explains a notice, has no force of its own
    NEWS = "news"  # news items, press conferences, meeting reports


@dataclass(frozen=True)
class SourceSpan:
    """Where a piece of text sits in a corpus file (1-based, inclusive line numbers)."""

    file: str
    line_start: int
    line_end: int

    def to_dict(self) -> dict[str, object]:
        return {"file": self.file, "line_start": self.line_start, "line_end": self.line_end}


@dataclass(frozen=True)
class Line:
    """One repaired logical line of a source file and the physical lines it was joined from."""

    text: str
    line_start: int
    line_end: int


@dataclass(frozen=True)
class SourceText:
    """A loaded and cleaned corpus file: logical lines plus what the file itself says about it."""

    file: str
    lines: tuple[Line, ...]
    title: str | None = None  # from front matter / <title>, when the format carries one
    date: str | None = None  # ISO date from front matter, when the format carries one
    is_single_document: bool = False  # news pages and one-notice files are never split


@dataclass(frozen=True)
class RawDocument:
    """One document cut out of a source file, before metadata extraction."""

    file: str
    lines: tuple[Line, ...]
    title_hint: str | None = None
    date_hint: str | None = None

    @property
    def span(self) -> SourceSpan:
        return SourceSpan(self.file, self.lines[0].line_start, self.lines[-1].line_end)


@dataclass(frozen=True)
class CrossReference:
    doc_number: str | None
    title: str | None


@dataclass(frozen=True)
class Document:
    doc_id: str
    doc_number: str | None  # normalised: 京人社劳字〔2020〕11号
    doc_number_printed: str | None  # as printed: 京人社劳字[2020]23 号
    title: str
    issuer: tuple[str, ...]
    date: str | None  # ISO yyyy-mm-dd
    region: str  # 全国 / 北京 / 常德 …
    doc_type: DocType
    sources: tuple[SourceSpan, ...]
    cites: tuple[CrossReference, ...] = ()
    supersedes: tuple[str, ...] = ()  # doc numbers or titles this document prevails over
    clarifies: tuple[str, ...] = ()  # doc numbers or titles this document explains (说明/解释)
    validity: str | None = None  # 有效期至… / 自…起施行, verbatim
    notes: tuple[str, ...] = ()  # where a fact not printed in the document itself comes from

    def to_dict(self) -> dict[str, object]:
        return {
            "doc_id": self.doc_id,
            "doc_number": self.doc_number,
            "doc_number_printed": self.doc_number_printed,
            "title": self.title,
            "issuer": list(self.issuer),
            "date": self.date,
            "region": self.region,
            "doc_type": self.doc_type.value,
            "sources": [s.to_dict() for s in self.sources],
            "cites": [{"doc_number": c.doc_number, "title": c.title} for c in self.cites],
            "supersedes": list(self.supersedes),
            "clarifies": list(self.clarifies),
            "validity": self.validity,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class Clause:
    clause_id: str  # <doc_id>#<label path>, e.g. 京人社劳字〔2020〕11号#二、
    doc_id: str
    label: str  # label path as printed and normalised: 二、（三）; 引言 / 结尾 for preamble and closing
    heading: str | None
    text: str  # verbatim repaired text, label included
    source: SourceSpan
    part: int = 0  # >0 when an overlong clause was split: 1, 2, …
    parent_label: str | None = None
    order: int = 0  # position in the document, for neighbours
    units: tuple[str, ...] = ()  # what may be quoted, verbatim (ingest/sentences.py quotable_units)

    def to_dict(self) -> dict[str, object]:
        return {
            "clause_id": self.clause_id,
            "doc_id": self.doc_id,
            "label": self.label,
            "heading": self.heading,
            "text": self.text,
            "source": self.source.to_dict(),
            "part": self.part,
            "parent_label": self.parent_label,
            "order": self.order,
            "units": list(self.units),
        }


@dataclass
class IngestReport:
    """What a run of the pipeline did, for the summary and for tests."""

    files: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    merges: list[tuple[str, list[str]]] = field(default_factory=list)  # (doc_id, source descriptions)
    warnings: list[str] = field(default_factory=list)
