"""The gap table: one rich table per report, then one line with the gate decision.

Typeset by checker/render/typeset.py: columns sized by their content, every wrapped cell
broken by the Chinese rules (no 。，、）” at a line's start, no （《“ at its end, a number kept
with its unit, a rule id and the report's agency never broken), no trailing spaces.

Document text is data: it goes into rich ``Text`` objects, never into markup strings, so a
report containing "[bold]" or "[/]" prints as written.
"""
from __future__ import annotations

import io
from typing import Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from checker.judge import cite
from checker.model import Finding, Pack, Report, Severity, Status
from checker.render.typeset import Column, Grid, paragraph, plain_lines

SYMBOLS = {Status.PASS: "✔", Status.PARTIAL: "△", Status.FAIL: "✘", Status.NA: "–"}
STYLES = {Status.PASS: "green", Status.PARTIAL: "yellow", Status.FAIL: "red", Status.NA: "dim"}
_EVIDENCE_WIDTH = 48

LABELS = {
    "zh": {"status": "状态", "element": "要素", "points": "得分", "detail": "证据 / 说明",
           "line": "第{line}行：", "suggest": "建议：", "basis": "依据：", "agency": "单位", "year": "年度",
           "date": "日期", "score": "得分", "grade": "等级", "no_title": "（无标题）", "none": "—",
           "passed": "结论：通过", "with_warnings": "（另有{n}项警告）", "failed": "结论：未通过 — ", "error": "无法检查：",
           "summary": "共 {n} 份报告：{ok} 份通过，{bad} 份未通过，{err} 份无法检查"},
    "en": {"status": "", "element": "Element", "points": "Points", "detail": "Evidence / note",
           "line": "line {line}: ", "suggest": "Write: ", "basis": "Basis: ", "agency": "Agency", "year": "Year",
           "date": "Date", "score": "Score", "grade": "Grade", "no_title": "(no title)", "none": "—",
           "passed": "Verdict: passed", "with_warnings": " ({n} warnings)", "failed": "Verdict: not passed — ", "error": "Could not check: ",
           "summary": "{n} reports: {ok} passed, {bad} not passed, {err} could not be checked"},
}


def _points(value: float) -> str:
    return f"{value:g}"


