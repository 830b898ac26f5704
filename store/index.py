"""Clauses -> stores: a Chroma collection (dense) and a BM25 token table, built side by side.

Every build goes into a new collection and a new snapshot folder; ``store/CURRENT.json`` is switched
(atomically) only once both are complete, so a failed build leaves the previous index serving.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import chromadb
import httpx
import numpy as np
from chromadb.api.shared_system_client import SharedSystemClient
from chromadb.api.types import Documents, EmbeddingFunction
from chromadb.config import Settings as ChromaSettings
from chromadb.utils.embedding_functions import register_embedding_function
from langchain_core.documents import Document as LCDocument
from pydantic import BaseModel
from rich.console import Console

from config import Settings
from ingest.models import Clause, CrossReference, DocType, Document, Reference, SourceSpan, Subdivision
from ingest.references import resolve_references
from ingest.sentences import list_items_under_lead_in
from store.embed import Embedder, backend_from_model_id, build_embedder
from store.tokens import ChineseTokenizer, cached_tokens

POINTER_FILE = "CURRENT.json"
UNITS_FILE = "units.npy"  # float16: the answer only ranks a few candidates' sentences with them
ITEMS_FILE = "items.npy"  # float16: each list item under its lead-in, one row per item of every clause in turn
GISTS_FILE = "gists.npy"  # float16: each statute article's 条旨 and everyday words, one row per article that has them
TOKEN_CACHE_FILE = "bm25_token_cache.json"
# Chroma rebuilds a collection's graph in every process that opens it, and an approximate search over a
# graph built anew gave the same question different dense neighbours from one process to the next (measured:
# statutes-gold hybrid MRR 0.741 or 0.766). One insertion thread and search_ef 1000 make the 50 candidates of
# a query exact (equal to brute force on 40 gold questions) and so the same in every process; the scale benchmark (policyqa bench --scale) has
# not been re-run with it. construction_ef keeps its default: 200 cost 2 s more per build.
HNSW_SETTINGS = {"hnsw:space": "cosine", "hnsw:num_threads": 1, "hnsw:search_ef": 1000, "hnsw:construction_ef": 100}


class StoreError(RuntimeError):
    """The index cannot be built or opened; the message says what to do."""




class IndexPointer(BaseModel):
    """The contents of ``store/CURRENT.json``: which collection and snapshot are live."""

    collection: str
    snapshot: str  # folder name under store/snapshots/
    model_id: str
    store: str
    clauses: int
    built_at: str
    build_seconds: float


# ---------------------------------------------------------------- tables (documents.jsonl / clauses.jsonl)


def document_from_dict(d: dict[str, Any]) -> Document:
    return Document(
        doc_id=d["doc_id"],
        doc_number=d.get("doc_number"),
        doc_number_printed=d.get("doc_number_printed"),
        title=d["title"],
        issuer=tuple(d.get("issuer") or ()),
        date=d.get("date"),
        region=d.get("region") or "",
        doc_type=DocType(d.get("doc_type") or "notice"),
        sources=tuple(SourceSpan(**s) for s in d.get("sources") or ()),
        cites=tuple(CrossReference(c.get("doc_number"), c.get("title")) for c in d.get("cites") or ()),
        supersedes=tuple(d.get("supersedes") or ()),
        clarifies=tuple(d.get("clarifies") or ()),
        validity=d.get("validity"),
        notes=tuple(d.get("notes") or ()),
        adopted=d.get("adopted"),
        amended=d.get("amended"),
        effective_from=d.get("effective_from"),
        effective_to=d.get("effective_to"),
        replaces=tuple(d.get("replaces") or ()),
        replaced_by=d.get("replaced_by"),
        version_note=d.get("version_note"),
        aliases=tuple(d.get("aliases") or ()),
        upload_id=d.get("upload_id"),
    )


def clause_from_dict(d: dict[str, Any]) -> Clause:
    return Clause(
        clause_id=d["clause_id"],
        doc_id=d["doc_id"],
        label=d["label"],
        heading=d.get("heading"),
        text=d["text"],
        source=SourceSpan(**d["source"]),
        part=int(d.get("part") or 0),
        parent_label=d.get("parent_label"),
        order=int(d.get("order") or 0),
        units=tuple(d.get("units") or ()),
        subdivisions=tuple(Subdivision(str(label), int(start), int(end)) for label, start, end in d.get("subdivisions") or ()),
        gist=d.get("gist"),
        everyday=tuple(d.get("everyday") or ()),
    )


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def read_documents(path: Path) -> list[Document]:
    return [document_from_dict(d) for d in _read_jsonl(path)]


def read_clauses(path: Path) -> list[Clause]:
    return [clause_from_dict(d) for d in _read_jsonl(path)]


def read_references(path: Path) -> list[Reference]:
    """The statute citations of an ingest or a snapshot; none when the file predates them."""
    return [Reference.from_dict(d) for d in _read_jsonl(path)] if path.is_file() else []


def _write_jsonl(path: Path, rows: Iterable[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------- what goes into the stores


def superseded_by(documents: Sequence[Document]) -> dict[str, str]:
    """doc_id -> doc_id of the document that prevails over it (matched by 文号, title or id)."""
    by_key: dict[str, str] = {}
    for doc in documents:
        for key in (doc.doc_id, doc.doc_number, doc.title):
            if key:
                by_key[key] = doc.doc_id
    result: dict[str, str] = {}
    for doc in documents:
        for old in doc.supersedes:
            old_id = by_key.get(old)
            if old_id and old_id != doc.doc_id:
                result[old_id] = doc.doc_id
        if doc.replaced_by:  # a statute version replaced by a later text (versions.tsv)
            result[doc.doc_id] = doc.replaced_by
    return result


def heading_path(clause: Clause, siblings: dict[tuple[str, str], Clause]) -> list[str]:
    """Headings from the outermost parent down to this clause, e.g. ['五、关心…', '（三）']."""
    path: list[str] = []
    label = clause.parent_label
    seen: set[str] = set()
    while label and label not in seen:
        seen.add(label)
        parent = siblings.get((clause.doc_id, label))
        if parent is None:
            break
        if parent.heading:
            path.insert(0, f"{_last_label(parent.label)}{parent.heading}")
        label = parent.parent_label
    if clause.heading:
        path.append(clause.heading)
    return path


def _last_label(label: str) -> str:
    # "二、（三）" -> "（三）": the heading belongs to the innermost label.
    for sep in ("）", "、"):
        head, _, tail = label.rstrip(sep).rpartition(sep)
        if head:
            return tail + sep
    return label


def context_text(clause: Clause, document: Document | None, siblings: dict[tuple[str, str], Clause]) -> str:
    """What gets embedded: document title + heading path + the verbatim clause. A statute article's 条旨 is not in
    it: that has a vector of its own (``gist_texts``), so the clause's cosine stays the evidence of its own words."""
    parts = [document.title] if document else []
    parts += heading_path(clause, siblings)
    parts.append(clause.text)
    return "\n".join(parts)


