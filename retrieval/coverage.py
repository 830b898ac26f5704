"""How much of a question's concepts a retrieved clause covers, each concept weighted by how specific it is
in the corpus. A ranking signal (the reranker, the sentence choice), never a veto."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from lexicon.places import NATIONAL
from query.concepts import Concept
from retrieval.models import Hit

TITLE_ONLY = 0.75  # only the document's title says it: every clause of 《…工资待遇问题的通知》 is about 工资 a little
NATIONAL_FOR_LOCAL = 0.5  # a national rule applies in 北京 too, though 北京's own rule says more


def degree(concept: Concept, hit: Hit) -> float:
    """1 when the clause itself (text, headings, 文号, region) says it; less when only its title does, or,
    for a place, when the clause is a national rule that applies there too."""
    if concept.place is not None:
        if hit.region == concept.place:
            return 1.0
        if concept.place != NATIONAL and hit.region == NATIONAL:
            return NATIONAL_FOR_LOCAL
    if concept.found_in(f"{hit.doc_number or ''}\n{hit.heading or ''}\n{hit.text}"):
        return 1.0
    return TITLE_ONLY if concept.found_in(hit.title) else 0.0


def weighted_coverage(concepts: Sequence[Concept], hit: Hit, weight: Callable[[Concept], float]) -> float:
    """The weighted share of ``concepts`` the clause covers (0 for a question without concepts)."""
    total = sum(weight(c) for c in concepts)
    return sum(weight(c) * degree(c, hit) for c in concepts) / total if total else 0.0
