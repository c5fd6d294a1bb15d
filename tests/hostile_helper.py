"""Running the real program against hostile input, with a guard on time and memory.

``probe`` runs ``python -m checker …`` in a subprocess and returns its exit status, output, wall
time and peak resident memory (from ``os.wait4``, the child's own rusage). A probe that runs past
its timeout is killed and reported as such, so a hang fails a test instead of hanging the suite.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
GIB_KB = 1024 * 1024  # ru_maxrss is in KB on Linux


@dataclass
class Probe:
    code: int | None  # None: killed at the timeout
    stdout: str
    stderr: str
    seconds: float
    max_rss_kb: int

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def probe(*args: str, cwd: str | os.PathLike | None = None, timeout: float = 10.0, stdin: bytes | None = None,
          env: dict | None = None, prefix: tuple[str, ...] = ()) -> Probe:
    """Run fzcheck with ``args``; ``prefix`` (``setpriv …``) runs it as another user."""
    full_env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT), **(env or {})}
    full_env.pop("GITHUB_ACTIONS", None)
    started = time.monotonic()
    process = subprocess.Popen([*prefix, sys.executable, "-m", "checker", *args], cwd=cwd or ROOT, env=full_env,
                               stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    # The pipes are read by threads and the child is reaped with os.wait4, which gives its own
    # rusage (peak resident memory) rather than the largest of all children so far.
    chunks: dict[str, bytes] = {}
    readers = [threading.Thread(target=lambda n=name, s=stream: chunks.__setitem__(n, s.read()), daemon=True)
               for name, stream in (("out", process.stdout), ("err", process.stderr))]
    for reader in readers:
        reader.start()
    if stdin is not None:
        try:
            process.stdin.write(stdin)
            process.stdin.close()
        except BrokenPipeError:
            pass
    deadline = started + timeout
    code: int | None = None
    rss = 0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            code = os.waitstatus_to_exitcode(status)
            rss = usage.ru_maxrss
            break
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            _, _, usage = os.wait4(process.pid, 0)
            rss = usage.ru_maxrss
            break
        time.sleep(0.02)
    process.returncode = code if code is not None else -9
    for reader in readers:
        reader.join(5)
    seconds = time.monotonic() - started
    return Probe(code, chunks.get("out", b"").decode("utf-8", "replace"),
                 chunks.get("err", b"").decode("utf-8", "replace"), seconds, rss)


def unprivileged() -> tuple[str, ...] | None:
    """A command prefix that runs without the powers of root, for read-only targets; () when we
    are not root; None when no way is available (the test skips).

    As root, ``setpriv`` empties the capability bounding set: the process keeps uid 0 (so it can
    still reach the interpreter under /root and pytest's private tmp folders) but loses
    CAP_DAC_OVERRIDE and CAP_FOWNER, so file modes bind it as they bind any user: a 0444 file
    cannot be written, nor a folder without its write bit. (``setpriv --reuid=65534`` would
    also need a Python that nobody may execute.)"""
    import shutil

    if os.geteuid() != 0:
        return ()
    if shutil.which("setpriv"):
        return ("setpriv", "--bounding-set=-all", "--inh-caps=-all", "--no-new-privs")
    if shutil.which("runuser") and os.access(sys.executable, os.X_OK) and \
            subprocess.run(["runuser", "-u", "nobody", "--", sys.executable, "-c", "pass"],
                           capture_output=True).returncode == 0:
        return ("runuser", "-u", "nobody", "--")
    return None
