"""Start `fzcheck serve` in a subprocess on a free port and talk to it over HTTP (urllib)."""
from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Served:
    url: str  # http://127.0.0.1:PORT/
    port: int
    token: str
    process: subprocess.Popen

    def request(self, method: str, path: str, data: bytes | None = None, headers: dict | None = None,
                timeout: float = 60):
        """(status, headers, body bytes) — HTTP errors are answers too, not exceptions."""
        req = urllib.request.Request(self.url.rstrip("/") + path, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, exc.read()

    def check(self, name: str, data: bytes, lang: str = "zh", pack: str | None = None, headers: dict | None = None):
        """POST /api/check as the page does: (status, parsed JSON)."""
        query = f"?lang={lang}" + (f"&pack={pack}" if pack else "")
        all_headers = {"X-Fzcheck-Token": self.token, "X-Filename": quote(name),
                       "Content-Type": "application/octet-stream", **(headers or {})}
        status, _, body = self.request("POST", "/api/check" + query, data, all_headers)
        return status, json.loads(body.decode("utf-8"))


def _env() -> dict:
    env = dict(os.environ, NO_COLOR="1", PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("GITHUB_ACTIONS", None)
    env["BROWSER"] = "true"  # never open a real browser, even if --no-browser were forgotten
    return env


@contextlib.contextmanager
def serve(*args: str, cwd: str | os.PathLike | None = None):
    """Run `python -m checker serve --port 0 --no-browser ARGS` and yield a Served."""
    process = subprocess.Popen([sys.executable, "-m", "checker", "serve", "--port", "0", "--no-browser", *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd or ROOT, env=_env())
    try:
        line = process.stdout.readline().decode("utf-8", "replace")
        match = re.search(r"http://[^\s/]+:(\d+)/", line)
        if not match:
            process.kill()
            raise AssertionError(f"serve did not print its URL: {line!r} {process.stderr.read().decode()!r}")
        url, port = match.group(0), int(match.group(1))
        token = ""
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    page = response.read().decode("utf-8")
                token = re.search(r'name="fzcheck-token" content="([^"]+)"', page).group(1)
                break
            except OSError:
                time.sleep(0.1)
        yield Served(url=url, port=port, token=token, process=process)
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for stream in (process.stdout, process.stderr):
            if stream:
                stream.close()


def cli_json(paths: list[str], cwd: str | os.PathLike, *args: str) -> dict:
    """`fzcheck check --format json PATHS` run where the files are (no project config there)."""
    result = subprocess.run([sys.executable, "-m", "checker", "check", "--format", "json", *args, *paths],
                            capture_output=True, cwd=cwd, env=_env())
    assert result.returncode in (0, 1, 2), result.stderr.decode()
    return json.loads(result.stdout.decode("utf-8"))
