"""Benchmark of `fzcheck check` on a ~20,000-character report.

Prints the cold wall time of the command (a fresh process each run) beside the yardstick
`python -c "import click, rich, yaml, jsonschema"` — the libraries the tool is built on, measured
in the same run, one after the other, N times each, so a busy machine slows both alike — and
their ratio (median over median); then the in-process time per report (pack loaded once).
Goals on the 2-core machine: cold ≤ 1.5 × the yardstick, in-process ≤ 10 ms, and neither jieba
nor jsonschema imported by a plain check with a built-in pack.

    python benchmarks/bench_check.py [--runs 11]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_report(target_chars: int = 20000) -> str:
    """The bundled complete sample, its measures part repeated until the text is long enough."""
    text = (ROOT / "fixtures" / "complete.txt").read_text(encoding="utf-8")
    head, rest = text.split("二、2025年推进法治政府建设存在的不足和原因", 1)
    measures = head.split("一、2025年推进法治政府建设的主要举措和成效", 1)[1]
    body = head
    while len(body) + len(rest) < target_chars:
        body += measures
    return body + "二、2025年推进法治政府建设存在的不足和原因" + rest


YARDSTICK = "import click, rich, yaml, jsonschema"


def cold(path: Path, runs: int, pycache: str) -> tuple[list[float], list[float]]:
    """(check times, yardstick times), interleaved run by run.

    Both run with compiled bytecode, as after `pip install` (which compiles it): the checkout's
    into a temporary PYTHONPYCACHEPREFIX, written by a first, unmeasured run of each (without it, a
    checkout run with PYTHONDONTWRITEBYTECODE=1 compiles every module of the checker on every
    start, while the yardstick's libraries were compiled when they were installed)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = pycache
    commands = ([sys.executable, "-m", "checker", "check", "--format", "json", str(path)],
                [sys.executable, "-c", YARDSTICK])
    for command in commands:
        subprocess.run(command, capture_output=True, cwd=ROOT, check=False, env=env)
    check, yardstick = [], []
    for _ in range(runs):
        for command, times in zip(commands, (check, yardstick)):
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, cwd=ROOT, check=False, env=env)
            times.append(time.perf_counter() - start)
    return check, yardstick


def imported_by_check(path: Path) -> list[str]:
    """Which of jieba and jsonschema a cold check imports (none, we want)."""
    probe = ("import runpy, sys\n"
             f"sys.argv = ['fzcheck', 'check', '--format', 'json', {str(path)!r}]\n"
             "try:\n    runpy.run_module('checker', run_name='__main__')\nexcept SystemExit:\n    pass\n"
             "sys.stderr.write('IMPORTED=' + ','.join(m for m in ('jieba', 'jsonschema') if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=False)
    marker = result.stderr.rsplit("IMPORTED=", 1)[-1].strip()
    return [m for m in marker.split(",") if m]


def in_process(path: Path, repeat: int, rounds: int = 5) -> tuple[float, float, bool]:
    """(best round, median round) seconds per report; the best round is the least disturbed by
    other work on a shared machine, as timeit reports it."""
    from checker.judge import packs
    from checker.judge.engine import evaluate
    from checker.readers import read_path

    pack = packs.load("fazhi")
    document = read_path(str(path))
    evaluate(document, pack)  # warm-up: regex compilation, caches
    per_round = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(repeat):
            evaluate(document, pack)
        per_round.append((time.perf_counter() - start) / repeat)
    return min(per_round), statistics.median(per_round), "jieba" in sys.modules


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report_20k.txt"
        path.write_text(make_report(), encoding="utf-8")
        chars = len(path.read_text(encoding="utf-8"))
        check_times, yard_times = cold(path, args.runs, str(Path(tmp) / "pycache"))
        heavy = imported_by_check(path)
        best, median, jieba_loaded = in_process(path, args.repeat)
    check, yard = statistics.median(check_times), statistics.median(yard_times)
    print(f"report: {chars} characters")
    print(f"cold `fzcheck check`: median {check:.3f} s, min {min(check_times):.3f} s over {args.runs} runs")
    print(f"yardstick `python -c \"{YARDSTICK}\"`: median {yard:.3f} s, min {min(yard_times):.3f} s")
    print(f"ratio: {check / yard:.2f}× the yardstick (goal ≤ 1.5×)")
    print(f"in-process: {best * 1000:.2f} ms per report in the best round, median {median * 1000:.2f} ms "
          f"(goal ≤ 10 ms)")
    print(f"imported by a cold check: {', '.join(heavy) or 'neither jieba nor jsonschema'} (goal: neither)")
    print(f"jieba imported in process: {'yes' if jieba_loaded else 'no'} (goal: no)")


if __name__ == "__main__":
    main()
