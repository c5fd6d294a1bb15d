"""Batch review: collect report files, check each, aggregate a supervisor's summary.

    collect(PATH...) ─▶ files ─ check_one (sequential, or a process pool) ─▶ FileResult stream
                    ─ aggregate ─▶ BatchSummary (ranking, per-rule counts, 雷同 groups, year over year)

Results are streamed: each worker sends back the Report, a similarity sketch (a sample of the
report's 4-gram hashes and MinHash signatures, ~8 KB) and the plan items — never the text. The
雷同 groups are built from the sketches alone (checker.review.groups); only year over year reads
a few files again (year N of each agency pair), in a second round of jobs.

No printing, no exit codes here: the command (checker/commands/batch.py) does that.
"""
from __future__ import annotations

import glob
import os
import time
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Sequence

from checker.errors import CheckerError, InputError
from checker.model import Pack, Report, Severity, Status
from checker.review import groups, yoy
from checker.review import similarity as sim
from checker.review.model import (EXPORT_MARKER, BatchSummary, FileResult, PlanItemCarry, RuleStat, SimilarGroup,
                                  SimilarPair, Totals, YearPair)

REPORT_EXTENSIONS = (".txt", ".md", ".docx", ".pdf", ".html", ".htm", ".mht", ".doc", ".wps", ".ofd")

# Below this many files the batch runs in this process. A pool costs a start-up: with fork
# (Linux up to Python 3.13) ~40 ms, the pack loaded again in each worker; with forkserver
# (Linux from 3.14) or spawn (Windows, macOS) ~0.3 s more, workers importing the checker.
# Measured on this 2-core machine (benchmarks/bench_batch.py --crossover [--start-method ...],
# reports of ~8,000 characters, ~10 ms each, sequential / pool of 2, seconds):
#     fork:        8 files 0.09/0.08, 16 files 0.15/0.12, 32 files 0.28/0.20, 128 files 1.00/0.60
#     forkserver: 16 files 0.15/0.28, 32 files 0.30/0.36, 64 files 0.61/0.54, 128 files 1.39/0.92
POOL_MIN_FILES = 16  # fork
POOL_MIN_FILES_SPAWNED = 64  # forkserver, spawn


@dataclass(frozen=True)
class Collected:
    files: tuple[str, ...]
    unmatched: tuple[str, ...]  # patterns or folders that gave no report file
    # folders that could not be listed (no permission, vanished): (path, zh, en) — each becomes
    # an error row, never a silent omission
    unreadable: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class WorkerConfig:
    pack_ref: str
    pack_path: tuple[str, ...] = ()  # --pack-path folders searched before the built-in packs
    lang: str = "zh"
    fail_under: float | None = None
    similarity: bool = True
    min_section_chars: int = sim.Settings.min_section_chars


# --- collecting files -------------------------------------------------------------------

def collect(paths: Iterable[str]) -> Collected:
    """Folders (recursively: files with a report extension), glob patterns and plain paths.

    A plain path is kept even when it does not exist or has another extension: it becomes an
    error row if it cannot be read. Duplicates (the same file twice) are dropped.
    """
    files: list[str] = []
    unmatched: list[str] = []
    unreadable: list[tuple[str, str, str]] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            files.append(path)

    for arg in paths:
        if os.path.isdir(arg):
            found = list(_walk(arg, unreadable))
        elif glob.has_magic(arg) and not os.path.exists(arg):
            found = []
            for match in sorted(glob.glob(arg, recursive=True)):
                if os.path.isdir(match):
                    found.extend(_walk(match, unreadable))
                elif _is_report_file(match):
                    found.append(match)
        else:
            add(arg)
            continue
        if not found and not any(u[0] == arg or u[0].startswith(arg.rstrip(os.sep) + os.sep) for u in unreadable):
            unmatched.append(arg)
        for path in found:
            add(path)
    return Collected(tuple(files), tuple(unmatched), tuple(unreadable))


def _walk(folder: str, unreadable: list | None = None) -> Iterator[str]:
    def refused(exc: OSError) -> None:  # os.walk skips a folder it cannot list unless told
        if unreadable is not None:
            where = exc.filename or folder
            reason = exc.strerror or str(exc)
            unreadable.append((where, f"{where}：无法打开文件夹（{reason}），其中的报告未检查",
                               f"{where}: cannot open the folder ({reason}); the reports in it were not checked"))

    for root, dirs, names in os.walk(folder, onerror=refused):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = os.path.join(root, name)
            if _is_report_file(path):
                yield path