def _truncate(text: str, width: int = _EVIDENCE_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _cite(detail: Text, evidence, labels: dict) -> None:
    """``第12行：…`` / ``line 12: …`` (checker/judge/cite.py), the place dim."""
    lang = "en" if labels is LABELS["en"] else "zh"
    where = cite.place(evidence.location, evidence.line, lang)
    if where:
        detail.append(where + (cite.SEPARATOR[lang] if evidence.text else ""), style="dim")
    detail.append(_truncate(evidence.text))


def _detail(finding: Finding, labels: dict) -> Text:
    detail = Text()
    if finding.status == Status.PASS and finding.evidence:
        for i, evidence in enumerate(finding.evidence[:1]):
            if i:
                detail.append("\n")
            _cite(detail, evidence, labels)
        return detail
    detail.append(finding.message)
    if finding.evidence and finding.status != Status.PASS:
        detail.append("\n")
        _cite(detail, finding.evidence[0], labels)
    if finding.suggestion:
        detail.append("\n" + labels["suggest"], style="bold")
        detail.append(finding.suggestion)
    if finding.basis and finding.status in (Status.FAIL, Status.PARTIAL):
        detail.append("\n" + labels["basis"], style="dim")
        detail.append(finding.basis, style="dim")
    return detail


def _grid(report: Report, labels: dict) -> Grid:
    rule_ids = tuple(f.rule for f in report.findings)
    names = tuple(n for n in ((report.meta.agency,) if report.meta and report.meta.agency else ()))
    grid = Grid([
        Column(labels["status"]),
        Column(labels["element"], wrap=True, weight=1, minimum=max((cell_len(r) for r in rule_ids), default=10),
               floor=12, priority=1, keep=rule_ids),
        Column(labels["points"], justify="right"),
        Column(labels["detail"], wrap=True, weight=4, minimum=24, floor=16, priority=2, keep=names),
    ], indent=1)
    for finding in report.findings:
        element = Text(finding.title)
        element.append(f"\n{finding.rule}", style="dim")
        points = "—" if finding.status == Status.NA else f"{_points(finding.earned)}/{_points(finding.weight)}"
        grid.add_row(Text(SYMBOLS[finding.status], style=STYLES[finding.status]), element, Text(points),
                     _detail(finding, labels))
    return grid


def _header(report: Report, labels: dict) -> Text:
    header = Text()
    if report.error is not None:
        header.append(report.path, style="bold")
        header.append("\n" + labels["error"], style="red")
        header.append(report.error)
        return header
    meta = report.meta
    header.append(meta.title if meta and meta.title else labels["no_title"], style="bold")
    header.append(f"  ({report.path})", style="dim")
    header.append("\n")
    for key, value in (("agency", meta.agency), ("year", meta.year), ("date", meta.date)):
        header.append(f"{labels[key]}：" if labels is LABELS["zh"] else f"{labels[key]}: ", style="dim")
        header.append(str(value) if value is not None else labels["none"])
        header.append("  ")
    score = report.score
    header.append(f"{labels['score']}：" if labels is LABELS["zh"] else f"{labels['score']}: ", style="dim")
    header.append(f"{score.score:g}", style="bold")
    header.append(f"（{score.grade}）" if labels is LABELS["zh"] else f" ({score.grade})", style="bold")
    for warning in report.warnings:  # a line above the table: e.g. the pack does not fit the report's type
        header.append("\n⚠ ", style="yellow")
        header.append(warning, style="yellow")
    return header


def _verdict(report: Report, labels: dict) -> Text:
    score = report.score
    verdict = Text()
    if score.passed:
        verdict.append(labels["passed"], style="bold green")
        warnings = sum(1 for f in report.findings if f.severity == Severity.WARNING and f.status == Status.FAIL)
        if warnings:
            verdict.append(labels["with_warnings"].format(n=warnings))
    else:
        verdict.append(labels["failed"], style="bold red")
        verdict.append("；".join(score.reasons) if labels is LABELS["zh"] else "; ".join(score.reasons))
    return verdict


def report_lines(report: Report, labels: dict, width: int) -> list[Text]:
    """The report's header, gap table and verdict, typeset to ``width`` cells."""
    header = _header(report, labels)
    # the agency, the path and each "年度：2025" item are never broken
    names = ((report.meta.agency,) if report.meta and report.meta.agency else ()) + (f"({report.path})",)
    names += tuple(item for item in header.plain.split("\n")[1].split("  ") if item) if report.error is None else ()
    lines = paragraph(header, width, keep=names)
    if report.error is not None:
        return lines + [Text("")]
    lines.append(Text(""))
    lines += _grid(report, labels).lines(width)
    lines += paragraph(_verdict(report, labels), width, indent=2)
    return lines + [Text("")]


def render(reports: Sequence[Report], pack: Pack, lang: str = "zh", width: int | None = None,
           color: bool = False) -> str:
    labels = LABELS["en" if lang == "en" else "zh"]
    width = width or 100
    buffer = io.StringIO()
    console = Console(file=buffer, width=max(width, 20), force_terminal=color,
                      color_system="auto" if color else None, no_color=not color, highlight=False, emoji=False,
                      legacy_windows=False)
    for report in reports:
        for line in report_lines(report, labels, width):
            console.print(line, soft_wrap=True)
    if len(reports) > 1:
        ok = sum(1 for r in reports if r.error is None and r.score and r.score.passed)
        err = sum(1 for r in reports if r.error is not None)
        summary = labels["summary"].format(n=len(reports), ok=ok, bad=len(reports) - ok - err, err=err)
        for line in paragraph(Text(summary), width):
            console.print(line, soft_wrap=True)
    return buffer.getvalue() if color else plain_lines(buffer.getvalue())
