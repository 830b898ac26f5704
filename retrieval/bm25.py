"""BM25 (Okapi) scores from an inverted index, identical to ``rank_bm25.BM25Okapi`` but sub-linear per query.

``BM25Okapi.get_scores`` walks every document in Python for every query token, so a query costs
O(N x tokens): ~1 s at 100k clauses. Here each token's postings (document indices and precomputed
term weights) are stored as numpy arrays, so a query touches only the documents that contain one of
its tokens. Same idf (with the epsilon floor for common words), same k1 / b, same float arithmetic.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np


class SparseBM25:
    """BM25Okapi over a tokenised corpus; ``get_scores(query_tokens)`` returns one score per document."""

    def __init__(
        self,
        corpus: Sequence[Sequence[str]],
        k1: float = 1.5,
        b: float = 0.75,
        epsilon: float = 0.25,
        unsearched: Sequence[int] = (),
    ) -> None:
        """``unsearched``: rows kept in place (scores stay one per row) but out of the collection: no postings,
        and no part in the idf or the average length, so they move no other document's score."""
        left_out = set(unsearched)
        self.rows = len(corpus)  # one score per row, searched or not
        self.corpus_size = self.rows - len(left_out)
        doc_len = np.array([0 if i in left_out else len(doc) for i, doc in enumerate(corpus)], dtype=np.float64)
        self.avgdl = float(doc_len.sum()) / self.corpus_size if self.corpus_size else 0.0
        postings: dict[str, tuple[list[int], list[int]]] = {}
        for i, doc in enumerate(corpus):
            if i in left_out:
                continue
            for word, freq in Counter(doc).items():
                docs, freqs = postings.setdefault(word, ([], []))
                docs.append(i)
                freqs.append(freq)
        self.idf = self._idf({word: len(docs) for word, (docs, _) in postings.items()}, epsilon)
        norm = k1 * (1 - b + b * doc_len / self.avgdl) if self.corpus_size else doc_len
        self._postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for word, (docs, freqs) in postings.items():
            index = np.array(docs, dtype=np.int64)
            q_freq = np.array(freqs, dtype=np.float64)
            # The expression rank_bm25 evaluates per document, evaluated only where the word occurs.
            self._postings[word] = (index, q_freq * (k1 + 1) / (q_freq + norm[index]))

    def _idf(self, doc_freq: dict[str, int], epsilon: float) -> dict[str, float]:
        idf: dict[str, float] = {}
        negative: list[str] = []
        for word, freq in doc_freq.items():
            value = math.log(self.corpus_size - freq + 0.5) - math.log(freq + 0.5)
            idf[word] = value
            if value < 0:
                negative.append(word)
        average = sum(idf.values()) / len(idf) if idf else 0.0
        for word in negative:
            idf[word] = epsilon * average
        return idf

    def weighted_share(self, query: Sequence[str], document: int) -> float:
        """The idf-weighted share of the query's known tokens that ``document`` contains (tokens the corpus
        never uses carry no evidence either way and are left out)."""
        known = [t for t in dict.fromkeys(query) if t in self._postings]
        total = sum(max(self.idf[t], 0.0) for t in known)
        if not total:
            return 0.0
        found = 0.0
        for token in known:
            index = self._postings[token][0]
            at = int(np.searchsorted(index, document))
            if at < len(index) and index[at] == document:
                found += max(self.idf[token], 0.0)
        return found / total

    def get_scores(self, query: Sequence[str]) -> np.ndarray:
        """BM25 score of every document for these tokens (a repeated token counts again, as in rank_bm25)."""
        scores = np.zeros(self.rows)
        for token in query:
            posting = self._postings.get(token)
            if posting is None:
                continue
            index, weight = posting
            scores[index] += self.idf[token] * weight
        return scores


def top_n(scores: np.ndarray, n: int) -> np.ndarray:
    """Indices of the ``n`` best scores, best first, ties in index order: ``argsort(-scores, stable)[:n]``
    without sorting the whole array."""
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    if n >= len(scores):
        return np.argsort(-scores, kind="stable")
    threshold = np.partition(scores, len(scores) - n)[len(scores) - n]
    candidates = np.flatnonzero(scores >= threshold)  # every tie at the threshold, in index order
    return candidates[np.argsort(-scores[candidates], kind="stable")][:n]
