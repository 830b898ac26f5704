"""The plain data that moves through the pipeline: raw documents, documents, clauses.

Every stage takes and returns these; they are converted to langchain ``Document`` objects
only at the store boundary (``ingest/index.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class DocType(str, Enum):
    NOTICE = "notice"  # has legal force: 通知/通告/意见/办法/决定/指南 issued by an authority
    QA = "qa"  # 答记者问, 问答, 解读: explains a notice, has no force of its own
    NEWS = "news"  # news items, press conferences, meeting reports
    # the national statutes under corpus/statutes/, by the rank of the body that made them
    LAW = "law"  # 法律: adopted by 全国人大 or its 常委会
    ADMINISTRATIVE_REGULATION = "administrative_regulation"  # 行政法规: 国务院
    DEPARTMENTAL_RULE = "departmental_rule"  # 部门规章 / 规范性文件 of a ministry
    JUDICIAL_INTERPRETATION = "judicial_interpretation"  # 司法解释: 最高人民法院

    @property
    def is_statute(self) -> bool:
        return self in STATUTE_TYPES

    @property
    def has_legal_force(self) -> bool:
        """A notice or a statute binds; a Q&A or a news item only reports or explains."""
        return self is DocType.NOTICE or self.is_statute


STATUTE_TYPES = frozenset(
    {DocType.LAW, DocType.ADMINISTRATIVE_REGULATION, DocType.DEPARTMENTAL_RULE, DocType.JUDICIAL_INTERPRETATION}
)
DOC_TYPE_NAMES_ZH = {
    DocType.NOTICE: "通知/文件",
    DocType.QA: "问答/解读",
    DocType.NEWS: "新闻",
    DocType.LAW: "法律",
    DocType.ADMINISTRATIVE_REGULATION: "行政法规",
    DocType.DEPARTMENTAL_RULE: "部门规章/规范性文件",
    DocType.JUDICIAL_INTERPRETATION: "司法解释",
}


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


def document_keys(doc_number: str | None, title: str) -> tuple[str, ...]:
    """The ways a link names a document (``Document.supersedes``, ``clarifies``): its 文号, its title, its title in 《》."""
    return tuple(key for key in (doc_number, title, f"《{title}》") if key)


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
    # A statute's version facts (corpus/statutes/versions.tsv); None / () for a circular.
    adopted: str | None = None  # ISO date first adopted (通过) or, without one, promulgated (公布/发布)
    amended: str | None = None  # ISO date of the latest amendment or revision this text carries
    effective_from: str | None = None  # the day this text (this version) took effect
    effective_to: str | None = None  # the day it stopped being in force; None while in force
    replaces: tuple[str, ...] = ()  # doc ids of earlier versions in the corpus that this text replaced
    replaced_by: str | None = None  # doc id of the later version in the corpus that replaced this one
    version_note: str | None = None  # what the corpus does not hold: a later text, sequels repealed with it
    aliases: tuple[str, ...] = ()  # names a statute is cited by: its title, 劳动合同法, 年休假条例 …
    upload_id: str | None = None  # a user's own document: the upload it came from (data/uploads/<id>/)

    @property
    def version_year(self) -> int | None:
        """The year a version is known by (2007年《突发事件应对法》): its latest amendment, else its adoption."""
        day = self.amended or self.adopted or self.date
        return int(day[:4]) if day and day[:4].isdigit() else None

    def in_force_on(self, day: str) -> bool | None:
        """Whether this text was in force on ``day`` (ISO); None when its effective dates are unknown."""
        if self.effective_from is None:
            return None
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)

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
            "adopted": self.adopted,
            "amended": self.amended,
            "effective_from": self.effective_from,
            "effective_to": self.effective_to,
            "replaces": list(self.replaces),
            "replaced_by": self.replaced_by,
            "version_note": self.version_note,
            "aliases": list(self.aliases),
            "upload_id": self.upload_id,
        }


@dataclass(frozen=True)
class Subdivision:
    """A 款 or 项 inside a statute article: its label relative to the article and its span in the clause text.

    ``第二款``, ``第（三）项`` (an article of one 款), ``第二款第（一）项``; ``start``/``end`` are offsets into
    ``Clause.text`` (end exclusive), so a quote found at an offset can be named by the smallest unit holding it.
    """

    label: str
    start: int
    end: int

    def to_list(self) -> list[object]:
        return [self.label, self.start, self.end]


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
    subdivisions: tuple[Subdivision, ...] = ()  # 款 and 项 of a statute article, in printed order
    gist: str | None = None  # a statute article's 条旨 (corpus/statutes/gists.tsv): searched, never quoted
    everyday: tuple[str, ...] = ()  # the everyday words for what the article governs: searched, never quoted

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
            "subdivisions": [u.to_list() for u in self.subdivisions],
            "gist": self.gist,
            "everyday": list(self.everyday),
        }


class ReferenceStatus(str, Enum):
    RESOLVED = "resolved"  # found: the article's clause (or, for the law as a whole, its document)
    LAW_NOT_IN_CORPUS = "law_not_in_corpus"  # the law is not under corpus/statutes/
    NO_SUCH_ARTICLE = "no_such_article"  # the law is, but it has no article of that number


@dataclass(frozen=True)
class Reference:
    """One citation of a statute printed in a clause (引用), resolved against the corpus when it can be.

    ``article`` is None when the text names the law as a whole (依照《传染病防治法》…); ``unit`` names the 款/项
    when the text does (第二款, 第（一）项). The target is the version in force on the citing document's date.
    """

    source_clause_id: str
    source_doc_id: str
    printed: str  # the reference as printed: 《中华人民共和国劳动合同法》第四十条、第四十一条
    law: str  # the law's name as printed, without 《》: 劳动合同法 (本法 resolved to its own title)
    article: str | None  # 第四十条
    unit: str | None  # 第一款 / 第（三）项 / 第二款第（一）项
    status: ReferenceStatus
    target_doc_id: str | None = None
    target_clause_id: str | None = None
    note: str = ""  # why unresolved, or what about the version or the 款/项 a reader should know
    start: int = 0  # offsets of ``printed`` in the source clause's text
    end: int = 0

    @property
    def is_internal(self) -> bool:
        """A statute citing its own articles (本法第三十九条)."""
        return self.target_doc_id == self.source_doc_id

    def to_dict(self) -> dict[str, object]:
        return {
            "source_clause_id": self.source_clause_id,
            "source_doc_id": self.source_doc_id,
            "printed": self.printed,
            "law": self.law,
            "article": self.article,
            "unit": self.unit,
            "status": self.status.value,
            "target_doc_id": self.target_doc_id,
            "target_clause_id": self.target_clause_id,
            "note": self.note,
            "start": self.start,
            "end": self.end,
        }

    @staticmethod
    def from_dict(d: dict[str, Any]) -> Reference:
        return Reference(
            source_clause_id=d["source_clause_id"],
            source_doc_id=d["source_doc_id"],
            printed=d["printed"],
            law=d["law"],
            article=d.get("article"),
            unit=d.get("unit"),
            status=ReferenceStatus(d["status"]),
            target_doc_id=d.get("target_doc_id"),
            target_clause_id=d.get("target_clause_id"),
            note=d.get("note") or "",
            start=int(d.get("start") or 0),
            end=int(d.get("end") or 0),
        )


@dataclass
class IngestReport:
    """What a run of the pipeline did, for the summary and for tests."""

    files: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    merges: list[tuple[str, list[str]]] = field(default_factory=list)  # (doc_id, source descriptions)
    warnings: list[str] = field(default_factory=list)
