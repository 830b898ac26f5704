"""The fused head reordered by a linear model over each retriever's own evidence for a clause: the order a search
returns (the API's /search, `policyqa search`, the MCP search tool). The answer reads the fused order, which its
sentence choice was tuned on: with the model's order it lost as many leads as it gained (docs/ARCHITECTURE.md).

Reciprocal rank fusion keeps only ranks, and the concept reranker adds one fixed share of coverage. Neither
knows how far a clause stands out: a BM25 score half the best, a sentence two standard deviations above the
question's cosines. Six numbers per clause say it, each scaled to the question's own distribution, so no absolute
cosine enters (concept coverage, the one feature the lexicon reads, ranks here as it ranked before; nothing vetoes):

- ``fused_rank``: 1 / its rank after fusion and the concept reranker;
- ``fused_score``: that order's score (the RRF score scaled to the best plus the coverage share);
- ``gist_z``: its dense score, a statute article at the better of its own and its 条旨's, in standard deviations
  above the mean of the question's dense candidates;
- ``bm25_share``: its BM25 score as a share of the best (0 outside BM25's candidates);
- ``sentence_z``: its best quotable sentence's cosine, in the same standard deviations;
- ``coverage``: the weighted share of the question's concepts it says.

The weights are fitted by ``policyqa eval fit-ranking`` (eval/ranking.py) on the sets that may be tuned on, a
pairwise logistic model: each judged clause against the first twenty unjudged ones of its question. A test holds the
shipped weights to today's fit. Measured in docs/ARCHITECTURE.md, "The fused head reordered by a fitted model".
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from retrieval.models import Hit

RANK_FEATURES = ("fused_rank", "fused_score", "gist_z", "bm25_share", "sentence_z", "coverage")
# how many fused hits the model reorders; fixed, so the first k hits are the same whatever k is asked
RANKING_DEPTH = 50
T = TypeVar("T")


@dataclass(frozen=True)
class RankingWeights:
    """One weight per ``RANK_FEATURES`` entry, on the features' own scale (a clause's score is their sum of
    products; only the order matters, so there is no intercept). Fitted by ``policyqa eval fit-ranking``."""

    weights: tuple[float, ...] = (8.3524, -1.4182, 0.4465, 3.6213, 0.6778, 15.956)


@dataclass(frozen=True)
class RankingEvidence:
    """What each retriever saw for one question, read by ``rank_features``."""

    dense: Sequence[tuple[str, float]]  # the clauses' own cosines, best first (the spread's reference)
    merged_dense: Sequence[tuple[str, float]]  # the dense list with a statute article at its 条旨's score if better
    sparse: Sequence[tuple[str, float]]  # BM25, best first
    best_sentence: Callable[[str], float | None]  # a clause's best quotable sentence's cosine (None: it has none)
    coverage: Callable[[Hit], float]  # the weighted share of the question's concepts a clause says


def rank_features(hits: Sequence[Hit], evidence: RankingEvidence) -> list[tuple[float, ...]]:
    """The ``RANK_FEATURES`` of each hit, in the hits' order (the order they had after fusion)."""
    # the first RANKING_DEPTH dense cosines, as in the fit, however many candidates a search read
    cosines = [score for _, score in evidence.dense[:RANKING_DEPTH]]
    mean = statistics.fmean(cosines) if cosines else 0.0
    spread = (statistics.pstdev(cosines) if len(cosines) > 1 else 0.0) or 1e-6
    floor = cosines[-1] if cosines else 0.0
    merged = dict(evidence.merged_dense)
    bm25 = dict(evidence.sparse)
    best_bm25 = evidence.sparse[0][1] if evidence.sparse and evidence.sparse[0][1] > 0 else 1.0
    rows: list[tuple[float, ...]] = []
    for rank, hit in enumerate(hits, 1):
        sentence = evidence.best_sentence(hit.clause_id)
        rows.append(
            (
                1.0 / rank,
                hit.score,
                (merged.get(hit.clause_id, floor) - mean) / spread,
                bm25.get(hit.clause_id, 0.0) / best_bm25,
                (sentence - mean) / spread if sentence is not None else 0.0,
                evidence.coverage(hit),
            )
        )
    return rows


def learned_order(hits: Sequence[Hit], evidence: RankingEvidence, ranking: RankingWeights) -> list[Hit]:
    """The first ``RANKING_DEPTH`` hits by the model's score (clauses the question names by 文号 / label stay
    first, in their order); the rest as they were."""
    head, tail = list(hits[:RANKING_DEPTH]), list(hits[RANKING_DEPTH:])
    scores = [ranking_score(f, ranking) for f in rank_features(head, evidence)]
    ranked = named_first([(h, s) for h, s in zip(head, scores, strict=True)], lambda pair: pair[0].match == "exact")
    return [h for h, _ in ranked] + tail


def named_first(scored: Sequence[tuple[T, float]], named: Callable[[tuple[T, float]], bool]) -> list[tuple[T, float]]:
    """The named items first in their order, then the others by score, best first (the search and the fit's
    evaluation order a head alike)."""
    return [p for p in scored if named(p)] + sorted((p for p in scored if not named(p)), key=lambda p: -p[1])


def ranking_score(features: Sequence[float], ranking: RankingWeights) -> float:
    return sum(w * x for w, x in zip(ranking.weights, features, strict=True))
