"""Admission by expected wait for the blocking assistant calls: a fixed pool of workers, a queue bounded by time.

A request is admitted while the wait it can expect (the work queued ahead of it × the measured time the pool
takes per request) plus its own answer fit in the request timeout; past that it is refused at once
(``Saturated`` → a JSON 503 whose Retry-After says when the queue will have drained enough). So a burst of a
few hundred asks is queued and answered within the timeout, and a burst beyond what the timeout allows is
refused up front instead of timing out after a long wait.

The time per request is measured here, as the server runs, not configured: between completions while work
was queued (the pool's real throughput, whatever the workers share: one GIL, two cores or an LLM's network
wait), and otherwise from each answer's duration over the number running beside it. A request that waits or runs longer than its timeout
still gets ``TimeoutError`` (→ 504); its slot is freed only when its work really ends, because a running
thread cannot be killed and must still count.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import HTTPException

T = TypeVar("T")


@dataclass(frozen=True)
class AdmissionTuning:
    # The time per request assumed before the first one is measured. An ask measures 30-80 ms on 2 cores:
    # 0.1 s admits a first burst of ~300 within a 30 s timeout; lower admits more before anything is
    # known, higher refuses a cold burst that could have been served.
    prior_service_s: float = 0.1
    # Weight of the newest measurement in the moving averages: they follow the last ~100 requests (a time constant of 1/0.01). A burst's
    # own arrival slows the answers it overlaps (the event loop reads hundreds of requests); following the last
    # ~10 (0.1) made that passing slowdown refuse a third of a 500-ask burst the pool then served in 25 s. A
    # slower answerer (an LLM) is still seen within ~100 requests.
    smoothing: float = 0.01
    # Refused requests are told to come back after at least this long, so clients do not spin.
    min_retry_after_s: int = 1


class _Average:
    """A moving average that replaces the prior it starts from: the plain mean of the first 1/weight samples,
    then exponentially weighted. (An EWMA from its first sample alone would let that one sample, say the ~0 s
    between two workers finishing together, weigh for the next hundred.)"""

    def __init__(self, prior: float, weight: float) -> None:
        self.value, self.weight, self.samples = prior, weight, 0

    def add(self, sample: float) -> None:
        self.samples += 1
        self.value += max(self.weight, 1.0 / self.samples) * (sample - self.value)


class Saturated(RuntimeError):
    """The expected wait of a new request exceeds its timeout; ``retry_after_s`` says when to try again."""

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


# The header every refusal that can be retried carries, as the OpenAPI spec documents it.
RETRY_AFTER_HEADER: dict[str, Any] = {
    "Retry-After": {
        "description": "seconds after which the request may be sent again",
        "schema": {"type": "integer", "minimum": 1},
    }
}


def busy(exc: Saturated) -> HTTPException:
    """The API's refusal of a request the gate did not admit: 503 with Retry-After."""
    return HTTPException(503, f"busy: {exc}; retry after {exc.retry_after_s} s", {"Retry-After": str(exc.retry_after_s)})


class Gate:
    """``workers`` threads; ``submit`` admits by expected wait against ``timeout_s``."""

    def __init__(self, workers: int, timeout_s: float, tuning: AdmissionTuning | None = None) -> None:
        self.workers = max(1, workers)
        self.timeout_s = timeout_s
        self.tuning = tuning or AdmissionTuning()
        self._pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="assistant")
        self._lock = threading.Lock()
        self._pending = 0  # admitted and not finished: running or queued
        self._per_request = _Average(self.tuning.prior_service_s, self.tuning.smoothing)  # the pool's, under load
        self._latency = _Average(self.tuning.prior_service_s, self.tuning.smoothing)  # one run, start to end
        self._last_done: float | None = None  # when the last run ended while more work was queued

    @property
    def in_flight(self) -> int:
        return self._pending

    @property
    def per_request_s(self) -> float:
        """The measured time the pool takes per request (the expected wait is this × the queue ahead)."""
        return self._per_request.value

    def expected_wait_s(self) -> float:
        """How long a request admitted now would wait for a worker."""
        with self._lock:
            return self._wait_locked()

    def _wait_locked(self) -> float:
        ahead = max(0, self._pending - self.workers + 1)
        return ahead * self._per_request.value

    def submit(self, fn: Callable[[], T]) -> Future[T]:
        """Queue ``fn`` on a worker, or raise ``Saturated`` at once when it could not finish within the timeout."""
        with self._lock:
            finish = self._wait_locked() + self._latency.value
            if finish > self.timeout_s:
                retry = max(self.tuning.min_retry_after_s, math.ceil(finish - self.timeout_s))
                raise Saturated(
                    f"about {finish:.0f} s of work is queued, more than the {self.timeout_s:g} s timeout",
                    retry_after_s=retry,
                )
            self._pending += 1
        try:
            future = self._pool.submit(self._timed, fn)
        except RuntimeError:  # pool shut down
            self._release()
            raise Saturated("the service is shutting down", retry_after_s=self.tuning.min_retry_after_s) from None
        future.add_done_callback(lambda _: self._release())
        return future

    async def run(self, fn: Callable[[], T], timeout: float | None = None) -> T:
        """Run ``fn`` on a worker and await it; ``TimeoutError`` after ``timeout`` seconds (queue time included)."""
        future = self.submit(fn)
        # wait_for cancels the wrapped future on timeout: queued work is dropped, running work finishes alone.
        return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout_s if timeout is None else timeout)

    def _timed(self, fn: Callable[[], T]) -> T:
        started = time.monotonic()
        try:
            return fn()
        finally:
            self._measure(started, time.monotonic())

    def _measure(self, started: float, ended: float) -> None:
        with self._lock:
            self._latency.add(ended - started)
            queued = self._pending > self.workers  # work was waiting: the pool is running flat out
            if self._last_done is not None and queued:
                self._per_request.add(ended - self._last_done)  # every worker was busy since the last completion
            elif not queued:
                # No queue: the k requests running side by side finish k per duration, whether they share one
                # core (each k times slower) or wait on a network in parallel.
                self._per_request.add((ended - started) / max(1, min(self._pending, self.workers)))
            self._last_done = ended if queued else None

    def _release(self) -> None:
        with self._lock:
            self._pending -= 1

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