def unit_context(clause: Clause, unit: str, siblings: dict[tuple[str, str], Clause]) -> str:
    """What gets embedded for one quotable unit: the circumstance its headings name, then the unit.
    The title is left out: it is the same for every unit of a document and would drown the sentence."""
    return "\n".join([*heading_path(clause, siblings), unit])


def unit_texts(clauses: Sequence[Clause]) -> list[str]:
    """Every clause's units in clause order, as embedded (the rows of the snapshot's ``units.npy``)."""
    siblings = {(c.doc_id, c.label): c for c in clauses if c.part <= 1}
    return [unit_context(c, u, siblings) for c in clauses for u in c.units]


def item_texts(clauses: Sequence[Clause]) -> list[str]:
    """Every clause's list items under their lead-in, in clause order, as embedded (the rows of ``items.npy``)."""
    return [item for c in clauses for item in list_items_under_lead_in(c.text)]


def gist_texts(clauses: Sequence[Clause], documents: Sequence[Document]) -> list[str]:
    """Each statute article's ``gist_text``, in clause order (the rows of ``gists.npy``)."""
    titles = {d.doc_id: d.title for d in documents}
    return [gist_text(c, titles.get(c.doc_id, "")) for c in clauses if c.gist]


def gist_text(clause: Clause, title: str) -> str:
    """What is embedded for a statute article with a 条旨: its law's title, the 条旨 and the everyday words
    (corpus/statutes/gists.tsv), how people ask about the article, which its own words are far from."""
    return f"{title}\n{' '.join([clause.gist or '', *clause.everyday])}"


def clause_metadata(clause: Clause, document: Document | None, replaced_by: str | None) -> dict[str, Any]:
    """Flat metadata for Chroma (str/int only; Chroma rejects None and lists)."""
    doc = document
    return {
        "clause_id": clause.clause_id,
        "doc_id": clause.doc_id,
        "doc_number": (doc.doc_number if doc else None) or "",
        "title": doc.title if doc else "",
        "issuer": "、".join(doc.issuer) if doc else "",
        "date": (doc.date if doc else None) or "",
        "region": doc.region if doc else "",
        "doc_type": doc.doc_type.value if doc else "",
        "label": clause.label,
        "heading": clause.heading or "",
        "superseded_by": replaced_by or "",
        "order": clause.order,
        "part": clause.part,
        "source_file": clause.source.file,
        "line_start": clause.source.line_start,
        "line_end": clause.source.line_end,
    }


