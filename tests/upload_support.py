"""A writable copy of the session's real index for tests that add or remove documents (the shared index under
data/test-index must not be written to), and what "the served index is unchanged" compares."""

from __future__ import annotations

import shutil
from pathlib import Path

from config import Settings
from store.index import POINTER_FILE


def copy_of_index(indexed: Settings, target: Path, **overrides: object) -> Settings:
    """The whole data dir (store, embedding and token caches) copied to ``target``: a real index of the corpus
    that this test may change. Copying takes ~1 s; building one takes ~6 s with a warm cache."""
    shutil.copytree(indexed.data_dir, target, ignore=shutil.ignore_patterns(".lock", "*.lock"))
    return indexed.model_copy(update={"data_dir": target, **overrides})


def served_pointer(settings: Settings) -> bytes:
    """CURRENT.json as it is on disk: any change of the served generation changes these bytes."""
    return (settings.store_dir / POINTER_FILE).read_bytes()


def upload_folders(settings: Settings) -> list[str]:
    root = settings.data_dir / "uploads"
    return sorted(p.name for p in root.iterdir()) if root.is_dir() else []
