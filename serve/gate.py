"""Bounded concurrency for the blocking assistant calls: a fixed pool of workers, a bounded queue, a timeout.

A burst can neither start unbounded threads nor queue unbounded work (memory): requests beyond
``workers + queued`` are refused at once (``Saturated`` → 503). A request that waits or runs longer than
its timeout gets ``TimeoutError`` (→ 504); its slot is freed only when the work really ends, because a
running thread cannot be killed and must still count against the bound.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class Saturated(RuntimeError):
    """All workers are busy and the queue is full."""


class Gate:
    def __init__(self, workers: int, queued: int) -> None:
        self.capacity = max(1, workers) + max(0, queued)
        self._slots = threading.BoundedSemaphore(self.capacity)
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="assistant")
        self._in_flight = 0
        self._count_lock = threading.Lock()

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def submit(self, fn: Callable[[], T]) -> Future[T]:
        """Queue ``fn`` on a worker, or raise ``Saturated`` without waiting."""
        if not self._slots.acquire(blocking=False):
            raise Saturated("too many requests in flight")
        with self._count_lock:
            self._in_flight += 1
        try:
            future = self._pool.submit(fn)
        except RuntimeError:  # pool shut down
            self._release()
            raise Saturated("the service is shutting down") from None
        future.add_done_callback(lambda _: self._release())
        return future

    async def run(self, fn: Callable[[], T], timeout: float) -> T:
        """Run ``fn`` on a worker and await it; ``TimeoutError`` after ``timeout`` seconds (queue time included)."""
        future = self.submit(fn)
        # wait_for cancels the wrapped future on timeout: queued work is dropped, running work finishes alone.
        return await asyncio.wait_for(asyncio.wrap_future(future), timeout)

    def _release(self) -> None:
        with self._count_lock:
            self._in_flight -= 1
        self._slots.release()

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
