"""What `check` (in checker/cli.py) and the sub-commands share: the exit codes, the --lang and
--debug options, the guard that turns an error into one line and exit 2, and stdout writing.

Exit codes (⚑ design.md): 0 every report passed its gate; 1 at least one did not;
2 the tool could not do its job — one clear line on stderr, no traceback unless --debug.

Commands import this module, never checker.cli (which imports the commands).
"""
from __future__ import annotations

import os
import sys

import click

from checker.errors import CheckerError

EXIT_OK, EXIT_GATE, EXIT_ERROR = 0, 1, 2

LANG_OPTION = click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
                           help="输出语言 / output language (zh, en)")
DEBUG_OPTION = click.option("--debug", is_flag=True, default=False, help="出错时显示完整的错误信息 / show tracebacks")
WIDTH_OPTION = click.option("--width", type=click.IntRange(20, 1000), default=None, metavar="N",
                            help="表格宽度（字符列数；默认为终端宽度，输出到管道或文件时为 COLUMNS 或 100） / width of "
                                 "the tables in columns (default: the terminal's; when piped, COLUMNS or 100)")
DEFAULT_WIDTH = 100


def output_width(width: int | None = None, stream=None) -> int:
    """The width to typeset the tables to: ``--width``, else COLUMNS when it is set, else the
    terminal's width when ``stream`` (standard output) is one, else 100."""
    if width:
        return width
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) >= 20:
        return int(columns)
    stream = sys.stdout if stream is None else stream
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    if tty:
        import shutil

        return max(20, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)
    return DEFAULT_WIDTH


def _lang(ctx: click.Context, lang: str | None) -> str:
    if lang:
        return lang
    root = ctx.find_root()
    return (root.params.get("lang") if root and root.params else None) or "zh"


def _debug(ctx: click.Context, debug: bool) -> bool:
    root = ctx.find_root()
    return debug or bool(root and root.params and root.params.get("debug"))


def say_err(message: str) -> None:
    """One line on stderr, its control characters shown, not obeyed (a file name or a pack
    string may carry escape sequences: checker.render.terminal)."""
    from checker.render.terminal import clean_line

    click.echo(clean_line(message), err=True)


def fail(message: str) -> None:
    """One line on stderr, exit status 2."""
    say_err(message)
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


def _write_stdout(text: str, safe: bool = False) -> None:
    """Write ``text`` to stdout; unless ``safe`` (a renderer that cleaned its input, or JSON made
    safe by checker.render.terminal.clean_json), control characters in it are shown, not obeyed."""
    if not safe:
        from checker.render.terminal import clean

        text = clean(text)
    stream = sys.stdout
    try:
        stream.write(text)
    except UnicodeEncodeError:
        # a console that cannot show Chinese (a GBK or ASCII locale): write UTF-8 bytes
        stream.flush()
        stream.buffer.write(text.encode("utf-8"))
    stream.flush()
