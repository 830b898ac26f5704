"""Second-stage ordering of fused hits by how much of the question's concepts each clause covers.

Rank fusion only knows positions; a clause deep in both lists may still be the one that says every
thing the question asks about (一次性社会保险补贴 + 补贴标准). The question's concepts, with the
circulars' words for colloquial ones and weighted by how rare they are in the corpus, are looked for
in the clause's title, heading path and text; the fused score and that coverage are added.
"""

from __future__ import annotations

from collections.abc import Sequence

from query.concepts import Concept
from retrieval.coverage import weighted_coverage
from retrieval.models import Hit
from retrieval.statistics import CorpusStatistics


class ConceptReranker:
    """Reorders the top ``depth`` non-exact hits by fused score (scaled to the best) + ``weight`` × coverage."""

    def __init__(self, stats: CorpusStatistics, weight: float = 0.5, depth: int = 30) -> None:
        self._stats = stats
        self.weight = weight
        self.depth = depth

    def rerank(self, concepts: Sequence[Concept], hits: Sequence[Hit]) -> list[Hit]:
        exact = [h for h in hits if h.match == "exact"]
        fused = [h for h in hits if h.match != "exact"]
        head, tail = fused[: self.depth], fused[self.depth :]
        if not concepts or self.weight <= 0:
            return list(hits)
        if len(exact) > 1:
            # the clauses of a document the question names: the ones about its topic first (a stable
            # sort, so a question naming only the 文号 keeps the printed order); ties go to the clause
            # whose headings name the topic (一次性社会保险补贴 > 补贴标准) over one that mentions it in passing
            coverage = {h.clause_id: weighted_coverage(concepts, h, self._stats.weight) for h in exact}
            heading = {h.clause_id: self._heading_coverage(concepts, h) for h in exact}
            exact.sort(key=lambda h: (-round(coverage[h.clause_id], 3), -round(heading[h.clause_id], 3)))
        if not head:
            return exact + tail
        best = max(h.score for h in head) or 1.0
        for hit in head:
            hit.score = round(hit.score / best + self.weight * weighted_coverage(concepts, hit, self._stats.weight), 6)
        head.sort(key=lambda h: -h.score)
        return exact + head + tail

    def _heading_coverage(self, concepts: Sequence[Concept], hit: Hit) -> float:
        total = sum(self._stats.weight(c) for c in concepts)
        found = sum(self._stats.weight(c) for c in concepts if hit.heading and c.found_in(hit.heading))
        return found / total if total else 0.0
