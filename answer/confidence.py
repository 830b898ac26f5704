"""Is anything in the corpus close to the question? A calibrated probability from retrieval signals that
do not depend on the lexicon: how far the best clause stands out from the question's own score
distribution, whether the two retrievers agree, and how close the best quotable sentence is.

Refusing on a topic the corpus does not cover is decided here, and only here: concept coverage ranks
candidates but never vetoes an answer.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from answer.tuning import ConfidenceTuning
from retrieval.retriever import Retrieved

FEATURES = (
    "dense_top", "dense_margin", "agreement", "lead_in_both", "sentence_top", "sentence_standout", "sentence_margin", "lexical_coverage",
)
AGREEMENT_DEPTH = 10  # how many documents deep the two rankings are compared (fifty clauses come from a score)
AGREEMENT_PERSISTENCE = 0.9  # how much each further rank counts against the one before it


@dataclass(frozen=True)
class Signals:
    """The lexicon-free evidence that the corpus holds something close to the question."""

    dense_top: float  # the best clause's cosine
    dense_margin: float  # how many standard deviations the best cosine stands above the question's top 50
    agreement: float  # rank-biased overlap of the documents the dense and BM25 rankings find, in order (0 to 1)
    lead_in_both: float  # 1/rank of the first vouched clause in each retriever, averaged
    sentence_top: float  # the best quotable sentence's cosine among the candidates
    sentence_standout: float  # how far the corpus's closest sentence stands out, the shared direction taken off
    sentence_margin: float  # how far the best sentence stands above the next five candidates' (a clear answer stands out)
    lexical_coverage: float  # idf-weighted share of the question's known tokens the first vouched clause contains

    def vector(self) -> tuple[float, ...]:
        return tuple(getattr(self, name) for name in FEATURES)


def read_signals(retrieved: Retrieved, sentence_cosines: Sequence[float], sentence_standout: float) -> Signals:
    dense = [score for _, score in retrieved.dense]
    if len(dense) >= 3:
        spread = statistics.pstdev(dense) or 1e-6
        margin = (dense[0] - statistics.fmean(dense)) / spread
    else:
        margin = 0.0
    lead = retrieved.first_vouched
    cosines = sorted(sentence_cosines, reverse=True)
    sentence_top = cosines[0] if cosines else 0.0
    runners_up = cosines[1:6]
    ranks = [lead.dense_rank, lead.bm25_rank] if lead else []
    return Signals(
        dense_top=dense[0] if dense else 0.0,
        dense_margin=margin,
        agreement=rank_biased_overlap(documents_in_order(retrieved.dense), documents_in_order(retrieved.sparse)),
        lead_in_both=sum(1 / r for r in ranks if r) / 2 if ranks else 0.0,
        sentence_top=sentence_top,
        sentence_standout=sentence_standout,
        sentence_margin=sentence_top - statistics.fmean(runners_up) if runners_up else 0.0,
        lexical_coverage=retrieved.lexical_coverage,
    )


def documents_in_order(ranking: Sequence[tuple[str, float]]) -> list[str]:
    """The documents a ranking's clauses come from, each where its first clause stands."""
    return list(dict.fromkeys(clause_id.split("#", 1)[0] for clause_id, _ in ranking))


def rank_biased_overlap(
    first: Sequence[str], second: Sequence[str], persistence: float = AGREEMENT_PERSISTENCE, depth: int = AGREEMENT_DEPTH
) -> float:
    """How far two rankings agree, the top counting most (Webber et al. 2010, truncated at ``depth``): the overlap
    of their first d items as a share of d, averaged over d with weights ``persistence`` ** (d - 1). The retrievers
    are compared on the documents they find: a notice's clauses say much the same and the two often find it by
    different ones, and a long story's words and its meaning find the same ones a few places apart (the share of a
    top five both hold was 0 for most stories)."""
    seen_first: set[str] = set()
    seen_second: set[str] = set()
    total = 0.0
    for d in range(1, depth + 1):
        if d <= len(first):
            seen_first.add(first[d - 1])
        if d <= len(second):
            seen_second.add(second[d - 1])
        total += persistence ** (d - 1) * len(seen_first & seen_second) / d
    return (1 - persistence) * total


def probability(signals: Signals, tuning: ConfidenceTuning) -> float:
    """The calibrated probability that the corpus answers the question."""
    intercept, *weights = tuning.weights
    z = intercept + sum(w * x for w, x in zip(weights, signals.vector(), strict=True))
    return 1 / (1 + math.exp(-max(-50.0, min(50.0, z))))


def fit_logistic(rows: Sequence[Sequence[float]], labels: Sequence[int], l2: float = 1.0, steps: int = 3000) -> tuple[float, ...]:
    """Weights (intercept first) of an L2-regularised logistic regression by gradient descent on
    standardised features, returned on the raw features' scale (used by ``policyqa eval calibrate``)."""
    features = np.asarray(rows, dtype=float)
    targets = np.asarray(labels, dtype=float)
    n, d = features.shape
    means = features.mean(axis=0)
    spreads = features.std(axis=0)
    spreads[spreads == 0] = 1.0
    xs = np.hstack([np.ones((n, 1)), (features - means) / spreads])
    w = np.zeros(d + 1)
    rate = 0.1
    penalty = np.full(d + 1, l2)
    penalty[0] = 0.0  # the intercept is not shrunk
    for _ in range(steps):
        p = 1 / (1 + np.exp(-np.clip(xs @ w, -50.0, 50.0)))
        w -= rate * (xs.T @ (p - targets) + penalty * w) / n
    raw = [float(w[j + 1] / spreads[j]) for j in range(d)]
    intercept = float(w[0]) - sum(raw[j] * float(means[j]) for j in range(d))
    return (round(intercept, 4), *(round(x, 4) for x in raw))
