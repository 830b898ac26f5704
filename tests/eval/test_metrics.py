"""eval/metrics.py: tiny rankings whose scores are worked out by hand."""

import math

import pytest

from eval.metrics import (
    hit_at_k,
    match_sets,
    mean_scores,
    ndcg_at_k,
    recall_at_k,
    reciprocal_rank,
    score_question,
)

GOLD = {"g1", "g2"}


def test_match_sets_marks_only_gold_ids():
    assert match_sets(["x", "g1", "g2"], GOLD) == [frozenset(), frozenset({"g1"}), frozenset({"g2"})]


def test_recall_is_capped_by_k_so_one_right_clause_first_scores_one_at_k1():
    m = match_sets(["g1", "x", "g2"], GOLD)
    assert recall_at_k(m, 2, 1) == 1.0
    assert recall_at_k(m, 2, 2) == 0.5  # one of min(2, 2) gold in the top 2
    assert recall_at_k(m, 2, 5) == 1.0


def test_recall_counts_a_chunk_that_covers_two_gold_clauses_twice():
    m = [frozenset({"g1", "g2"}), frozenset()]
    assert recall_at_k(m, 2, 2) == 1.0
    assert recall_at_k(m, 3, 10) == pytest.approx(2 / 3)


def test_no_gold_or_no_results_scores_zero():
    assert recall_at_k([], 2, 5) == 0.0
    assert recall_at_k(match_sets(["g1"], GOLD), 0, 5) == 0.0
    assert reciprocal_rank([]) == 0.0
    assert ndcg_at_k([], 2, 10) == 0.0


def test_hit_at_k():
    m = match_sets(["x", "y", "g2"], GOLD)
    assert hit_at_k(m, 2) == 0.0
    assert hit_at_k(m, 3) == 1.0


def test_reciprocal_rank_is_one_over_first_gold_rank_within_k():
    m = match_sets(["x", "y", "g2", "g1"], GOLD)
    assert reciprocal_rank(m) == pytest.approx(1 / 3)
    assert reciprocal_rank(m, 2) == 0.0


def test_ndcg_perfect_ranking_is_one():
    assert ndcg_at_k(match_sets(["g1", "g2", "x"], GOLD), 2, 10) == pytest.approx(1.0)


def test_ndcg_by_hand():
    # gold at ranks 2 and 3: DCG = 1/log2(3) + 1/log2(4); ideal = 1 + 1/log2(3)
    m = match_sets(["x", "g1", "g2"], GOLD)
    expected = (1 / math.log2(3) + 1 / 2) / (1 + 1 / math.log2(3))
    assert ndcg_at_k(m, 2, 10) == pytest.approx(expected)


def test_ndcg_gives_no_gain_for_a_gold_clause_already_covered():
    m = [frozenset({"g1"}), frozenset({"g1"})]
    assert ndcg_at_k(m, 2, 10) == pytest.approx(1 / (1 + 1 / math.log2(3)))


def test_score_question_and_mean():
    one = score_question(match_sets(["g1"], GOLD), 2)
    two = score_question(match_sets(["x", "x", "x", "x", "x", "x", "x", "x", "x", "x", "g1"], GOLD), 2)
    assert one["R@1"] == 1.0 and one["MRR"] == 1.0
    assert two["R@10"] == 0.0 and two["MRR"] == 0.0  # rank 11 is outside every cut-off
    assert mean_scores([one, two])["MRR"] == 0.5
    assert mean_scores([]) == {}
