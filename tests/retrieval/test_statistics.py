"""retrieval/statistics.py: document frequencies over clauses, exact up to the sample size, estimated past it."""

import random

from query.concepts import Concept
from retrieval.statistics import CorpusStatistics


def test_each_clause_counts_once_however_often_it_says_the_form() -> None:
    statistics = CorpusStatistics(["工资工资工资", "停工期间工资", "年休假"])
    assert statistics.document_frequency(("工资",)) == 2
    assert statistics.document_frequency(("工资", "年休假")) == 3


def test_past_the_sample_size_the_count_over_evenly_spaced_clauses_is_scaled_to_the_corpus() -> None:
    # a quarter of the clauses, at random, mention 待岗; a sample of one clause in ten sees about the same share
    draw = random.Random(3)
    texts = ["职工待岗期间生活费" if draw.random() < 0.25 else "企业按时足额支付工资" for _ in range(20_000)]
    exact = CorpusStatistics(texts, sample=len(texts))
    sampled = CorpusStatistics(texts, sample=2000)
    mentioning = sum("待岗" in t for t in texts)
    assert exact.document_frequency(("待岗",)) == mentioning
    # three standard errors of a count over 2,000 clauses (19.4 there, 194 scaled up)
    assert abs(sampled.document_frequency(("待岗",)) - mentioning) <= 3 * 194
    concept = Concept("待岗", ("待岗",))
    assert abs(sampled.weight(concept) - exact.weight(concept)) < 0.1


def test_a_concept_is_used_when_a_clause_says_one_of_its_forms() -> None:
    statistics = CorpusStatistics(["职工隔离期间工资照发", "年休假"])
    assert statistics.used(Concept("隔离", ("隔离", "医学观察")))
    assert statistics.used(Concept("观察", ("医学观察", "年休假")))
    assert not statistics.used(Concept("公司员工", ("公司员工",)))
