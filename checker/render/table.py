"""The gap table: one rich table per report, then one line with the gate decision.

Document text is data: it goes into rich ``Text`` objects, never into markup strings, so a
report containing "[bold]" or "[/]" prints as written.
"""
from __future__ import annotations

import io
from typing import Sequence

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from checker.model import Finding, Pack, Report, Status

SYMBOLS = {Status.PASS: "✔", Status.PARTIAL: "△", Status.FAIL: "✘", Status.NA: "–"}
STYLES = {Status.PASS: "green", Status.PARTIAL: "yellow", Status.FAIL: "red", Status.NA: "dim"}
_EVIDENCE_WIDTH = 48

LABELS = {
    "zh": {"status": "状态", "element": "要素", "points": "得分", "detail": "证据 / 说明",
           "line": "第{line}行：", "suggest": "建议：", "basis": "依据：", "agency": "单位", "year": "年度",
           "date": "日期", "score": "得分", "grade": "等级", "no_title": "（无标题）", "none": "—",
           "passed": "结论：通过", "failed": "结论：未通过 — ", "error": "无法检查：",
           "summary": "共 {n} 份报告：{ok} 份通过，{bad} 份未通过，{err} 份无法检查"},
    "en": {"status": "", "element": "Element", "points": "Points", "detail": "Evidence / note",
           "line": "line {line}: ", "suggest": "Write: ", "basis": "Basis: ", "agency": "Agency", "year": "Year",
           "date": "Date", "score": "Score", "grade": "Grade", "no_title": "(no title)", "none": "—",
           "passed": "Verdict: passed", "failed": "Verdict: not passed — ", "error": "Could not check: ",
           "summary": "{n} reports: {ok} passed, {bad} not passed, {err} could not be checked"},
}


def _points(value: float) -> str:
    return f"{value:g}"


def _truncate(text: str, width: int = _EVIDENCE_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _detail(finding: Finding, labels: dict) -> Text:
    detail = Text()
    if finding.status == Status.PASS and finding.evidence:
        for i, evidence in enumerate(finding.evidence[:1]):
            if i:
                detail.append("\n")
            where = evidence.location or (labels["line"].format(line=evidence.line) if evidence.line else "")
            detail.append(where, style="dim")
            detail.append(_truncate(evidence.text))
        return detail
    detail.append(finding.message)
    if finding.evidence and finding.status != Status.PASS:
        evidence = finding.evidence[0]
        where = evidence.location or (labels["line"].format(line=evidence.line) if evidence.line else "")
        detail.append("\n")
        detail.append(where, style="dim")
        detail.append(_truncate(evidence.text))
    if finding.suggestion:
        detail.append("\n" + labels["suggest"], style="bold")
        detail.append(finding.suggestion)
    if finding.basis and finding.status in (Status.FAIL, Status.PARTIAL):
        detail.append("\n" + labels["basis"], style="dim")
        detail.append(finding.basis, style="dim")
    return detail


def report_renderable(report: Report, labels: dict):
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

    table = Table(box=box.SIMPLE_HEAD, show_lines=False, expand=False, pad_edge=False)
    table.add_column(labels["status"], no_wrap=True)
    table.add_column(labels["element"], ratio=2, overflow="fold")
    table.add_column(labels["points"], justify="right", no_wrap=True)
    table.add_column(labels["detail"], ratio=5, overflow="fold")
    for finding in report.findings:
        element = Text(finding.title)
        element.append(f"\n{finding.rule}", style="dim")
        points = "—" if finding.status == Status.NA else f"{_points(finding.earned)}/{_points(finding.weight)}"
        table.add_row(Text(SYMBOLS[finding.status], style=STYLES[finding.status]), element, points,
                      _detail(finding, labels))
    verdict = Text()
    if score.passed:
        verdict.append(labels["passed"], style="bold green")
    else:
        verdict.append(labels["failed"], style="bold red")
        verdict.append("；".join(score.reasons) if labels is LABELS["zh"] else "; ".join(score.reasons))
    return Group(header, table, verdict, Text(""))


def render(reports: Sequence[Report], pack: Pack, lang: str = "zh", width: int | None = None,
           color: bool = False) -> str:
    labels = LABELS["en" if lang == "en" else "zh"]
    buffer = io.StringIO()
    console = Console(file=buffer, width=width or 100, force_terminal=color, color_system="auto" if color else None,
                      no_color=not color, highlight=False, emoji=False, legacy_windows=False)
    for report in reports:
        console.print(report_renderable(report, labels))
    if len(reports) > 1:
        ok = sum(1 for r in reports if r.error is None and r.score and r.score.passed)
        err = sum(1 for r in reports if r.error is not None)
        console.print(Text(labels["summary"].format(n=len(reports), ok=ok, bad=len(reports) - ok - err, err=err)))
    return buffer.getvalue()
