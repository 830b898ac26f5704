"""How specific a concept is in the corpus: inverse document frequency over clauses, counted at C speed."""

from __future__ import annotations

import bisect
import functools
import itertools
import math
from collections.abc import Sequence

from query.concepts import Concept

# clauses a document frequency is counted over: every clause up to this many, else this many evenly spaced ones and
# the count scaled up. A concept new to the process is counted by scanning them (20 ms a concept at 100,000 clauses,
# 54 ms a question); an idf needs the share of clauses, which a sample this size gives to within 0.4 percentage
# points (one standard error at worst), and the log of it far closer
SAMPLE_CLAUSES = 20_000


class CorpusStatistics:
    """How many clauses mention a concept's forms."""

    def __init__(self, clause_texts: Sequence[str], sample: int = SAMPLE_CLAUSES) -> None:
        self._count = len(clause_texts)
        step = max(1, math.ceil(len(clause_texts) / sample))
        counted = clause_texts[::step]
        self._scale = len(clause_texts) / len(counted) if counted else 1.0
        # one string, searched at C speed; a match's offset tells which clause it is in
        self._joined = "\x00".join(counted)
        self._starts = list(itertools.accumulate((len(t) + 1 for t in counted[:-1]), initial=0))

    @functools.lru_cache(maxsize=8192)  # noqa: B019 - one instance per index, lives as long as it
    def document_frequency(self, forms: tuple[str, ...]) -> int:
        clauses: set[int] = set()
        for form in filter(None, forms):
            position = self._joined.find(form)
            while position >= 0:
                clause = bisect.bisect_right(self._starts, position) - 1
                clauses.add(clause)
                # a clause counts once: jump to the start of the next one
                next_start = self._starts[clause + 1] if clause + 1 < len(self._starts) else len(self._joined)
                position = self._joined.find(form, next_start) if next_start < len(self._joined) else -1
        return round(len(clauses) * self._scale)

    def prints(self, text: str) -> bool:
        """Whether any clause prints the text (the sampled ones, past the sample size)."""
        return self.document_frequency((text,)) > 0

    def used(self, concept: Concept) -> bool:
        """Whether any clause says the concept in one of its forms."""
        return self.document_frequency(concept.forms) > 0

    def weight(self, concept: Concept) -> float:
        """IDF over clauses: 待岗 tells more than 工资; a word the corpus never uses weighs most."""
        df = self.document_frequency(concept.forms)
        return math.log((self._count + 1) / (df + 1)) + 0.1
