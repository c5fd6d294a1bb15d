"""Batch review: collect report files, check each, aggregate a supervisor's summary.

    collect(PATH...) ─▶ files ─ check_one (sequential, or a process pool) ─▶ FileResult stream
                    ─ aggregate ─▶ BatchSummary (ranking, per-rule counts, 雷同 pairs, year over year)

Results are streamed: each worker sends back the Report, a similarity sketch (MinHash
signatures, a few hundred bytes) and the plan items — never the text. The few files the
summary must look at again (near-duplicate candidates, year-over-year pairs) are read again
at the end.

No printing, no exit codes here: the command (checker/commands/batch.py) does that.
"""
from __future__ import annotations

import glob
import os
import time
from array import array
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Sequence

from checker.errors import CheckerError, InputError
from checker.model import Pack, Report, Severity, Status
from checker.review import similarity as sim
from checker.review import yoy
from checker.review.model import (EXPORT_MARKER, BatchSummary, FileResult, PlanItemCarry, RuleStat, SectionMatch,
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
    with context.Pool(jobs, initializer=init_worker, initargs=(config,)) as pool:
        yield from pool.imap_unordered(func, jobs_list, chunksize=chunk)


# A second look costs a worker jieba's start-up (~1 s) before it can help, so the pool is only
# worth it for a handful of files or more.
SECOND_LOOK_POOL_FROM = 6

Mapper = Callable[[Callable, list], Iterable]  # (func, jobs) -> results, in any order


def mapper(config: WorkerConfig, jobs: int) -> Mapper:
    """How the second look (near-duplicate verification, year over year) runs its jobs."""
    return lambda func, jobs_list: parallel_map(func, jobs_list, config, jobs, SECOND_LOOK_POOL_FROM)


# --- aggregating --------------------------------------------------------------------------------

def aggregate(results: Iterable[FileResult], pack: Pack, settings: sim.Settings, second_look: Mapper | None = None,
              similarity: bool = True, seconds: float = 0.0) -> BatchSummary:
    """Fold the result stream into a summary. ``second_look`` runs the jobs that read a few
    files again (near-duplicate candidates, year-over-year pairs); without it those are skipped."""
    finder = sim.CandidateFinder(settings) if similarity else None
    reports: dict[int, Report] = {}
    plans: dict[int, tuple[str, ...]] = {}
    sections: dict[int, tuple] = {}
    shared: dict[str, str] = {}
    for result in results:
        reports[result.index] = _share_strings(result.report, shared)
        if result.plan_items:
            plans[result.index] = result.plan_items
        if finder is not None and result.sketch is not None:
            finder.add(result.index, result.sketch)
            sections[result.index] = result.sketch.sections
    ordered = tuple(reports[i] for i in sorted(reports))

    similar: tuple[SimilarPair, ...] = ()
    year_pairs: tuple[YearPair, ...] = ()
    if second_look is not None:
        # One round of jobs for both views, so that one pool (and one jieba load per worker) serves.
        candidates = finder.candidates() if finder is not None else []
        needed = sorted({i for c in candidates for i in (c.a, c.b)})
        entries = [(i, r.meta.agency, r.meta.year) for i, r in sorted(reports.items())
                   if r.error is None and r.meta]  # in file order: the first of two same-year reports wins
        jobs = [("shingle", i, reports[i].path) for i in needed]
        jobs += [("carry", previous, current, plans[previous], reports[current].path)
                 for previous, current in yoy.pairs(entries) if plans.get(previous)]
        shingled: dict[int, tuple[bytes, tuple[bytes, ...]]] = {}
        carried: list[tuple[int, int, tuple[PlanItemCarry, ...]]] = []
        for kind, *answer in second_look(second_look_one, jobs) if jobs else ():
            if kind == "shingle" and answer[1] is not None:
                shingled[answer[0]] = (answer[1], answer[2])
            elif kind == "carry" and answer[2] is not None:
                carried.append(tuple(answer))
        similar = tuple(verify(candidates, reports, sections, settings, shingled))
        year_pairs = year_over_year(reports, carried)
    return summarise(ordered, pack, similar, year_pairs, similarity_checked=finder is not None, seconds=seconds)


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
              seconds: float = 0.0) -> BatchSummary:
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
    totals = Totals(files=len(reports), checked=len(checked), passed=passed, failed=len(checked) - passed,
                    errors=len(errors), mean_score=round(sum(scores) / len(scores), 1) if scores else None,
                    similar_pairs=len(similar), seconds=round(seconds, 2))
    return BatchSummary(pack=pack, reports=tuple(reports), ranking=ranking, missing=missing, rules=tuple(stats),
                        similar=tuple(similar), yoy=tuple(year_pairs), totals=totals,
                        similarity_checked=similarity_checked, rule_ids=tuple(r.id for r in pack.rules),
                        rule_titles=tuple(titles[r.id] for r in pack.rules))


# --- the second look: near-duplicates --------------------------------------------------------

