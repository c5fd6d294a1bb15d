"""`fzcheck serve` under load: N concurrent uploads on loopback, every one answered?

    python benchmarks/bench_serve_load.py                  # 200 uploads of fixtures/complete.txt
    python benchmarks/bench_serve_load.py --uploads 40 --size-mb 19   # 40 uploads of ~19 MB
    python benchmarks/bench_serve_load.py --blank-lines 100000        # a report padded with blank lines

Starts `python -m checker serve --port 0` in a subprocess, opens all connections at once (one
thread each, raw sockets so that a reset is seen as a reset), and counts: 200 (checked), 503
(busy, with Retry-After), other statuses, and connections reset or unanswered. For every 200 it
compares the statuses with `fzcheck check --format json` on the same file, and prints the
server's peak resident memory (VmHWM). Issue 11 measured, before: 200 uploads lost 62–119
connections; 40 uploads of 19 MB peaked at 1.37 GB.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent


def start_server() -> tuple[subprocess.Popen, int, str]:
    env = dict(os.environ, NO_COLOR="1", BROWSER="true", PYTHONPATH=str(ROOT))
    process = subprocess.Popen([sys.executable, "-m", "checker", "serve", "--port", "0", "--no-browser"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env)
    line = process.stdout.readline().decode("utf-8", "replace")
    port = int(re.search(r"http://[^\s/]+:(\d+)/", line).group(1))
    deadline = time.monotonic() + 20
    while True:
        try:
            status, _, page = request(port, "GET", "/", b"", {})
            token = re.search(r'name="fzcheck-token" content="([^"]+)"', page.decode("utf-8")).group(1)
            return process, port, token
        except (OSError, AttributeError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def request(port: int, method: str, path: str, body: bytes, headers: dict, timeout: float = 120):
    """(status, headers, body) over a raw socket; raises ConnectionError on a reset or no answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", f"Content-Length: {len(body)}",
                 "Connection: close", *[f"{k}: {v}" for k, v in headers.items()], "", ""]
        conn.sendall("\r\n".join(lines).encode("latin-1") + body)
        data = b""
        while True:
            chunk = conn.recv(1 << 16)
            if not chunk:
                break
            data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    if not head:
        raise ConnectionError("no answer")
    status = int(head.split(b" ", 2)[1])
    fields = dict(line.split(": ", 1) for line in head.decode("latin-1").split("\r\n")[1:] if ": " in line)
    return status, fields, rest


def statuses(result: dict) -> list[tuple[str, str]]:
    return [(f["rule"], f["status"]) for f in result["reports"][0]["findings"]]


def run(uploads: int, data: bytes, name: str = "report.txt", expected: list | None = None) -> dict:
    """Fire ``uploads`` concurrent uploads; return the tally (and the server's peak memory)."""
    process, port, token = start_server()
    tally = {"ok": 0, "busy": 0, "busy_with_retry_after": 0, "other": 0, "reset": 0, "verdict_differs": 0}
    lock = threading.Lock()
    start = threading.Barrier(uploads)
    headers = {"X-Fzcheck-Token": token, "X-Filename": quote(name), "Content-Type": "application/octet-stream"}

    def one() -> None:
        start.wait()
        try:
            status, fields, body = request(port, "POST", "/api/check", data, headers)
        except (ConnectionError, OSError):
            with lock:
                tally["reset"] += 1
            return
        with lock:
            if status == 200:
                tally["ok"] += 1
                if expected is not None and statuses(json.loads(body)["result"]) != expected:
                    tally["verdict_differs"] += 1
            elif status == 503:
                tally["busy"] += 1
                tally["busy_with_retry_after"] += int("Retry-After" in fields)
            else:
                tally["other"] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=one) for _ in range(uploads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tally["seconds"] = round(time.monotonic() - started, 2)
    try:
        status = Path(f"/proc/{process.pid}/status").read_text()
        tally["server_peak_mb"] = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) // 1024
    except (OSError, AttributeError):
        tally["server_peak_mb"] = None
    process.terminate()
    process.wait(timeout=10)
    return tally


def cli_statuses(path: str) -> list[tuple[str, str]]:
    out = subprocess.run([sys.executable, "-m", "checker", "check", "--format", "json", path], capture_output=True,
                         cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT))).stdout
    return statuses(json.loads(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=200)
    parser.add_argument("--size-mb", type=float, default=0, help="pad the report with blank lines to this size")
    parser.add_argument("--blank-lines", type=int, default=0)
    args = parser.parse_args()
    lines = (ROOT / "fixtures" / "complete.txt").read_text(encoding="utf-8").split("\n")
    pad = args.blank_lines or int(args.size_mb * 1024 * 1024)
    middle = len(lines) // 2
    text = "\n".join(lines[:middle] + [""] * pad + lines[middle:])
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as handle:
        handle.write(text)
    try:
        expected = cli_statuses(handle.name)
        tally = run(args.uploads, text.encode("utf-8"), expected=expected)
    finally:
        os.unlink(handle.name)
    print(json.dumps({"uploads": args.uploads, "bytes_each": len(text.encode("utf-8")), **tally}, ensure_ascii=False))


if __name__ == "__main__":
    main()
