"""answer/confidence.py: the calibrated probability that anything in the corpus is close."""

from answer.confidence import (
    FEATURES,
    Signals,
    documents_in_order,
    fit_logistic,
    probability,
    rank_biased_overlap,
    read_signals,
)
from answer.tuning import ConfidenceTuning
from retrieval.retriever import Retrieved
from tests.hits import make_hit


def signals(level: float) -> Signals:
    return Signals(*([level] * len(FEATURES)))


def test_the_fitted_model_orders_questions_by_their_evidence() -> None:
    rows = [[x] * len(FEATURES) for x in (0.1, 0.2, 0.3, 0.7, 0.8, 0.9)]
    weights = fit_logistic(rows, [0, 0, 0, 1, 1, 1])
    tuning = ConfidenceTuning(weights=weights)
    assert probability(signals(0.15), tuning) < 0.5 < probability(signals(0.85), tuning)


def test_extreme_signals_give_a_probability_without_overflowing() -> None:
    tuning = ConfidenceTuning(weights=(0.0, *([1000.0] * len(FEATURES))))
    assert probability(signals(10.0), tuning) == 1.0
    assert 0.0 <= probability(signals(-10.0), tuning) < 1e-20


def test_a_first_hit_no_retriever_ranks_does_not_stand_for_the_answer() -> None:
    # an article reached only through its 条旨 (no dense, no BM25 rank) is placed by the fusion; the signals read
    # the first clause a retriever found by its own words
    retrieved = Retrieved(
        [
            make_hit("statute#第十条", "第十条 劳动者在法定工作时间内依法参加社会活动期间……"),
            make_hit("notice#一、", "一、……隔离治疗期间……企业应当支付职工在此期间的工作报酬", dense_rank=2, bm25_rank=4),
        ],
        dense=[("a", 0.90), ("notice#一、", 0.89), ("b", 0.88)],
        sparse=[("c", 9.0), ("d", 8.0), ("e", 7.0), ("notice#一、", 6.0)],
    )
    assert retrieved.first_vouched is retrieved.hits[1]
    assert read_signals(retrieved, [0.9], 4.0).lead_in_both == (1 / 2 + 1 / 4) / 2


def test_the_first_hit_stands_for_the_answer_when_a_retriever_ranks_it() -> None:
    retrieved = Retrieved(
        [make_hit("notice#一、", "一、……", dense_rank=1), make_hit("notice#二、", "二、……", dense_rank=2, bm25_rank=1)]
    )
    assert retrieved.first_vouched is retrieved.hits[0]
    assert read_signals(retrieved, [0.9], 4.0).lead_in_both == 1 / 2


def test_rankings_agree_more_the_higher_they_share_clauses() -> None:
    same = rank_biased_overlap(list("abcdefghij"), list("abcdefghij"), depth=10)
    top_shared = rank_biased_overlap(list("abcdefghij"), list("abxyzuvwst"), depth=10)
    late_shared = rank_biased_overlap(list("abcdefghij"), list("xyzuvwstab"), depth=10)
    disjoint = rank_biased_overlap(list("abcdefghij"), list("klmnopqrst"), depth=10)
    assert disjoint == 0.0 < late_shared < top_shared < same
    # truncated, identical rankings reach 1 - persistence ** depth
    assert abs(same - (1 - 0.9**10)) < 1e-9


def test_retrievers_finding_one_document_by_different_clauses_agree_on_it() -> None:
    # a notice's many clauses say much the same: the dense and BM25 retrievers often find it by different ones
    dense = [("notice#一、", 0.91), ("notice#二、", 0.90), ("law#第四十条", 0.89)]
    sparse = [("notice#三、", 9.0), ("law#第四十一条", 8.0), ("notice#四、", 7.0)]
    assert documents_in_order(dense) == ["notice", "law"]
    retrieved = Retrieved([make_hit("notice#一、", "一、……", dense_rank=1)], dense=dense, sparse=sparse)
    assert read_signals(retrieved, [0.9], 4.0).agreement > 0.0
    other = Retrieved([make_hit("notice#一、", "一、……", dense_rank=1)], dense=dense, sparse=[("news#一", 3.0)])
    assert read_signals(other, [0.9], 4.0).agreement == 0.0
