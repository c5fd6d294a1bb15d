"""The gap table in GitHub-flavoured Markdown, for a job summary or a pull-request comment.

A summary table of the reports, then per report the gaps (status ``fail`` or ``partial``):
what is missing, where, and what to write. Passed and not-applicable rules are counted, not
listed. Document text is data: every piece of it is escaped (Markdown punctuation, HTML,
``@`` mentions and ``#`` references), and line breaks inside a cell become ``<br>``.
"""
from __future__ import annotations

import re
from typing import Sequence

from checker.model import Finding, Notice, Pack, Report, Severity, Status

LABELS = {
    "zh": {
        "title": "fzcheck 检查结果", "pack": "规则包", "report": "报告", "score": "得分", "grade": "等级",
        "verdict": "结论", "gaps": "缺项", "passed": "✅ 通过", "failed": "❌ 未通过", "unreadable": "⛔ 无法检查",
        "state": "状态", "element": "要素", "where": "位置 / 证据", "problem": "问题", "suggest": "建议",
        "line": "第{line}行", "none": "—", "no_title": "（无标题）", "mark": "及格线",
        "summary": "共 {n} 份报告：{ok} 份通过，{bad} 份未通过，{err} 份无法检查。",
        "rest": "通过 {passed} 项，不适用 {na} 项。", "no_gaps": "没有缺项。",
        "error": "错误", "warning": "警告", "info": "提示", "fail": "未满足", "partial": "部分满足",
        "waived": "已豁免", "until": "至", "baselined": "基线已有", "reasons": "未通过原因：", "notes": "说明",
        "sep": "；",
    },
    "en": {
        "title": "fzcheck results", "pack": "Pack", "report": "Report", "score": "Score", "grade": "Grade",
        "verdict": "Verdict", "gaps": "Gaps", "passed": "✅ passed", "failed": "❌ not passed", "unreadable": "⛔ could not check",
        "state": "Status", "element": "Element", "where": "Where / evidence", "problem": "Problem", "suggest": "Write",
        "line": "line {line}", "none": "—", "no_title": "(no title)", "mark": "pass mark",
        "summary": "{n} reports: {ok} passed, {bad} not passed, {err} could not be checked.",
        "rest": "{passed} rules passed, {na} not applicable.", "no_gaps": "No gaps.",
        "error": "error", "warning": "warning", "info": "info", "fail": "missing", "partial": "partly met",
        "waived": "waived", "until": "until", "baselined": "in baseline", "reasons": "Not passed: ", "notes": "Notes",
        "sep": "; ",
    },
}

_ESCAPE = re.compile(r"([\\`*_{}\[\]|~])")


def escape(text: str | None) -> str:
    """Text safe inside a Markdown table cell: no formatting, HTML, links, mentions or references."""
    if text is None:
        return ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _ESCAPE.sub(r"\\\1", text)
    text = text.replace("#", "&#35;").replace("@", "&#64;")  # no @mentions, no #123 references
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "<br>".join(line.strip() for line in text.split("\n"))


def _state(finding: Finding, labels: dict) -> str:
    severity = labels[finding.severity.value]
    status = labels[finding.status.value]
    if finding.waiver is not None:
        icon = "🔕"
    elif finding.baselined:
        icon = "📌"
    elif finding.blocking:
        icon = "❌"
    elif finding.severity == Severity.INFO:
        icon = "ℹ️"
    else:
        icon = "⚠️"
    return f"{icon} {severity}·{status}"


def _where(finding: Finding, labels: dict) -> str:
    if not finding.evidence:
        return labels["none"]
    from checker.judge import cite

    evidence = finding.evidence[0]
    lang = "zh" if labels is LABELS["zh"] else "en"
    return escape(cite.cite(cite.place(evidence.location, evidence.line, lang), evidence.text, lang))


