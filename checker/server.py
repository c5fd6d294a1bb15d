"""The local web page for authors (`fzcheck serve`): the HTTP handler and the app behind it.

    browser ─ POST /api/check (raw body, X-Filename) ─▶ read_bytes ─▶ evaluate ─▶ contract JSON
                                                                    + the document's lines
                                                                    + where each gap belongs

Standard library only (``http.server.ThreadingHTTPServer``): one thread per request, so a slow
PDF never holds up the page or another file. Files are checked in memory and forgotten when the
response is sent; nothing is written to disk (.doc/.wps go through LibreOffice's temporary folder,
which its reader removes).

Safety, in the order a request meets it (``App.guard``):

- the ``Host`` header must name the address the server is bound to (127.0.0.1 / localhost /
  [::1] and the port), so a web page on another site that re-binds its DNS name to 127.0.0.1
  cannot talk to it (403);
- ``POST`` needs the per-server random token that is written into the page and sent back in the
  ``X-Fzcheck-Token`` header, and an ``Origin`` (when the browser sends one) of this server (403);
- bodies over the size limit are refused with 413 and the same wording the CLI uses;
- every response carries ``X-Content-Type-Options: nosniff`` and, for the page, a strict
  Content-Security-Policy without external sources. The page builds its DOM with ``textContent``
  only: document text is data, never markup.

``App`` holds the logic and is testable without sockets; ``Handler`` only moves bytes.
"""
from __future__ import annotations

import csv
import hmac
import html
import io
import ipaddress
import json
import secrets
import socket
import threading
import traceback
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Mapping, Sequence
from urllib.parse import parse_qs, quote, unquote, urlsplit

from checker.errors import CheckerError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_EXPORT_BYTES = 200 * 1024 * 1024  # a batch export sends back the results (and texts) it shows
DRAIN_LIMIT = 256 * 1024 * 1024  # an oversized body up to this size is read and dropped, so the client sees the 413
TOKEN_HEADER = "X-Fzcheck-Token"
FILENAME_HEADER = "X-Filename"
ACCEPTED_EXTENSIONS = (".txt", ".md", ".docx", ".pdf", ".html", ".htm", ".mht", ".mhtml", ".doc", ".wps", ".ofd")

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
# The exported report page: inline styles, no scripts at all.
EXPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Cache-Control", "no-store"),
)
STATIC = {
    "/static/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/static/app.css": ("app.css", "text/css; charset=utf-8"),
}
SYMBOLS = {"pass": "✔", "partial": "△", "fail": "✘", "na": "–"}


def _say(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes = b""
    content_type: str = "application/json; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    close: bool = False  # close the connection after this response (a body was left unread)


def json_response(status: int, data: Any, close: bool = False) -> Response:
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return Response(status, body, close=close)


def error_response(status: int, message: str, close: bool = False, **extra: Any) -> Response:
    return json_response(status, {"error": message, **extra}, close=close)


def too_large_message(name: str, size: int, limit: int, lang: str) -> str:
    """The CLI's wording (checker.readers.read_path) for a file over the limit."""
    return _say(lang, f"{name}：文件过大（{size // 1048576} MB，上限 {limit // 1048576} MB）",
                f"{name}: file too large ({size // 1048576} MB, limit {limit // 1048576} MB)")


def clean_filename(raw: str | None) -> str:
    """The file's own name from the X-Filename header (percent-encoded UTF-8): no folders, no
    control characters, at most 200 characters."""
    name = unquote(raw or "", errors="replace")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:190] + dot + ext[:9]) if dot and len(ext) < 10 else name[:200]
    return name or "report.txt"


# --- where a gap belongs in the text -------------------------------------------------------

def expected_places(report, document, pack) -> dict[str, dict]:
    """For each finding that is not met, the place in the document where its part should be.

    ``{rule_id: {"line": n, "where": "before"|"after"|"in", "how": …}}`` with 1-based lines of
    ``document.lines``. A missing part belongs before the next part (in the pack's order of
    parts) that the report has; after the last one (before the closing lines) when none
    follows. A rule inside a part that is there points at the part; a missing title at the top;
    missing closing lines at the end. Anything else points at the top of the text.
    """
    wanted = [f for f in report.findings if f.status.value in ("fail", "partial", "na")]
    if not wanted or not document.lines:
        return {}
    rules = {rule.id: rule for rule in pack.rules}
    needs_parts = any(_part_of(rules.get(f.rule)) not in (None, "document") for f in wanted)
    ctx = None
    if needs_parts or any(getattr(rules.get(f.rule), "kind", None) == "closing" for f in wanted):
        from checker.judge.engine import analyse

        try:
            ctx = analyse(document, pack, "zh")
        except CheckerError:
            ctx = None
    last = _last_text_line(document.lines)
    places: dict[str, dict] = {}
    for finding in wanted:
        rule = rules.get(finding.rule)
        place = _place(rule, finding, ctx, pack, last) if rule is not None else None
        if place is None and finding.status.value == "na":
            continue  # not applicable for a reason of its own: nothing to point at
        places[finding.rule] = place or {"line": 1, "where": "before", "how": "top"}
    return places


