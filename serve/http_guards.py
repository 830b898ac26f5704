"""ASGI guards in front of every API route: a bound on open requests, a request-body size limit and headers
that keep browsers from treating any response as HTML. Every refusal here is JSON, as the routes' are."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse

Scope = dict[str, Any]
Message = dict[str, Any]

_SAFE_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
    (b"cache-control", b"no-store"),
]
# The interactive docs page loads its own scripts; everything else is JSON and needs none.
_DOC_PATHS = ("/docs", "/redoc")
# Liveness and readiness answer whatever the load: a supervisor must see a busy server as alive.
_HEALTH_PATHS = ("/healthz", "/readyz")


def safe_json(data: object) -> str:
    """JSON in which ``<``, ``>`` and ``&`` are escaped: a question full of HTML comes back inert, as in Go's
    encoding/json, even if some client renders the body as HTML."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class SafeJSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        return safe_json(content).encode("utf-8")


class BodyTooLarge(HTTPException):
    """Raised from ``receive``: FastAPI passes HTTP exceptions through its body parsing unchanged."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over {limit} bytes")


ErrorBody = Callable[[str, int, str], dict[str, Any]]  # (path, status, detail) -> the JSON of an error


def detail_body(path: str, status: int, detail: str) -> dict[str, Any]:
    return {"detail": detail}


async def _send_json(
    send: Any, status: int, body_json: dict[str, Any], headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    body = safe_json(body_json).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            + (headers or [])
            + _SAFE_HEADERS,
        }
    )
    await send({"type": "http.response.body", "body": body})


class GuardMiddleware:
    """Refuse a request beyond ``max_open_requests`` open at once with a JSON 503 and Retry-After (each holds
    its body in memory: the bound keeps a flood from exhausting it, where the answering routes' own admission
    comes too late), refuse bodies over ``max_body_bytes`` with 413 (by Content-Length, or while streaming a
    chunked body) and add ``nosniff`` / CSP headers to every response. ``path_limits`` gives some paths their
    own limit; ``error_body`` shapes the JSON of the guard's own refusals, as the app shapes its other errors."""

    def __init__(
        self,
        app: Any,
        max_body_bytes: int,
        path_limits: Mapping[str, int] | None = None,
        error_body: ErrorBody = detail_body,
        max_open_requests: int | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.path_limits = dict(path_limits or {})
        self.error_body = error_body
        self.max_open_requests = max_open_requests
        self.open_requests = 0  # one event loop: no lock needed

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        bounded = self.max_open_requests is not None and not path.startswith(_HEALTH_PATHS)
        if bounded and self.open_requests >= self.max_open_requests:  # type: ignore[operator]
            detail = f"busy: {self.open_requests} requests are open; retry after 1 s"
            await _send_json(send, 503, self.error_body(path, 503, detail), [(b"retry-after", b"1")])
            return
        self.open_requests += 1
        try:
            await self._guard(scope, receive, send, path)
        finally:
            self.open_requests -= 1

    async def _guard(self, scope: Scope, receive: Any, send: Any, path: str) -> None:
        limit = self.path_limits.get(path, self.max_body_bytes)
        too_large = f"request body over {limit} bytes"
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                await _send_json(send, 400, self.error_body(path, 400, "invalid Content-Length"))
                return
            if declared > limit:
                await _send_json(send, 413, self.error_body(path, 413, too_large))
                return

        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        secure = not path.startswith(_DOC_PATHS)

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                if secure:
                    message = {**message, "headers": list(message.get("headers", [])) + _SAFE_HEADERS}
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except BodyTooLarge:
            if not started:
                await _send_json(send, 413, self.error_body(path, 413, too_large))
