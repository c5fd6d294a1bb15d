"""Benchmark of `fzcheck batch` on corpora it builds itself: wall time with and without
similarity, their ratio, peak memory of the whole process tree and the 雷同 groups found.

    .venv/bin/python benchmarks/bench_batch.py                          # 100, 1,000 and 5,000 files
    .venv/bin/python benchmarks/bench_batch.py --sizes 1000 --corpora copies
    .venv/bin/python benchmarks/bench_batch.py --baseline ../other-checkout --timeout 200   # before / after
    .venv/bin/python benchmarks/bench_batch.py --crossover              # sequential vs a pool on small batches
    .venv/bin/python benchmarks/bench_batch.py --crossover --start-method forkserver   # Python 3.14's default

Corpora (our own synthetic text, tests/reportgen.py; reports of ~--chars characters):

* ``diverse``: every report assembled afresh from the generator's parts (random sentences,
  areas, figures), no two alike;
* ``years``: the same, but one agency in ten also has its next year's report in the batch
  (taking up two of its plan items), so year over year — which --no-similarity also skips —
  does real work;
* ``similar``: near-copies of a few templates — one template family of 200 (half the batch when
  it is smaller), the rest spread over four more templates — each copy with its own agency name
  throughout, its own figures and a few edited lines, as county offices write from one template;
* ``copies``: near-copies of one report (the worst case of the old all-pairs verification).

Each run is a real subprocess of the CLI (`--jobs 2 --quiet` by default). Its peak memory is the
largest sum, over the run's whole process tree (the CLI and its workers), of each process's
proportional set size (PSS: a page shared by n processes counts 1/n in each, so forked workers
are not counted twice), sampled every 100 ms from /proc (more often, the sampling itself slows
the run on a 2-core machine). The groups found are read from the
totals line the batch prints. With ``--baseline DIR`` the same corpora are also run with the
checker of another checkout (for before/after figures in one run); ``--timeout`` stops a run
that takes too long (printed as ">N s"). Numbers are printed, not asserted.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests"))

import reportgen  # noqa: E402

TEMPLATE_FAMILY = 200
OTHER_TEMPLATES = 4


# --- corpora ------------------------------------------------------------------------------------

def generate(corpus: str, folder: str, count: int, chars: int, seed: int = 1) -> dict:
    """Write ``count`` reports of ``corpus`` under ``folder``; returns what was planted."""
    os.makedirs(folder, exist_ok=True)
    if corpus in ("diverse", "years"):
        return _diverse(folder, count, chars, seed, every=10 if corpus == "years" else 0)
    if corpus == "similar":
        family = min(TEMPLATE_FAMILY, count // 2)
        rest = count - family
        sizes = [family] + [rest // OTHER_TEMPLATES + (1 if k < rest % OTHER_TEMPLATES else 0)
                            for k in range(OTHER_TEMPLATES)]
        return _families(folder, sizes, chars, seed)
    if corpus == "copies":
        return _families(folder, [count], chars, seed)
    raise SystemExit(f"unknown corpus {corpus}")


def _diverse(folder: str, count: int, chars: int, seed: int, every: int = 0) -> dict:
    written = 0
    k = 0
    years = 0
    while written < count:
        k += 1
        base = reportgen.make_report(seed * 1000003 + k, target_chars=chars)
        _write(folder, written, "r", base.text)
        written += 1
        if every and k % every == 0 and written < count:  # the same agency's next year
            nxt = reportgen.make_report(seed * 1000003 + k + 500000, agency=base.agency, year=base.year + 1,
                                        target_chars=chars, carried=base.plan_items[:2])
            _write(folder, written, "next", nxt.text)
            written += 1
            years += 1
    return {"groups": 0, "year_pairs": years}


def _families(folder: str, sizes: list[int], chars: int, seed: int) -> dict:
    written = 0
    for family, size in enumerate(sizes):
        template = reportgen.make_report(seed * 7919 + family, target_chars=chars)
        for copy in range(size):
            _write(folder, written, f"t{family}", near_copy(template, seed * 100003 + written).text)
            written += 1
    return {"groups": sum(1 for size in sizes if size > 1), "year_pairs": 0}


def near_copy(template: reportgen.Generated, seed: int, edits: int = 8) -> reportgen.Generated:
    """A copy written from ``template``: another agency's name throughout, other figures, and a
    few edited lines (reportgen.edited_copy)."""
    rng = random.Random(seed)
    agency = reportgen.agency_name(rng)
    # figures changed, years and dates kept (a number followed by 年, 月 or 日)
    lines = tuple(re.sub(r"\d+(?![\d年月日])", lambda m: str(rng.randint(10 ** (len(m.group()) - 1), 10 ** len(m.group()) - 1)),
                         line.replace(template.agency, agency)) for line in template.lines)
    renamed = reportgen.Generated(agency=agency, year=template.year, lines=lines, plan_items=template.plan_items)
    return reportgen.edited_copy(renamed, seed, edits=edits)


def _write(folder: str, number: int, kind: str, text: str) -> None:
    sub = os.path.join(folder, f"{number // 500:03d}")  # a few sub-folders: collection is recursive
    os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, f"{kind}{number:05d}.txt"), "w", encoding="utf-8") as handle:
        handle.write(text)


# --- running the CLI and measuring the process tree -------------------------------------------

def _children(pid: int) -> list[int]:
    found = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as handle:
                found.extend(int(child) for child in handle.read().split())
    except OSError:
        pass
    return found


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_pss_mib(pid: int) -> float:
    """Sum of the PSS of ``pid`` and all its descendants, in MiB."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        total += _pss_kib(current)
        stack.extend(_children(current))
    return total / 1024


