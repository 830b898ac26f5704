"""LiveAssistant follows store/CURRENT.json: a changed pointer triggers a background rebuild, the old
assistant serves until the new one is ready, and a failed rebuild leaves the old one in place."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from serve.reload import LiveAssistant


def _touch(pointer: Path, text: str) -> None:
    pointer.write_text(text, encoding="utf-8")
    stamp = time.time_ns() + 1_000_000_000  # filesystems with coarse mtimes still see a change
    os.utime(pointer, ns=(stamp, stamp))


def test_a_moved_pointer_rebuilds_in_the_background_and_swaps(tmp_path):
    pointer = tmp_path / "CURRENT.json"
    _touch(pointer, "a")
    release = threading.Event()
    built: list[str] = []

    def build() -> str:
        release.wait(10)
        built.append("new")
        return "new"

    live = LiveAssistant(build, pointer, check_every_s=0, initial="old")
    _touch(pointer, "b")
    assert live.get() == "old"  # the check starts a rebuild but does not wait for it
    assert live.reloading and live.get() == "old"
    release.set()
    live.wait(10)
    assert live.get() == "new" and built == ["new"]
    assert live.status().generation == 2 and not live.is_stale()


def test_an_unchanged_pointer_is_not_rebuilt(tmp_path):
    pointer = tmp_path / "CURRENT.json"
    _touch(pointer, "a")
    calls: list[int] = []
    live = LiveAssistant(lambda: calls.append(1) or "new", pointer, check_every_s=0, initial="old")
    for _ in range(5):
        assert live.get() == "old"
    assert calls == [] and not live.reloading


def test_a_failed_rebuild_keeps_the_old_assistant_and_is_not_retried_for_the_same_pointer(tmp_path):
    pointer = tmp_path / "CURRENT.json"
    _touch(pointer, "a")
    calls: list[int] = []

    def build() -> str:
        calls.append(1)
        raise RuntimeError("collection missing")

    live = LiveAssistant(build, pointer, check_every_s=0, initial="old")
    _touch(pointer, "b")
    live.get()
    status = live.wait(10)
    assert live.get() == "old"
    assert status.last_error == "RuntimeError: collection missing" and status.generation == 1
    live.wait(10)
    assert calls == [1]  # same pointer, no retry loop


def test_checks_are_rate_limited(tmp_path):
    pointer = tmp_path / "CURRENT.json"
    _touch(pointer, "a")
    live = LiveAssistant(lambda: "new", pointer, check_every_s=3600, initial="old")
    _touch(pointer, "b")
    assert live.get() == "old" and not live.reloading  # next look at the pointer is an hour away
    assert live.is_stale()
