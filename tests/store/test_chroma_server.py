"""Chroma server mode (settings ``store="http"``): a real ``chroma run`` on 127.0.0.1 holds the index,
the API answers from it, and keeps answering the same after the server restarts.

Indexes only corpus/003 (13 clauses), so the module takes a few seconds beyond the server start-ups.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from config import Settings
from ingest.pipeline import run_ingest
from serve.api import create_app
from store.index import build_chroma_client, build_index_from_settings, read_pointer

# A real subprocess (a killed ingest, a Chroma server): the slow tier.
pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ("隔离期间工资怎么发", "延迟复工期间企业要支付工资吗")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ChromaServer:
    """``chroma run`` as a subprocess, started and stopped by the test."""

    def __init__(self, path: Path, port: int) -> None:
        self.path, self.port = path, port
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        chroma = Path(sys.executable).with_name("chroma")
        self.proc = subprocess.Popen(
            [str(chroma), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while True:
            assert self.proc.poll() is None, "chroma run exited during start-up"
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/api/v2/heartbeat", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "chroma run did not answer its heartbeat within 60 s"
            time.sleep(0.2)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    chroma = ChromaServer(tmp_path_factory.mktemp("chroma-server"), free_port())
    chroma.start()
    yield chroma
    chroma.stop()


@pytest.fixture(scope="module")
def http_settings(server: ChromaServer, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("http-store")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "003_8df370229ed5119a.txt", corpus)
    settings = Settings(data_dir=root / "data", corpus_dir=corpus, store="http", chroma_port=server.port)
    run_ingest(corpus, settings.data_dir)
    build_index_from_settings(settings)
    return settings


@contextlib.contextmanager
def api_worker(settings: Settings) -> Iterator[TestClient]:
    """An API worker over ``settings``, once its assistant is loaded (it loads in the background)."""
    app = create_app(settings)
    with TestClient(app) as client:
        status = app.state.live.wait(timeout=120)
        assert status.ready, status.last_error
        yield client


def answers(client: TestClient) -> list[tuple[list[str], list[str]]]:
    """Per question: the searched clause ids and the cited clause ids of the answer."""
    out = []
    for q in QUESTIONS:
        search = client.get("/v1/search", params={"q": q, "k": 5})
        assert search.status_code == 200, search.text
        ask = client.post("/v1/ask", json={"question": q})
        assert ask.status_code == 200, ask.text
        out.append(
            ([h["clause_id"] for h in search.json()["hits"]], [c["clause_id"] for c in ask.json()["citations"]])
        )
    return out


def test_the_index_lives_on_the_server_not_in_the_data_dir(http_settings: Settings) -> None:
    pointer = read_pointer(http_settings.store_dir)
    assert pointer is not None and pointer.store == "http"
    assert pointer.collection in [c.name for c in build_chroma_client(http_settings).list_collections()]
    assert not (http_settings.store_dir / "chroma").exists()


def test_api_answers_the_same_after_the_chroma_server_restarts(
    server: ChromaServer, http_settings: Settings
) -> None:
    with api_worker(http_settings) as worker:
        before = answers(worker)
        assert all(ids for ids, _ in before)

        server.stop()
        server.start()

        assert answers(worker) == before  # the running worker reconnects by itself
    with api_worker(http_settings) as fresh_worker:
        assert answers(fresh_worker) == before  # and a worker started now sees the same index
