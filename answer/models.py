"""What the answer stage returns, as JSON-ready pydantic models: ``Citation`` and ``AskResponse``."""

from __future__ import annotations

from pydantic import BaseModel, Field

from retrieval.models import Hit, SourceRef


class Citation(BaseModel):
    """One verifiable citation: the verbatim quote is a substring of the stored clause text."""

    n: int
    clause_id: str
    doc_id: str
    doc_number: str | None
    title: str
    issuer: list[str]
    date: str | None
    label: str
    quote: str
    legal_form: str  # 《关于…的通知》（京人社劳字〔2020〕11号）第二条
    source: SourceRef
    region: str = ""
    # the sentence leading into the list a quoted item is on, verbatim from the same clause (第四条 职工有下列情形之一的，
    # 不享受当年的年休假：): what the item is an item of; empty for a quote that is not a list item
    lead_in: str = ""


class AskResponse(BaseModel):
    """What ``policyqa ask --json`` prints and ``POST /v1/ask`` returns."""

    question: str
    standalone_question: str
    answer: str
    abstained: bool
    citations: list[Citation]
    related: list[Hit] = Field(default_factory=list, description="nearest clauses, shown as 可能相关 when abstaining")
    notes: list[str] = Field(default_factory=list)
    confidence: float | None = Field(
        default=None,
        description="calibrated probability that the documents answer the question (retrieval signals only); "
        "below the hedge level (answer/tuning.py) the first note says the documents may not address it",
    )
    gaps: list[str] = Field(
        default_factory=list,
        description="what the documents do not say, said precisely: a 文号 or place they lack, a part nothing "
        "answers, a date or amount a rule refers to but does not state; and what no quote carries but the corpus "
        "itself gives: until when a replaced statute text applied (its versions table), how many articles a "
        "document has (its labels)",
    )
