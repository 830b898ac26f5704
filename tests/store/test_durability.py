"""Safe re-ingest (ingest/index.py): a killed ingest never touches the served index, and a damaged or
missing index fails with a message naming the one-command rebuild, ``policyqa ingest``.

Runs the real ``policyqa ingest`` in a subprocess on a small slice of the corpus (corpus/003 plus the
first lines of the 002 compilation), so the whole module costs about a minute on two cores.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from config import Settings
from retrieval.retriever import build_retriever
from serve.cli import app
from store.index import POINTER_FILE, StoreError, build_chroma_client, read_pointer, snapshot_dir

# A real subprocess (a killed ingest, a Chroma server): the slow tier.
pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ("隔离期间工资怎么发", "延迟复工期间企业要支付工资吗", "社会保险费可以缓缴吗")


def ingest_command(corpus: Path) -> list[str]:
    script = Path(sys.executable).with_name("policyqa")
    entry = [str(script)] if script.exists() else [sys.executable, "-m", "serve.cli"]
    return [*entry, "ingest", str(corpus)]


def ingest_env(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "POLICYQA_DATA_DIR": str(data_dir), "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1"}


def run_ingest_cli(corpus: Path, data_dir: Path) -> None:
    """`policyqa ingest CORPUS` to completion, as a user runs it."""
    done = subprocess.run(
        ingest_command(corpus), check=False, env=ingest_env(data_dir), capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]


def make_corpus(folder: Path, slice_lines: int) -> Path:
    """corpus/003 and, when ``slice_lines`` > 0, the first lines of the 002 compilation."""
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "corpus" / "003_8df370229ed5119a.txt", folder)
    if slice_lines:
        lines = (ROOT / "corpus" / "002_d60ccd470af96181.txt").read_text(encoding="utf-8").splitlines()
        (folder / "002_slice.txt").write_text("\n".join(lines[:slice_lines]) + "\n", encoding="utf-8")
    return folder


def top_ids(settings: Settings) -> list[list[str]]:
    retriever = build_retriever(settings)
    return [[h.clause_id for h in retriever.search(q, k=5)] for q in QUESTIONS]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A data dir whose live index was built by a completed `policyqa ingest` of corpus/003."""
    root = tmp_path_factory.mktemp("durable")
    corpus = make_corpus(root / "small", 0)
    data = root / "data"
    run_ingest_cli(corpus, data)
    return Settings(data_dir=data)


@pytest.fixture
def damaged_copy(served: Settings, tmp_path: Path) -> Settings:
    """A copy of the served data dir that a test may break."""
    shutil.copytree(served.data_dir, tmp_path / "data")
    return Settings(data_dir=tmp_path / "data")


def test_kill_during_indexing_leaves_the_served_index_intact_and_the_next_ingest_completes(
    served: Settings, tmp_path: Path
) -> None:
    before = top_ids(served)
    pointer_file = served.store_dir / POINTER_FILE
    pointer_bytes = pointer_file.read_bytes()
    live = read_pointer(served.store_dir)
    assert live is not None
    bigger = make_corpus(tmp_path / "bigger", 80)  # 20 more clauses: a few seconds of embedding

    proc = subprocess.Popen(
        ingest_command(bigger), env=ingest_env(served.data_dir), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    snapshots = served.store_dir / "snapshots"
    deadline = time.monotonic() + 300
    while not any(p.name != live.snapshot for p in snapshots.iterdir()):  # the new build has started
        assert proc.poll() is None, "ingest ended before its build started"
        assert time.monotonic() < deadline, "the new build never started"
        time.sleep(0.01)
    assert proc.poll() is None, "ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL

    assert pointer_file.read_bytes() == pointer_bytes
    assert live.collection in [c.name for c in build_chroma_client(served).list_collections()]
    assert top_ids(served) == before

    run_ingest_cli(bigger, served.data_dir)
    rebuilt = read_pointer(served.store_dir)
    assert rebuilt is not None and rebuilt.collection != live.collection
    assert rebuilt.clauses > live.clauses
    # The killed build's leftovers are gone; the index it replaced stays until the next build
    # so that servers still holding it keep answering while they reload.
    kept = sorted([rebuilt.collection, live.collection])
    assert sorted(c.name for c in build_chroma_client(served).list_collections()) == kept
    assert sorted(p.name for p in snapshots.iterdir()) == sorted([rebuilt.snapshot, live.snapshot])
    assert all(top_ids(served))


def test_missing_index_names_the_rebuild_command(damaged_copy: Settings) -> None:
    (damaged_copy.store_dir / POINTER_FILE).unlink()
    with pytest.raises(StoreError, match="run `policyqa ingest`"):
        build_retriever(damaged_copy)


def test_damaged_pointer_names_the_rebuild_command_which_repairs_it(damaged_copy: Settings) -> None:
    (damaged_copy.store_dir / POINTER_FILE).write_text('{"collection": "policyqa-', encoding="utf-8")
    with pytest.raises(StoreError, match="policyqa ingest"):
        build_retriever(damaged_copy)

    run_ingest_cli(make_corpus(damaged_copy.data_dir.parent / "corpus", 0), damaged_copy.data_dir)
    assert all(top_ids(damaged_copy))


def test_pointer_to_a_deleted_collection_names_the_rebuild_command(damaged_copy: Settings) -> None:
    pointer = json.loads((damaged_copy.store_dir / POINTER_FILE).read_text(encoding="utf-8"))
    build_chroma_client(damaged_copy).delete_collection(pointer["collection"])
    with pytest.raises(StoreError, match="missing from the store: re-run `policyqa ingest`"):
        build_retriever(damaged_copy)


def test_truncated_snapshot_names_the_rebuild_command(damaged_copy: Settings) -> None:
    pointer = read_pointer(damaged_copy.store_dir)
    assert pointer is not None
    tokens = snapshot_dir(damaged_copy.store_dir, pointer.snapshot) / "bm25.json"
    tokens.write_bytes(tokens.read_bytes()[:100])
    with pytest.raises(StoreError, match="damaged .*re-run `policyqa ingest`"):
        build_retriever(damaged_copy)


def test_damaged_chroma_database_is_reported_then_rebuilt_by_one_ingest(damaged_copy: Settings) -> None:
    database = damaged_copy.store_dir / "chroma" / "chroma.sqlite3"
    database.write_bytes(b"not a database" * 100)
    with pytest.raises(StoreError, match="damaged.*rebuild it with `policyqa ingest`"):
        build_retriever(damaged_copy)

    corpus = make_corpus(damaged_copy.data_dir.parent / "corpus", 0)
    run_ingest_cli(corpus, damaged_copy.data_dir)
    assert all(top_ids(damaged_copy))  # the same process recovers too (as an API reload would)


def test_cli_shows_the_rebuild_command_instead_of_a_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["search", "工资"], env={"POLICYQA_DATA_DIR": str(tmp_path)})
    assert result.exit_code == 1
    assert "policyqa ingest" in result.output