def to_langchain_documents(clauses: Sequence[Clause], documents: Sequence[Document]) -> list[LCDocument]:
    """The store boundary: clauses as langchain ``Document`` objects (verbatim text + metadata)."""
    docs = {d.doc_id: d for d in documents}
    replaced = superseded_by(documents)
    return [
        LCDocument(
            id=c.clause_id,
            page_content=c.text,
            metadata=clause_metadata(c, docs.get(c.doc_id), replaced.get(c.doc_id)),
        )
        for c in clauses
    ]


# ---------------------------------------------------------------- Chroma


@register_embedding_function
class ChromaEmbeddingAdapter(EmbeddingFunction[Documents]):
    """Our embedder as Chroma's embedding function, so Chroma never fetches its own model.

    Registered by name: a process that opens a collection without passing a function gets this one,
    rebuilt from the model id in the collection's config (the model loads on first use only).
    """

    def __init__(self, embedder: Embedder | None = None, model_id: str | None = None) -> None:
        if embedder is None and model_id is None:
            raise StoreError("ChromaEmbeddingAdapter needs an embedder or a model id")
        self._embedder = embedder
        self._model_id = model_id or (embedder.model_id if embedder else "")

    def _model(self) -> Embedder:
        if self._embedder is None:
            self._embedder = Embedder(backend_from_model_id(self._model_id))
        return self._embedder

    def __call__(self, input: Documents) -> list[np.ndarray]:
        return list(self._model().embed_documents_array(list(input)))

    def embed_query(self, input: Documents) -> list[np.ndarray]:
        return [self._model().embed_query_array(t) for t in input]

    @staticmethod
    def name() -> str:
        return "policyqa"

    def default_space(self) -> Literal["cosine"]:
        return "cosine"

    def get_config(self) -> dict[str, Any]:
        return {"model_id": self._model_id}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaEmbeddingAdapter:
        return ChromaEmbeddingAdapter(model_id=str(config["model_id"]))


