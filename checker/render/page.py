"""The local page's report as one self-contained HTML page (`fzcheck serve`, download "HTML"):
built from the check contract JSON the page sends back (checker.render.json) and the documents'
lines, with the evidence highlighted and a marker where each gap belongs.

Inline style, no scripts, no external sources (``EXPORT_CSP`` is both in the page and, from
the server, in the response); every value is escaped.
"""
from __future__ import annotations

import html
from typing import Any, Mapping, Sequence

from checker.judge import cite

# The exported report page: inline styles, no scripts at all.
EXPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
SYMBOLS = {"pass": "✔", "partial": "△", "fail": "✘", "na": "–"}


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _location(document: Mapping | None, line: int) -> str | None:
    """The reader's place of a line (第2页第20行), when the page sent the document's locations."""
    locations = document.get("locations") if document else None
    if isinstance(locations, list) and 0 < line <= len(locations) and isinstance(locations[line - 1], str):
        return locations[line - 1]
    return None


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
           "before": "应在{place}之前", "after": "应在{place}之后", "in": "见{place}所在部分",
           "generated": "由 fzcheck 生成；文件只在本机检查。", "warnings": "提示"},
    "en": {"title": "Rule-of-law government report check", "summary": "Summary", "rank": "Rank", "file": "File",
           "agency": "Agency", "year": "Year", "date": "Date", "score": "Score", "grade": "Grade",
           "verdict": "Verdict", "passed": "passed", "failed": "not passed", "missing": "Missing required elements",
           "error": "Could not check", "status": "Status", "element": "Element", "points": "Points",
           "detail": "Evidence / note", "suggest": "Write", "basis": "Basis", "line": "line {line}",
           "no_title": "(no title)", "text": "The report's text", "expected": "Expected here: {title}",
           "pack": "Pack", "before": "belongs before {place}", "after": "belongs after {place}",
           "in": "see the part at {place}", "generated": "Made by fzcheck; files are checked on this computer only.",
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
            where = cite.place(_text(evidence.get("location")) or None, line if isinstance(line, int) else None, lang) or ""
            link = f'<a href="#r{index}-L{int(line)}">{esc(where)}</a>' if lines and isinstance(line, int) else esc(where)
            text = _text(evidence.get("text"))
            detail.append(f"{link}{colon}{esc(text)}" if text and where else link or esc(text))
        place = expected.get(finding.get("rule")) if isinstance(expected, Mapping) else None
        if isinstance(place, Mapping) and isinstance(place.get("line"), int) and lines:
            line = place["line"]
            # the place as the evidence cites it: 第2页第20行, not the line's number in the text
            where = cite.place(_location(document, line), line, lang)
            key = {"before": "before", "after": "after"}.get(place.get("where"), "in")
            text = labels[key].format(place=where)
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
