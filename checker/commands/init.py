"""`fzcheck init`: write a commented starter `.fzcheck.yaml` (never over an existing file without --force)."""
from __future__ import annotations

import sys

import click

from checker.commands._common import DEBUG_OPTION, LANG_OPTION, _debug, _lang, run_guarded


@click.command("init")
@click.argument("path", default=".fzcheck.yaml", required=False, metavar="[FILE]")
@click.option("--force", is_flag=True, default=False, help="覆盖已有的配置文件 / overwrite an existing file")
@LANG_OPTION
@DEBUG_OPTION
@click.pass_context
def command(ctx: click.Context, path: str, force: bool, lang: str | None, debug: bool) -> None:
    """写一个带注释的项目配置 .fzcheck.yaml。

    Write a commented starter project config (default: .fzcheck.yaml here).
    """
    lang = _lang(ctx, lang)
    debug = _debug(ctx, debug)

    def work() -> int:
        import os
        from pathlib import Path

        from checker.ci.config import starter_text
        from checker.commands._run import write_file
        from checker.errors import CheckerError

        target = Path(path)
        if target.is_dir():
            target = target / ".fzcheck.yaml"
        if target.exists() and not force:
            raise CheckerError(f"{target} 已存在，未改动（要覆盖请加 --force）",
                               f"{target} already exists and was left as is (use --force to overwrite)")
        write_file(str(target), starter_text(), lang=lang, force=force)
        shown = os.path.relpath(target)
        click.echo(f"已写入 {shown}；用 fzcheck config show 查看生效的设置" if lang != "en"
                   else f"wrote {shown}; see the effective settings with: fzcheck config show")
        return 0

    sys.exit(run_guarded(work, lang, debug))
