"""retrieval/ranking.py: the fused head reordered by the fitted model over each retriever's evidence."""

from __future__ import annotations

import pytest

from retrieval.models import Hit
from retrieval.ranking import (
    RANK_FEATURES,
    RANKING_DEPTH,
    RankingEvidence,
    RankingWeights,
    learned_order,
    rank_features,
)
from tests.hits import make_hit


def evidence(
    dense: list[tuple[str, float]],
    sparse: list[tuple[str, float]],
    sentences: dict[str, float | None],
    coverage: dict[str, float],
    merged: list[tuple[str, float]] | None = None,
) -> RankingEvidence:
    return RankingEvidence(
        dense=dense,
        merged_dense=merged if merged is not None else dense,
        sparse=sparse,
        best_sentence=lambda cid: sentences.get(cid),
        coverage=lambda hit: coverage.get(hit.clause_id, 0.0),
    )


def only(feature: str, weight: float = 1.0) -> RankingWeights:
    return RankingWeights(tuple(weight if name == feature else 0.0 for name in RANK_FEATURES))


HITS = [make_hit("a#一、", "甲", 0.9), make_hit("a#二、", "乙", 0.8), make_hit("b#一、", "丙", 0.7)]
DENSE = [("a#一、", 0.90), ("b#一、", 0.88), ("a#二、", 0.86), ("c#一、", 0.84)]


def test_each_feature_is_read_against_the_questions_own_distribution() -> None:
    found = evidence(
        DENSE,
        sparse=[("a#二、", 10.0), ("a#一、", 5.0)],
        sentences={"a#一、": 0.91, "a#二、": 0.87, "b#一、": None},
        coverage={"a#二、": 0.5},
        merged=[("a#一、", 0.90), ("a#二、", 0.89), ("b#一、", 0.88)],
    )
    rows = rank_features(HITS, found)
    mean, spread = 0.87, (sum((c - 0.87) ** 2 for _, c in DENSE) / 4) ** 0.5
    first, second, third = rows
    assert first[:2] == (1.0, 0.9) and second[0] == 0.5 and third[0] == pytest.approx(1 / 3)
    # the 条旨-merged dense score, in the dense cosines' standard deviations above their mean
    assert second[2] == pytest.approx((0.89 - mean) / spread)
    # BM25 as a share of the best; a clause BM25 did not find has none
    assert (first[3], second[3], third[3]) == (0.5, 1.0, 0.0)
    # the best sentence in the same units; a clause without sentences sits at the mean
    assert first[4] == pytest.approx((0.91 - mean) / spread) and third[4] == 0.0
    assert (first[5], second[5], third[5]) == (0.0, 0.5, 0.0)


def test_the_model_reorders_the_head_but_a_clause_named_by_its_label_stays_first() -> None:
    named = make_hit("x#三、", "丁", 1.5, match="exact")
    found = evidence(DENSE, sparse=[("b#一、", 8.0), ("a#二、", 4.0)], sentences={}, coverage={})
    order = [h.clause_id for h in learned_order([named, *HITS], found, only("bm25_share"))]
    assert order == ["x#三、", "b#一、", "a#二、", "a#一、"]


def test_only_the_fixed_depth_is_reordered_so_the_first_hits_do_not_depend_on_how_many_are_asked() -> None:
    hits: list[Hit] = [make_hit(f"d#{n}", "文", 1.0 / n) for n in range(1, RANKING_DEPTH + 6)]
    # the last clauses cover the question best: inside the depth they rise, beyond it they keep their places
    coverage = {h.clause_id: 1.0 for h in hits[RANKING_DEPTH - 2 :]}
    found = evidence([(h.clause_id, 0.9) for h in hits[:10]], [], {}, coverage)
    order = [h.clause_id for h in learned_order(hits, found, only("coverage"))]
    assert order[:2] == [hits[RANKING_DEPTH - 2].clause_id, hits[RANKING_DEPTH - 1].clause_id]
    assert order[RANKING_DEPTH:] == [h.clause_id for h in hits[RANKING_DEPTH:]]
