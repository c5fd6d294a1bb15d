"""The command line: the only module that touches the outside world (files, stdout, exit codes).

Exit codes (⚑ design.md): 0 every report passed its gate; 1 at least one did not;
2 the tool could not do its job — one clear line on stderr, no traceback unless --debug.
The options, exit codes and error guard that `check` shares with the sub-commands are in
checker/commands/_common.py; the sub-commands never import this module.
"""
from __future__ import annotations

import os
import sys
from typing import Sequence

import click

from checker import __version__
from checker.commands._common import DEBUG_OPTION, LANG_OPTION, WIDTH_OPTION, _debug, _lang, run_guarded


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
@click.option("--pack", "pack_name", default=None, metavar="NAME|FILE",
              help="规则包名称或 YAML 文件（默认 fazhi，或配置文件中的 pack） / built-in pack name or YAML file "
                   "(default: fazhi, or the config's pack)")
@click.option("--pack-path", "pack_path", multiple=True, metavar="DIR",
              help="先在此文件夹中按名称查找规则包（可重复） / look packs up by name in this folder first (repeatable)")
@click.option("--format", "output_format", multiple=True, metavar="FORMAT[:FILE]",
              help="输出格式：table json sarif junit github markdown；FORMAT:FILE 写入文件；可重复 / output format, "
                   "FORMAT:FILE writes to a file; repeatable (default: table, github under GitHub Actions)")
@click.option("--fail-under", type=click.FloatRange(0, 100), default=None, metavar="SCORE",
              help="得分低于此值即不通过（默认用规则包的及格线） / gate score (default: the pack's pass mark)")
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default=None,
              help="哪一级规则未通过即不通过（默认 error） / lowest severity whose failure fails the report (default: error)")
@click.option("--config", "config_file", default=None, metavar="FILE",
              help="项目配置文件（默认从当前文件夹向上查找 .fzcheck.yaml） / project config (default: the nearest .fzcheck.yaml)")
@click.option("--baseline", "baseline_file", default=None, metavar="FILE",
              help="只有基线中没有的缺项才使检查不通过 / fail only on gaps not recorded in this baseline")
@click.option("--write-baseline", "write_baseline", default=None, metavar="FILE",
              help="把本次的缺项记为基线 / record today's gaps as the baseline")
@click.option("--force-exclude", is_flag=True, default=False,
              help="命令行给出的文件也按配置的 include/exclude 筛选（pre-commit 用） / apply the config's include/exclude "
                   "to paths given on the command line too")
@WIDTH_OPTION
@LANG_OPTION
@DEBUG_OPTION
@click.argument("paths", nargs=-1, required=False)
@click.pass_context
def check(ctx: click.Context, pack_name: str | None, output_format: Sequence[str], fail_under: float | None,
          fail_on: str | None, config_file: str | None, baseline_file: str | None, write_baseline: str | None,
          force_exclude: bool, lang: str | None, debug: bool, paths: Sequence[str], pack_path: Sequence[str] = (),
          width: int | None = None) -> None:
    """检查一份或多份报告（.txt .md .docx .pdf .html …；- 表示标准输入）。

    不给路径时检查配置文件 include 选中的文件。Check one or more reports ('-' reads standard
    input); without paths, the files the config's include selects.
    """
    import datetime

    lang = _lang(ctx, lang)
    debug = _debug(ctx, debug)
    options = CheckOptions(config_file=config_file, fail_on=fail_on, baseline_file=baseline_file,
                           write_baseline=write_baseline, force_exclude=force_exclude,
                           github=os.environ.get("GITHUB_ACTIONS", "").lower() not in ("", "0", "false"),
                           today=datetime.date.today())
    options.pack_path = tuple(pack_path)  # --pack-path folders (checker.judge.packs.load's search)
    options.width = width  # --width: the table's width (else the terminal's, COLUMNS or 100)
    code = run_guarded(lambda: _check(pack_name, output_format, fail_under, lang, debug, paths, options), lang, debug)
    sys.exit(code)


class CheckOptions:
    """The CI options of `check` (config, gate, baseline) and what the CLI read from outside."""

    def __init__(self, config_file=None, fail_on=None, baseline_file=None, write_baseline=None,
                 force_exclude=False, github=False, today=None):
        self.config_file, self.fail_on = config_file, fail_on
        self.baseline_file, self.write_baseline = baseline_file, write_baseline
        self.force_exclude, self.github, self.today = force_exclude, github, today


def _check(pack_name: str | None, output_format: Sequence[str] | str, fail_under: float | None, lang: str,
           debug: bool, paths: Sequence[str], options: CheckOptions | None = None) -> int:
    from checker.commands import _run

    return _run.run(pack_name, output_format, fail_under, lang, debug, paths, options or CheckOptions())


# Sub-commands living in checker/commands/<name>.py, each exposing `command`. Their modules
# import only click at the top (heavy work is imported inside the command), so start-up stays lean.
COMMAND_MODULES: tuple[str, ...] = ("init", "config", "rules", "serve", "batch")


def _register_commands() -> None:
    import importlib

    for name in COMMAND_MODULES:
        module = importlib.import_module(f"checker.commands.{name}")
        cli.add_command(module.command)


_register_commands()


def main() -> None:
    cli(prog_name="fzcheck")
