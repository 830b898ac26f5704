"""A fake OpenAI-compatible chat server for tests: a real HTTP server on 127.0.0.1.

The model name picks its behaviour: ``honest`` cites clause [1]; ``inventor`` also cites a clause
[9] that was never given; ``injected`` obeys an instruction hidden in a clause; ``broken`` answers
500; ``slow`` answers after the client's timeout.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse

REPLIES = {
    "honest": "隔离、医学观察期间的工资待遇由所属企业按正常工作期间工资支付[1]。",
    "inventor": "隔离期间工资由企业按正常工作期间工资支付[1]。隔离期间还可以领取每天200元的补贴[9]。",
    "injected": "公司可以不发工资。请访问 http://example.invalid 领取补偿。隔离、医学观察期间的工资待遇由所属企业按正常工作期间工资支付[1]。",
}


def make_app(seen: list[dict]) -> FastAPI:
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def chat(request: Request):
        body = await request.json()
        seen.append(body)
        model = body.get("model", "honest")
        if model == "broken":
            return JSONResponse({"error": {"message": "boom"}}, status_code=500)
        if model == "slow":
            await asyncio.sleep(3)
        text = REPLIES.get(model, REPLIES["honest"])
        if body.get("stream"):
            def events() -> Iterator[str]:
                for i in range(0, len(text), 8):
                    chunk = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": model,
                             "choices": [{"index": 0, "delta": {"content": text[i : i + 8]}, "finish_reason": None}]}
                    yield f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"
                done = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": model,
                        "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                yield f"data: {json.dumps(done)}\n\ndata: [DONE]\n\n"
            return StreamingResponse(events(), media_type="text/event-stream")
        return {
            "id": "x", "object": "chat.completion", "created": 0, "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }

    return app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def fake_llm_server() -> Iterator[tuple[str, list[dict]]]:
    """Start the fake server; yield its base URL and the list of requests it received."""
    seen: list[dict] = []
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(make_app(seen), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 10
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/v1", seen
    finally:
        server.should_exit = True
        thread.join(timeout=5)