def build_chroma_client(settings: Settings) -> chromadb.ClientAPI:
    """Embedded on-disk Chroma under ``store_dir`` (default) or a Chroma server (``store=http``)."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.store == "http":
        try:
            return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
        except Exception as exc:  # connection refused, timeout, wrong server
            raise StoreError(
                f"the Chroma server at {settings.chroma_host}:{settings.chroma_port} does not answer ({exc}): "
                f"start it with `chroma run --path DIR --host {settings.chroma_host} --port {settings.chroma_port}`"
            ) from exc
    path = settings.store_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    try:
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as exc:  # e.g. chroma.sqlite3 truncated or overwritten
        # Chroma caches one system per path, the half-opened one too: forget it, or a retry after the
        # rebuild (an API reload, the build itself) would get the broken one back.
        with contextlib.suppress(Exception):
            SharedSystemClient._identifier_to_system.pop(str(path), None)
        raise StoreError(f"{path}: the Chroma store is damaged ({exc}); rebuild it with `policyqa ingest`") from exc


def _client_for_build(settings: Settings) -> chromadb.ClientAPI:
    """The store a build writes to; a damaged embedded store is moved aside, since a build recreates it."""
    try:
        return build_chroma_client(settings)
    except StoreError:
        if settings.store == "http":
            raise
        path = settings.store_dir / "chroma"
        os.replace(path, path.with_name(f"chroma.damaged-{time.strftime('%Y%m%d%H%M%S')}"))
        return build_chroma_client(settings)


# ---------------------------------------------------------------- the pointer


def read_pointer(store_dir: Path) -> IndexPointer | None:
    path = store_dir / POINTER_FILE
    if not path.exists():
        return None
    try:
        return IndexPointer.model_validate_json(path.read_text(encoding="utf-8"))
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise StoreError(f"{path} is damaged ({exc.__class__.__name__}); rebuild the index with `policyqa ingest`") from exc


def write_pointer(store_dir: Path, pointer: IndexPointer) -> None:
    store_dir.mkdir(parents=True, exist_ok=True)
    tmp = store_dir / f".{POINTER_FILE}.{os.getpid()}.tmp"
    tmp.write_text(pointer.model_dump_json(indent=2), encoding="utf-8")
    os.replace(tmp, store_dir / POINTER_FILE)  # atomic: readers see the old or the new pointer, never half


def snapshot_dir(store_dir: Path, name: str) -> Path:
    """Where a build keeps its tables and BM25 tokens, next to its Chroma collection."""
    return store_dir / "snapshots" / name


def build_tokenizer(settings: Settings) -> ChineseTokenizer:
    return ChineseTokenizer(cache_dir=settings.data_dir / "jieba_cache")


def bm25_text(clause: Clause, document: Document | None) -> str:
    """What BM25 sees: the clause with its heading, plus the document title and 文号. Not a statute article's 条旨
    or everyday words: BM25 weighs their common tokens (期间, 工资, 公司) as it weighs the circulars' own, and they
    drew statute articles ahead of the circulars that answer a story (dev R@5 0.658 -> 0.645)."""
    doc = document
    head = [doc.title, doc.doc_number or ""] if doc else []
    return "\n".join([*head, clause.heading or "", clause.text])


# ---------------------------------------------------------------- build


def _collection_name(settings: Settings, clauses: Sequence[Clause], model_id: str) -> str:
    digest = hashlib.sha256(model_id.encode())
    for c in clauses:
        digest.update(c.clause_id.encode())
        digest.update(c.text.encode())
    stamp = time.strftime("%Y%m%d%H%M%S")
    # two builds in one second must not collide: the previous build is kept while servers reload
    unique = uuid.uuid4().hex[:6]
    # Chroma names: 3-512 chars of [a-zA-Z0-9._-], starting and ending alphanumeric.
    return f"{settings.collection_prefix}-{stamp}-{digest.hexdigest()[:8]}-{unique}"


class EmbedProgressLog:
    """Embedding progress as plain lines, at most one every ``every_s`` seconds: a log file (``make run > log``)
    shows them as they come, where a live progress bar would print nothing until the end."""

    def __init__(
        self, console: Console, total: int, workers: int, every_s: float = 10.0, what: str = "clause texts"
    ) -> None:
        self.console = console
        self.what = what
        self.total = total
        self.workers = workers
        self.every_s = every_s
        self._started = time.monotonic()
        self._last = self._started

    def __call__(self, done: int, to_embed: int) -> None:
        now = time.monotonic()
        if done == 0:
            self._started = self._last = now
            reused = self.total - to_embed
            where = f"{self.workers} processes" if self.workers > 1 else "1 process"
            self._print(
                f"embedding {self.total:,} {self.what}: {reused:,} already embedded (cache or shipped vectors), "
                + (f"{to_embed:,} to embed on {where}" if to_embed else "nothing to embed")
            )
            return
        if done < to_embed and now - self._last < self.every_s:
            return
        self._last = now
        elapsed = now - self._started
        left = elapsed / done * (to_embed - done)
        self._print(
            f"embedding: {done:,}/{to_embed:,} texts ({done / to_embed:.0%}), {elapsed:.0f} s"
            + (f", about {left:.0f} s left" if done < to_embed else ", done")
        )

    def _print(self, line: str) -> None:
        self.console.print(line, highlight=False, markup=False, soft_wrap=True)


def index_texts(clauses: Sequence[Clause], documents: Sequence[Document]) -> list[str]:
    """What gets embedded for an index of these clauses, one text per clause (see ``context_text``)."""
    docs_by_id = {d.doc_id: d for d in documents}
    siblings = {(c.doc_id, c.label): c for c in clauses if c.part <= 1}
    return [context_text(c, docs_by_id.get(c.doc_id), siblings) for c in clauses]


def _check_tables(clauses: Sequence[Clause], documents: Sequence[Document]) -> None:
    if not clauses:
        raise StoreError("no clauses to index: run `policyqa ingest` on a corpus first")
    docs_by_id = {d.doc_id: d for d in documents}
    missing = sorted({c.doc_id for c in clauses} - docs_by_id.keys())
    if missing:
        raise StoreError(f"clauses refer to unknown documents {missing[:3]}: re-run `policyqa ingest`")
    ids = [c.clause_id for c in clauses]
    if len(set(ids)) != len(ids):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        raise StoreError(f"duplicate clause ids {dupes[:3]}: the clause splitter must make ids unique")


def build_index(
    clauses: Sequence[Clause],
    documents: Sequence[Document],
    settings: Settings,
    embedder: Embedder,
    console: Console | None = None,
    references: Sequence[Reference] = (),
) -> IndexPointer:
    """Build a new collection + snapshot from these clauses; switch CURRENT.json only on success."""
    _check_tables(clauses, documents)
    started = time.perf_counter()
    docs_by_id = {d.doc_id: d for d in documents}
    texts = {c.clause_id: bm25_text(c, docs_by_id.get(c.doc_id)) for c in clauses}
    tokens = cached_tokens(texts, settings.data_dir / TOKEN_CACHE_FILE, lambda: build_tokenizer(settings))
    contexts = index_texts(clauses, documents)
    progress = EmbedProgressLog(console, len(contexts), embedder.workers) if console is not None else None
    vectors = embedder.embed_documents_array(contexts, progress)
    width = vectors.shape[1]
    # the answer compares the question with each quotable sentence: their vectors, in clause order
    unit_vectors = _embedded_rows(embedder, unit_texts(clauses), width, console, "quotable sentences")
    # the retriever may find a long article through the list item a question is about (POLICYQA_LIST_ITEMS)
    item_vectors = _embedded_rows(embedder, item_texts(clauses), width, console, "list items")
    # …and a statute article through how people ask about it (POLICYQA_STATUTE_GISTS)
    gist_vectors = _embedded_rows(embedder, gist_texts(clauses, documents), width, console, "statute gists")
    generation = Generation(documents, clauses, references, tokens, vectors, unit_vectors, item_vectors, gist_vectors)
    return publish(generation, settings, embedder, started)


def _embedded_rows(embedder: Embedder, texts: Sequence[str], width: int, console: Console | None, what: str) -> np.ndarray:
    """``texts`` embedded in order as float16 rows (none: ``width`` columns, no rows), with progress lines when a
    console is given."""
    if not texts:
        return np.zeros((0, width), dtype=np.float16)
    progress = EmbedProgressLog(console, len(texts), embedder.workers, what=what) if console is not None else None
    return embedder.embed_documents_array(texts, progress).astype(np.float16)


@dataclass(frozen=True)
class Generation:
    """Everything one index generation holds, in clause order: the tables, the BM25 tokens, a vector per
    clause (the Chroma collection) and one per quotable unit (``units.npy``)."""

    documents: Sequence[Document]
    clauses: Sequence[Clause]
    references: Sequence[Reference]
    tokens: Mapping[str, Sequence[str]]
    vectors: np.ndarray  # one row per clause
    unit_vectors: np.ndarray  # float16, one row per unit of every clause in turn
    item_vectors: np.ndarray  # float16, one row per list item (``item_texts``) of every clause in turn
    gist_vectors: np.ndarray  # float16, one row per statute article with a 条旨 (``gist_texts``), in clause order


def publish(generation: Generation, settings: Settings, embedder: Embedder, started: float | None = None) -> IndexPointer:
    """Write ``generation`` as a new collection and snapshot, then switch CURRENT.json to it (atomically);
    on any failure the new parts are removed and the live index is untouched."""
    started = time.perf_counter() if started is None else started
    clauses, documents = generation.clauses, generation.documents
    _check_tables(clauses, documents)
    units = sum(len(c.units) for c in clauses)
    items = sum(item_counts(clauses))
    gists = sum(gist_counts(clauses))
    if (
        len(generation.vectors) != len(clauses)
        or len(generation.unit_vectors) != units
        or len(generation.item_vectors) != items
        or len(generation.gist_vectors) != gists
    ):
        raise StoreError(
            f"{len(generation.vectors)} vectors for {len(clauses)} clauses, {len(generation.unit_vectors)} for {units} "
            f"units, {len(generation.item_vectors)} for {items} list items and {len(generation.gist_vectors)} for "
            f"{gists} statute gists: the tables and vectors are out of step; run `policyqa ingest`"
        )
    store_dir = settings.store_dir
    name = _collection_name(settings, clauses, embedder.model_id)
    snap = snapshot_dir(store_dir, name)
    client = _client_for_build(settings)
    try:
        snap.mkdir(parents=True)
        _write_jsonl(snap / "documents.jsonl", (d.to_dict() for d in documents))
        _write_jsonl(snap / "clauses.jsonl", (c.to_dict() for c in clauses))
        _write_jsonl(snap / "references.jsonl", (r.to_dict() for r in generation.references))
        (snap / "bm25.json").write_text(json.dumps(dict(generation.tokens), ensure_ascii=False), encoding="utf-8")
        np.save(snap / UNITS_FILE, generation.unit_vectors.astype(np.float16))
        np.save(snap / ITEMS_FILE, generation.item_vectors.astype(np.float16))
        np.save(snap / GISTS_FILE, generation.gist_vectors.astype(np.float16))
        collection = client.create_collection(
            name,
            metadata={**HNSW_SETTINGS, "model_id": embedder.model_id},
            embedding_function=ChromaEmbeddingAdapter(embedder),
        )
        lc_docs = to_langchain_documents(clauses, documents)
        for start in range(0, len(lc_docs), 256):
            chunk = lc_docs[start : start + 256]
            collection.upsert(
                ids=[str(d.id) for d in chunk],
                documents=[d.page_content for d in chunk],
                metadatas=[d.metadata for d in chunk],
                embeddings=generation.vectors[start : start + 256],
            )
        if collection.count() != len(clauses):
            raise StoreError(f"collection {name} holds {collection.count()} of {len(clauses)} clauses")
    except BaseException:
        _drop(client, name, snap)
        raise

    pointer = IndexPointer(
        collection=name,
        snapshot=name,
        model_id=embedder.model_id,
        store=settings.store,
        clauses=len(clauses),
        built_at=time.strftime("%Y-%m-%dT%H:%M:%S"),
        build_seconds=round(time.perf_counter() - started, 2),
    )
    try:
        previous = read_pointer(store_dir)
    except StoreError:  # a damaged pointer is what this build repairs
        previous = None
    write_pointer(store_dir, pointer)
    # the previous index stays until the next build: a server still holding it keeps answering
    # while it reloads; older ones go
    _drop_old(client, settings, keep={name, previous.collection} if previous else {name})
    return pointer


# ---------------------------------------------------------------- an update: documents added or removed


@dataclass(frozen=True)
class LiveIndex:
    """The generation CURRENT.json points at, as read back from its snapshot (vectors from its collection)."""

    pointer: IndexPointer
    documents: list[Document]
    clauses: list[Clause]
    references: list[Reference]
    tokens: dict[str, list[str]]
    unit_vectors: np.ndarray
    item_vectors: np.ndarray
    gist_vectors: np.ndarray


def read_live_index(settings: Settings) -> LiveIndex:
    """The tables of the live index; ``StoreError`` (saying to run ``policyqa ingest``) when there is none."""
    pointer = read_pointer(settings.store_dir)
    if pointer is None:
        raise StoreError(f"no index under {settings.store_dir}: run `policyqa ingest` first")
    snap = snapshot_dir(settings.store_dir, pointer.snapshot)
    try:
        clauses = read_clauses(snap / "clauses.jsonl")
        documents = read_documents(snap / "documents.jsonl")
        references = read_references(snap / "references.jsonl")
        tokens = json.loads((snap / "bm25.json").read_text(encoding="utf-8"))
        unit_vectors = np.load(snap / UNITS_FILE)
        item_vectors = np.load(snap / ITEMS_FILE)
        # a snapshot built before the statute gists has none, and its clauses carry none: it serves as it did
        gist_path = snap / GISTS_FILE
        gist_vectors = np.load(gist_path) if gist_path.exists() else np.zeros((0, unit_vectors.shape[1]), dtype=np.float16)
    except FileNotFoundError as exc:
        raise StoreError(f"index snapshot {snap} is incomplete: re-run `policyqa ingest`") from exc
    except (ValueError, KeyError, TypeError, OSError) as exc:
        raise StoreError(f"index snapshot {snap} is damaged ({exc}): re-run `policyqa ingest`") from exc
    return LiveIndex(pointer, documents, clauses, references, tokens, unit_vectors, item_vectors, gist_vectors)


@dataclass
class UpdateStats:
    """What an update cost: how much was embedded and tokenized afresh, and how long it took."""

    documents_added: int = 0
    documents_removed: int = 0
    clauses_added: int = 0
    clauses_removed: int = 0
    clauses_kept: int = 0  # their vectors, units and tokens were copied from the live generation
    clause_texts_embedded: int = 0  # clause contexts the model embedded (not in the embedding cache)
    unit_texts_embedded: int = 0
    item_texts_embedded: int = 0
    gist_texts_embedded: int = 0
    texts_tokenised: int = 0
    read_s: float = 0.0  # the live snapshot and its vectors
    embed_s: float = 0.0  # the new clauses and units (cache first), their tokens and references
    publish_s: float = 0.0  # new snapshot + collection written, CURRENT.json switched
    total_s: float = 0.0


Stage = Callable[[str], None]  # told each step of an update as it starts, for a progress display


def update_index(
    settings: Settings,
    embedder: Embedder,
    *,
    add_documents: Sequence[Document] = (),
    add_clauses: Sequence[Clause] = (),
    remove_doc_ids: Collection[str] = (),
    stage: Stage | None = None,
    embed_progress: Callable[[int, int], None] | None = None,
) -> tuple[IndexPointer, UpdateStats]:
    """A new generation of the live index with these documents added and those removed, switched in like a
    full build. Only the added clauses and their units are embedded (the cache first) and tokenized; every
    other clause keeps the vector, units and tokens the live generation holds. Hold ``index_lock``."""
    started = time.perf_counter()
    stats = UpdateStats()
    say = stage or (lambda _step: None)
    say("读取当前索引 reading the live index")
    live = read_live_index(settings)
    if live.pointer.model_id != embedder.model_id:
        raise StoreError(
            f"the index was built with {live.pointer.model_id} but the embedder is {embedder.model_id}: "
            "run `policyqa ingest` to rebuild it with the current model"
        )
    removed = set(remove_doc_ids)
    kept = [c for c in live.clauses if c.doc_id not in removed]
    kept_rows = _unit_rows(live.clauses, {c.doc_id for c in kept})
    kept_item_rows = _rows_kept(item_counts(live.clauses), live.clauses, {c.doc_id for c in kept})
    kept_gist_rows = _rows_kept(gist_counts(live.clauses), live.clauses, {c.doc_id for c in kept})
    by_id = _stored_vectors(settings, live.pointer.collection, {c.clause_id for c in kept})
    missing = [c.clause_id for c in kept if c.clause_id not in by_id]
    if missing:
        raise StoreError(
            f"collection {live.pointer.collection} lacks {len(missing)} clauses of its snapshot "
            f"({missing[0]}, …): run `policyqa ingest`"
        )
    stats.read_s = time.perf_counter() - started

    documents = [d for d in live.documents if d.doc_id not in removed] + list(add_documents)
    stats.documents_removed = len(live.documents) + len(add_documents) - len(documents)
    stats.documents_added, stats.clauses_added = len(add_documents), len(add_clauses)
    stats.clauses_removed, stats.clauses_kept = len(live.clauses) - len(kept), len(kept)
    embed_started = time.perf_counter()
    new_vectors = new_units = new_items = new_gists = np.zeros((0, 0), dtype=np.float32)
    tokens: dict[str, Sequence[str]] = {c.clause_id: live.tokens[c.clause_id] for c in kept}
    references = [r for r in live.references if r.source_doc_id not in removed]
    if add_clauses:
        say(f"嵌入 {len(add_clauses)} 条新条文 embedding {len(add_clauses)} new clauses")

        def counted(field: str) -> Callable[[int, int], None]:
            def progress(done: int, to_embed: int) -> None:
                if done == 0:
                    setattr(stats, field, to_embed)
                if embed_progress is not None:
                    embed_progress(done, to_embed)
            return progress

        new_vectors = embedder.embed_documents_array(index_texts(add_clauses, add_documents), counted("clause_texts_embedded"))
        units = unit_texts(add_clauses)
        if units:
            new_units = embedder.embed_documents_array(units, counted("unit_texts_embedded"))
        items = item_texts(add_clauses)
        if items:
            new_items = embedder.embed_documents_array(items, counted("item_texts_embedded"))
        gists = gist_texts(add_clauses, add_documents)
        if gists:
            new_gists = embedder.embed_documents_array(gists, counted("gist_texts_embedded"))
        docs_by_id = {d.doc_id: d for d in add_documents}
        texts = {c.clause_id: bm25_text(c, docs_by_id.get(c.doc_id)) for c in add_clauses}

        def tokenised(n: int) -> None:
            stats.texts_tokenised = n

        tokens.update(
            cached_tokens(
                texts, settings.data_dir / TOKEN_CACHE_FILE, lambda: build_tokenizer(settings),
                keep_others=True, on_tokenise=tokenised,
            )
        )
        new_ids = {d.doc_id for d in add_documents}
        statute_clauses = [c for c in kept if c.doc_id in {d.doc_id for d in documents if d.doc_type.is_statute}]
        references += [
            r for r in resolve_references(documents, [*statute_clauses, *add_clauses]) if r.source_doc_id in new_ids
        ]
    stats.embed_s = time.perf_counter() - embed_started

    say("写入新索引并切换 writing the new generation and switching to it")
    publish_started = time.perf_counter()
    old_vectors = [by_id[c.clause_id] for c in kept]
    generation = Generation(
        documents,
        [*kept, *add_clauses],
        references,
        tokens,
        _stack(np.asarray(old_vectors, dtype=np.float32), new_vectors),
        _stack(live.unit_vectors[kept_rows], new_units.astype(np.float16)),
        _stack(live.item_vectors[kept_item_rows], new_items.astype(np.float16)),
        _stack(live.gist_vectors[kept_gist_rows], new_gists.astype(np.float16)),
    )
    pointer = publish(generation, settings, embedder, started)
    stats.publish_s = time.perf_counter() - publish_started
    stats.total_s = time.perf_counter() - started
    return pointer, stats


def _stored_vectors(settings: Settings, collection_name: str, wanted: Collection[str]) -> dict[str, np.ndarray]:
    """The vectors the live collection holds for ``wanted`` clause ids, read a page at a time."""
    collection = build_chroma_client(settings).get_collection(collection_name)
    found: dict[str, np.ndarray] = {}
    page = 5000
    for offset in range(0, collection.count(), page):
        stored = collection.get(limit=page, offset=offset, include=["embeddings"])
        for clause_id, vector in zip(stored["ids"], stored["embeddings"] if stored["embeddings"] is not None else []):
            if clause_id in wanted:
                found[clause_id] = np.asarray(vector, dtype=np.float32)
    return found


def _stack(old: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Rows of the live generation, then the new rows (either may be empty)."""
    parts = [part for part in (old, new) if len(part)]
    return np.concatenate(parts) if len(parts) > 1 else parts[0] if parts else old


