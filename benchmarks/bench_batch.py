"""Benchmark of `fzcheck batch`: wall time with --jobs 1 and --jobs 2, and peak memory.

    .venv/bin/python benchmarks/bench_batch.py                 # 1,000 reports of ~15,000 characters
    .venv/bin/python benchmarks/bench_batch.py --reports 200   # quicker
    .venv/bin/python benchmarks/bench_batch.py --growth        # peak memory at 250 / 500 / 1,000 reports
    .venv/bin/python benchmarks/bench_batch.py --crossover     # sequential vs a pool of 2 on small batches
    .venv/bin/python benchmarks/bench_batch.py --crossover --start-method forkserver   # Python 3.14's default

The reports come from tests/reportgen.py (our own synthetic text). The batch holds a few
near-duplicate pairs and a few agencies with two consecutive years, so the similarity and
year-over-year passes do real work. Each run is a real subprocess of the CLI; its peak memory
is the largest resident set of the run's processes (getrusage of the children, measured in a
fresh wrapper process per run so runs do not mix). Goal on a 2-core machine: ≤ 15 s with
--jobs 2 for 1,000 reports. Numbers are printed, not asserted.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests"))

import reportgen  # noqa: E402

_WRAPPER = r"""
import json, resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
wall = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": code, "wall": wall, "peak_mib": usage.ru_maxrss / 1024,  # ru_maxrss: KiB on Linux
                  "cpu": usage.ru_utime + usage.ru_stime}))
"""


def generate(folder: str, count: int, chars: int, seed: int = 1) -> None:
    """``count`` reports: mostly unrelated, plus near-duplicates and consecutive years."""
    os.makedirs(folder, exist_ok=True)
    written = 0
    k = 0
    while written < count:
        k += 1
        base = reportgen.make_report(seed * 100000 + k, target_chars=chars)
        _write(folder, f"r{written:05d}.txt", base.text)
        written += 1
        if k % 50 == 0 and written < count:  # a near-duplicate
            _write(folder, f"r{written:05d}_copy.txt", reportgen.edited_copy(base, k).text)
            written += 1
        if k % 40 == 0 and written < count:  # the same agency's next year
            nxt = reportgen.make_report(seed * 100000 + k + 500000, agency=base.agency, year=base.year + 1,
                                        target_chars=chars, carried=base.plan_items[:2])
            _write(folder, f"r{written:05d}_next.txt", nxt.text)
            written += 1


def _write(folder: str, name: str, text: str) -> None:
    sub = os.path.join(folder, name[:3])  # a few sub-folders: collection is recursive
    os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, name), "w", encoding="utf-8") as handle:
        handle.write(text)


def run_cli(folder: str, jobs: int, extra: tuple[str, ...] = ()) -> dict:
    command = [sys.executable, "-m", "checker", "batch", folder, "--jobs", str(jobs), "--quiet", *extra]
    output = subprocess.run([sys.executable, "-c", _WRAPPER, *command], capture_output=True, text=True, cwd=ROOT)
    return json.loads(output.stdout)


def crossover(chars: int) -> None:
    """Sequential vs a pool of two, forced, on small batches (in-process API)."""
    from checker.review import batch

    import multiprocessing

    print(f"crossover: reports of ~{chars} characters, start method {multiprocessing.get_start_method()}; "
          "seconds (sequential / pool of 2)")
    with tempfile.TemporaryDirectory() as folder:
        generate(folder, 128, chars, seed=7)
        files = batch.collect([folder]).files
        config = batch.WorkerConfig(pack_ref="fazhi")
        for _ in batch.run(files[:2], config, 1):  # imports and caches warmed, as in a CLI run's first file
            pass
        batch._STATE.clear()  # the pack is loaded again in each measured run, as the CLI does
        for n in (4, 8, 12, 16, 24, 32, 48, 64, 128):
            timings = []
            for pool in (False, True):
                saved = batch.pool_min_files
                batch.pool_min_files = (lambda: 1) if pool else (lambda: 10 ** 9)
                try:
                    started = time.perf_counter()
                    for _ in batch.run(files[:n], config, 2):
                        pass
                    batch._STATE.clear()
                    timings.append(time.perf_counter() - started)
                finally:
                    batch.pool_min_files = saved
            marker = "  pool wins" if timings[1] < timings[0] else ""
            print(f"  {n:4d} files: {timings[0]:6.2f} / {timings[1]:6.2f}{marker}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--chars", type=int, default=15000)
    parser.add_argument("--growth", action="store_true", help="peak memory at 1/4, 1/2 and all of --reports")
    parser.add_argument("--crossover", action="store_true")
    parser.add_argument("--start-method", choices=("fork", "forkserver", "spawn"), default=None,
                        help="with --crossover: the pool's start method (default: the platform's)")
    args = parser.parse_args()
    if args.crossover:
        if args.start_method:
            import multiprocessing

            multiprocessing.set_start_method(args.start_method)
        crossover(8000)
        return
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        generate(folder, args.reports, args.chars)
        size = sum(os.path.getsize(os.path.join(root, f)) for root, _, files in os.walk(folder) for f in files)
        print(f"generated {args.reports} reports, {size / 1048576:.1f} MiB in {time.perf_counter() - started:.1f} s")
        if args.growth:
            names = sorted(os.path.join(root, f) for root, _, files in os.walk(folder) for f in files)
            for fraction in (4, 2, 1):
                subset = names[: len(names) // fraction]
                with tempfile.TemporaryDirectory() as part:
                    for path in subset:
                        os.link(path, os.path.join(part, os.path.basename(path)))
                    result = run_cli(part, 2)
                print(f"  {len(subset):5d} reports, --jobs 2: {result['wall']:6.2f} s, {result['cpu']:6.2f} s CPU, "
                      f"peak RSS {result['peak_mib']:6.1f} MiB (exit {result['code']})")
            return
        for jobs in (1, 2):
            result = run_cli(folder, jobs)
            print(f"--jobs {jobs}: {result['wall']:6.2f} s wall, {result['cpu']:6.2f} s CPU (all processes), "
                  f"peak RSS {result['peak_mib']:6.1f} MiB, exit {result['code']}")
        print(f"load average: {os.getloadavg()[0]:.2f} (other work on the machine slows the wall time)")


if __name__ == "__main__":
    main()