def _is_report_file(path: str) -> bool:
    name = os.path.basename(path)
    if name.startswith((".", "~$")):  # hidden files, Office lock files
        return False
    if os.path.splitext(name)[1].lower() not in REPORT_EXTENSIONS:
        return False
    return not is_own_export(path)


def is_own_export(path: str) -> bool:
    """Whether ``path`` is an HTML summary written by ``fzcheck batch``."""
    if os.path.splitext(path)[1].lower() not in (".html", ".htm"):
        return False
    import stat

    try:  # O_NONBLOCK: a FIFO named x.html must not block the listing (it becomes an error row)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        return stat.S_ISREG(os.fstat(fd).st_mode) and EXPORT_MARKER.encode("ascii") in os.read(fd, 4096)
    except OSError:
        return False
    finally:
        os.close(fd)


# --- checking one file (runs in a worker) ---------------------------------------------------

_STATE: dict = {}


def init_worker(config: WorkerConfig) -> None:
    """Pool initializer: load the pack once per worker (and warm its compiled caches)."""
    from checker.judge import packs

    _STATE["config"] = config
    _STATE["pack"] = packs.load(config.pack_ref, config.pack_path)


def check_one(job: tuple[int, str]) -> FileResult:
    """Read and check one file; any failure becomes an error row. Small and picklable result."""
    from checker.judge.engine import evaluate_with_context
    from checker.readers import read_path

    index, path = job
    config: WorkerConfig = _STATE["config"]
    pack: Pack = _STATE["pack"]
    started = time.perf_counter()
    try:
        document = read_path(path)
        report, ctx = evaluate_with_context(document, pack, config.lang, config.fail_under)
        sketch = _sketch(ctx, config.min_section_chars) if config.similarity else None
        plan = plan_items(ctx)
    except CheckerError as exc:
        return FileResult(index, path, Report(path=path, error=exc.message(config.lang)),
                          seconds=time.perf_counter() - started)
    except (Exception, RecursionError) as exc:  # noqa: BLE001 — one bad file must not stop the batch
        message = (f"内部错误：{type(exc).__name__}: {exc}" if config.lang != "en"
                   else f"internal error: {type(exc).__name__}: {exc}")
        return FileResult(index, path, Report(path=path, error=message), seconds=time.perf_counter() - started)
    return FileResult(index, path, report, sketch, plan, time.perf_counter() - started)


def report_sections(ctx) -> list[tuple[str, int, int, int, int | None]]:
    """(label, line, key start, key end, parent position) of the top two levels of sections."""
    norm, seg = ctx.norm, ctx.seg
    picked: list[tuple[str, int, int, int, int | None]] = []
    position: dict[int, int] = {}
    for i, section in enumerate(seg.sections):
        if section.level > 2:
            continue
        start, end = norm.key_span(section.start, section.end)
        heading = section.heading
        label = f"{heading.label}{heading.title}".strip()
        parent = position.get(section.parent) if section.parent is not None else None
        position[i] = len(picked)
        picked.append((label[:60], heading.line, start, end, parent))
    return picked


def _sketch(ctx, min_section_chars: int) -> sim.Sketch:
    sections = report_sections(ctx)
    return sim.sketch(ctx.norm.key, sections, min_section_chars)


def plan_items(ctx) -> tuple[str, ...]:
    match = ctx.parts.get("plan")
    if match is None or not match.present:
        return ()
    norm, seg = ctx.norm, ctx.seg
    headings: list[str] = []
    bodies: list[str] = []
    for start, end in match.spans:
        inner = [s for s in seg.sections if start < s.start < end]
        level = min((s.level for s in inner), default=0)  # the plan's own sub-headings
        for section in inner:
            if section.level == level:
                title = section.heading.title.strip().rstrip("。；;：:，,")
                if sum(1 for ch in title if "\u4e00" <= ch <= "\u9fff") < 6:  # "（一）队伍建设" says little alone
                    first = norm.text[section.body_start:section.end].lstrip("。；;：:，, \n").split("。")[0]
                    title += ("：" + first.strip()) if first.strip() else ""
                headings.append(title)
        owners = [s for s in seg.sections if s.start == start]
        body_start = owners[0].body_start if owners else start
        bodies.append(norm.text[body_start:end])
    return yoy.split_items(headings, "\n".join(bodies))


# --- running the batch ----------------------------------------------------------------------

def pool_min_files() -> int:
    import multiprocessing

    return POOL_MIN_FILES if multiprocessing.get_start_method() == "fork" else POOL_MIN_FILES_SPAWNED


def use_pool(files: int, jobs: int) -> bool:
    return jobs > 1 and files >= pool_min_files()


