"""The command line: the only module that touches the outside world (files, stdout, exit codes).

Exit codes (⚑ design.md): 0 every report passed its gate; 1 at least one did not;
2 the tool could not do its job — one clear line on stderr, no traceback unless --debug.
"""
from __future__ import annotations

import os
import shutil
import sys
from typing import Sequence

import click

from checker import __version__
from checker.errors import CheckerError

EXIT_OK, EXIT_GATE, EXIT_ERROR = 0, 1, 2

LANG_OPTION = click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
                           help="输出语言 / output language (zh, en)")
DEBUG_OPTION = click.option("--debug", is_flag=True, default=False, help="出错时显示完整的错误信息 / show tracebacks")


def _lang(ctx: click.Context, lang: str | None) -> str:
    if lang:
        return lang
    root = ctx.find_root()
    return (root.params.get("lang") if root and root.params else None) or "zh"


def _debug(ctx: click.Context, debug: bool) -> bool:
    root = ctx.find_root()
    return debug or bool(root and root.params and root.params.get("debug"))


def fail(message: str) -> None:
    """One line on stderr, exit status 2."""
    click.echo(message, err=True)
    sys.exit(EXIT_ERROR)


def run_guarded(func, lang: str, debug: bool):
    """Run ``func``; a CheckerError or any unexpected error becomes one line and exit 2."""
    try:
        return func()
    except CheckerError as exc:
        if debug:
            raise
        fail(("错误：" if lang != "en" else "error: ") + exc.message(lang))
    except (KeyboardInterrupt, BrokenPipeError):
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 — the promise is: no traceback without --debug
        if debug:
            raise
        text = f"{type(exc).__name__}: {exc}"
        fail(f"内部错误：{text}（加 --debug 查看详情）" if lang != "en" else f"internal error: {text} (use --debug for details)")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fzcheck")
@LANG_OPTION
@DEBUG_OPTION
def cli(lang: str | None, debug: bool) -> None:
    """fzcheck — 法治政府建设年度报告检查工具。

    检查报告是否包含规定的各项内容，打印缺项表。Checks annual rule-of-law government
    reports against a rule pack and prints the gap table.
    """


@cli.command("check")
@click.option("--pack", "pack_name", default="fazhi", show_default=True, metavar="NAME|FILE",
              help="规则包名称或 YAML 文件 / built-in pack name or YAML file")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="输出格式 / output format")
@click.option("--fail-under", type=click.FloatRange(0, 100), default=None, metavar="SCORE",
              help="得分低于此值即不通过（默认用规则包的及格线） / gate score (default: the pack's pass mark)")
@LANG_OPTION
@DEBUG_OPTION
@click.argument("paths", nargs=-1, required=True)
@click.pass_context
def check(ctx: click.Context, pack_name: str, output_format: str, fail_under: float | None,
          lang: str | None, debug: bool, paths: Sequence[str]) -> None:
    """检查一份或多份报告（.txt .md .docx .pdf .html …；- 表示标准输入）。

    Check one or more reports ('-' reads standard input).
    """
    lang = _lang(ctx, lang)
    debug = _debug(ctx, debug)
    code = run_guarded(lambda: _check(pack_name, output_format, fail_under, lang, debug, paths), lang, debug)
    sys.exit(code)


def _check(pack_name: str, output_format: str, fail_under: float | None, lang: str, debug: bool,
           paths: Sequence[str]) -> int:
    from checker import packs
    from checker.engine import evaluate
    from checker.model import Report
    from checker.readers import read_path

    pack = packs.load(pack_name)
    reports = []
    unreadable = 0
    for path in paths:
        try:
            document = read_path(path)
        except CheckerError as exc:
            if debug:
                raise
            unreadable += 1
            reports.append(Report(path=path, error=exc.message(lang)))
            click.echo(("错误：" if lang != "en" else "error: ") + exc.message(lang), err=True)
            continue
        reports.append(evaluate(document, pack, lang, fail_under))
    if unreadable == len(paths) and output_format == "table":
        return EXIT_ERROR
    _emit(reports, pack, output_format, lang)
    if unreadable:
        return EXIT_ERROR
    return EXIT_OK if all(r.score and r.score.passed for r in reports) else EXIT_GATE


def _emit(reports, pack, output_format: str, lang: str) -> None:
    if output_format == "json":
        from checker.render import json as renderer

        text = renderer.render(reports, pack)
    else:
        from checker.render import table as renderer

        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        width = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100
        text = renderer.render(reports, pack, lang=lang, width=width, color=color)
    _write_stdout(text)


def _write_stdout(text: str) -> None:
    stream = sys.stdout
    try:
        stream.write(text)
    except UnicodeEncodeError:
        # a console that cannot show Chinese (a GBK or ASCII locale): write UTF-8 bytes
        stream.flush()
        stream.buffer.write(text.encode("utf-8"))
    stream.flush()


# Sub-commands living in checker/commands/<name>.py, each exposing `command`. Their modules
# import only click at the top (heavy work is imported inside the command), so start-up stays lean.
COMMAND_MODULES: tuple[str, ...] = ()


def _register_commands() -> None:
    import importlib

    for name in COMMAND_MODULES:
        module = importlib.import_module(f"checker.commands.{name}")
        cli.add_command(module.command)


_register_commands()


def main() -> None:
    cli(prog_name="fzcheck")
