"""`fzcheck config show`: the effective settings of `fzcheck check` here, and where each came from."""
from __future__ import annotations

import sys

import click

from checker.commands._common import DEBUG_OPTION, LANG_OPTION, _debug, _lang, _write_stdout, run_guarded


@click.group("config")
def command() -> None:
    """项目配置（.fzcheck.yaml）。Project config."""


@command.command("show")
@click.option("--config", "config_file", default=None, metavar="FILE",
              help="项目配置文件（默认从当前文件夹向上查找 .fzcheck.yaml） / project config (default: the nearest .fzcheck.yaml)")
@click.option("--pack", "pack_name", default=None, metavar="NAME|FILE", help="同 check --pack / as check --pack")
@click.option("--fail-under", type=click.FloatRange(0, 100), default=None, metavar="SCORE", help="同 check / as check")
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default=None, help="同 check / as check")
@click.option("--baseline", "baseline_file", default=None, metavar="FILE", help="同 check / as check")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式 / output format")
@LANG_OPTION
@DEBUG_OPTION
@click.pass_context
def show(ctx: click.Context, config_file, pack_name, fail_under, fail_on, baseline_file, output_format, lang, debug) -> None:
    """显示生效的设置及其来源（默认值、配置文件或命令行）。

    Print the effective settings and where each came from (default, config file, command line).
    """
    lang = _lang(ctx, lang)
    debug = _debug(ctx, debug)

    def work() -> int:
        import datetime
        import json
        from pathlib import Path

        from checker.ci import config
        from checker.judge import packs

        cwd = Path.cwd()
        settings = config.resolve(cwd, datetime.date.today(), config_file, pack=pack_name, fail_under=fail_under,
                                  fail_on=fail_on, baseline=baseline_file, lang=lang)
        pack = packs.load(settings.pack, settings.pack_path)
        _, waivers, pack_notices = config.apply_to_pack(settings, pack, lang)
        data = effective(settings, pack, waivers, settings.notices + pack_notices, cwd, lang)
        if output_format == "json":
            from checker.render.terminal import clean_json

            _write_stdout(clean_json(json.dumps(data, ensure_ascii=False, indent=2) + "\n"), safe=True)
        else:
            _write_stdout(as_text(data, lang))
        return 0

    sys.exit(run_guarded(work, lang, debug))


def effective(settings, pack, waivers, notices, cwd, lang: str) -> dict:
    from checker.ci.config import display

    shown = display(settings.config_path, cwd) if settings.config_path else None

    def where(name: str) -> str:
        return settings.source(name).describe(lang, shown)

    rows = {
        "pack": {"value": f"{pack.id} {pack.version}" + (f" ({settings.pack})" if settings.pack != pack.id else ""),
                 "source": where("pack")},
        "pack_path": {"value": [display(folder, cwd) for folder in settings.pack_path], "source": where("pack_path")},
        "gate.fail_under": {"value": settings.fail_under if settings.fail_under is not None else pack.pass_mark,
                            "source": where("fail_under")},
        "gate.fail_on": {"value": settings.fail_on, "source": where("fail_on")},
        "include": {"value": list(settings.include), "source": where("include")},
        "exclude": {"value": list(settings.exclude), "source": where("exclude")},
        "baseline": {"value": display(settings.baseline, cwd) if settings.baseline else None, "source": where("baseline")},
        "rules": {"value": {rule: dict(change) for rule, change in settings.overrides.items()}, "source": where("rules")},
    }
    active = [{"index": w.index, "rule": w.rule, "paths": list(w.paths), "reason": w.reason, "until": w.until,
               "state": "active"} for w in waivers]
    inactive = [{"code": n.code, "message": n.message} for n in notices]
    return {"config": shown, "root": display(settings.root, cwd), "settings": rows,
            "waivers": {"source": where("waivers"), "active": active, "inactive": inactive}}


def as_text(data: dict, lang: str) -> str:
    zh = lang != "en"
    none = "（无）" if zh else "(none)"
    lines = [("配置文件：" if zh else "Config file: ") + (data["config"] or ("无（未找到 .fzcheck.yaml）" if zh
                                                                           else "none (no .fzcheck.yaml found)")), ""]
    table = []
    for name, row in data["settings"].items():
        value = row["value"]
        if isinstance(value, list):
            value = ", ".join(value) if value else none
        elif isinstance(value, dict):
            value = "; ".join(f"{rule}: " + ", ".join(f"{k}={v}" for k, v in change.items())
                              for rule, change in value.items()) if value else none
        elif value is None:
            value = none
        elif isinstance(value, float) and value.is_integer():
            value = f"{value:g}"
        table.append((name, str(value), row["source"]))
    width_name = max(len(r[0]) for r in table)
    width_value = min(40, max(_width(r[1]) for r in table))
    head = ("设置", "值", "来源") if zh else ("Setting", "Value", "Source")
    lines.append(_pad(head[0], width_name) + "  " + _pad(head[1], width_value) + "  " + head[2])
    for name, value, source in table:
        lines.append(_pad(name, width_name) + "  " + _pad(value, width_value) + "  " + source)
    waivers = data["waivers"]
    lines.append("")
    lines.append(("豁免（来源：" + waivers["source"] + "）：") if zh else f"Waivers (source: {waivers['source']}):")
    if not waivers["active"] and not waivers["inactive"]:
        lines.append("  " + none)
    for waiver in waivers["active"]:
        paths = ", ".join(waiver["paths"]) or ("所有文件" if zh else "all files")
        until = (f"，至 {waiver['until']}" if zh else f", until {waiver['until']}") if waiver["until"] else ""
        lines.append(f"  #{waiver['index']} {waiver['rule']}  {paths}{until}  " + ("生效" if zh else "active")
                     + ("；原因：" if zh else "; reason: ") + waiver["reason"])
    for item in waivers["inactive"]:
        lines.append("  " + item["message"])
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))
