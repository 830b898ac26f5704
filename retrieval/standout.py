"""How far the closest sentence in the whole corpus stands out for a question, measured after removing the
direction every text shares.

e5's vectors all lean one way (any two Chinese policy sentences score 0.83 or more), so a question about a
neighbouring topic (企业年金, 疫苗接种假) scores nearly as high against the corpus as one the corpus answers. Taking
the mean sentence vector off both sides before the cosine (Mu & Viswanath 2018, "all-but-the-top") leaves what is
particular to each text; the best centred cosine is then read in standard deviations of the question's own centred
cosines with every sentence. No word list takes part.
"""

from __future__ import annotations

import numpy as np

TINY = 1e-6


class CentredSentences:
    """The corpus's sentence vectors with their mean taken off, kept as the few numbers the centred cosine needs
    (the raw products with the question are the only per-question work: one matrix-vector product)."""

    def __init__(self, vectors: np.ndarray) -> None:
        self._vectors = vectors
        self._centre = vectors.mean(axis=0) if len(vectors) else np.zeros(vectors.shape[1], dtype=vectors.dtype)
        self._centre_dots = vectors @ self._centre
        self._centre_square = float(self._centre @ self._centre)
        norms = np.sqrt(np.maximum(np.einsum("ij,ij->i", vectors, vectors) - 2 * self._centre_dots + self._centre_square, 0.0))
        self._norms = np.maximum(norms, TINY)

    def standout(self, question: np.ndarray) -> float:
        """Standard deviations by which the best centred cosine of any sentence with ``question`` stands above the
        mean of them all (0 for an empty corpus)."""
        if not len(self._vectors):
            return 0.0
        raw = self._vectors @ question
        question_norm = max(float(np.linalg.norm(question - self._centre)), TINY)
        centred = (raw - float(question @ self._centre) - self._centre_dots + self._centre_square) / (question_norm * self._norms)
        spread = float(centred.std()) or TINY
        return float((centred.max() - centred.mean()) / spread)