def _part_of(rule) -> str | None:
    if rule is None:
        return None
    return rule.options.get("part") or rule.options.get("scope")


def _last_text_line(lines: Sequence[str]) -> int:
    for number in range(len(lines), 0, -1):
        if lines[number - 1].strip():
            return number
    return max(len(lines), 1)


def _place(rule, finding, ctx, pack, last: int) -> dict | None:
    if rule.kind == "title":
        return {"line": 1, "where": "before", "how": "top"}
    if rule.kind == "closing":
        return _closing_place(rule, ctx, last)
    part_id = _part_of(rule)
    if ctx is None or part_id in (None, "document"):
        return None
    match = ctx.parts.get(part_id)
    if match is None:
        return None
    if match.present and match.start is not None:
        if rule.kind == "section" and finding.status.value == "pass":
            return None
        return {"line": ctx.norm.line_of(match.start), "where": "in", "how": "part", "part": part_id}
    place = _missing_part_place(part_id, ctx, pack, last)
    owner = next((r.id for r in pack.rules if r.kind == "section" and r.options.get("part") == part_id), None)
    if owner is not None and owner != rule.id:
        place["same_as"] = owner  # a rule inside a missing part points at that part's own marker
    return place


def _missing_part_place(part_id: str, ctx, pack, last: int) -> dict:
    order = list(pack.parts)
    present = {pid: m for pid, m in ctx.parts.items() if m.present and m.start is not None}
    index = order.index(part_id) if part_id in order else len(order)
    for later in order[index + 1:]:
        if later in present:
            return {"line": ctx.norm.line_of(present[later].start), "where": "before", "how": "next-part",
                    "part": later}
    closing = _closing_start(ctx)
    earlier = [ctx.norm.line_of(present[p].start) for p in order[:index] if p in present]
    if closing and (not earlier or closing > max(earlier)):
        return {"line": closing, "where": "before", "how": "closing"}
    return {"line": last, "where": "after", "how": "end"}


def _closing_start(ctx) -> int | None:
    facts = ctx.facts
    lines = [line for line in (facts.closing_agency_line, facts.date.line if facts.date else None) if line]
    return min(lines) if lines else None


def _closing_place(rule, ctx, last: int) -> dict:
    if ctx is not None:
        facts = ctx.facts
        if rule.options.get("field") == "agency" and facts.date is not None and facts.date.line:
            return {"line": facts.date.line, "where": "before", "how": "closing"}
        if rule.options.get("field") == "date" and facts.closing_agency_line:
            return {"line": facts.closing_agency_line, "where": "after", "how": "closing"}
    return {"line": last, "where": "after", "how": "end"}


# --- exports (built from the contract JSON the page sends back) -----------------------------

def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _reports(result: Mapping) -> list[dict]:
    reports = result.get("reports") if isinstance(result, Mapping) else None
    if not isinstance(reports, list) or not all(isinstance(r, Mapping) for r in reports):
        raise ValueError("reports")
    return [dict(r) for r in reports]


def _findings(report: Mapping) -> list[dict]:
    findings = report.get("findings") or []
    return [dict(f) for f in findings if isinstance(f, Mapping)] if isinstance(findings, list) else []


def ranking(reports: Sequence[Mapping]) -> list[int]:
    """Indexes of ``reports``, best score first; reports that could not be checked last."""
    def key(index: int):
        report = reports[index]
        score = report.get("score")
        checked = report.get("error") is None and isinstance(score, (int, float))
        return (0 if checked else 1, -(score if checked else 0), index)

    return sorted(range(len(reports)), key=key)


def missing_required(report: Mapping) -> list[str]:
    """Titles of the error-severity rules the report fails."""
    return [_text(f.get("title")) for f in _findings(report)
            if f.get("severity") == "error" and f.get("status") == "fail"]


def _points(finding: Mapping) -> str:
    if finding.get("status") == "na":
        return "—"
    return f"{_number(finding.get('earned'))}/{_number(finding.get('weight'))}"


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) else _text(value)


