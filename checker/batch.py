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
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Sequence

from checker import similarity as sim
from checker import yoy
from checker.batch_model import (EXPORT_MARKER, BatchSummary, FileResult, PlanItemCarry, RuleStat, SectionMatch, SimilarPair,
                                 Totals, YearPair)
from checker.errors import CheckerError, InputError
from checker.model import Pack, Report, Severity, Status

REPORT_EXTENSIONS = (".txt", ".md", ".docx", ".pdf", ".html", ".htm", ".mht", ".doc", ".wps", ".ofd")

# Below this many files the batch runs in this process: a pool costs a start-up per worker
# (fork + the pack loaded again: ~0.1 s; with spawn/forkserver, the imports too: ~0.3 s) and
# measured on this 2-core machine (benchmarks/bench_batch.py --crossover, reports of ~8,000
# characters, ~12 ms each) two workers only win from about 30 files on.
POOL_MIN_FILES = 32


@dataclass(frozen=True)
class Collected:
    files: tuple[str, ...]
    unmatched: tuple[str, ...]  # patterns or folders that gave no report file


@dataclass(frozen=True)
class WorkerConfig:
    pack_ref: str
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
    seen: set[str] = set()

    def add(path: str) -> None:
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            files.append(path)

    for arg in paths:
        if os.path.isdir(arg):
            found = list(_walk(arg))
        elif glob.has_magic(arg) and not os.path.exists(arg):
            found = []
            for match in sorted(glob.glob(arg, recursive=True)):
                if os.path.isdir(match):
                    found.extend(_walk(match))
                elif _is_report_file(match):
                    found.append(match)
        else:
            add(arg)
            continue
        if not found:
            unmatched.append(arg)
        for path in found:
            add(path)
    return Collected(tuple(files), tuple(unmatched))


def _walk(folder: str) -> Iterator[str]:
    for root, dirs, names in os.walk(folder):
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
    try:
        with open(path, "rb") as handle:
            return EXPORT_MARKER.encode("ascii") in handle.read(4096)
    except OSError:
        return False


# --- checking one file (runs in a worker) ---------------------------------------------------

_STATE: dict = {}


def init_worker(config: WorkerConfig) -> None:
    """Pool initializer: load the pack once per worker (and warm its compiled caches)."""
    from checker import packs

    _STATE["config"] = config
    _STATE["pack"] = packs.load(config.pack_ref)


def check_one(job: tuple[int, str]) -> FileResult:
    """Read and check one file; any failure becomes an error row. Small and picklable result."""
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


def evaluate_with_context(document, pack: Pack, lang: str, fail_under: float | None):
    """engine.evaluate, keeping the analysis Context it builds (sections and parts are needed here
    too, and analysing twice would cost half the batch's time).

    evaluate() has no way to hand its Context out, so the module's ``analyse`` is wrapped for
    the duration of the call; if evaluate ever stops calling it, the Context is built again
    (slower, still right).
    """
    from checker import engine

    seen: list = []
    original = engine.analyse

    def keep(*args, **kwargs):
        ctx = original(*args, **kwargs)
        seen.append(ctx)
        return ctx

    engine.analyse = keep
    try:
        report = engine.evaluate(document, pack, lang, fail_under)
    finally:
        engine.analyse = original
    return report, (seen[-1] if seen else original(document, pack, lang))


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
        owners = [s for s in seg.sections if s.start == start]
        top_level = min((s.level for s in owners), default=0)
        for section in seg.sections:
            if start < section.start < end and section.level == top_level + 1:
                title = section.heading.title.strip().rstrip("。；;：:，,")
                if sum(1 for ch in title if "\u4e00" <= ch <= "\u9fff") < 6:  # "（一）队伍建设" says little alone
                    first = norm.text[section.body_start:section.end].lstrip("。；;：:，, \n").split("。")[0]
                    title += ("：" + first.strip()) if first.strip() else ""
                headings.append(title)
        body_start = owners[0].body_start if owners else start
        bodies.append(norm.text[body_start:end])
    return yoy.split_items(headings, "\n".join(bodies))


# --- running the batch ----------------------------------------------------------------------

def use_pool(files: int, jobs: int) -> bool:
    return jobs > 1 and files >= POOL_MIN_FILES


