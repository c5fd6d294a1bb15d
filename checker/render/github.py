"""GitHub Actions workflow commands: annotations on the pull request, then the full table.

- a gap that fails the gate → ``::error file=…,line=…,title=…::message``
- any other error- or warning-level gap (a warning, a partly met error rule) → ``::warning …``
- info-level, waived and baselined gaps are not annotated (they are in the table).

GitHub shows at most 10 error and 10 warning annotations per step, so at most 10 of each are
written; one line then says how many more there are, and the full gap table follows in the log.
The table is fenced by ``::stop-commands::`` so text from the report can never be taken for a
workflow command. Values are escaped as the runner expects: ``%``, ``\\r``, ``\\n`` in messages,
and also ``:`` and ``,`` in properties.
"""
from __future__ import annotations

import hashlib
from typing import Sequence

from checker.model import Finding, Notice, Pack, Report, Severity, Status

MAX_PER_LEVEL = 10

LABELS = {
    "zh": {"more": "fzcheck：另有 {errors} 条错误、{warnings} 条警告未逐条标注（每步最多标注 {cap} 条），完整结果见下方表格。",
           "partial": "（部分满足）", "suggest": "建议：", "table": "fzcheck 完整结果"},
    "en": {"more": "fzcheck: {errors} more errors and {warnings} more warnings not annotated (at most {cap} each per step); the full table follows.",
           "partial": " (partly met)", "suggest": "Write: ", "table": "fzcheck full results"},
}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **properties: object) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{level}{' ' + props if props else ''}::{escape_data(message)}"


def level_of(finding: Finding) -> str | None:
    """The annotation level of a finding, or None when it is not annotated."""
    if finding.status not in (Status.FAIL, Status.PARTIAL) or finding.waiver is not None or finding.baselined:
        return None
    if finding.blocking:
        return "error"
    if finding.severity in (Severity.ERROR, Severity.WARNING):
        return "warning"
    return None


def _annotation(finding: Finding, report: Report, level: str, labels: dict) -> str:
    message = finding.message + (labels["partial"] if finding.status == Status.PARTIAL else "")
    if finding.suggestion:
        message += "\n" + labels["suggest"] + finding.suggestion
    line = finding.evidence[0].line if finding.evidence and finding.evidence[0].line else 1
    file = report.path if report.path != "-" else None
    return command(level, message, file=file, line=line if file else None,
                   title=f"{finding.title} ({finding.rule})")


def render(reports: Sequence[Report], pack: Pack, lang: str = "zh", notices: Sequence[Notice] = (),
           width: int = 120, **_: object) -> str:
    from checker.render import table

    labels = LABELS["en" if lang == "en" else "zh"]
    annotations: dict[str, list[str]] = {"error": [], "warning": []}
    for report in reports:
        if report.error is not None:
            annotations["error"].append(command("error", report.error, title="fzcheck",
                                                file=report.path if report.path != "-" else None))
            continue
        for finding in report.findings:
            level = level_of(finding)
            if level is not None:
                annotations[level].append(_annotation(finding, report, level, labels))
    # errors first; at most MAX_PER_LEVEL of each, the rest counted
    lines = annotations["error"][:MAX_PER_LEVEL] + annotations["warning"][:MAX_PER_LEVEL]
    skipped = {level: max(0, len(items) - MAX_PER_LEVEL) for level, items in annotations.items()}
    for notice in notices:
        lines.append(command("notice", notice.message, file=notice.source, title="fzcheck"))
    if skipped["error"] or skipped["warning"]:
        lines.append(labels["more"].format(errors=skipped["error"], warnings=skipped["warning"], cap=MAX_PER_LEVEL))
    text = table.render(reports, pack, lang=lang, width=width, color=False)
    token = "fzcheck-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]
    lines.append(f"::stop-commands::{token}")
    lines.append(text.rstrip("\n"))
    lines.append(f"::{token}::")
    return "\n".join(lines) + "\n"