def verify(candidates: Sequence[sim.Candidate], reports: dict[int, Report], sections: dict[int, tuple],
           settings: sim.Settings, shingled: dict[int, tuple[bytes, tuple[bytes, ...]]]) -> list[SimilarPair]:
    """Exact word-shingle similarity of each candidate pair (and of its candidate sections).

    ``shingled``: for each report concerned, its word-shingle hashes as sorted 32-bit arrays
    (~20 KB a report; see shingle_one), the whole report first, then each long section."""
    found: list[SimilarPair] = []
    for candidate in candidates:
        if candidate.a not in shingled or candidate.b not in shingled:
            continue
        left, right = shingled[candidate.a], shingled[candidate.b]
        whole = round(sim.jaccard(_set(left[0]), _set(right[0])), 3)
        matches: list[SectionMatch] = []
        sa, sb = sections.get(candidate.a, ()), sections.get(candidate.b, ())
        for i, j, _estimate in candidate.sections:
            if i >= len(left[1]) or j >= len(right[1]) or i >= len(sa) or j >= len(sb):
                continue
            value = round(sim.jaccard(_set(left[1][i]), _set(right[1][j])), 3)
            if value >= settings.section_threshold:
                matches.append(SectionMatch(sa[i].label, sa[i].line, sb[j].label, sb[j].line, value))
        # A section pair inside a matching pair of enclosing sections says nothing more.
        pairs = {(sa[m_i].line, sb[m_j].line) for m_i, m_j in _positions(matches, sa, sb)}
        matches = [m for m in matches if not _inside_matched(m, sa, sb, pairs)]
        if whole >= settings.report_threshold or matches:
            matches.sort(key=lambda m: (-m.similarity, m.a_line))
            found.append(SimilarPair(reports[candidate.a].path, reports[candidate.b].path, whole,
                                     whole >= settings.report_threshold, tuple(matches)))
    found.sort(key=lambda p: (-p.whole, -max([p.similarity] + [m.similarity for m in p.sections]), p.a, p.b))
    return found


def _set(packed: bytes) -> set[int]:
    values = array("I")
    values.frombytes(packed)
    return set(values)


def _packed(values: set[int]) -> bytes:
    return array("I", sorted(values)).tobytes()


def shingle_one(job: tuple[int, str]) -> tuple[int, bytes | None, tuple[bytes, ...]]:
    """Worker job: read one file again, cut it with jieba, return its word-shingle hashes (the
    whole report, then each long section in sketch order). None when it cannot be read now."""
    index, path = job
    config: WorkerConfig = _STATE["config"]
    try:
        ctx = _reanalyse(path)
    except CheckerError:
        return index, None, ()
    whole, parts = _word_shingles(ctx, config.min_section_chars, tokenizer())
    return index, _packed(whole), tuple(_packed(p) for p in parts)


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


def _word_shingles(ctx, min_section_chars: int, tokenize: Callable[[str], list[str]]):
    """Word 3-shingles of the whole report and of each long section. jieba cuts the text once,
    piece by piece between section boundaries (headings start lines, and jieba never joins
    across a line break), and each section's words are the pieces it covers."""
    norm = ctx.norm
    text = norm.text
    spans = []
    for _label, _line, start, end, _parent in report_sections(ctx):
        if end - start >= min_section_chars:
            spans.append((norm.norm_offset(start), norm.norm_offset(max(start, end - 1)) + 1))
    cuts = sorted({0, len(text), *[a for a, _ in spans], *[b for _, b in spans]})
    pieces = [(a, _words(tokenize, text[a:b])) for a, b in zip(cuts, cuts[1:])]
    whole = sim.word_shingles([w for _, words in pieces for w in words])
    parts = [sim.word_shingles([w for start, words in pieces if a <= start < b for w in words]) for a, b in spans]
    return whole, parts


def _positions(matches, sa, sb):
    by_line_a = {section.line: k for k, section in enumerate(sa)}
    by_line_b = {section.line: k for k, section in enumerate(sb)}
    return [(by_line_a[m.a_line], by_line_b[m.b_line]) for m in matches]


def _inside_matched(match: SectionMatch, sa, sb, pairs: set[tuple[int, int]]) -> bool:
    a = next((s for s in sa if s.line == match.a_line), None)
    b = next((s for s in sb if s.line == match.b_line), None)
    if a is None or b is None or a.parent is None or b.parent is None:
        return False
    return (sa[a.parent].line, sb[b.parent].line) in pairs


def _words(tokenize: Callable[[str], list[str]], text: str) -> list[str]:
    return [w for w in tokenize(text) if any(ch.isalnum() for ch in w)]


# --- the second look: year over year -----------------------------------------------------------

def year_over_year(reports: dict[int, Report],
                   carried: Iterable[tuple[int, int, tuple[PlanItemCarry, ...]]]) -> tuple[YearPair, ...]:
    found = []
    for previous, current, items in carried:
        prev, cur = reports[previous], reports[current]
        found.append(YearPair(agency=cur.meta.agency or "", previous=prev.path, previous_year=prev.meta.year,
                              current=cur.path, current_year=cur.meta.year, items=items))
    found.sort(key=lambda p: (p.agency, p.current_year, p.current))
    return tuple(found)


def second_look_one(job: tuple):
    """Worker job of the second look: ("shingle", index, path) or ("carry", previous, current,
    plan items, path); the answer starts with the same word."""
    if job[0] == "shingle":
        return ("shingle", *shingle_one(job[1:]))
    return ("carry", *carry_one(job[1:]))


def carry_one(job: tuple[int, int, tuple[str, ...], str]):
    """Worker job: read year N's report again; which of N−1's plan items its measures take up."""
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
                    for item, overlap, status, terms in yoy.carry_over(items, key, tokenizer()))
    return previous, current, carried


def tokenizer() -> Callable[[str], list[str]]:
    """jieba's cut (checker.analysis.text.tokens), loaded on first use in this process.

    On Python ≥ 3.12 jieba's uncompiled sources emit SyntaxWarnings (an error under -W error):
    they are silenced around its import and dictionary load; its "Building prefix dict" chatter
    on stderr is turned down.
    """
    if "tokenize" not in _STATE:
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
    return _STATE["tokenize"]


def similarity_settings(pack_ref: str, pack_path: Sequence[str] = ()) -> sim.Settings:
    """The pack's ``similarity:`` block (after ``extends``), or the defaults."""
    from checker.judge import packs

    data, _ = packs.load_raw(pack_ref, search=tuple(pack_path))
    return sim.Settings.from_pack_data(data.get("similarity"))
