"""Admission by expected wait (serve/gate.py): the gate measures the time per request itself, admits while the
queue ahead × that time plus one answer fits in the timeout, and refuses the rest at once with a Retry-After."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from serve.gate import AdmissionTuning, Gate, Saturated


def test_a_request_is_refused_once_the_queue_ahead_would_outlast_the_timeout() -> None:
    gate = Gate(workers=1, timeout_s=1.0, tuning=AdmissionTuning(prior_service_s=0.3))
    release = threading.Event()
    try:
        admitted = [gate.submit(release.wait) for _ in range(3)]  # waits 0, 0.3 and 0.6 s, each + 0.3 s
        assert gate.expected_wait_s() == pytest.approx(0.9)
        with pytest.raises(Saturated) as refused:
            gate.submit(release.wait)  # 0.9 s of wait + 0.3 s of answer > 1 s
        assert refused.value.retry_after_s == 1
        assert "1 s timeout" in str(refused.value)
        assert gate.in_flight == 3
    finally:
        release.set()
        for future in admitted:
            future.result(timeout=5)
        gate.shutdown()
    assert gate.in_flight == 0


def test_retry_after_says_how_long_the_excess_takes_to_drain() -> None:
    gate = Gate(workers=1, timeout_s=1.0, tuning=AdmissionTuning(prior_service_s=0.5))
    release = threading.Event()
    try:
        held = gate.submit(release.wait)
        gate.submit(release.wait)
        gate._per_request.value = 4.0  # as if each request had been measured at 4 s
        with pytest.raises(Saturated) as refused:
            gate.submit(release.wait)  # 2 ahead × 4 s + 0.5 s: 7.5 s past the timeout
        assert refused.value.retry_after_s == 8
    finally:
        release.set()
        held.result(timeout=5)
        gate.shutdown()


def test_the_time_per_request_is_the_pool_s_rate_under_load_not_one_answer_s_duration() -> None:
    # Four workers waiting 0.2 s each (an I/O-bound answerer: an LLM) finish a request every ~0.05 s.
    gate = Gate(workers=4, timeout_s=60.0)
    futures = [gate.submit(lambda: time.sleep(0.2)) for _ in range(40)]
    for future in futures:
        future.result(timeout=30)
    gate.shutdown()
    assert 0.02 < gate.per_request_s < 0.12, gate.per_request_s
    assert gate._latency.value >= 0.2


def test_a_queued_request_past_its_timeout_is_dropped_and_frees_its_place() -> None:
    gate = Gate(workers=1, timeout_s=10.0, tuning=AdmissionTuning(prior_service_s=0.01))
    release = threading.Event()

    async def main() -> None:
        held = gate.submit(release.wait)
        with pytest.raises(TimeoutError):
            await gate.run(lambda: "never", timeout=0.1)
        assert gate.in_flight == 1  # the queued one left; the running one still counts
        release.set()
        await asyncio.wrap_future(held)

    try:
        asyncio.run(main())
    finally:
        release.set()
        gate.shutdown()
    assert gate.in_flight == 0