def _unit_rows(clauses: Sequence[Clause], keep_docs: Collection[str]) -> np.ndarray:
    """The rows of ``units.npy`` (one per unit of each clause in turn) that belong to the documents kept."""
    return _rows_kept([len(c.units) for c in clauses], clauses, keep_docs)


def item_counts(clauses: Sequence[Clause]) -> list[int]:
    """How many rows of ``items.npy`` each clause has (its list items under a lead-in)."""
    return [len(list_items_under_lead_in(c.text)) for c in clauses]


def gist_counts(clauses: Sequence[Clause]) -> list[int]:
    """How many rows of ``gists.npy`` each clause has (one for a statute article with a 条旨)."""
    return [1 if c.gist else 0 for c in clauses]


def _rows_kept(counts: Sequence[int], clauses: Sequence[Clause], keep_docs: Collection[str]) -> np.ndarray:
    """Of a matrix with ``counts[i]`` rows for each clause in turn, the rows of the documents kept."""
    rows: list[int] = []
    row = 0
    for clause, count in zip(clauses, counts, strict=True):
        if clause.doc_id in keep_docs:
            rows.extend(range(row, row + count))
        row += count
    return np.asarray(rows, dtype=np.int64)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: BaseException | None = exc
    while seen is not None:
        yield seen
        seen = seen.__cause__ or seen.__context__


