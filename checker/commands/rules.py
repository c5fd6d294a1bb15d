"""`fzcheck rules list | explain | validate | test`: see, understand, check and test a rule pack.

For the people who maintain packs (legal staff, not programmers): what a pack checks and why,
and whether a change still works. The work is done by checker/authoring/ (pure); this module
only prints and picks the exit status:

    list, explain   0; 2 when the pack cannot be loaded or the rule does not exist
    validate        0 valid (warnings allowed); 2 with errors (listed on stdout, a summary on stderr)
    test            0 every example as expected; 1 some are not; 2 the pack cannot be loaded
"""
from __future__ import annotations

import sys
from typing import Sequence

import click

from checker.commands._common import (DEBUG_OPTION, EXIT_ERROR, EXIT_GATE, EXIT_OK, LANG_OPTION, _debug, _lang, _write_stdout,
                                      run_guarded, say_err)

PACK_OPTION = click.option("--pack", "pack_name", default="fazhi", show_default=True, metavar="NAME|FILE",
                           help="规则包名称或 YAML 文件 / pack name or YAML file")
PACK_PATH_OPTION = click.option("--pack-path", "pack_path", multiple=True, metavar="DIR",
                                help="先在此文件夹中按名称查找规则包（可重复） / look packs up by name in this folder "
                                     "first (repeatable)")
FORMAT_OPTION = click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
                             show_default=True, help="输出格式 / output format")



def _common(func):
    """The options every `rules` command takes: --pack-path, --format, --lang, --debug."""
    for decorator in reversed((PACK_PATH_OPTION, FORMAT_OPTION, LANG_OPTION, DEBUG_OPTION, click.pass_context)):
        func = decorator(func)
    return func


SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_ZH = {"pass": "通过", "partial": "部分", "fail": "不通过", "na": "不适用", "error": "出错"}
SYMBOLS = {"pass": "✔", "partial": "△", "fail": "✘", "na": "–"}