def run(files: Sequence[str], config: WorkerConfig, jobs: int = 1) -> Iterator[FileResult]:
    """Check ``files``; yields results as they come (in completion order with a pool)."""
    yield from parallel_map(check_one, list(enumerate(files)), config, jobs, pool_min_files())


def parallel_map(func: Callable, jobs_list: list, config: WorkerConfig, jobs: int, pool_from: int) -> Iterator:
    """``func`` over ``jobs_list`` in a pool of ``jobs`` workers (each initialised once with
    ``config``), or in this process when the list is shorter than ``pool_from``."""
    jobs = max(1, min(jobs, len(jobs_list)))
    if jobs < 2 or len(jobs_list) < pool_from:
        if _STATE.get("config") != config:
            init_worker(config)
        for job in jobs_list:
            yield func(job)
        return
    import multiprocessing

    context = multiprocessing.get_context()
    if context.get_start_method() == "forkserver":  # Python 3.14's default on Linux
        # Workers forked from a server that has imported the checker already (else each one
        # imports it again, ~0.3 s). Ignored once the server runs.
        context.set_forkserver_preload(["checker.review.batch", "checker.judge.engine", "checker.judge.packs",
                                        "checker.readers", "checker.readers.plain"])
    chunk = max(1, min(8, len(jobs_list) // (jobs * 16)))
    import gc

    # Forked workers share the parent's pages until they write them, and a collection in a worker
    # writes to every object it visits: frozen objects are never visited, so a second-look pool
    # forked from a batch of 5,000 reports does not copy them all.
    gc.freeze()
    try:
        with context.Pool(jobs, initializer=init_worker, initargs=(config,)) as pool:
            yield from pool.imap_unordered(func, jobs_list, chunksize=chunk)
    finally:
        gc.unfreeze()


# The second look (year over year) reads year N's report again, ~10 ms a job, with no jieba in
# the worker (the plan items are cut by the caller): a pool pays as it does for the first pass.
SECOND_LOOK_POOL_FROM = POOL_MIN_FILES

Mapper = Callable[[Callable, list], Iterable]  # (func, jobs) -> results, in any order


def mapper(config: WorkerConfig, jobs: int) -> Mapper:
    """How the second look (near-duplicate verification, year over year) runs its jobs."""
    return lambda func, jobs_list: parallel_map(func, jobs_list, config, jobs, SECOND_LOOK_POOL_FROM)


# --- aggregating --------------------------------------------------------------------------------

def aggregate(results: Iterable[FileResult], pack: Pack, settings: sim.Settings, second_look: Mapper | None = None,
              similarity: bool = True, seconds: float = 0.0, year_over_year: bool = True) -> BatchSummary:
    """Fold the result stream into a summary: the 雷同 groups from the sketches (no file read
    again), and year over year — the one view that reads a few files again, through
    ``second_look`` (skipped without it, or when ``year_over_year`` is off)."""
    finder = sim.CandidateFinder(settings) if similarity else None
    reports: dict[int, Report] = {}
    plans: dict[int, tuple[str, ...]] = {}
    shared: dict[str, str] = {}
    watch = _YearWatch() if second_look is not None and year_over_year else None
    for result in results:
        reports[result.index] = _share_strings(result.report, shared)
        if result.plan_items:
            plans[result.index] = result.plan_items
        if finder is not None and result.sketch is not None:
            finder.add(result.index, result.sketch)
        if watch is not None and watch.pairs_with(result.report):
            warm_tokenizer()  # year over year will need jieba: load it while the rest is checked
            watch = None
    ordered = tuple(reports[i] for i in sorted(reports))
    paths = {i: r.path for i, r in reports.items()}
    found = groups.find(finder, settings, paths) if finder is not None else None

    year_pairs: tuple[YearPair, ...] = ()
    checked_yoy = second_look is not None and year_over_year
    if checked_yoy:
        entries = [(i, r.meta.agency, r.meta.year) for i, r in sorted(reports.items())
                   if r.error is None and r.meta]  # in file order: the first of two same-year reports wins
        wanted = [(previous, current) for previous, current in yoy.pairs(entries) if plans.get(previous)]
        tokenize = tokenizer() if wanted else None  # jieba, in this process only, for the plan items only
        jobs = [("carry", previous, current, yoy.item_terms(plans[previous], tokenize), reports[current].path)
                for previous, current in wanted]
        carried: list[tuple[int, int, tuple[PlanItemCarry, ...]]] = []
        for kind, *answer in second_look(second_look_one, jobs) if jobs else ():
            if kind == "carry" and answer[2] is not None:
                carried.append(tuple(answer))
        year_pairs = year_over_year_pairs(reports, carried, found, settings)
    similar_groups = found.groups if found is not None else ()
    pairs = _small_group_pairs(similar_groups)
    return summarise(ordered, pack, pairs, year_pairs, similarity_checked=finder is not None, seconds=seconds,
                     similar_groups=similar_groups, yoy_checked=checked_yoy)


class _YearWatch:
    """Tells, as results stream in, when the batch first holds one agency's two consecutive years."""

    def __init__(self):
        self.years: dict[str, set[int]] = {}

    def pairs_with(self, report: Report) -> bool:
        meta = report.meta
        key = yoy.agency_key(meta.agency) if report.error is None and meta else None
        if key is None or meta.year is None:
            return False
        years = self.years.setdefault(key, set())
        years.add(meta.year)
        return meta.year - 1 in years or meta.year + 1 in years


def _small_group_pairs(found: Sequence[SimilarGroup]) -> tuple[SimilarPair, ...]:
    """The pairs of the small groups, one per two reports (their shared sections together)."""
    merged: dict[tuple[str, str], SimilarPair] = {}
    for group in found:
        for pair in group.pairs or ():
            key = (pair.a, pair.b)
            before = merged.get(key)
            if before is None:
                merged[key] = pair
            else:
                merged[key] = SimilarPair(pair.a, pair.b, max(before.similarity, pair.similarity),
                                          before.whole or pair.whole, before.sections + pair.sections)
    return tuple(sorted(merged.values(), key=lambda p: (-p.whole, -max([p.similarity] + [m.similarity
                                                                                       for m in p.sections]),
                                                        p.a, p.b)))


def _share_strings(report: Report, shared: dict[str, str]) -> Report:
    """The same rule title, suggestion and basis in every report: one string object, not one per
    report (a Report arrives from a worker with its own copies; this halves what a report costs)."""
    if not report.findings:
        return report
    import dataclasses

    def one(text):
        return shared.setdefault(text, text) if text is not None else None

    findings = tuple(dataclasses.replace(f, title=one(f.title), suggestion=one(f.suggestion), basis=one(f.basis),
                                         message=one(f.message) if f.status == Status.PASS else f.message)
                     for f in report.findings)
    return dataclasses.replace(report, findings=findings)


def summarise(reports: Sequence[Report], pack: Pack, similar: Sequence[SimilarPair] = (),
              year_pairs: Sequence[YearPair] = (), similarity_checked: bool = True,
              seconds: float = 0.0, similar_groups: Sequence[SimilarGroup] = (),
              yoy_checked: bool = True) -> BatchSummary:
    checked = [i for i, r in enumerate(reports) if r.error is None and r.score is not None]
    checked_set = set(checked)
    errors = [i for i in range(len(reports)) if i not in checked_set]
    ranking = tuple(sorted(checked, key=lambda i: (-reports[i].score.score, reports[i].path))) + tuple(errors)
    missing = tuple(tuple(f.title for f in r.findings if f.severity == Severity.ERROR and f.status == Status.FAIL)
                    for r in reports)
    counts = {rule.id: {status: 0 for status in Status} for rule in pack.rules}
    titles = {rule.id: rule.title for rule in pack.rules}
    for r in reports:
        for finding in r.findings:
            if finding.rule in counts:
                counts[finding.rule][finding.status] += 1
                titles[finding.rule] = finding.title  # in the report's language
    stats = [RuleStat(rule.id, titles[rule.id], rule.severity, counts[rule.id][Status.FAIL],
                      counts[rule.id][Status.PARTIAL], counts[rule.id][Status.PASS], counts[rule.id][Status.NA])
             for rule in pack.rules]
    severity_order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    stats.sort(key=lambda s: (-s.fail, -s.partial, severity_order[s.severity], s.rule))
    passed = sum(1 for i in checked if reports[i].score.passed)
    scores = [reports[i].score.score for i in checked]
    report_groups = [g for g in similar_groups if g.kind == "report"]
    totals = Totals(files=len(reports), checked=len(checked), passed=passed, failed=len(checked) - passed,
                    errors=len(errors), mean_score=round(sum(scores) / len(scores), 1) if scores else None,
                    similar_pairs=len(similar), seconds=round(seconds, 2), similar_groups=len(report_groups),
                    similar_reports=sum(g.size for g in report_groups),
                    section_families=len(similar_groups) - len(report_groups))
    return BatchSummary(pack=pack, reports=tuple(reports), ranking=ranking, missing=missing, rules=tuple(stats),
                        similar=tuple(similar), yoy=tuple(year_pairs), totals=totals,
                        similarity_checked=similarity_checked, rule_ids=tuple(r.id for r in pack.rules),
                        rule_titles=tuple(titles[r.id] for r in pack.rules), similar_groups=tuple(similar_groups),
                        yoy_checked=yoy_checked)


# --- the second look: year over year -----------------------------------------------------------

def year_over_year_pairs(reports: dict[int, Report], carried: Iterable[tuple[int, int, tuple[PlanItemCarry, ...]]],
                         found: groups.Found | None = None,
                         settings: sim.Settings | None = None) -> tuple[YearPair, ...]:
    """The year pairs, each with the similarity of its two reports measured as 雷同 measures it
    (when the similarity view ran): a report carried over from last year shows as copied."""
    result = []
    for previous, current, items in carried:
        prev, cur = reports[previous], reports[current]
        similarity = found.similarity(previous, current) if found is not None else None
        copied = similarity is not None and settings is not None and similarity >= settings.report_threshold
        result.append(YearPair(agency=cur.meta.agency or "", previous=prev.path, previous_year=prev.meta.year,
                               current=cur.path, current_year=cur.meta.year, items=items, similarity=similarity,
                               copied=copied))
    result.sort(key=lambda p: (p.agency, p.current_year, p.current))
    return tuple(result)


def second_look_one(job: tuple):
    """Worker job of the second look: ("carry", previous, current, plan items, path); the answer
    starts with the same word."""
    return ("carry", *carry_one(job[1:]))


def _reanalyse(path: str):
    from checker.judge.engine import analyse
    from checker.readers import read_path

    config: WorkerConfig = _STATE["config"]
    try:
        return analyse(read_path(path), _STATE["pack"], config.lang)
    except CheckerError:
        raise
    except Exception as exc:  # noqa: BLE001 — it was read once; a second failure is only skipped
        raise InputError(f"{path}：{exc}", f"{path}: {exc}") from exc


def carry_one(job: tuple[int, int, tuple[yoy.ItemTerms, ...], str]):
    """Worker job: read year N's report again; which of N−1's plan items (cut into terms by the
    caller: no jieba in the worker) its measures take up."""
    previous, current, items, path = job
    try:
        ctx = _reanalyse(path)
    except CheckerError:
        return previous, current, None
    measures = ctx.parts.get("measures")
    key = ""
    if measures is not None and measures.present:
        key = "".join(ctx.norm.key[slice(*ctx.norm.key_span(a, b))] for a, b in measures.spans)
    carried = tuple(PlanItemCarry(item, overlap, status, terms)
                    for item, overlap, status, terms in yoy.carry_over_terms(items, key))
    return previous, current, carried


def tokenizer() -> Callable[[str], list[str]]:
    """jieba's cut (checker.analysis.text.tokens), loaded on first use in this process (or by the
    thread warm_tokenizer started, which this waits for)."""
    thread = _STATE.pop("warming", None)
    if thread is not None:
        thread.join()
    if "tokenize" not in _STATE:
        _load_tokenizer()
    return _STATE["tokenize"]


def warm_tokenizer() -> None:
    """Start loading jieba in a background thread: its dictionary (~0.5 s, one marshal.load)
    then loads while the workers check the rest of the batch, not after them. Started only once
    the batch is known to need it, and after the pool has forked its workers."""
    if "tokenize" in _STATE or "warming" in _STATE:
        return
    import threading

    thread = threading.Thread(target=_load_tokenizer, name="fzcheck-jieba", daemon=True)
    _STATE["warming"] = thread
    thread.start()


def _load_tokenizer() -> None:
    """On Python ≥ 3.12 jieba's uncompiled sources emit SyntaxWarnings (an error under -W error):
    they are silenced around its import and dictionary load; its "Building prefix dict" chatter
    on stderr is turned down."""
    import logging
    import warnings

    from checker.analysis.text import tokens

    # jieba sets its logger to DEBUG when imported; a filter on the logger survives that.
    logging.getLogger("jieba").addFilter(lambda record: record.levelno >= logging.WARNING)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        tokens("预热")  # imports jieba and loads its dictionary
    _STATE["tokenize"] = tokens


def similarity_settings(pack_ref: str, pack_path: Sequence[str] = ()) -> sim.Settings:
    """The pack's ``similarity:`` block (after ``extends``), or the defaults."""
    from checker.judge import packs

    data, _ = packs.load_raw(pack_ref, search=tuple(pack_path))
    return sim.Settings.from_pack_data(data.get("similarity"))
