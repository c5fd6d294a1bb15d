"""datasketch (MinHash + MinHashLSH) beside the hand-written sketching of checker.review.similarity,
on the corpora of bench_batch.py.

    python benchmarks/bench_sketch.py [--files 1000] [--corpora diverse,copies]

datasketch is not a dependency: run this in an environment where it is installed
(`pip install datasketch`, which brings numpy and scipy). For each corpus, both sides start from
the same match keys (every digit read as 0) and the same shingles (character 4-grams):

* hand-written: ``similarity.sketch`` (tabulation hashes, the 1/8 sample, one-permutation
  MinHash of 128 bins) per report, then ``CandidateFinder`` and ``groups.find`` (candidate
  edges, components, verification against the representative on the samples);
* datasketch: ``MinHash(num_perm=128).update_batch`` per report, ``MinHashLSH`` insert, then
  one ``query`` per report (the candidates it returns: all bucket-mates, so a family of n gives
  n² results) joined by union–find — no verification.

It prints seconds per report to sketch, the seconds to index and find candidates, what is kept
per report, the import time of each library, and whether the planted groups come out.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests"))

import bench_batch  # noqa: E402

from checker.analysis.text import to_key  # noqa: E402
from checker.review import groups, similarity as sim  # noqa: E402


def keys_of(corpus: str, files: int, chars: int) -> tuple[list[str], int]:
    with tempfile.TemporaryDirectory() as folder:
        planted = bench_batch.generate(corpus, folder, files, chars)["groups"]
        paths = sorted(os.path.join(root, name) for root, _, names in os.walk(folder) for name in names)
        keys = [sim.shingle_key(to_key(open(path, encoding="utf-8").read())) for path in paths]
    to_key.cache_clear()
    return keys, planted


def hand_written(keys: list[str]) -> dict:
    started = time.perf_counter()
    sketches = [sim.sketch(key, [], 200) for key in keys]
    sketched = time.perf_counter()
    settings = sim.Settings(report_threshold=0.5, section_threshold=0.7)
    finder = sim.CandidateFinder(settings)
    for index, item in enumerate(sketches):
        finder.add(index, item)
    found = groups.find(finder, settings, [str(i) for i in range(len(keys))])
    done = time.perf_counter()
    kept = sum(len(s.signature) + len(s.sample) for s in sketches) / len(sketches)
    return {"sketch": (sketched - started) / len(keys), "find": done - sketched, "kept": kept,
            "groups": sum(1 for g in found.groups if g.kind == "report")}


def with_datasketch(keys: list[str], budget: float) -> dict:
    from datasketch import MinHash, MinHashLSH

    started = time.perf_counter()
    hashes = []
    for key in keys:
        m = MinHash(num_perm=128)
        m.update_batch([key[i:i + sim.CHAR_SHINGLE].encode("utf-8") for i in range(len(key) - sim.CHAR_SHINGLE + 1)])
        hashes.append(m)
    sketched = time.perf_counter()
    lsh = MinHashLSH(threshold=0.5 - sim.ESTIMATE_MARGIN, num_perm=128)
    for index, m in enumerate(hashes):
        lsh.insert(index, m)
    parent = list(range(len(keys)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    results = 0
    stopped = False
    for index, m in enumerate(hashes):
        for other in lsh.query(m):
            results += 1
            if other != index:
                parent[root(other)] = root(index)
        if time.perf_counter() - sketched > budget:
            stopped = True
            break
    done = time.perf_counter()
    sizes: dict[int, int] = {}
    for x in range(len(keys)):
        sizes[root(x)] = sizes.get(root(x), 0) + 1
    return {"sketch": (sketched - started) / len(keys), "find": done - sketched, "kept": 128 * 8,
            "groups": sum(1 for size in sizes.values() if size > 1), "results": results, "stopped": stopped}


def import_seconds(module: str) -> float:
    best = None
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    base = min(_time([sys.executable, "-c", "pass"]) for _ in range(3))
    return best - base


def _time(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--chars", type=int, default=15000)
    parser.add_argument("--corpora", default="diverse,copies")
    parser.add_argument("--budget", type=float, default=120, help="seconds datasketch's queries may take")
    args = parser.parse_args()
    try:
        import datasketch  # noqa: F401
        have = True
    except ImportError:
        have = False
        print("datasketch is not installed here (pip install datasketch): hand-written side only")
    print(f"import: checker.review.similarity {import_seconds('checker.review.similarity') * 1000:.0f} ms"
          + (f", datasketch {import_seconds('datasketch') * 1000:.0f} ms (numpy, scipy)" if have else ""))
    print("| corpus | files | sketching | ms per report | index + candidates + groups | kept per report | groups |")
    print("|---|---|---|---|---|---|---|")
    for corpus in [c for c in args.corpora.split(",") if c]:
        keys, planted = keys_of(corpus, args.files, args.chars)
        mine = hand_written(keys)
        print(f"| {corpus} | {len(keys):,} | hand-written | {mine['sketch'] * 1000:.2f} | {mine['find']:.2f} s | "
              f"{mine['kept'] / 1024:.1f} KB | {mine['groups']} (planted {planted}) |", flush=True)
        if have:
            theirs = with_datasketch(keys, args.budget)
            stopped = f", stopped after {args.budget:.0f} s" if theirs["stopped"] else ""
            print(f"| {corpus} | {len(keys):,} | datasketch | {theirs['sketch'] * 1000:.2f} | {theirs['find']:.2f} s "
                  f"({theirs['results']:,} query results{stopped}) | {theirs['kept'] / 1024:.1f} KB | "
                  f"{theirs['groups']} unverified (planted {planted}) |", flush=True)


if __name__ == "__main__":
    main()
