"""What `fzcheck check` does, as a CLI-level module (it reads and writes files, prints).

    config ─ pack (+ overrides) ─ paths (+ include/exclude) ─ read ─ evaluate
        ─ sections (when fingerprints are needed) ─ [write baseline] ─ gate ─ render × outputs

Outputs: ``--format NAME`` goes to standard output (one at most), ``--format NAME:FILE`` to a
file (any number). Without a standard-output format the default one is added: ``table``, or
``github`` when the CLI saw GITHUB_ACTIONS. A file output never replaces a report being
checked, and writing to a file never changes the exit code.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Sequence

import click

from checker.errors import CheckerError

FORMATS = ("table", "json", "sarif", "junit", "github", "markdown")
EXIT_OK, EXIT_GATE, EXIT_ERROR = 0, 1, 2
MAX_BASELINE_BYTES = 64 * 1024 * 1024  # a baseline of a thousand reports is a few MB


def _say(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def parse_outputs(values: Sequence[str] | str, github: bool, lang: str) -> list[tuple[str, str | None]]:
    """``[(format, file or None)]``; the standard-output one first."""
    if isinstance(values, str):
        values = (values,)
    outputs: list[tuple[str, str | None]] = []
    for value in values:
        name, colon, file = value.partition(":")
        name = name.strip().lower()
        if name not in FORMATS:
            raise CheckerError(f"未知的输出格式“{name}”（可用：{'、'.join(FORMATS)}；写入文件用 格式:文件）",
                               f"unknown output format '{name}' (choose from {', '.join(FORMATS)}; FORMAT:FILE writes a file)")
        if colon and not file.strip():
            raise CheckerError(f"--format {value}：冒号后缺少文件名", f"--format {value}: no file name after the colon")
        outputs.append((name, file.strip() or None))
    to_stdout = [name for name, file in outputs if file is None]
    if len(to_stdout) > 1:
        raise CheckerError(f"只能有一种格式输出到屏幕（现有：{'、'.join(to_stdout)}）；其余请用 格式:文件 写入文件",
                           f"only one format can go to standard output (got {', '.join(to_stdout)}); "
                           f"write the others to files with FORMAT:FILE")
    if not to_stdout:
        outputs.insert(0, ("github" if github else "table", None))
    files = [os.path.abspath(file) for _, file in outputs if file]
    if len(files) != len(set(files)):
        raise CheckerError("两个输出格式写入了同一个文件", "two output formats write to the same file")
    outputs.sort(key=lambda output: output[1] is not None)
    return outputs


def guard_inputs(targets: Sequence[str], paths: Sequence[str], lang: str = "zh") -> None:
    """Never write over a report being checked, a file fzcheck did not write, a read-only file or
    a special file (checker/commands/_outputs.py), checked before any work is done."""
    from checker.commands import _outputs

    _outputs.guard(targets, paths, lang)


def select_paths(paths: Sequence[str], settings, cwd: Path, force_exclude: bool, lang: str) -> list[str]:
    from checker.ci import config

    if not paths:
        if not settings.include:
            raise CheckerError("没有要检查的文件：请给出报告路径，或在 .fzcheck.yaml 的 include 中写明要检查的文件",
                               "nothing to check: give report paths, or list the files under include in .fzcheck.yaml")
        found = config.discover(settings, cwd)
        if not found:
            where = settings.config_path or ""
            raise CheckerError(f"配置的 include 没有匹配到任何文件（{where}）",
                               f"the config's include matched no files ({where})")
        return found
    if not force_exclude:
        return list(paths)
    root, here = settings.root, str(cwd)
    return [p for p in paths if config.selected(config.relative(p, root, here), settings.include, settings.exclude)]


def read_baseline(file: str, cwd: Path, lang: str):
    from checker.ci import baseline as baseline_module
    from checker.ci.config import display

    from checker.readers.bounded import read_utf8

    shown = display(file, cwd)
    if not os.path.lexists(file):
        raise CheckerError(f"找不到基线文件：{shown}（用 --write-baseline 生成）",
                           f"baseline file not found: {shown} (write one with --write-baseline)")
    # a regular file of bounded size: /dev/zero or a FIFO as --baseline must not hang or fill memory
    text = read_utf8(file, MAX_BASELINE_BYTES, ("基线文件", "baseline file"), CheckerError, shown)
    return baseline_module.parse(text, shown, str(Path(file).resolve().parent))


def write_file(target: str, text: str, inputs: Sequence[str] = (), lang: str = "zh", force: bool = False) -> None:
    """Write ``text`` (UTF-8) to ``target`` under the output rule of checker/commands/_outputs.py:
    a new file or an earlier fzcheck output only, through a temporary file that never stays behind."""
    from checker.commands import _outputs

    _outputs.write(target, text.encode("utf-8"), inputs, lang, make_folder=True, force=force)


def render(name: str, reports, pack, lang: str, notices, to_stdout: bool, width: int | None = None,
           lines=None) -> str:
    """One output. Document, file-name and pack strings reach a terminal, a Markdown file or a
    GitHub log without their control characters (checker.render.terminal); JSON keeps its
    values and escapes the C1 characters json.dumps leaves raw."""
    import importlib

    from checker.render import terminal

    module = importlib.import_module(f"checker.render.{name}")
    if name == "json":
        return terminal.clean_json(module.render(reports, pack, lang=lang, notices=notices))
    if name == "sarif":  # with the files' lines: regions as they stand in the file, and their context
        return terminal.clean_json(module.render(reports, pack, lang=lang, notices=notices, lines=lines or {}))
    reports, pack, notices = terminal.clean_model(list(reports)), terminal.clean_model(pack), terminal.clean_model(notices)
    if name == "table":
        from checker.commands._common import DEFAULT_WIDTH, output_width

        tty = to_stdout and sys.stdout.isatty()
        color = tty and "NO_COLOR" not in os.environ
        width = output_width(width) if to_stdout else (width or DEFAULT_WIDTH)
        return module.render(reports, pack, lang=lang, width=width, color=color)
    return module.render(reports, pack, lang=lang, notices=notices)


def run(pack_name: str | None, output_format: Sequence[str] | str, fail_under: float | None, lang: str, debug: bool,
        paths: Sequence[str], options) -> int:
    import datetime

    from checker.ci import config, gate
    from checker.commands._common import _write_stdout, say_err
    from checker.judge import packs
    from checker.judge.engine import evaluate
    from checker.model import Report
    from checker.readers import read_path

    cwd = Path.cwd()
    settings = config.resolve(cwd, options.today or datetime.date.today(), options.config_file, pack=pack_name,
                              fail_under=fail_under, fail_on=options.fail_on, baseline=options.baseline_file, lang=lang)
    outputs = parse_outputs(output_format or (), options.github, lang)
    paths = select_paths(paths, settings, cwd, options.force_exclude, lang)
    targets = [file for _, file in outputs if file] + ([options.write_baseline] if options.write_baseline else [])
    guard_inputs(targets, paths, lang)
    # --pack-path folders first, then the config's pack_path
    search = tuple(getattr(options, "pack_path", ())) + settings.pack_path
    if not packs.is_builtin(settings.pack, search):  # a built-in pack is validated by the tests
        from checker.authoring.validate import require_valid

        require_valid(settings.pack, search)  # a pack `rules validate` rejects is never used to pass reports
    pack = packs.load(settings.pack, search)
    pack, waivers, pack_notices = config.apply_to_pack(settings, pack, lang)
    baseline = read_baseline(settings.baseline, cwd, lang) if settings.baseline else None
    if not paths:  # --force-exclude filtered out every file (pre-commit with only excluded files staged)
        return EXIT_OK

    reports = []
    lines = {}  # the reports' lines, for SARIF's context regions (only when SARIF is asked for)
    keep_lines = any(name == "sarif" for name, _ in outputs)
    unreadable = 0
    for path in paths:
        try:
            document = read_path(path)
        except CheckerError as exc:
            if debug:
                raise
            unreadable += 1
            reports.append(Report(path=path, error=exc.message(lang)))
            say_err(_say(lang, "错误：", "error: ") + exc.message(lang))
            continue
        reports.append(evaluate(document, pack, lang, settings.fail_under))
        if keep_lines:
            lines[len(reports) - 1] = document.lines

    if options.write_baseline:
        baseline = write_baseline(options.write_baseline, reports, pack, cwd, lang, paths)
    policy = gate.Policy(fail_under=settings.fail_under, fail_on=settings.fail_on, waivers=waivers,
                         root=settings.root, cwd=str(cwd), baseline=baseline)
    reports = [gate.apply(report, pack, policy, lang) for report in reports]
    notices = settings.notices + pack_notices + gate.unused_waivers(reports, waivers, lang)
    for notice in notices:
        say_err(_say(lang, "提示：", "note: ") + notice.message)
    tally = gate.counts(reports)
    parts = ([_say(lang, f"{tally['waived']} 处缺项已豁免", f"{tally['waived']} gaps waived")] if tally["waived"] else []) + \
            ([_say(lang, f"{tally['baselined']} 处缺项基线中已有", f"{tally['baselined']} gaps known from the baseline")]
             if tally["baselined"] else [])
    if parts:
        say_err(_say(lang, "提示：" + "，".join(parts) + "，不影响结论",
                     "note: " + " and ".join(parts) + "; they do not fail the check"))

    for name, file in outputs:
        if file is None and unreadable == len(paths) and name == "table":
            continue  # nothing to tabulate: the errors are already on stderr
        text = render(name, reports, pack, lang, notices, to_stdout=file is None, width=getattr(options, "width", None),
                      lines=lines)
        if file is None:
            _write_stdout(text, safe=True)  # render() cleaned what the document and the pack put in
        else:
            write_file(file, text, paths, lang)
    if unreadable:
        return EXIT_ERROR
    return EXIT_OK if all(r.score and r.score.passed for r in reports) else EXIT_GATE


def write_baseline(target: str, reports, pack, cwd: Path, lang: str, inputs: Sequence[str] = ()):
    """Record today's gaps (keeping what an earlier baseline in that file recorded about other
    reports) and return the baseline the gate then uses."""
    from checker.ci import baseline as baseline_module
    from checker.ci.config import display

    root = str(Path(target).resolve().parent)
    old = None
    if os.path.exists(target):
        try:
            old = read_baseline(target, cwd, lang)
        except CheckerError:
            raise CheckerError(f"不会覆盖不是 fzcheck 基线的文件：{display(target, cwd)}",
                               f"will not overwrite a file that is not an fzcheck baseline: {display(target, cwd)}") from None
    keys = baseline_module.keys_for([r.path for r in reports], root, str(cwd))
    data = baseline_module.merge(old, baseline_module.build(reports, keys, pack))
    write_file(target, baseline_module.dumps(data), inputs, lang)
    return baseline_module.Baseline(source=display(target, cwd), root=root, reports=data["reports"])
