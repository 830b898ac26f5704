"""The optional list-item vectors (``POLICYQA_LIST_ITEMS``): a long article found through the item a question is
about, on the real index of the whole corpus and the real model."""

from __future__ import annotations

import pytest

from retrieval.retriever import Retriever, build_retriever
from store.index import item_counts, read_live_index

pytestmark = pytest.mark.integration

SOCIAL_INSURANCE_RESIGNATION = "入职一年多了，公司一直没给我交社保。我想以公司没交社保为理由辞职，公司要给我经济补偿吗"
ARTICLE_38 = "劳动合同法(2012-12-28)#第三十八条"


@pytest.fixture(scope="module")
def with_items(indexed_settings) -> Retriever:
    return build_retriever(indexed_settings.model_copy(update={"list_items": True, "statute_gists": False}))


@pytest.fixture(scope="module")
def without_items(indexed_settings) -> Retriever:
    return build_retriever(indexed_settings.model_copy(update={"statute_gists": False}))


def test_the_index_holds_one_vector_per_list_item_of_every_clause(indexed_settings) -> None:
    live = read_live_index(indexed_settings)
    assert len(live.item_vectors) == sum(item_counts(live.clauses)) > 600  # the statutes' 项, under their lead-in


def test_an_article_is_found_through_the_item_the_question_is_about(with_items: Retriever) -> None:
    clause_only = with_items.dense(SOCIAL_INSURANCE_RESIGNATION, 50)
    assert ARTICLE_38 not in [cid for cid, _ in clause_only]  # the whole-article vector is diluted by its six items
    ranked = [cid for cid, _ in with_items.with_other_vectors(clause_only, SOCIAL_INSURANCE_RESIGNATION, 50)]
    assert ARTICLE_38 in ranked
    # an item's cosine, less the question's spread, never lowers a clause: every clause keeps at least its own score
    merged = dict(with_items.with_other_vectors(clause_only, SOCIAL_INSURANCE_RESIGNATION, 200))
    assert all(merged[cid] >= score for cid, score in clause_only if cid in merged)


def test_the_confidence_reads_the_clauses_own_cosines_and_off_means_the_dense_list_as_it_was(
    with_items: Retriever, without_items: Retriever
) -> None:
    retrieved = with_items.retrieve(SOCIAL_INSURANCE_RESIGNATION, 10)
    assert retrieved.dense == with_items.dense(SOCIAL_INSURANCE_RESIGNATION, len(retrieved.dense))
    clause_only = without_items.dense(SOCIAL_INSURANCE_RESIGNATION, 50)
    assert without_items.with_other_vectors(clause_only, SOCIAL_INSURANCE_RESIGNATION, 50) == clause_only