def run(files: Sequence[str], config: WorkerConfig, jobs: int = 1) -> Iterator[FileResult]:
    """Check ``files``; yields results as they come (in completion order with a pool)."""
    jobs = max(1, min(jobs, len(files)))
    if not use_pool(len(files), jobs):
        init_worker(config)
        for job in enumerate(files):
            yield check_one(job)
        return
    import multiprocessing

    chunk = max(1, min(8, len(files) // (jobs * 16)))
    with multiprocessing.get_context().Pool(jobs, initializer=init_worker, initargs=(config,)) as pool:
        yield from pool.imap_unordered(check_one, list(enumerate(files)), chunksize=chunk)


# --- aggregating --------------------------------------------------------------------------------

Reader = Callable[[str], object]  # path -> analysis Context (read again for the second look)


def aggregate(results: Iterable[FileResult], pack: Pack, settings: sim.Settings,
              reanalyse: Reader | None = None, tokenize: Callable[[str], list[str]] | None = None,
              similarity: bool = True, seconds: float = 0.0) -> BatchSummary:
    """Fold the result stream into a summary. ``reanalyse`` reads a file again (for the few
    near-duplicate candidates and year-over-year pairs); ``tokenize`` is jieba's cut."""
    finder = sim.CandidateFinder(settings) if similarity else None
    reports: dict[int, Report] = {}
    plans: dict[int, tuple[str, ...]] = {}
    sections: dict[int, tuple] = {}
    for result in results:
        reports[result.index] = result.report
        if result.plan_items:
            plans[result.index] = result.plan_items
        if finder is not None and result.sketch is not None:
            finder.add(result.index, result.sketch)
            sections[result.index] = result.sketch.sections
    ordered = tuple(reports[i] for i in sorted(reports))
    order_index = {i: k for k, i in enumerate(sorted(reports))}

    similar: tuple[SimilarPair, ...] = ()
    if finder is not None:
        candidates = finder.candidates()
        if candidates and reanalyse is not None and tokenize is not None:
            similar = tuple(verify(candidates, reports, sections, settings, reanalyse, tokenize))
    year_pairs = year_over_year(reports, plans, reanalyse, tokenize) if reanalyse and tokenize else ()
    return summarise(ordered, pack, similar, year_pairs, similarity_checked=finder is not None, seconds=seconds)


def summarise(reports: Sequence[Report], pack: Pack, similar: Sequence[SimilarPair] = (),
              year_pairs: Sequence[YearPair] = (), similarity_checked: bool = True,
              seconds: float = 0.0) -> BatchSummary:
    checked = [i for i, r in enumerate(reports) if r.error is None and r.score is not None]
    errors = [i for i, r in enumerate(reports) if i not in set(checked)]
    ranking = tuple(sorted(checked, key=lambda i: (-reports[i].score.score, reports[i].path))) + tuple(errors)
    missing = tuple(tuple(f.title for f in r.findings if f.severity == Severity.ERROR and f.status == Status.FAIL)
                    for r in reports)
    stats = []
    for rule in pack.rules:
        counts = {status: 0 for status in Status}
        title = rule.title
        for r in reports:
            for finding in r.findings:
                if finding.rule == rule.id:
                    counts[finding.status] += 1
                    title = finding.title
                    break
        stats.append(RuleStat(rule.id, title, rule.severity, counts[Status.FAIL], counts[Status.PARTIAL],
                              counts[Status.PASS], counts[Status.NA]))
    severity_order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    stats.sort(key=lambda s: (-s.fail, -s.partial, severity_order[s.severity], s.rule))
    passed = sum(1 for i in checked if reports[i].score.passed)
    scores = [reports[i].score.score for i in checked]
    totals = Totals(files=len(reports), checked=len(checked), passed=passed, failed=len(checked) - passed,
                    errors=len(errors), mean_score=round(sum(scores) / len(scores), 1) if scores else None,
                    similar_pairs=len(similar), seconds=round(seconds, 2))
    rule_titles = []
    for rule in pack.rules:
        stat = next(s for s in stats if s.rule == rule.id)
        rule_titles.append(stat.title)
    return BatchSummary(pack=pack, reports=tuple(reports), ranking=ranking, missing=missing, rules=tuple(stats),
                        similar=tuple(similar), yoy=tuple(year_pairs), totals=totals,
                        similarity_checked=similarity_checked, rule_ids=tuple(r.id for r in pack.rules),
                        rule_titles=tuple(rule_titles))


# --- the second look: near-duplicates --------------------------------------------------------

def verify(candidates: Sequence[sim.Candidate], reports: dict[int, Report], sections: dict[int, tuple],
           settings: sim.Settings, reanalyse: Reader, tokenize: Callable[[str], list[str]]) -> list[SimilarPair]:
    """Exact word-shingle similarity of each candidate pair (and of its candidate sections)."""
    cache: dict[int, tuple[set[int], list[set[int]]]] = {}

    def shingles(index: int) -> tuple[set[int], list[set[int]]] | None:
        if index not in cache:
            if len(cache) >= 64:  # keep memory bounded on template-cloned batches
                cache.pop(next(iter(cache)))
            try:
                ctx = reanalyse(reports[index].path)
            except CheckerError:
                return None
            cache[index] = _word_shingles(ctx, settings, tokenize)
        return cache[index]

    found: list[SimilarPair] = []
    for candidate in candidates:
        left, right = shingles(candidate.a), shingles(candidate.b)
        if left is None or right is None:
            continue
        whole = round(sim.jaccard(left[0], right[0]), 3)
        matches: list[SectionMatch] = []
        sa, sb = sections.get(candidate.a, ()), sections.get(candidate.b, ())
        for i, j, _estimate in candidate.sections:
            if i >= len(left[1]) or j >= len(right[1]) or i >= len(sa) or j >= len(sb):
                continue
            value = round(sim.jaccard(left[1][i], right[1][j]), 3)
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


def _word_shingles(ctx, settings: sim.Settings, tokenize: Callable[[str], list[str]]):
    """Word 3-shingles of the whole report and of each long section. jieba cuts the text once,
    piece by piece between section boundaries (headings start lines, and jieba never joins
    across a line break), and each section's words are the pieces it covers."""
    norm = ctx.norm
    text = norm.text
    spans = []
    for _label, _line, start, end, _parent in report_sections(ctx):
        if end - start >= settings.min_section_chars:
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

def year_over_year(reports: dict[int, Report], plans: dict[int, tuple[str, ...]], reanalyse: Reader,
                   tokenize: Callable[[str], list[str]]) -> tuple[YearPair, ...]:
    entries = [(i, r.meta.agency, r.meta.year) for i, r in reports.items() if r.error is None and r.meta]
    found = []
    for previous, current in yoy.pairs(entries):
        items = plans.get(previous, ())
        if not items:
            continue
        try:
            ctx = reanalyse(reports[current].path)
        except CheckerError:
            continue
        measures = ctx.parts.get("measures")
        if measures is None or not measures.present:
            key = ""
        else:
            key = "".join(ctx.norm.key[slice(*ctx.norm.key_span(a, b))] for a, b in measures.spans)
        carried = tuple(PlanItemCarry(item, overlap, status, terms)
                        for item, overlap, status, terms in yoy.carry_over(items, key, tokenize))
        prev, cur = reports[previous], reports[current]
        found.append(YearPair(agency=cur.meta.agency or "", previous=prev.path, previous_year=prev.meta.year,
                              current=cur.path, current_year=cur.meta.year, items=carried))
    found.sort(key=lambda p: (p.agency, p.current_year))
    return tuple(found)


def reanalyser(pack: Pack, lang: str) -> Reader:
    """Read a file again and analyse it (for the second look)."""
    from checker.engine import analyse
    from checker.readers import read_path

    def reanalyse(path: str):
        try:
            return analyse(read_path(path), pack, lang)
        except CheckerError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise InputError(f"{path}：{exc}", f"{path}: {exc}") from exc

    return reanalyse


def jieba_tokenizer() -> Callable[[str], list[str]]:
    """jieba's cut, imported here only when similarity or year-over-year needs it.

    On Python ≥ 3.12 jieba's uncompiled sources emit SyntaxWarnings (an error under -W error):
    they are silenced around the import; its "Building prefix dict" chatter is turned down.
    """
    import logging
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        import jieba
    jieba.setLogLevel(logging.WARNING)
    from checker.text import tokens

    return tokens


def lazy_tokenizer() -> Callable[[str], list[str]]:
    """A tokenizer that imports jieba on its first call (most batches never need it)."""
    loaded: list[Callable[[str], list[str]]] = []

    def tokenize(text: str) -> list[str]:
        if not loaded:
            loaded.append(jieba_tokenizer())
        return loaded[0](text)

    return tokenize


def similarity_settings(pack_ref: str) -> sim.Settings:
    """The pack's ``similarity:`` block (after ``extends``), or the defaults."""
    from checker import packs

    data, _ = packs.load_raw(pack_ref)
    return sim.Settings.from_pack_data(data.get("similarity"))
