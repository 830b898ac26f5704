"""Keeps the live ``PolicyAssistant`` in step with the index: rebuilds it in the background when
``store/CURRENT.json`` changes (or on demand) and swaps it in atomically once the new one is ready.

A re-ingest deletes the old Chroma collection, so a long-running server must follow the pointer.
Until the new assistant is built the old one keeps serving; a failed build leaves the old one in place.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class ReloadStatus:
    """What ``/readyz`` and the admin endpoint report."""

    ready: bool
    reloading: bool
    generation: int  # how many assistants have been swapped in
    loaded_at: float | None
    last_error: str | None


def _stamp(path: Path) -> tuple[int, int] | None:
    """Cheap change detector for the pointer file: (mtime_ns, size), or None when it does not exist."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


class LiveAssistant(Generic[T]):
    """Holds one assistant (any object built by ``build``) and replaces it when the pointer file changes.

    ``get()`` never blocks on a build: it returns the current object (or None before the first build) and,
    at most every ``check_every_s`` seconds, looks at the pointer's mtime and starts a rebuild if it moved.
    """

    def __init__(
        self,
        build: Callable[[], T],
        pointer: Path,
        *,
        check_every_s: float = 3.0,
        initial: T | None = None,
    ) -> None:
        self._build = build
        self._pointer = pointer
        self._check_every_s = check_every_s
        self._lock = threading.Lock()
        self._current: T | None = initial
        self._built_from = _stamp(pointer) if initial is not None else None
        self._failed_stamp: tuple[int, int] | None = None
        self._thread: threading.Thread | None = None
        self._next_check = time.monotonic() + check_every_s
        self._generation = 1 if initial is not None else 0
        self._loaded_at: float | None = time.time() if initial is not None else None
        self._last_error: str | None = None

    # ---- reading

    def get(self) -> T | None:
        now = time.monotonic()
        if now >= self._next_check:
            self._next_check = now + self._check_every_s
            stamp = _stamp(self._pointer)
            if stamp is not None and stamp != self._built_from and stamp != self._failed_stamp:
                self.reload()
        return self._current

    def is_stale(self) -> bool:
        """True when the pointer has moved since the current assistant was built (its collection may be gone)."""
        stamp = _stamp(self._pointer)
        return self._current is not None and stamp is not None and stamp != self._built_from

    def status(self) -> ReloadStatus:
        return ReloadStatus(
            ready=self._current is not None,
            reloading=self.reloading,
            generation=self._generation,
            loaded_at=self._loaded_at,
            last_error=self._last_error,
        )

    @property
    def reloading(self) -> bool:
        thread = self._thread
        return thread is not None and thread.is_alive()

    # ---- rebuilding

    def reload(self) -> bool:
        """Start a background rebuild; False if one is already running."""
        with self._lock:
            if self.reloading:
                return False
            self._thread = threading.Thread(target=self._rebuild, name="assistant-reload", daemon=True)
            self._thread.start()
            return True

    def wait(self, timeout: float | None = None) -> ReloadStatus:
        """Block until a running rebuild has finished (for start-up scripts and tests)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return self.status()

    def refresh(self, timeout: float | None = None) -> ReloadStatus:
        """Rebuild now if the pointer moved since the current assistant was built, and wait until it is in:
        after an add or a remove, the next request sees the new index."""
        self.wait(timeout)
        if _stamp(self._pointer) != self._built_from:
            self.reload()
            self.wait(timeout)
        return self.status()

    def _rebuild(self) -> None:
        # Stamp before building: if the pointer moves again mid-build, the next check rebuilds again.
        stamp = _stamp(self._pointer)
        started = time.monotonic()
        try:
            fresh = self._build()
        except Exception as exc:
            log.exception("rebuilding the assistant failed; the previous index keeps serving")
            self._failed_stamp = stamp
            self._last_error = f"{type(exc).__name__}: {exc}"
            return
        self._current = fresh  # one reference assignment: readers see the old or the new, never half
        self._built_from = stamp
        self._failed_stamp = None
        self._last_error = None
        self._generation += 1
        self._loaded_at = time.time()
        log.info(
            "assistant (re)built in %.1f s (generation %d)", time.monotonic() - started, self._generation
        )
