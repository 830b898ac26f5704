"""A statute article's 条旨 and everyday words as another vector of the article (``POLICYQA_STATUTE_GISTS``, on):
a lay story finds the article through how people ask about it, while the confidence and the answer still read the
article's own cosine. On the real index of the whole corpus and the real model."""

from __future__ import annotations

import pytest

from retrieval.retriever import Retriever, build_retriever
from store.index import gist_counts, read_live_index

pytestmark = pytest.mark.integration

DEATH_AT_WORK = "老公在工地出事走了，家属能拿到哪些赔偿？"
WORK_DEATH_BENEFITS = "工伤保险条例(2010-12-20)#第三十九条"  # 因工死亡…丧葬补助金、供养亲属抚恤金和一次性工亡补助金


@pytest.fixture(scope="module")
def with_gists(indexed_settings) -> Retriever:
    return build_retriever(indexed_settings)


@pytest.fixture(scope="module")
def without_gists(indexed_settings) -> Retriever:
    return build_retriever(indexed_settings.model_copy(update={"statute_gists": False}))


def test_the_index_holds_one_gist_vector_per_statute_article_with_a_gist(indexed_settings) -> None:
    live = read_live_index(indexed_settings)
    assert len(live.gist_vectors) == sum(gist_counts(live.clauses)) > 1100


def test_a_lay_story_finds_the_article_through_its_gist(with_gists: Retriever, without_gists: Retriever) -> None:
    def rank(retriever: Retriever) -> int:
        ranked = [hit.clause_id for hit in retriever.search(DEATH_AT_WORK, k=20)]
        return ranked.index(WORK_DEATH_BENEFITS) + 1 if WORK_DEATH_BENEFITS in ranked else 99

    assert rank(with_gists) <= 3 < rank(without_gists)


def test_the_gist_only_ranks_the_confidence_and_the_answer_read_the_articles_own_cosine(
    with_gists: Retriever, without_gists: Retriever
) -> None:
    own = with_gists.dense(DEATH_AT_WORK, 50)
    merged = dict(with_gists.with_other_vectors(own, DEATH_AT_WORK, 200))
    assert merged[WORK_DEATH_BENEFITS] > dict(own).get(WORK_DEATH_BENEFITS, -1.0)  # lifted by its gist
    assert all(merged[cid] >= score for cid, score in own if cid in merged)  # a gist never lowers a clause
    retrieved = with_gists.retrieve(DEATH_AT_WORK, 10)
    assert retrieved.dense == own  # the confidence's dense evidence: the clauses' own cosines
    own_rank = {cid: r for r, (cid, _) in enumerate(own, 1)}
    assert [hit.dense_rank for hit in retrieved.hits] == [own_rank.get(hit.clause_id) for hit in retrieved.hits]
    assert without_gists.with_other_vectors(own, DEATH_AT_WORK, 50) == own  # off: the dense list as it was


OVERTIME_PAY = "加班费怎么算"
OVERTIME_ARTICLE = "劳动法(2018-12-29)#第四十四条"  # 支付高于劳动者正常工作时间工资的工资报酬


@pytest.fixture(scope="module")
def without_gist_list(indexed_settings) -> Retriever:
    return build_retriever(indexed_settings.model_copy(update={"statute_gist_list_weight": 0.0}))


def test_a_short_question_is_also_ranked_by_its_nearest_gists(with_gists: Retriever, without_gist_list: Retriever) -> None:
    nearest = with_gists.by_gist(OVERTIME_PAY)
    assert len(nearest) == 3 and all("#第" in cid for cid, _ in nearest)  # statute articles only
    assert [score for _, score in nearest] == sorted((score for _, score in nearest), reverse=True)
    assert nearest[0][0] == OVERTIME_ARTICLE

    def fused_rank(retriever: Retriever) -> int:
        ranked = [hit.clause_id for hit in retriever.retrieve(OVERTIME_PAY, 10).hits]
        return ranked.index(OVERTIME_ARTICLE) + 1 if OVERTIME_ARTICLE in ranked else 99

    assert fused_rank(with_gists) == 1 < fused_rank(without_gist_list)
    assert without_gist_list.by_gist(OVERTIME_PAY) == []


def test_a_long_story_is_not_ranked_by_the_gists_alone(with_gists: Retriever) -> None:
    story = "我在一家工厂上班，最近订单多，老板让我们每天晚上都留下来干到十点，周末也经常叫回来，" + OVERTIME_PAY
    assert len(story) > 40
    assert with_gists.by_gist(story) == []
    assert with_gists.by_gist(OVERTIME_PAY, allowed=set()) == []  # a filter that admits nothing


def test_a_short_question_nearer_a_circular_than_any_gist_is_not_ranked_by_the_gists(with_gists: Retriever) -> None:
    childcare = "孩子学校停课了我得在家照顾，这几天算旷工吗"  # 京人社劳字〔2020〕13号 一、 answers it
    assert with_gists.by_gist(childcare)  # without the question's dense list there is nothing to compare
    assert with_gists.by_gist(childcare, dense=with_gists.dense(childcare, 50)) == []
    assert with_gists.by_gist(OVERTIME_PAY, dense=with_gists.dense(OVERTIME_PAY, 50))