def _t(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def _number(value: float) -> str:
    return f"{value:g}"


def _json(data) -> None:
    import json

    from checker.render.terminal import clean_json

    _write_stdout(clean_json(json.dumps(data, ensure_ascii=False, indent=2) + "\n"), safe=True)


def _table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain table (CJK-width aware) without colour: it is read in terminals and in CI logs."""
    import io

    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    buffer = io.StringIO()
    Console(file=buffer, width=120, no_color=True, highlight=False, emoji=False).print(table)
    return buffer.getvalue()


@click.group("rules")
def command() -> None:
    """规则包：查看、解释、校验和测试。Rule packs: list, explain, validate and test."""


# --- list ---------------------------------------------------------------------------------------

def _origin_text(row, lang: str) -> str:
    if row.status == "own":
        return _t(lang, "本包", "own")
    if row.status == "inherited":
        return _t(lang, f"继承 {row.origin}", f"inherited from {row.origin}")
    if row.status == "overridden":
        return _t(lang, f"覆盖（{row.origin}）", f"overridden in {row.origin}")
    return _t(lang, f"已停用（{row.origin}）", f"disabled in {row.origin}")


@command.command("list")
@PACK_OPTION
@_common
def list_rules(ctx: click.Context, pack_name: str, pack_path: tuple[str, ...], output_format: str,
               lang: str | None, debug: bool) -> None:
    """列出规则包的全部规则：编号、标题、级别、权重、类型，以及本包定义、继承、覆盖或停用。

    List a pack's rules: id, title, severity, weight, kind, and whether own, inherited,
    overridden or disabled.
    """
    lang, debug = _lang(ctx, lang), _debug(ctx, debug)

    def work() -> int:
        from checker.authoring.explain import rule_rows

        pack, rows = rule_rows(pack_name, pack_path)
        enabled = [row for row in rows if row.status != "disabled"]
        if output_format == "json":
            _json({"pack": {"id": pack.id, "version": pack.version, "title": pack.title, "source": pack.source,
                            "extends": pack.extends, "document_type": pack.document_type},
                   "rules": [{"id": r.id, "title": r.title, "severity": r.severity, "weight": r.weight,
                              "kind": r.kind, "status": r.status, "origin": r.origin} for r in rows]})
            return EXIT_OK
        from checker.authoring.explain import source_label

        where = source_label(pack, lang)
        head = (f"{pack.id} {pack.version} — {pack.title_en or pack.title} ({where})" if lang == "en"
                else f"{pack.id} {pack.version} — {pack.title}（{where}）")
        if pack.extends:
            head += _t(lang, f"，继承 {pack.extends}", f", extends {pack.extends}")
        columns = [_t(lang, "编号", "id"), _t(lang, "标题", "title"), _t(lang, "级别", "severity"),
                   _t(lang, "权重", "weight"), _t(lang, "类型", "kind"), _t(lang, "来源", "origin")]
        table = _table(columns, [[r.id, (r.title_en or r.title) if lang == "en" else r.title,
                                  r.severity if lang == "en" else SEVERITY_ZH.get(r.severity, r.severity),
                                  _number(r.weight), r.kind, _origin_text(r, lang)] for r in rows])
        total = sum(r.weight for r in enabled)
        foot = _t(lang, f"共 {len(enabled)} 条规则，权重合计 {_number(total)}",
                  f"{len(enabled)} rules, total weight {_number(total)}")
        disabled = len(rows) - len(enabled)
        if disabled:
            foot += _t(lang, f"；{disabled} 条已停用", f"; {disabled} disabled")
        _write_stdout(head + "\n\n" + table + "\n" + foot + "\n")
        return EXIT_OK

    sys.exit(run_guarded(work, lang, debug))


# --- explain ------------------------------------------------------------------------------------

@command.command("explain")
@click.argument("rule_id", metavar="ID")
@PACK_OPTION
@_common
def explain(ctx: click.Context, rule_id: str, pack_name: str, pack_path: tuple[str, ...], output_format: str,
            lang: str | None, debug: bool) -> None:
    """解释一条规则：标题、依据、怎么写，以及规则包自带的通过和不通过的示例。

    Explain one rule: title, basis, help, and the pack's own passing and failing examples.
    """
    lang, debug = _lang(ctx, lang), _debug(ctx, debug)

    def work() -> int:
        from checker.authoring.explain import explain as explain_rule

        pack, info = explain_rule(pack_name, rule_id, pack_path)
        row = info.row
        if output_format == "json":
            _json({"pack": {"id": pack.id, "version": pack.version}, "id": row.id, "title": row.title,
                   "title_en": row.title_en, "severity": row.severity, "weight": row.weight, "kind": row.kind,
                   "status": row.status, "origin": row.origin, "basis": info.basis, "help": info.help,
                   "help_en": info.help_en, "options": dict(info.options), "examples": [dict(e) for e in info.examples]})
            return EXIT_OK
        _write_stdout(_explain_text(pack, info, lang))
        return EXIT_OK

    sys.exit(run_guarded(work, lang, debug))


def _explain_text(pack, info, lang: str) -> str:
    row = info.row
    title = (row.title_en or row.title) if lang == "en" else row.title
    lines = [f"{row.id} — {title}", ""]
    severity = row.severity if lang == "en" else f"{SEVERITY_ZH.get(row.severity, row.severity)}（{row.severity}）"
    lines.append(_t(lang, f"规则包：{pack.id}（{_origin_text(row, lang)}）", f"pack: {pack.id} ({_origin_text(row, lang)})"))
    lines.append(_t(lang, f"级别：{severity}    权重：{_number(row.weight)}    类型：{row.kind}",
                    f"severity: {severity}    weight: {_number(row.weight)}    kind: {row.kind}"))
    from checker.authoring.explain import kind_text, option_lines

    summary, meaning = kind_text(row.kind, lang)
    if summary:
        lines.append(_t(lang, f"类型说明：{row.kind} —— {summary}", f"the kind {row.kind}: {summary}"))
    if meaning:
        lines.append("  " + meaning)
    lines.append("")
    lines.append(_t(lang, "依据：", "Basis:"))
    lines.append("  " + (info.basis or _t(lang, "（未写）", "(none)")))
    from checker.judge.engine import fill_help

    help_text = fill_help((info.help_en or info.help) if lang == "en" else info.help)  # the pack's example year
    lines.append(_t(lang, "怎么写：", "What to write:"))
    lines.append("  " + (help_text or _t(lang, "（未写）", "(none)")))
    if info.options:
        lines.append(_t(lang, "设置：", "Settings:"))
        lines.extend("  " + line for line in option_lines(row.kind, info.options, lang, pack.parts))
    if row.status == "disabled":
        lines.append("")
        lines.append(_t(lang, f"此规则已在 {row.origin} 中停用，不参与检查。", f"This rule is disabled in {row.origin}; it is not checked."))
    lines.append("")
    if not info.examples:
        lines.append(_t(lang, "示例：（无）", "Examples: (none)"))
    for expect in ("pass", "partial", "fail", "na"):
        examples = [e for e in info.examples if e.get("expect") == expect]
        if not examples:
            continue
        label = _t(lang, f"{STATUS_ZH[expect]}（{expect}）的示例：", f"Examples that {expect}:" if expect != "na" else "Examples that are na:")
        lines.append(f"{SYMBOLS[expect]} {label}")
        for example in examples:
            text = example["text"].rstrip("\n").splitlines() or [""]
            lines.append("    " + text[0])
            lines.extend("    " + line for line in text[1:])
            if example.get("note"):
                lines.append("    " + _t(lang, f"（{example['note']}）", f"({example['note']})"))
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


# --- validate -----------------------------------------------------------------------------------

@command.command("validate")
@click.argument("pack", metavar="PACK")
@_common
def validate(ctx: click.Context, pack: str, pack_path: tuple[str, ...], output_format: str, lang: str | None,
             debug: bool) -> None:
    """校验规则包：格式、重复编号、继承、未定义的部分、正则表达式（能否编译、有无灾难性回溯风险）、权重。

    Validate a pack (name or file) and the packs it extends: schema, duplicate ids, unknown
    extends, undefined parts, regexes that do not compile or risk catastrophic backtracking,
    zero total weight. Each problem names the file and the key path. Exit 2 on errors.
    """
    lang, debug = _lang(ctx, lang), _debug(ctx, debug)

    def work() -> int:
        from checker.authoring.validate import validate as validate_pack

        result = validate_pack(pack, pack_path)
        if output_format == "json":
            _json({"pack": result.target, "id": result.pack_id, "valid": result.valid, "files": list(result.files),
                   "rules": result.rules, "total_weight": result.total_weight,
                   "problems": [{"file": p.source, "where": p.where, "level": p.level,
                                 "message": p.en if lang == "en" else p.zh} for p in result.problems]})
        else:
            out = []
            for problem in result.errors + result.warnings:
                label = _t(lang, "错误", "error") if problem.level == "error" else _t(lang, "警告", "warning")
                out.append(f"{label}：{problem.message(lang)}" if lang != "en" else f"{label}: {problem.message(lang)}")
            if result.valid:
                checked = "、".join(result.files) if lang != "en" else ", ".join(result.files)
                out.append(_t(lang, f"规则包 {result.pack_id} 有效：{result.rules} 条规则，权重合计 {_number(result.total_weight)}"
                                    f"（已检查 {checked}）" + (f"；{len(result.warnings)} 个警告" if result.warnings else ""),
                              f"pack {result.pack_id} is valid: {result.rules} rules, total weight "
                              f"{_number(result.total_weight)} (checked {checked})"
                              + (f"; {len(result.warnings)} warning(s)" if result.warnings else "")))
            _write_stdout("\n".join(out) + "\n")
        if not result.valid:
            say_err(_t(lang, f"错误：规则包 {pack} 无效：{len(result.errors)} 个错误",
                       f"error: pack {pack} is invalid: {len(result.errors)} error(s)"))
            return EXIT_ERROR
        return EXIT_OK

    sys.exit(run_guarded(work, lang, debug))


# --- test ---------------------------------------------------------------------------------------

@command.command("test")
@click.argument("pack", metavar="PACK")
@click.option("--rule", "only", default=None, metavar="ID", help="只测试这一条规则 / test this rule only")
@_common
def test(ctx: click.Context, pack: str, only: str | None, pack_path: tuple[str, ...], output_format: str,
         lang: str | None, debug: bool) -> None:
    """运行每条规则自带的示例（examples），报告结果与 expect 不符的示例。不符时退出码为 1。

    Run every rule's embedded examples: each text is checked as a small document with the pack
    and the rule's status compared with `expect`. Exit 1 when any differs.
    """
    lang, debug = _lang(ctx, lang), _debug(ctx, debug)

    def work() -> int:
        from checker.authoring.examples import run_examples
        from checker.errors import PackError

        loaded, results = run_examples(pack, pack_path, lang, only)
        if only and not any(rule.id == only for rule in loaded.rules):
            raise PackError(f"规则包“{loaded.id}”没有启用的规则“{only}”", f"pack '{loaded.id}' has no enabled rule '{only}'")
        failures = [r for r in results if not r.ok]
        rules = len({r.rule for r in results})
        if output_format == "json":
            _json({"pack": {"id": loaded.id, "version": loaded.version}, "rules": rules, "examples": len(results),
                   "failures": len(failures),
                   "results": [{"rule": r.rule, "example": r.index + 1, "expect": r.expect, "got": r.got, "ok": r.ok,
                                "message": r.message, "file": r.source, "where": r.where, "text": r.text}
                               for r in results]})
        else:
            out = []
            for r in failures:
                out.append(_t(lang, f"✘ {r.rule} 示例{r.index + 1}（{r.source}：{r.where}）：期望 {r.expect}，实际 {r.got} — {r.message}",
                              f"✘ {r.rule} example {r.index + 1} ({r.source}: {r.where}): expected {r.expect}, got {r.got} — {r.message}"))
                out.extend("    " + line for line in r.text.rstrip("\n").splitlines())
            without = sum(1 for rule in loaded.rules if not rule.examples and (not only or rule.id == only))
            if failures:
                out.append(_t(lang, f"规则包 {loaded.id}：{len(results)} 个示例中 {len(failures)} 个不符（{rules} 条规则）",
                              f"pack {loaded.id}: {len(failures)} of {len(results)} examples differ ({rules} rules)"))
            else:
                out.append(_t(lang, f"规则包 {loaded.id}：{rules} 条规则的 {len(results)} 个示例全部符合",
                              f"pack {loaded.id}: all {len(results)} examples of {rules} rules as expected"))
            if without:
                out.append(_t(lang, f"（{without} 条规则没有示例）", f"({without} rules have no examples)"))
            _write_stdout("\n".join(out) + "\n")
        return EXIT_GATE if failures else EXIT_OK

    sys.exit(run_guarded(work, lang, debug))
