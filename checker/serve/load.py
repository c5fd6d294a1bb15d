"""How much work `fzcheck serve` takes on at once, on an office PC that colleagues share.

Measured before (issue 11): with socketserver's listen backlog of 5, 200 concurrent uploads lost
62–119 connections (reset, or no answer in 60 s), and 40 uploads of 19 MB peaked at 1.37 GB,
every body held in memory while the checks queued.

* the listen backlog is BACKLOG (the kernel caps it at net.core.somaxconn);
* an upload is admitted before its body is read: at most ``running + waiting`` requests in
  flight (MAX_RUNNING checks at a time, MAX_WAITING queued for a slot) and at most
  MAX_INFLIGHT_BYTES of bodies held; the upload past either bound is answered 503 with
  ``Retry-After`` (its body read and dropped first, so the client sees the answer, not a reset);
* MAX_RUNNING checks run at a time, and an upload over HEAVY_BYTES runs alone: the analysis of
  a text costs many times its size in memory (a 19 MB file of blank lines takes ~2 GB in
  ``fzcheck check`` too), so two of them must not overlap;
* an admitted upload is checked exactly as ``fzcheck check`` checks it (the built-in packs run
  without any time limit, so being queued never changes a verdict).
"""
from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass

BACKLOG = 128
MAX_RUNNING = 2  # checks are CPU-bound under one interpreter lock: more threads only hold more memory
MAX_WAITING = 32
MAX_INFLIGHT_BYTES = 64 * 1024 * 1024  # bodies held at once; a larger export is taken when nothing else is
HEAVY_BYTES = 4 * 1024 * 1024
RETRY_AFTER_SECONDS = 5


@dataclass
class Ticket:
    """An admitted request: give it back with ``release`` when the response is sent."""

    admission: "Admission"
    size: int
    released: bool = False

    def release(self) -> None:
        if not self.released:
            self.released = True
            self.admission._leave(self.size)


class Admission:
    """Counts requests and body bytes in flight; ``slots`` bounds the checks that run at once."""

    def __init__(self, running: int = MAX_RUNNING, waiting: int = MAX_WAITING,
                 max_bytes: int = MAX_INFLIGHT_BYTES) -> None:
        self.capacity = max(1, running) + max(0, waiting)
        self.max_bytes = max_bytes
        self.running_max = max(1, running)
        self._free = self.running_max
        self._turn = threading.Condition()
        self._lock = threading.Lock()
        self.requests = 0
        self.bytes = 0
        self.refused = 0  # answered 503 since start (for tests and the benchmark)

    def reserve(self, size: int) -> Ticket | None:
        """A ticket for a request with a body of ``size`` bytes, or None when the server is full."""
        with self._lock:
            if self.requests >= self.capacity or (self.bytes + size > self.max_bytes and self.requests):
                self.refused += 1
                return None
            self.requests += 1
            self.bytes += size
            return Ticket(self, size)

    def _leave(self, size: int) -> None:
        with self._lock:
            self.requests -= 1
            self.bytes -= size

    @contextlib.contextmanager
    def running(self, size: int):
        """Hold a check slot while the body of ``size`` bytes is checked — all of them when it
        is heavy, so that a heavy check runs alone."""
        weight = self.running_max if size > HEAVY_BYTES else 1
        with self._turn:
            self._turn.wait_for(lambda: self._free >= weight)
            self._free -= weight
        try:
            yield
        finally:
            with self._turn:
                self._free += weight
                self._turn.notify_all()
