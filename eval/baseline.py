"""The generic RAG baseline: fixed-size character chunks over each file's cleaned text, embedded with
the same model as the clause index, searched densely; and the rule that credits a chunk with a gold clause.

Crediting rule: a chunk *covers* a gold clause when, with all whitespace removed from both, the chunk
contains the clause's first 40 characters; for a clause shorter than 40 characters, when the chunk
contains a contiguous run of at least 60% of the clause's characters.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from langchain_text_splitters import RecursiveCharacterTextSplitter

from ingest.clean import clean_file
from ingest.load import SUPPORTED_SUFFIXES, load_file
from ingest.pipeline import corpus_files
from store.embed import Embedder

PREFIX_CHARS = 40
SHORT_CLAUSE_SHARE = 0.6
CHINESE_SEPARATORS = ["\n\n", "\n", "。", "；", "！", "？", "，", "、", " ", ""]
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Chunk:
    """One fixed-size piece of a corpus file's cleaned text."""

    chunk_id: str
    file: str
    text: str


def split_text(text: str, chunk_size: int = 600, overlap: int = 100) -> list[str]:
    """langchain's recursive splitter with Chinese sentence and clause separators."""
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=chunk_size,
        chunk_overlap=overlap,
        separators=CHINESE_SEPARATORS,
        keep_separator="end",
    )
    return splitter.split_text(text)


def chunk_corpus(corpus_dir: Path, chunk_size: int = 600, overlap: int = 100) -> list[Chunk]:
    """Chunks of every supported corpus file (loaded and cleaned, but not split into documents or clauses)."""
    chunks: list[Chunk] = []
    for path in corpus_files(corpus_dir):
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        name = path.relative_to(corpus_dir).as_posix()
        source = clean_file(load_file(path, name))
        text = "\n".join(line.text for line in source.lines)
        for n, piece in enumerate(split_text(text, chunk_size, overlap)):
            chunks.append(Chunk(f"{name}#{n}", name, piece))
    return chunks


def _squash(text: str) -> str:
    return _SPACE.sub("", text)


def chunk_covers(chunk_text: str, clause_text: str) -> bool:
    """The crediting rule of the module docstring."""
    chunk, clause = _squash(chunk_text), _squash(clause_text)
    if not clause:
        return False
    if len(clause) >= PREFIX_CHARS:
        return clause[:PREFIX_CHARS] in chunk
    window = math.ceil(len(clause) * SHORT_CLAUSE_SHARE)
    return any(clause[i : i + window] in chunk for i in range(len(clause) - window + 1))


class ChunkIndex:
    """Chunks and their unit vectors; exact cosine search with numpy (a few hundred rows)."""

    def __init__(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        if len(chunks) != len(vectors):
            raise ValueError(f"{len(chunks)} chunks but {len(vectors)} vectors")
        self.chunks = list(chunks)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        self._vectors = vectors / np.where(norms == 0, 1.0, norms)

    def search(self, query_vector: np.ndarray, k: int) -> list[Chunk]:
        """The ``k`` chunks nearest to the query vector, best first."""
        q = query_vector / (np.linalg.norm(query_vector) or 1.0)
        scores = self._vectors @ q
        return [self.chunks[i] for i in np.argsort(-scores, kind="stable")[:k]]


def build_chunk_index(chunks: Sequence[Chunk], embedder: Embedder) -> ChunkIndex:
    """Embed the chunks as passages (through the embedder's on-disk cache, so re-runs are instant)."""
    vectors = embedder.embed_documents_array([c.text for c in chunks])
    return ChunkIndex(chunks, np.asarray(vectors, dtype=np.float32))
