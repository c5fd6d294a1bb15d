"""`fzcheck batch`: check a folder of reports, rank them, export the review (checker/review/batch.py does the work).

Exit codes: 0 every file was checked and passed its gate; 1 at least one report did not pass,
or a file could not be read (it is listed with its reason); 2 no file could be checked at all,
or bad input (pack, option, output path) — one line on stderr.
"""
from __future__ import annotations

import os
import sys
from typing import Sequence

import click

from checker.commands._common import (DEBUG_OPTION, LANG_OPTION, WIDTH_OPTION, _debug, _lang, _write_stdout, output_width,
                                      run_guarded, say_err)

EXPORTS = (".xlsx", ".csv", ".json", ".html", ".htm")
EXIT_OK, EXIT_GATE, EXIT_ERROR = 0, 1, 2


def _say(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


@click.command("batch")
@click.option("--pack", "pack_name", default="fazhi", show_default=True, metavar="NAME|FILE",
              help="规则包名称或 YAML 文件 / built-in pack name or YAML file")
@click.option("--pack-path", "pack_path", multiple=True, metavar="DIR",
              help="先在这些文件夹中按名称查找规则包 / folders searched for packs by name before the built-ins")
@click.option("--jobs", "-j", type=click.IntRange(0, 256), default=0, show_default=True, metavar="N",
              help="并行进程数（0 表示按 CPU 核数；文件少时总是在本进程内依次检查） / worker processes "
                   "(0: one per CPU; small batches always run in this process)")
@click.option("--out", "-o", "outputs", multiple=True, metavar="FILE",
              help="导出文件，按扩展名：.xlsx .csv .json .html；可重复 / export by extension: .xlsx .csv .json "
                   ".html; repeatable")
@click.option("--quiet", "-q", is_flag=True, default=False, help="不显示进度条和提示 / no progress bar or notes")
@click.option("--fail-under", type=click.FloatRange(0, 100), default=None, metavar="SCORE",
              help="得分低于此值即不通过（默认用规则包的及格线） / gate score (default: the pack's pass mark)")
@click.option("--no-similarity", is_flag=True, default=False,
              help="不检查雷同和逐年对比 / skip similar-report detection and the year-over-year view")
@WIDTH_OPTION
@LANG_OPTION
@DEBUG_OPTION
@click.argument("paths", nargs=-1, required=True)
@click.pass_context
def command(ctx: click.Context, pack_name: str, pack_path: Sequence[str], jobs: int, outputs: Sequence[str], quiet: bool,
            fail_under: float | None, no_similarity: bool, lang: str | None, debug: bool, paths: Sequence[str],
            width: int | None = None) -> None:
    """批量检查文件夹中的报告：排名、各规则缺项统计、雷同报告、逐年对比，并导出 Excel / CSV / JSON / HTML。

    Check a batch of reports (folders recursively, glob patterns, files): ranking, per-rule
    counts, similar reports, year over year; export .xlsx / .csv / .json / .html.
    """
    lang = _lang(ctx, lang)
    debug = _debug(ctx, debug)
    code = run_guarded(lambda: _batch(pack_name, jobs, outputs, quiet, fail_under, no_similarity, lang, paths,
                                      tuple(pack_path), width), lang, debug)
    sys.exit(code)


def _batch(pack_name: str, jobs: int, outputs: Sequence[str], quiet: bool, fail_under: float | None,
           no_similarity: bool, lang: str, paths: Sequence[str], pack_path: tuple[str, ...] = (),
           width: int | None = None) -> int:
    import time

    from checker.errors import CheckerError
    from checker.judge import packs
    from checker.review import batch

    started = time.perf_counter()
    _check_outputs(outputs, lang)
    if not packs.is_builtin(pack_name, pack_path):  # a built-in pack is validated by the tests
        from checker.authoring.validate import require_valid

        require_valid(pack_name, pack_path)  # a pack `rules validate` rejects is never used to pass reports
    pack = packs.load(pack_name, pack_path)
    settings = batch.similarity_settings(pack_name, pack_path)
    similarity = settings.enabled and not no_similarity
    collected = batch.collect(paths)
    notes = not quiet
    for pattern in collected.unmatched:
        if notes:
            say_err(_say(lang, f"提示：{pattern} 中没有找到报告文件", f"note: no report file in {pattern}"))
    if not collected.files and not collected.unreadable:
        raise CheckerError("没有找到报告文件（支持 " + " ".join(batch.REPORT_EXTENSIONS) + "）",
                           "no report files found (looked for " + " ".join(batch.REPORT_EXTENSIONS) + ")")
    _refuse_inputs_as_outputs(outputs, collected.files, lang)

    workers = jobs or (os.cpu_count() or 1)
    config = batch.WorkerConfig(pack_ref=pack_name, pack_path=pack_path, lang=lang, fail_under=fail_under, similarity=similarity,
                                min_section_chars=settings.min_section_chars)
    results = _with_unreadable(batch.run(collected.files, config, workers), collected, lang)
    second_look = batch.mapper(config, workers)
    if notes and sys.stderr.isatty():
        results = _with_progress(results, len(collected.files), _say(lang, "检查中", "checking"))
        plain_look = second_look

        def second_look(func, jobs):  # near-duplicates and year over year: a second, short bar
            return _with_progress(plain_look(func, jobs), len(jobs), _say(lang, "比对中", "comparing"))

    summary = batch.aggregate(results, pack, settings, second_look=second_look, similarity=similarity,
                              seconds=time.perf_counter() - started, year_over_year=not no_similarity)
    if summary.totals.checked == 0:
        first = next((r.error for r in summary.reports if r.error), "")
        raise CheckerError(f"没有一份报告能够检查（{summary.totals.errors} 个文件均无法读取；例如 {first}）",
                           f"no report could be checked ({summary.totals.errors} files unreadable; e.g. {first})")

    from checker.render import batch_table

    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    from checker.render.terminal import clean_model

    # file names and document text reach the terminal without their control characters
    _write_stdout(batch_table.render(clean_model(summary), lang=lang, width=output_width(width), color=color), safe=True)
    for path in outputs:
        _export(summary, path, lang, collected.files)
        if notes:
            say_err(_say(lang, f"已写入 {path}", f"wrote {path}"))
    every_passed = summary.totals.passed == summary.totals.files
    return EXIT_OK if every_passed else EXIT_GATE


def _with_unreadable(results, collected, lang: str):
    """The results, then one error row per folder that could not be listed (after the files)."""
    from checker.model import Report
    from checker.review.model import FileResult

    yield from results
    for offset, (path, zh, en) in enumerate(collected.unreadable):
        yield FileResult(len(collected.files) + offset, path, Report(path=path, error=_say(lang, zh, en)))


def _check_outputs(outputs: Sequence[str], lang: str) -> None:
    from checker.errors import CheckerError

    seen = set()
    for path in outputs:
        ext = os.path.splitext(path)[1].lower()
        if ext not in EXPORTS:
            raise CheckerError(f"不支持的导出格式：{path}（按扩展名选择：{' '.join(EXPORTS)}）",
                               f"unsupported export: {path} (chosen by extension: {' '.join(EXPORTS)})")
        if os.path.isdir(path):
            raise CheckerError(f"导出路径是一个文件夹：{path}", f"the export path is a folder: {path}")
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise CheckerError(f"导出文件夹不存在：{folder}", f"the export folder does not exist: {folder}")
        real = os.path.realpath(path)
        if real in seen:
            raise CheckerError(f"同一个导出文件给了两次：{path}", f"the same export file is given twice: {path}")
        seen.add(real)


def _refuse_inputs_as_outputs(outputs: Sequence[str], files: Sequence[str], lang: str) -> None:
    """Never overwrite a report being checked (by inode: hard links too), a file fzcheck did not
    write, a read-only or a special file (checker/commands/_outputs.py) — before the batch runs."""
    from checker.commands import _outputs

    _outputs.guard(outputs, files, lang)


def _with_progress(results, total: int, label: str):
    """A rich progress bar on stderr. No refresh thread (a pool may fork while it runs)."""
    import time

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    progress = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(),
                        TimeRemainingColumn(), console=console, transient=True, auto_refresh=False)
    task = progress.add_task("", total=total)
    last = 0.0
    with progress:
        for result in results:
            progress.advance(task)
            now = time.monotonic()
            if now - last > 0.1:
                progress.refresh()
                last = now
            yield result


def _export(summary, path: str, lang: str, inputs: Sequence[str] = ()) -> None:
    ext = os.path.splitext(path)[1].lower()
    if ext == ".xlsx":
        from checker.render import xlsx

        data = xlsx.render_bytes(summary, lang=lang)
    elif ext == ".csv":
        from checker.render import csv

        data = csv.render(summary, lang=lang).encode("utf-8")
    elif ext == ".json":
        from checker.render import batch_json

        data = batch_json.render(summary, lang=lang).encode("utf-8")
    else:
        from checker.render import html

        data = html.render(summary, lang=lang).encode("utf-8")
    from checker.commands import _outputs

    _outputs.write(path, data, inputs, lang)