EXPORT_LABELS = {
    "zh": {"title": "法治政府建设年度报告检查结果", "summary": "汇总", "rank": "名次", "file": "文件", "agency": "单位",
           "year": "年度", "date": "日期", "score": "得分", "grade": "等级", "verdict": "结论", "passed": "通过",
           "failed": "未通过", "missing": "缺少的必备要素", "error": "无法检查", "status": "状态", "element": "要素",
           "points": "得分", "detail": "证据 / 说明", "suggest": "建议", "basis": "依据", "line": "第{line}行",
           "no_title": "（无标题）", "text": "报告原文", "expected": "此处应有：{title}", "pack": "规则包",
           "where": "应在第{line}行{side}", "before": "之前", "after": "之后", "in": "（所在部分）",
           "generated": "由 fzcheck 生成；文件只在本机检查。", "warnings": "提示"},
    "en": {"title": "Rule-of-law government report check", "summary": "Summary", "rank": "Rank", "file": "File",
           "agency": "Agency", "year": "Year", "date": "Date", "score": "Score", "grade": "Grade",
           "verdict": "Verdict", "passed": "passed", "failed": "not passed", "missing": "Missing required elements",
           "error": "Could not check", "status": "Status", "element": "Element", "points": "Points",
           "detail": "Evidence / note", "suggest": "Write", "basis": "Basis", "line": "line {line}",
           "no_title": "(no title)", "text": "The report's text", "expected": "Expected here: {title}",
           "pack": "Pack", "where": "belongs {side} line {line}", "before": "before", "after": "after",
           "in": "(its part)", "generated": "Made by fzcheck; files are checked on this computer only.",
           "warnings": "Note"},
}

_EXPORT_STYLE = """
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;margin:1.5em;color:#222;line-height:1.5}
h1{font-size:1.4em}h2{font-size:1.2em;margin-top:2em;border-bottom:2px solid #444}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #ccc;padding:.3em .5em;
vertical-align:top;text-align:left}th{background:#f2f2f2}.sym{text-align:center}.s-pass .sym{color:#1a7f37}
.s-partial .sym{color:#9a6700}.s-fail .sym{color:#cf222e}.s-na td{color:#888}.meta span{margin-right:1.5em}.rid{color:#888;font-size:.85em}
.score{font-size:1.3em;font-weight:bold}.text{font-family:monospace,"Noto Sans Mono CJK SC";white-space:pre-wrap;
border:1px solid #ddd;padding:.5em;max-height:none}.ln{color:#999;display:inline-block;min-width:3.5em;
user-select:none}.hl-pass{background:#dafbe1}.hl-partial{background:#fff8c5}.hl-fail{background:#ffebe9}
.expect{background:#ffebe9;border-left:4px solid #cf222e;padding:0 .5em;margin:.2em 0}.err{color:#cf222e}
"""


def report_page(result: Mapping, documents: Sequence[Any], lang: str) -> str:
    """One self-contained HTML page (inline style, no scripts, no external sources) with the
    summary (several reports), each report's header and gap table, and its text with the
    evidence highlighted when the page sent the text along. Every value is escaped."""
    labels = EXPORT_LABELS["en" if lang == "en" else "zh"]
    esc = html.escape
    reports = _reports(result)
    pack = result.get("pack") if isinstance(result.get("pack"), Mapping) else {}
    out = [f'<!DOCTYPE html><html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">',
           f'<meta http-equiv="Content-Security-Policy" content="{esc(EXPORT_CSP)}">',
           '<meta name="viewport" content="width=device-width,initial-scale=1">',
           f"<title>{esc(labels['title'])}</title><style>{_EXPORT_STYLE}</style></head><body>",
           f"<h1>{esc(labels['title'])}</h1>",
           f"<p>{esc(labels['pack'])}：{esc(_text(pack.get('id')))} {esc(_text(pack.get('version')))}</p>"
           if lang != "en" else
           f"<p>{esc(labels['pack'])}: {esc(_text(pack.get('id')))} {esc(_text(pack.get('version')))}</p>"]
    if len(reports) > 1:
        out.append(f"<h2>{esc(labels['summary'])}</h2><table><thead><tr>")
        for key in ("rank", "file", "agency", "year", "score", "grade", "verdict", "missing"):
            out.append(f"<th>{esc(labels[key])}</th>")
        out.append("</tr></thead><tbody>")
        for rank, index in enumerate(ranking(reports), 1):
            report = reports[index]
            meta = report.get("meta") if isinstance(report.get("meta"), Mapping) else {}
            if report.get("error") is not None:
                cells = [str(rank), f'<a href="#r{index}">{esc(_text(report.get("path")))}</a>', "", "", "", "",
                         f'<span class="err">{esc(labels["error"])}</span>', esc(_text(report.get("error")))]
            else:
                cells = [str(rank), f'<a href="#r{index}">{esc(_text(report.get("path")))}</a>',
                         esc(_text(meta.get("agency"))), esc(_text(meta.get("year"))),
                         esc(_number(report.get("score"))), esc(_text(report.get("grade"))),
                         esc(labels["passed"] if report.get("passed") else labels["failed"]),
                         esc("、".join(missing_required(report)) if lang != "en" else "; ".join(missing_required(report)))]
            out.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
        out.append("</tbody></table>")
    for index, report in enumerate(reports):
        document = documents[index] if index < len(documents) and isinstance(documents[index], Mapping) else None
        out.append(_report_section(index, report, document, labels, lang))
    out.append(f"<p class=\"rid\">{esc(labels['generated'])}</p></body></html>\n")
    return "".join(out)