def run_cli(folder: str, jobs: int, extra: tuple[str, ...] = (), checkout: str = ROOT,
            timeout: float | None = None) -> dict:
    """One `fzcheck batch` run of the checker in ``checkout``: wall seconds, peak tree PSS, exit
    code and the end of what it printed (None for the wall when it was stopped at ``timeout``)."""
    command = [sys.executable, "-m", "checker", "batch", folder, "--jobs", str(jobs), "--quiet", *extra]
    env = dict(os.environ, PYTHONPATH=checkout)
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE, cwd=checkout, env=env)
        peak = [0.0]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], tree_pss_mib(process.pid))
                done.wait(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            _, err = process.communicate(timeout=timeout)
            wall = time.perf_counter() - started
        except subprocess.TimeoutExpired:
            for child in _descendants(process.pid):
                try:
                    os.kill(child, 9)
                except OSError:
                    pass
            process.kill()
            _, err = process.communicate()
            wall = None
        done.set()
        sampler.join()
        out.seek(0)
        printed = out.read()
    return {"wall": wall, "peak_mib": peak[0], "code": process.returncode, "totals": printed[-600:],
            "stderr": err.decode("utf-8", "replace")[-400:]}


def _descendants(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        for child in _children(stack.pop()):
            found.append(child)
            stack.append(child)
    return found


def groups_in(output: str) -> str:
    """The groups (or, from an older checker, the pairs) the totals line reports."""
    flat = re.sub(r"\s+", "", output[-600:])  # rich may wrap the line
    for pattern, unit in ((r"雷同组(\d+)个", ""), (r"雷同报告(\d+)对", " pairs")):
        found = re.search(pattern, flat)
        if found:
            return found.group(1) + unit
    return "?"


def _best(kept: dict | None, run: dict) -> dict:
    if kept is None or (run["wall"] is not None and (kept["wall"] is None or run["wall"] < kept["wall"])):
        return run
    return kept


def _seconds(value: float | None, timeout: float | None) -> str:
    return f"{value:6.1f}" if value is not None else f">{timeout:.0f}".rjust(6)


def measure(corpus: str, size: int, args, checkouts: list[tuple[str, str]]) -> None:
    """One corpus of ``size`` files, generated once, run by each checkout with and without similarity."""
    with tempfile.TemporaryDirectory() as folder:
        planted = generate(corpus, folder, size, args.chars)
        for label, checkout in checkouts:
            on, off = None, None
            for _ in range(args.repeat):  # on and off in turn; the best of each (the least disturbed)
                runs = (run_cli(folder, args.jobs, checkout=checkout, timeout=args.timeout),
                        run_cli(folder, args.jobs, ("--no-similarity",), checkout=checkout, timeout=args.timeout))
                on, off = (_best(on, runs[0]), _best(off, runs[1]))
            ratio = f"{on['wall'] / off['wall']:5.2f}×" if on["wall"] and off["wall"] else "    —"
            print(f"| {label} | {corpus} | {size:,} | {_seconds(on['wall'], args.timeout)} s | "
                  f"{_seconds(off['wall'], args.timeout)} s | {ratio} | {on['peak_mib']:6.0f} MiB | "
                  f"{off['peak_mib']:6.0f} MiB | {groups_in(on['totals'])} (planted {planted['groups']}"
                  f"{', year pairs ' + str(planted['year_pairs']) if planted['year_pairs'] else ''}) |",
                  flush=True)
            for run in (on, off):
                if run["wall"] is not None and run["code"] not in (0, 1):
                    print(f"    exit {run['code']}: {run['stderr']}", flush=True)


# --- pool crossover (in process) ---------------------------------------------------------------

def crossover(chars: int) -> None:
    """Sequential vs a pool of two, forced, on small batches (in-process API)."""
    import multiprocessing

    from checker.review import batch

    print(f"crossover: reports of ~{chars} characters, start method {multiprocessing.get_start_method()}; "
          "seconds (sequential / pool of 2)")
    with tempfile.TemporaryDirectory() as folder:
        generate("years", folder, 128, chars, seed=7)
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
    parser.add_argument("--sizes", default="100,1000,5000", help="comma-separated batch sizes")
    parser.add_argument("--corpora", default="diverse,similar,copies,years", help="diverse, similar, copies, years")
    parser.add_argument("--copies-sizes", default="1000", help="sizes for the copies and years corpora")
    parser.add_argument("--chars", type=int, default=15000, help="characters per report")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--baseline", metavar="DIR", help="also run the checker of this checkout (before/after)")
    parser.add_argument("--timeout", type=float, default=None, help="stop a run after this many seconds")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the best is printed (a busy machine)")
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
    sizes = [int(s) for s in args.sizes.split(",") if s]
    checkouts = [("after", ROOT)] + ([("before", os.path.abspath(args.baseline))] if args.baseline else [])
    print(f"reports of ~{args.chars:,} characters, --jobs {args.jobs}, {os.cpu_count()} CPUs"
          + (f", best of {args.repeat} runs" if args.repeat > 1 else ""))
    print("| checker | corpus | files | similarity on | --no-similarity | ratio | peak memory on | "
          "peak memory off | groups found |")
    print("|---|---|---|---|---|---|---|---|---|")
    for corpus in [c for c in args.corpora.split(",") if c]:
        for size in ([int(s) for s in args.copies_sizes.split(",") if s] if corpus in ("copies", "years") else sizes):
            measure(corpus, size, args, checkouts)
    print(f"load average: {os.getloadavg()[0]:.2f} (other work on the machine slows the wall time)")


if __name__ == "__main__":
    main()
