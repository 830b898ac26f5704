"""The API's bounds, over a real uvicorn server and a deliberately slow assistant: a request whose expected
wait exceeds the timeout gets a JSON 503 with Retry-After at once, a slow answer becomes 504, and neither takes
the server down. The
OpenAI-compatible chat has the same bounds, told the way OpenAI clients read them."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import openai
import pytest

from answer.models import AskResponse
from config import Settings
from serve.api import create_app
from serve.openai_compat import EXTRACTIVE_MODEL
from tests.server_support import running_server

pytestmark = pytest.mark.integration  # real uvicorn servers pushed to their limits


class SlowAssistant:
    """Answers after ``delay`` seconds; enough of PolicyAssistant's interface for /v1/ask."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.running = 0
        self.most_at_once = 0
        self._lock = threading.Lock()

    def ask(self, question, history=(), filters=None) -> AskResponse:
        with self._lock:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        time.sleep(self.delay)
        with self._lock:
            self.running -= 1
        return AskResponse(
            question=question, standalone_question=question, answer="好", abstained=True, citations=[]
        )

    def stream(self, question, history=(), filters=None):
        yield "好"
        yield self.ask(question, history, filters)


def _settings(tmp_path, **update) -> Settings:
    return Settings(data_dir=tmp_path, **update)


def test_a_burst_past_what_the_timeout_allows_gets_json_503s_with_retry_after_and_the_rest_are_answered(tmp_path):
    slow = SlowAssistant(delay=1.0)
    app = create_app(_settings(tmp_path, max_concurrency=2, request_timeout_s=2.5), slow)  # type: ignore[arg-type]
    with running_server(app) as url:
        assert httpx.post(f"{url}/v1/ask", json={"question": "工资"}, timeout=30).status_code == 200  # 1 s measured
        with ThreadPoolExecutor(8) as pool:
            responses = list(
                pool.map(
                    lambda _: httpx.post(f"{url}/v1/ask", json={"question": "工资"}, timeout=30), range(8)
                )
            )
        statuses = sorted(r.status_code for r in responses)
        # 2 workers, 1 s an answer, 2.5 s to answer in: the 3rd waits 1 s, a 4th would wait 2 s (+1 s > 2.5 s)
        assert statuses.count(200) >= 2 and statuses.count(503) >= 1 and set(statuses) <= {200, 503}, statuses
        for refused in (r for r in responses if r.status_code == 503):
            assert refused.headers["content-type"] == "application/json"
            assert int(refused.headers["retry-after"]) >= 1
            assert "timeout" in refused.json()["detail"]
        assert slow.most_at_once <= 2
        assert httpx.post(f"{url}/v1/ask", json={"question": "工资"}, timeout=30).status_code == 200


def test_more_open_requests_than_the_bound_get_a_json_503_while_health_still_answers(tmp_path):
    app = create_app(_settings(tmp_path, max_open_requests=1), SlowAssistant(delay=1.5))  # type: ignore[arg-type]
    with running_server(app) as url, ThreadPoolExecutor(1) as pool:
        first = pool.submit(httpx.post, f"{url}/v1/ask", json={"question": "工资"}, timeout=30)
        time.sleep(0.5)  # the first is open, answering
        refused = httpx.get(f"{url}/v1/search", params={"q": "工资"})
        assert httpx.get(f"{url}/healthz").status_code == 200
        assert first.result().status_code == 200
    assert refused.status_code == 503
    assert refused.headers["content-type"] == "application/json" and refused.headers["retry-after"] == "1"
    assert "busy" in refused.json()["detail"]


def test_an_answer_slower_than_the_timeout_is_504(tmp_path):
    slow = SlowAssistant(delay=2.0)
    app = create_app(_settings(tmp_path, request_timeout_s=0.3), slow)  # type: ignore[arg-type]
    with running_server(app) as url:
        response = httpx.post(f"{url}/v1/ask", json={"question": "工资"}, timeout=30)
        assert response.status_code == 504
        assert "0.3" in response.json()["detail"]
        assert httpx.get(f"{url}/healthz").status_code == 200


def test_before_the_index_is_loaded_readyz_is_503_and_ask_says_retry(tmp_path):
    app = create_app(_settings(tmp_path))  # no index under tmp_path: the background build fails
    with running_server(app) as url:
        assert httpx.get(f"{url}/healthz").json() == {"status": "ok"}
        deadline = time.monotonic() + 30
        while httpx.get(f"{url}/readyz").json()["last_error"] is None and time.monotonic() < deadline:
            time.sleep(0.1)
        ready = httpx.get(f"{url}/readyz")
        assert ready.status_code == 503
        assert "policyqa ingest" in ready.json()["last_error"]
        response = httpx.post(f"{url}/v1/ask", json={"question": "工资"})
        assert response.status_code == 503 and response.headers["retry-after"]


CHAT = {"model": EXTRACTIVE_MODEL, "messages": [{"role": "user", "content": "工资"}]}


@pytest.mark.parametrize("stream", [False, True])
def test_a_saturated_server_refuses_a_chat_with_503_and_retry_after(tmp_path, stream: bool):
    settings = _settings(tmp_path, max_concurrency=1, request_timeout_s=1.0)
    app = create_app(settings, SlowAssistant(delay=0.0))  # type: ignore[arg-type]
    release = threading.Event()
    with running_server(app) as url:
        gate = app.state.gate
        held = [gate.submit(release.wait) for _ in range(int(settings.request_timeout_s / gate.per_request_s))]
        try:
            response = httpx.post(f"{url}/v1/chat/completions", json={**CHAT, "stream": stream}, timeout=30)
        finally:
            release.set()
        assert response.status_code == 503
        assert int(response.headers["retry-after"]) >= 1
        assert "busy" in response.json()["error"]["message"]
        for future in held:
            future.result(timeout=10)
        deadline = time.monotonic() + 10
        while gate.in_flight and time.monotonic() < deadline:
            time.sleep(0.05)
        again = httpx.post(f"{url}/v1/chat/completions", json={**CHAT, "stream": stream}, timeout=30)
        assert again.status_code == 200


def test_a_chat_answer_slower_than_the_timeout_is_504_or_an_error_event(tmp_path):
    app = create_app(_settings(tmp_path, request_timeout_s=0.3), SlowAssistant(delay=2.0))  # type: ignore[arg-type]
    with running_server(app) as url:
        response = httpx.post(f"{url}/v1/chat/completions", json=CHAT, timeout=30)
        assert response.status_code == 504
        assert "0.3" in response.json()["error"]["message"]
        client = openai.OpenAI(base_url=f"{url}/v1", api_key="any", max_retries=0)
        with pytest.raises(openai.APIError, match="no answer within 0.3 s"):
            for _ in client.chat.completions.create(**CHAT, stream=True):  # type: ignore[call-overload]
                pass
        assert httpx.get(f"{url}/healthz").status_code == 200