def _report_section(index: int, report: Mapping, document: Mapping | None, labels: dict, lang: str) -> str:
    esc = html.escape
    colon = ": " if lang == "en" else "："
    out = [f'<section id="r{index}">']
    if report.get("error") is not None:
        out.append(f"<h2>{esc(_text(report.get('path')))}</h2>")
        out.append(f'<p class="err">{esc(labels["error"])}{colon}{esc(_text(report.get("error")))}</p></section>')
        return "".join(out)
    meta = report.get("meta") if isinstance(report.get("meta"), Mapping) else {}
    out.append(f"<h2>{esc(_text(meta.get('title')) or labels['no_title'])}</h2>")
    out.append('<p class="meta">')
    for key, value in (("file", report.get("path")), ("agency", meta.get("agency")), ("year", meta.get("year")),
                       ("date", meta.get("date"))):
        out.append(f"<span>{esc(labels[key])}{colon}{esc(_text(value) or '—')}</span>")
    out.append("</p>")
    verdict = labels["passed"] if report.get("passed") else labels["failed"]
    out.append(f'<p class="score">{esc(labels["score"])}{colon}{esc(_number(report.get("score")))}'
               f"（{esc(_text(report.get('grade')))}）· {esc(verdict)}</p>")
    for warning in report.get("warnings") or []:
        out.append(f"<p>{esc(labels['warnings'])}{colon}{esc(_text(warning))}</p>")
    lines = document.get("lines") if document else None
    lines = lines if isinstance(lines, list) else None
    expected = document.get("expected") if document and isinstance(document.get("expected"), Mapping) else {}
    out.append("<table><thead><tr>")
    for key in ("status", "element", "points", "detail", "suggest", "basis"):
        out.append(f"<th>{esc(labels[key])}</th>")
    out.append("</tr></thead><tbody>")
    for finding in _findings(report):
        status = _text(finding.get("status"))
        detail = [esc(_text(finding.get("message")))]
        for evidence in finding.get("evidence") or []:
            if not isinstance(evidence, Mapping):
                continue
            line = evidence.get("line")
            where = _text(evidence.get("location")) or (labels["line"].format(line=line) if line else "")
            link = f'<a href="#r{index}-L{int(line)}">{esc(where)}</a>' if lines and isinstance(line, int) else esc(where)
            detail.append(f"{link}{colon}{esc(_text(evidence.get('text')))}")
        place = expected.get(finding.get("rule")) if isinstance(expected, Mapping) else None
        if isinstance(place, Mapping) and isinstance(place.get("line"), int) and lines:
            line = place["line"]
            side = labels.get(place.get("where"), "") if place.get("where") != "in" else ""
            text = labels["where"].format(line=line, side=side) if side else labels["line"].format(line=line) + labels["in"]
            target = place.get("same_as") if place.get("same_as") in expected else finding.get("rule")
            detail.append(f'<a href="#r{index}-X-{esc(_text(target))}">{esc(text)}</a>')
        out.append(f'<tr class="s-{esc(status)}"><td class="sym">{esc(SYMBOLS.get(status, status))}</td>'
                   f"<td>{esc(_text(finding.get('title')))}<br><span class=\"rid\">{esc(_text(finding.get('rule')))}</span></td>"
                   f"<td>{esc(_points(finding))}</td><td>{'<br>'.join(detail)}</td>"
                   f"<td>{esc(_text(finding.get('suggestion')))}</td><td>{esc(_text(finding.get('basis')))}</td></tr>")
    out.append("</tbody></table>")
    if lines:
        out.append(_text_block(index, report, lines, expected, labels))
    out.append("</section>")
    return "".join(out)


def _text_block(index: int, report: Mapping, lines: list, expected: Mapping, labels: dict) -> str:
    esc = html.escape
    marks: dict[int, str] = {}
    rank = {"fail": 3, "partial": 2, "pass": 1}
    for finding in _findings(report):
        status = _text(finding.get("status"))
        for evidence in finding.get("evidence") or []:
            line = evidence.get("line") if isinstance(evidence, Mapping) else None
            if isinstance(line, int) and rank.get(status, 0) > rank.get(marks.get(line, ""), 0):
                marks[line] = status
    before: dict[int, list[str]] = {}
    after: dict[int, list[str]] = {}
    titles = {f.get("rule"): _text(f.get("title")) for f in _findings(report)}
    for rule, place in expected.items():
        if not isinstance(place, Mapping) or not isinstance(place.get("line"), int) or place.get("where") == "in" \
                or place.get("same_as") in expected:
            continue
        marker = (f'<div class="expect" id="r{index}-X-{esc(_text(rule))}">'
                  f"{esc(labels['expected'].format(title=titles.get(rule, rule)))}</div>")
        (before if place.get("where") == "before" else after).setdefault(place["line"], []).append(marker)
    out = [f"<h3>{esc(labels['text'])}</h3><div class=\"text\">"]
    for number, line in enumerate(lines, 1):
        out.extend(before.get(number, ()))
        css = f' class="hl-{marks[number]}"' if number in marks else ""
        out.append(f'<div id="r{index}-L{number}"{css}><span class="ln">{number}</span>{esc(_text(line))}</div>')
        out.extend(after.get(number, ()))
    out.append("</div>")
    return "".join(out)


