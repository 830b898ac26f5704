"""Hits built by hand, for tests of the parts that only read them (reranker, answer composition)."""

from __future__ import annotations

from typing import Any

from retrieval.models import Hit, SourceRef


def make_hit(clause_id: str, text: str, score: float = 1.0, **fields: Any) -> Hit:
    """A Beijing notice's clause ``doc#label``; ``fields`` set anything else (title, heading, match …)."""
    doc_id, _, label = clause_id.partition("#")
    values: dict[str, Any] = {
        "clause_id": clause_id,
        "doc_id": doc_id,
        "doc_number": None,
        "title": "关于疫情防控期间有关问题的通知",
        "issuer": [],
        "date": None,
        "label": label,
        "text": text,
        "score": score,
        "source": SourceRef(file="x.txt", line_start=1, line_end=1),
        "region": "北京",
        "doc_type": "notice",
    }
    return Hit(**(values | fields))