def _problem(finding: Finding, labels: dict) -> str:
    text = escape(finding.message)
    if finding.waiver is not None:
        note = f"{labels['waived']}：{finding.waiver.reason}" if labels is LABELS["zh"] else f"{labels['waived']}: {finding.waiver.reason}"
        if finding.waiver.until:
            note += f"（{labels['until']} {finding.waiver.until}）" if labels is LABELS["zh"] else f" ({labels['until']} {finding.waiver.until})"
        text += "<br>_" + escape(note) + "_"
    if finding.baselined:
        text += "<br>_" + escape(labels["baselined"]) + "_"
    return text


def _report_section(report: Report, labels: dict) -> list[str]:
    lines: list[str] = []
    if report.error is not None:
        lines += [f"### {labels['unreadable']} · {escape(report.path)}", "", escape(report.error), ""]
        return lines
    score = report.score
    title = report.meta.title if report.meta and report.meta.title else labels["no_title"]
    verdict = labels["passed"] if score and score.passed else labels["failed"]
    lines.append(f"### {verdict} · {escape(report.path)}")
    lines.append("")
    header = f"**{escape(title)}**"
    if score:
        header += f" · {labels['score']} {score.score:g}"
        if score.grade:
            header += f"（{escape(score.grade)}）" if labels is LABELS["zh"] else f" ({escape(score.grade)})"
        if score.mark is not None:
            header += f" · {labels['mark']} {score.mark:g}"
    lines += [header, ""]
    if score and score.reasons:
        lines += [labels["reasons"] + escape(labels["sep"].join(score.reasons)), ""]
    gaps = [f for f in report.findings if f.status in (Status.FAIL, Status.PARTIAL)]
    # blocking first, then by severity, keeping the pack's order within each group
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    gaps.sort(key=lambda f: (not f.blocking, f.waiver is not None or f.baselined, order[f.severity]))
    if gaps:
        lines.append(f"| {labels['state']} | {labels['element']} | {labels['where']} | {labels['problem']} | {labels['suggest']} |")
        lines.append("| --- | --- | --- | --- | --- |")
        for finding in gaps:
            element = f"{escape(finding.title)}<br>`{finding.rule}`"
            lines.append(f"| {_state(finding, labels)} | {element} | {_where(finding, labels)} | "
                         f"{_problem(finding, labels)} | {escape(finding.suggestion) or labels['none']} |")
        lines.append("")
    else:
        lines += [labels["no_gaps"], ""]
    passed = sum(1 for f in report.findings if f.status == Status.PASS)
    na = sum(1 for f in report.findings if f.status == Status.NA)
    lines += [labels["rest"].format(passed=passed, na=na), ""]
    return lines


def render(reports: Sequence[Report], pack: Pack, lang: str = "zh", notices: Sequence[Notice] = (), **_: object) -> str:
    labels = LABELS["en" if lang == "en" else "zh"]
    ok = sum(1 for r in reports if r.error is None and r.score and r.score.passed)
    err = sum(1 for r in reports if r.error is not None)
    colon = "：" if lang != "en" else ": "
    summary = labels["summary"].format(n=len(reports), ok=ok, bad=len(reports) - ok - err, err=err)
    lines = [f"## {labels['title']}", "", f"{summary} {labels['pack']}{colon}{escape(pack.id)} {escape(pack.version)}", ""]
    lines.append(f"| {labels['report']} | {labels['score']} | {labels['grade']} | {labels['verdict']} | {labels['gaps']} |")
    lines.append("| --- | ---: | --- | --- | ---: |")
    for report in reports:
        if report.error is not None:
            lines.append(f"| {escape(report.path)} | {labels['none']} | {labels['none']} | {labels['unreadable']} | {labels['none']} |")
            continue
        score = report.score
        gaps = sum(1 for f in report.findings if f.status in (Status.FAIL, Status.PARTIAL))
        verdict = labels["passed"] if score and score.passed else labels["failed"]
        lines.append(f"| {escape(report.path)} | {score.score:g} | {escape(score.grade) or labels['none']} | {verdict} | {gaps} |")
    lines.append("")
    for report in reports:
        lines += _report_section(report, labels)
    if notices:
        lines += [f"**{labels['notes']}**", ""]
        lines += [f"- {escape(n.message)}" for n in notices]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