def report_csv(result: Mapping, lang: str) -> bytes:
    """The batch ranking as CSV in UTF-8 with BOM (Excel and WPS show the Chinese), one row per
    report, with each rule's status symbol."""
    labels = EXPORT_LABELS["en" if lang == "en" else "zh"]
    reports = _reports(result)
    rule_ids: list[str] = []
    titles: dict[str, str] = {}
    for report in reports:
        for finding in _findings(report):
            rule = _text(finding.get("rule"))
            if rule not in titles:
                rule_ids.append(rule)
                titles[rule] = _text(finding.get("title"))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([labels[k] for k in ("rank", "file", "agency", "year", "date", "score", "grade", "verdict",
                                         "missing")] + [f"{titles[r]} ({r})" for r in rule_ids])
    for rank, index in enumerate(ranking(reports), 1):
        report = reports[index]
        if report.get("error") is not None:
            writer.writerow([rank, _csv_safe(report.get("path")), "", "", "", "", "", labels["error"],
                             _csv_safe(report.get("error"))])
            continue
        meta = report.get("meta") if isinstance(report.get("meta"), Mapping) else {}
        statuses = {_text(f.get("rule")): SYMBOLS.get(_text(f.get("status")), "") for f in _findings(report)}
        writer.writerow([rank, _csv_safe(report.get("path")), _csv_safe(meta.get("agency")), _text(meta.get("year")),
                         _text(meta.get("date")), _number(report.get("score")), _csv_safe(report.get("grade")),
                         labels["passed"] if report.get("passed") else labels["failed"],
                         _csv_safe("、".join(missing_required(report)))] + [statuses.get(r, "") for r in rule_ids])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_safe(value: Any) -> str:
    """A cell that a spreadsheet would run as a formula (=, +, -, @) starts with an apostrophe."""
    text = _text(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def batch_renderer(name: str) -> Callable | None:
    """The batch review's renderer ``name`` (``html``, ``csv``: summary -> str; ``xlsx``: summary
    -> bytes) when checker.review.batch and that renderer are installed, else None."""
    import importlib
    import importlib.util

    needed = ["checker.review.batch", f"checker.render.{name}"] + (["openpyxl"] if name == "xlsx" else [])
    try:
        if any(importlib.util.find_spec(module) is None for module in needed):
            return None
    except (ImportError, ValueError):
        return None
    batch = importlib.import_module("checker.review.batch")
    module = importlib.import_module(f"checker.render.{name}")
    function = getattr(module, "render_bytes" if name == "xlsx" else "render", None)
    return function if hasattr(batch, "summarise") and callable(function) else None


def spreadsheet_format() -> str:
    """``xlsx`` when the batch review's workbook export (checker.review.batch + checker.render.xlsx, with
    openpyxl) is there, else ``csv``."""
    return "xlsx" if batch_renderer("xlsx") is not None else "csv"


# --- the app ------------------------------------------------------------------------------

def _loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_host_names(host: str) -> set[str]:
    """The names a browser may put in the Host header for a server bound to ``host``."""
    names = {"127.0.0.1", "localhost", "::1"}
    bare = host.strip("[]").lower()
    if not _loopback(bare):
        names.add(bare)
        if bare in ("0.0.0.0", "::", ""):  # every interface: this computer's names and addresses
            try:
                hostname = socket.gethostname()
                names.update({hostname.lower(), socket.getfqdn().lower()})
                names.update(socket.gethostbyname_ex(hostname)[2])
            except OSError:
                pass
    return names


@dataclass
class App:
    """The server's logic without sockets: guard a request, route it, build the response."""

    host: str = "127.0.0.1"
    port: int = 0
    lang: str = "zh"
    default_pack: str = "fazhi"
    max_bytes: int = MAX_UPLOAD_BYTES
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    debug: bool = False
    max_parallel: int = 4
    host_names: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        if not self.host_names:
            self.host_names = allowed_host_names(self.host)
        self._packs: dict[str, Any] = {}
        self._packs_lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(max(1, self.max_parallel))

    # guards ------------------------------------------------------------------------------
    def host_allowed(self, value: str | None) -> bool:
        """Whether a Host header names this server (DNS-rebinding defence)."""
        if not value:
            return False
        value = value.strip().lower()
        if value.startswith("["):
            name, _, rest = value[1:].partition("]")
            port = rest[1:] if rest.startswith(":") else ("" if not rest else None)
        else:
            name, colon, port = value.rpartition(":") if ":" in value else (value, "", "")
            if name.count(":"):  # an unbracketed IPv6 address is no valid Host
                return False
        if port is None:
            return False
        if port == "":
            if self.port != 80:
                return False
        elif not port.isdigit() or int(port) != self.port:
            return False
        return name.rstrip(".") in self.host_names

    def origin_allowed(self, origin: str, host_header: str) -> bool:
        parts = urlsplit(origin)
        return parts.scheme == "http" and parts.netloc.lower() == host_header.strip().lower() and \
            self.host_allowed(parts.netloc)

    def guard(self, method: str, headers: Mapping[str, str]) -> Response | None:
        """None when the request may proceed; else the refusal. ``headers`` has lower-case keys."""
        lang = self.lang
        host = headers.get("host")
        if not self.host_allowed(host):
            return error_response(403, _say(lang, "拒绝访问：请求的主机名不是本机服务地址（Host 头不符）",
                                            "refused: the Host header does not name this local server"), close=True)
        if method != "POST":
            return None
        token = headers.get(TOKEN_HEADER.lower(), "")
        if not token or not hmac.compare_digest(token.encode("utf-8", "replace"), self.token.encode()):
            return error_response(403, _say(lang, "拒绝访问：请求不是来自本机检查页面（缺少或错误的令牌），请刷新页面后重试",
                                            "refused: the request did not come from this server's page (missing or "
                                            "wrong token); reload the page and try again"), close=True)
        origin = headers.get("origin")
        if origin is not None and not self.origin_allowed(origin, host or ""):
            return error_response(403, _say(lang, "拒绝访问：请求来自其他网站", "refused: the request came from another site"),
                                  close=True)
        site = headers.get("sec-fetch-site")
        if site is not None and site not in ("same-origin", "none"):
            return error_response(403, _say(lang, "拒绝访问：请求来自其他网站", "refused: the request came from another site"),
                                  close=True)
        return None

    # GET ---------------------------------------------------------------------------------
    def get(self, path: str) -> Response:
        route = urlsplit(path).path
        if route in ("/", "/index.html"):
            return self.page()
        if route in STATIC:
            name, content_type = STATIC[route]
            return Response(200, _asset(name), content_type)
        if route == "/api/packs":
            return json_response(200, self.packs_info())
        if route == "/favicon.ico":
            return Response(204, b"", "text/plain")
        return error_response(404, _say(self.lang, "没有这个页面", "not found"))

    def page(self) -> Response:
        text = _asset("index.html").decode("utf-8")
        values = {"lang": self.lang, "token": self.token, "max_bytes": str(self.max_bytes),
                  "sheet": spreadsheet_format(), "accept": ",".join(ACCEPTED_EXTENSIONS),
                  "default_pack": self.default_pack}
        for key, value in values.items():
            text = text.replace("{{" + key + "}}", html.escape(value, quote=True))
        return Response(200, text.encode("utf-8"), "text/html; charset=utf-8", (("Content-Security-Policy", CSP),))

    def packs_info(self) -> dict:
        from checker.judge import packs

        listed = []
        for name in packs.builtin_names():
            try:
                pack = self.pack(name)
            except CheckerError:
                continue
            listed.append({"id": pack.id, "version": pack.version, "title": pack.title,
                           "title_en": getattr(pack, "title_en", None) or pack.title})
        return {"packs": listed, "default": self.default_pack, "spreadsheet": spreadsheet_format(),
                "max_bytes": self.max_bytes}

    def pack(self, name: str):
        """A built-in pack by name, loaded once (the page offers only the built-in packs)."""
        from checker.judge import packs

        with self._packs_lock:
            if name not in self._packs:
                if name not in packs.builtin_names():
                    raise CheckerError(f"没有名为“{name}”的内置规则包", f"no built-in pack named '{name}'")
                self._packs[name] = packs.load(name)
            return self._packs[name]

    # POST --------------------------------------------------------------------------------
    def body_limit(self, route: str) -> int:
        return MAX_EXPORT_BYTES if route == "/api/export" else self.max_bytes

    def post(self, path: str, headers: Mapping[str, str], data: bytes) -> Response:
        parts = urlsplit(path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        lang = query.get("lang") if query.get("lang") in ("zh", "en") else self.lang
        if parts.path == "/api/check":
            return self.check(clean_filename(headers.get(FILENAME_HEADER.lower())), data,
                              query.get("pack") or self.default_pack, lang)
        if parts.path == "/api/export":
            return self.export(data, query.get("format", ""), lang)
        return error_response(404, _say(lang, "没有这个接口", "not found"))

    def too_large(self, path: str, headers: Mapping[str, str], size: int) -> Response:
        parts = urlsplit(path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        lang = query.get("lang") if query.get("lang") in ("zh", "en") else self.lang
        name = clean_filename(headers.get(FILENAME_HEADER.lower()))
        return error_response(413, too_large_message(name, size, self.body_limit(parts.path), lang),
                              close=size > DRAIN_LIMIT)

    def check(self, name: str, data: bytes, pack_name: str, lang: str) -> Response:
        """Check one file's bytes: 200 with {result, documents}; 422 when the file cannot be read."""
        from checker.errors import InputError
        from checker.judge.engine import evaluate
        from checker.model import Report
        from checker.readers import read_bytes
        from checker.render import json as contract

        try:
            pack = self.pack(pack_name)
        except CheckerError as exc:
            return error_response(400, exc.message(lang))
        if len(data) > self.max_bytes:
            return error_response(413, too_large_message(name, len(data), self.max_bytes, lang))
        with self._slots:
            try:
                document = read_bytes(name, data)
                report = evaluate(document, pack, lang)
                expected = expected_places(report, document, pack)
            except InputError as exc:
                failed = Report(path=name, error=exc.message(lang))
                return error_response(422, exc.message(lang), result=contract.document([failed], pack),
                                      documents=[None])
            except CheckerError as exc:  # e.g. a pack regex that timed out on this text
                return error_response(422, exc.message(lang))
        documents = [{"lines": list(document.lines), "format": document.format,
                      "locations": list(document.locations) if document.locations else None,
                      "expected": expected}]
        return json_response(200, {"result": contract.document([report], pack), "documents": documents})

    def export(self, data: bytes, fmt: str, lang: str) -> Response:
        """The results the page holds, as a file: ``html`` (a self-contained report page),
        ``xlsx`` / ``csv`` (the batch spreadsheet) or ``json`` (the check contract)."""
        try:
            payload = json.loads(data.decode("utf-8"))
            result = payload["result"]
            documents = payload.get("documents") or []
            _reports(result)
            if not isinstance(documents, list):
                raise ValueError("documents")
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
            return error_response(400, _say(lang, "导出请求的内容无效", "the export request is not valid"))
        stamp = "fzcheck"
        csv_type, xlsx_type = "text/csv; charset=utf-8", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if fmt == "json":
            body = json.dumps(result, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
            return _download(body, "application/json; charset=utf-8", f"{stamp}.json")
        if fmt not in ("html", "csv", "xlsx"):
            return error_response(400, _say(lang, f"不支持的导出格式：{fmt}", f"unsupported export format: {fmt}"))
        several = len(_reports(result)) > 1
        # several reports: the batch review's page and spreadsheets, when that module is installed
        renderer = batch_renderer("xlsx" if fmt == "xlsx" else fmt) if several or fmt == "xlsx" else None
        if fmt == "xlsx" and renderer is None:
            fmt, renderer = "csv", batch_renderer("csv")
        if renderer is not None:
            try:
                summary = self.summary(result)
            except (ValueError, TypeError, KeyError, AttributeError, CheckerError):  # a contract that does not rebuild
                return error_response(400, _say(lang, "导出请求的内容无效", "the export request is not valid"))
            value = renderer(summary, lang)
            body = value.encode("utf-8") if isinstance(value, str) else bytes(value)
            kind = {"html": "text/html; charset=utf-8", "csv": csv_type, "xlsx": xlsx_type}[fmt]
            return _download(body, kind, f"{stamp}.{fmt}")
        if fmt == "html":
            body = report_page(result, documents, lang).encode("utf-8")
            return _download(body, "text/html; charset=utf-8", f"{stamp}.html", (("Content-Security-Policy", EXPORT_CSP),))
        return _download(report_csv(result, lang), csv_type, f"{stamp}.csv")

    def summary(self, result: Mapping):
        """The batch review's summary of the reports in ``result`` (checker.review.batch.summarise)."""
        import importlib

        batch = importlib.import_module("checker.review.batch")
        pack = self.pack(_text((result.get("pack") or {}).get("id")) or self.default_pack)
        return batch.summarise(reports_from_contract(result), pack)


def reports_from_contract(result: Mapping) -> list:
    """model.Report objects rebuilt from the contract JSON (for the batch review's renderers)."""
    import dataclasses

    from checker.model import Evidence, Finding, Meta, Report, Score, Severity, Status

    known = {f.name for f in dataclasses.fields(Report)}  # fields a newer contract may carry
    rebuilt = []
    for report in _reports(result):
        if report.get("error") is not None:
            rebuilt.append(Report(path=_text(report.get("path")), error=_text(report.get("error"))))
            continue
        meta = report.get("meta") if isinstance(report.get("meta"), Mapping) else None
        findings = []
        for f in _findings(report):
            evidence = tuple(Evidence(line=int(e.get("line") or 0), text=_text(e.get("text")), location=e.get("location"))
                             for e in f.get("evidence") or [] if isinstance(e, Mapping))
            findings.append(Finding(rule=_text(f.get("rule")), title=_text(f.get("title")),
                                    severity=Severity(f.get("severity")), status=Status(f.get("status")),
                                    weight=float(f.get("weight") or 0), earned=float(f.get("earned") or 0),
                                    message=_text(f.get("message")), suggestion=f.get("suggestion"),
                                    basis=f.get("basis"), evidence=evidence))
        extra = {"document_type": report.get("document_type"), "warnings": tuple(report.get("warnings") or ())}
        rebuilt.append(Report(
            path=_text(report.get("path")), error=None,
            meta=Meta(title=meta.get("title"), agency=meta.get("agency"), year=meta.get("year"),
                      date=meta.get("date")) if meta else None,
            findings=tuple(findings),
            score=Score(score=float(report.get("score") or 0), grade=_text(report.get("grade")),
                        passed=bool(report.get("passed")), reasons=()),
            **{key: value for key, value in extra.items() if key in known}))
    return rebuilt


def _download(body: bytes, content_type: str, filename: str, extra: tuple = ()) -> Response:
    disposition = f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
    return Response(200, body, content_type, (("Content-Disposition", disposition),) + tuple(extra))


def _asset(name: str) -> bytes:
    from importlib.resources import files

    return files("checker.web").joinpath(name).read_bytes()


# --- the socket side ----------------------------------------------------------------------

class Handler(BaseHTTPRequestHandler):
    """Moves bytes between the socket and ``App``; all decisions are the app's."""

    server_version = "fzcheck"
    protocol_version = "HTTP/1.1"
    timeout = 120  # a client that stops sending is dropped
    app: App  # set on the subclass made by make_server

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 — the base class's name
        if self.app.debug:
            super().log_message(format, *args)

    def _headers(self) -> dict[str, str] | None:
        for name in ("Host", "Origin", TOKEN_HEADER, "Content-Length"):
            if len(self.headers.get_all(name) or []) > 1:
                return None
        return {key.lower(): value for key, value in self.headers.items()}

    def do_GET(self) -> None:  # noqa: N802 — http.server's naming
        self._serve("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._serve("POST")

    def _serve(self, method: str) -> None:
        try:
            response = self._respond(method)
        except Exception as exc:  # noqa: BLE001 — the page gets one line, never a traceback
            if self.app.debug:
                traceback.print_exc()
            response = error_response(500, _say(self.app.lang, f"内部错误：{type(exc).__name__}: {exc}",
                                                f"internal error: {type(exc).__name__}: {exc}"), close=True)
        self._send(response)

    def _respond(self, method: str) -> Response:
        headers = self._headers()
        if headers is None:
            return error_response(400, _say(self.app.lang, "请求头重复", "duplicate request headers"), close=True)
        refused = self.app.guard(method, headers)
        if refused is not None:
            return refused
        if method == "GET":
            return self.app.get(self.path)
        length_text = headers.get("content-length")
        if length_text is None or not length_text.strip().isdigit():
            return error_response(411, _say(self.app.lang, "请求缺少 Content-Length", "Content-Length required"),
                                  close=True)
        length = int(length_text)
        if length > self.app.body_limit(urlsplit(self.path).path):
            response = self.app.too_large(self.path, headers, length)
            if not response.close:
                self._drain(length)
            return response
        data = self.rfile.read(length)
        if len(data) < length:
            return error_response(400, _say(self.app.lang, "上传未完成", "the upload was cut off"), close=True)
        return self.app.post(self.path, headers, data)

    def _drain(self, length: int) -> None:
        remaining = length
        while remaining > 0:
            chunk = self.rfile.read(min(remaining, 1 << 20))
            if not chunk:
                break
            remaining -= len(chunk)

    def _send(self, response: Response) -> None:
        try:
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            for name, value in SECURITY_HEADERS + response.headers:
                self.send_header(name, value)
            if response.close:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own errors (bad request line, unsupported method) as JSON with the same headers."""
        self._send(error_response(code, message or HTTPStatus(code).phrase, close=True))


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def make_server(host: str, port: int, lang: str = "zh", debug: bool = False,
                max_bytes: int = MAX_UPLOAD_BYTES) -> tuple[Server, App]:
    """Bind the server (``port`` 0: any free port) and the app that answers it."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    server_class = type("BoundServer", (Server,), {"address_family": family})
    app = App(host=host.strip("[]"), port=0, lang=lang, debug=debug, max_bytes=max_bytes)
    handler = type("BoundHandler", (Handler,), {"app": app})
    server = server_class((host.strip("[]"), port), handler)
    app.port = server.server_address[1]
    return server, app


def url_of(app: App) -> str:
    host = app.host
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{app.port}/"


def serve(server: Server, on_ready: Callable[[], None] | None = None) -> None:
    if on_ready is not None:
        on_ready()
    server.serve_forever(poll_interval=0.25)
