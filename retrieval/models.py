"""What retrieval returns and accepts, as JSON-ready pydantic models: ``Hit``, ``SearchResult``, filters."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool

from ingest.models import DocType

DocTypeName = Literal[
    "notice", "qa", "news", "law", "administrative_regulation", "departmental_rule", "judicial_interpretation"
]


class SourceRef(BaseModel):
    """Where a clause sits in the corpus (1-based, inclusive line numbers)."""

    model_config = ConfigDict(frozen=True)

    file: str
    line_start: int
    line_end: int


class SubdivisionSpan(BaseModel):
    """A 款 or 项 of a statute article: its label (第二款, 第（三）项) and its span in the clause text."""

    model_config = ConfigDict(frozen=True)

    label: str
    start: int
    end: int


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    # pydantic's lax dates also take a number (0 → 1970-01-01) or a date-time; a filter date is written one way
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise ValueError("a date is written YYYY-MM-DD, e.g. 2020-02-01")


# A date as the API takes it: YYYY-MM-DD and nothing else (the OpenAPI spec's ``format: date``).
IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class SearchFilters(BaseModel):
    """Metadata filters; every field that is set must hold (``None`` means "any").

    Types are strict, as the OpenAPI spec states them: ``notices_only: 0`` or a date as a number is a 422."""

    model_config = ConfigDict(frozen=True)

    region: str | None = None  # exact: 北京 / 全国 …
    issuer: str | None = None  # substring of any issuer: 人力资源 matches 北京市人力资源和社会保障局
    date_from: IsoDate | None = None
    date_to: IsoDate | None = None
    doc_type: DocTypeName | None = None
    notices_only: StrictBool = False

    def is_empty(self) -> bool:
        return self == SearchFilters()


class Hit(BaseModel):
    """One retrieved clause with its document's metadata and how it was found."""

    clause_id: str
    doc_id: str
    doc_number: str | None
    title: str
    issuer: list[str]
    date: str | None
    label: str
    text: str
    score: float  # hybrid: weighted RRF scaled to the best + 0.5 × concept coverage (exact 文号/label: 1 + RRF); dense: cosine; bm25: BM25
    source: SourceRef
    region: str
    doc_type: DocTypeName
    heading: str | None = None
    superseded_by: str | None = None
    match: Literal["exact", "fused", "dense", "bm25", "version"] = Field(
        default="fused",
        description="exact: named by 文号/label; version: the same provision in the statute version in force then",
    )
    dense_rank: int | None = Field(default=None, description="1-based rank in the dense list, if present")
    bm25_rank: int | None = Field(default=None, description="1-based rank in the BM25 list, if present")
    subdivisions: list[SubdivisionSpan] = Field(default_factory=list, description="a statute article's 款 and 项, by offset")
    effective_from: str | None = Field(default=None, description="a statute version: the day it took effect")
    effective_to: str | None = Field(default=None, description="a statute version: the day it stopped; None in force")

    @property
    def quotes_a_statute(self) -> bool:
        """A law, regulation, rule or judicial interpretation, not a circular, Q&A or news item."""
        return DocType(self.doc_type).is_statute

    @property
    def vouched(self) -> bool:
        """Found by its own words: the dense or the BM25 retriever ranks it. An article reached only through its
        条旨 (or another fused list) is placed by the fusion, and is no evidence that the corpus is close."""
        return bool(self.dense_rank or self.bm25_rank)


class SearchResult(BaseModel):
    """What ``policyqa search --json`` prints for one question."""

    query: str
    hits: list[Hit]
