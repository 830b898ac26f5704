"""A blocking answer stream served to asyncio: the producer runs on a ``Gate`` worker, its items cross a queue.

Shared by the streaming routes (``/v1/ask/stream`` and the OpenAI-compatible chat), so both are admitted,
bounded and timed out the same way: ``Saturated`` before the response starts (→ 503), ``TimeoutError``
or ``StreamFailed`` while it runs (→ an error event, since the status line has already been sent).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Generic, TypeVar

from serve.gate import Gate

log = logging.getLogger(__name__)
T = TypeVar("T")


class StreamFailed(RuntimeError):
    """The producer raised; the cause is logged, the client is told to retry."""


class _Failure:
    def __init__(self, exc: Exception) -> None:
        self.exc = exc


_END = object()


class WorkerStream(Generic[T]):
    """The items of ``produce()``, made on a worker of ``gate`` and read with ``async for item in stream``.

    Construction submits the work at once and raises ``Saturated`` when the gate does not admit it (its
    expected wait exceeds the timeout), so a route can still answer 503 before it starts streaming. Reading stops at ``timeout`` seconds after submission.
    """

    def __init__(self, gate: Gate, produce: Callable[[], Iterable[T]], timeout: float) -> None:
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[object] = asyncio.Queue()
        self._stop = threading.Event()
        self._produce = produce
        self._deadline = self._loop.time() + timeout
        self.timeout = timeout
        gate.submit(self._run)

    def _put(self, item: object) -> None:
        try:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, item)
        except RuntimeError:  # the loop closed: the client and the server are gone
            self._stop.set()

    def _run(self) -> None:
        try:
            for item in self._produce():
                if self._stop.is_set():  # the reader went away; stop composing
                    return
                self._put(item)
        except Exception as exc:
            log.exception("streaming answer failed")
            self._put(_Failure(exc))
        finally:
            self._put(_END)

    def close(self) -> None:
        """Tell the producer to stop at its next item (the client went away)."""
        self._stop.set()

    async def __aiter__(self) -> AsyncIterator[T]:
        try:
            while True:
                remaining = max(0.0, self._deadline - self._loop.time())
                item = await asyncio.wait_for(self._queue.get(), remaining)  # TimeoutError past the deadline
                if item is _END:
                    return
                if isinstance(item, _Failure):
                    raise StreamFailed("the answer failed") from item.exc
                yield item  # type: ignore[misc]
        finally:
            self.close()