def is_disk_full(exc: BaseException) -> bool:
    """``exc`` or what caused it is a write that found no space: an OSError, or SQLite's (the embedding cache,
    the embedded Chroma) own "database or disk is full"."""
    return any(
        (isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT)) or "disk is full" in str(e)
        for e in _causes(exc)
    )


def is_store_unreachable(exc: BaseException) -> bool:
    """``exc`` or what caused it is a connection to the Chroma server that failed (``store=http``)."""
    return any(isinstance(e, ConnectionError | httpx.TransportError) for e in _causes(exc))


@contextlib.contextmanager
def index_lock(settings: Settings) -> Iterator[None]:
    """One writer of the index at a time (ingest, add, remove), across processes: an update reads the live
    generation and builds on it, so a second writer must wait for the first to switch.

    A write that fails for want of disk space or of the Chroma server leaves the served index as it was
    (a new generation is published only once whole); it is raised as a ``StoreError`` that says so."""
    settings.store_dir.mkdir(parents=True, exist_ok=True)
    with (settings.store_dir / ".write.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        except StoreError:
            raise
        except Exception as exc:
            if is_disk_full(exc):
                raise StoreError(
                    f"磁盘已满 (no space left on the device holding {settings.data_dir}): the index being served "
                    "is unchanged; free some space and run the command again"
                ) from exc
            if settings.store == "http" and is_store_unreachable(exc):
                raise StoreError(
                    f"the Chroma server at {settings.chroma_host}:{settings.chroma_port} stopped answering "
                    f"({exc}): the index being served is unchanged; start the server and run the command again"
                ) from exc
            raise
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _drop(client: chromadb.ClientAPI, name: str, snap: Path) -> None:
    # The collection may never have been created.
    with contextlib.suppress(Exception):
        client.delete_collection(name)
    shutil.rmtree(snap, ignore_errors=True)


def _drop_old(client: chromadb.ClientAPI, settings: Settings, keep: set[str]) -> None:
    prefix = f"{settings.collection_prefix}-"
    for col in client.list_collections():
        col_name = col if isinstance(col, str) else col.name
        if col_name.startswith(prefix) and col_name not in keep:
            client.delete_collection(col_name)
    snaps = settings.store_dir / "snapshots"
    for path in snaps.iterdir() if snaps.exists() else ():
        if path.name not in keep and path.name.startswith(prefix):
            shutil.rmtree(path, ignore_errors=True)


def build_index_from_settings(
    settings: Settings, console: Console | None = None, embedder: Embedder | None = None
) -> IndexPointer:
    """Index ``data_dir/clauses.jsonl`` + ``documents.jsonl`` (what ``policyqa ingest`` wrote)."""
    clauses_path = settings.data_dir / "clauses.jsonl"
    documents_path = settings.data_dir / "documents.jsonl"
    for path in (clauses_path, documents_path):
        if not path.exists():
            raise StoreError(f"{path}: not found; run `policyqa ingest --no-index` first to write it")
    clauses = read_clauses(clauses_path)
    documents = read_documents(documents_path)
    references = read_references(settings.data_dir / "references.jsonl")
    embedder = embedder or build_embedder(settings)
    pointer = build_index(clauses, documents, settings, embedder, console=console, references=references)
    if console is not None:
        console.print(
            f"indexed {pointer.clauses} clauses into [bold]{pointer.collection}[/bold] "
            f"({pointer.model_id}, {pointer.build_seconds:.1f} s)"
        )
    return pointer
