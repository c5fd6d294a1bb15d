"""JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines …).

One ``<testsuite>`` per report (named by its path) and one ``<testcase>`` per report × rule
(``classname`` the report's path, ``name`` "rule-id title"), plus a ``score`` test case:

- a finding that fails the gate → ``<failure type="error|warning">`` (so "a JUnit failure"
  means exactly "the gate failed", as the exit code does); the score case fails when the
  score is below the mark;
- every other gap — a warning, a partly met rule, an info rule, a waived or baselined gap —
  stays a passing test case and is kept, not dropped: its message, evidence and suggestion
  are in ``<system-out>`` and its severity and status in the case's ``<properties>``;
- ``na`` → ``<skipped>`` with the reason; a report that could not be read → one ``<error>``.

Characters XML 1.0 cannot carry (control characters from a damaged file) become U+FFFD.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Sequence

from checker.model import Finding, Notice, Pack, Report, Status

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

LABELS = {
    "zh": {"line": "第{line}行：", "suggest": "建议：", "waived": "已豁免：", "until": "（至 {until}）",
           "baselined": "基线中已有此缺项", "score": "得分", "score_case": "score 得分", "read": "read 读取"},
    "en": {"line": "line {line}: ", "suggest": "Write: ", "waived": "Waived: ", "until": " (until {until})",
           "baselined": "already recorded in the baseline", "score": "score", "score_case": "score", "read": "read"},
}


def clean(text: object) -> str:
    return _INVALID_XML.sub("\ufffd", str(text))


def _details(finding: Finding, labels: dict) -> str:
    lines = [f"[{finding.severity.value}/{finding.status.value}] {finding.message}"]
    from checker.judge import cite

    lang = "en" if labels is LABELS["en"] else "zh"
    for evidence in finding.evidence[:2]:
        lines.append(cite.cite(cite.place(evidence.location, evidence.line, lang), evidence.text, lang))
    if finding.suggestion:
        lines.append(labels["suggest"] + finding.suggestion)
    if finding.waiver is not None:
        note = labels["waived"] + finding.waiver.reason
        if finding.waiver.until:
            note += labels["until"].format(until=finding.waiver.until)
        lines.append(note)
    if finding.baselined:
        lines.append(labels["baselined"])
    return clean("\n".join(lines))


def _properties(parent: ET.Element, values: dict) -> None:
    props = ET.SubElement(parent, "properties")
    for name, value in values.items():
        if value is not None:
            ET.SubElement(props, "property", name=name, value=clean(value))


def _suite(report: Report, pack: Pack, labels: dict) -> tuple[ET.Element, dict]:
    suite = ET.Element("testsuite", name=clean(report.path))
    tally = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    classname = clean(report.path)
    if report.error is not None:
        case = ET.SubElement(suite, "testcase", classname=classname, name=labels["read"], time="0")
        ET.SubElement(case, "error", message=clean(report.error), type="unreadable").text = clean(report.error)
        tally["tests"], tally["errors"] = 1, 1
        return _totals(suite, tally), tally
    score = report.score
    _properties(suite, {"pack": f"{pack.id} {pack.version}", "score": f"{score.score:g}", "grade": score.grade,
                        "passed": str(score.passed).lower(), "mark": f"{score.mark:g}" if score.mark is not None else None,
                        "title": report.meta.title if report.meta else None})
    for finding in report.findings:
        case = ET.SubElement(suite, "testcase", classname=classname, name=clean(f"{finding.rule} {finding.title}"),
                             time="0")
        tally["tests"] += 1
        gap = finding.status in (Status.FAIL, Status.PARTIAL)
        if gap or finding.status == Status.NA:
            _properties(case, {"severity": finding.severity.value, "status": finding.status.value,
                               "weight": f"{finding.weight:g}", "earned": f"{finding.earned:g}",
                               "waived": "true" if finding.waiver is not None else None,
                               "baselined": "true" if finding.baselined else None})
        if finding.status == Status.NA:
            ET.SubElement(case, "skipped", message=clean(finding.message))
            tally["skipped"] += 1
        elif finding.blocking:
            failure = ET.SubElement(case, "failure", message=clean(finding.message), type=finding.severity.value)
            failure.text = _details(finding, labels)
            tally["failures"] += 1
        elif gap:
            ET.SubElement(case, "system-out").text = _details(finding, labels)
    case = ET.SubElement(suite, "testcase", classname=classname, name=labels["score_case"], time="0")
    tally["tests"] += 1
    text = f"{labels['score']} {score.score:g}" + (f" / {score.mark:g}" if score.mark is not None else "")
    if score.below_mark:
        ET.SubElement(case, "failure", message=clean(text), type="score").text = clean("\n".join(score.reasons))
        tally["failures"] += 1
    else:
        ET.SubElement(case, "system-out").text = clean(text)
    return _totals(suite, tally), tally


def _totals(element: ET.Element, tally: dict) -> ET.Element:
    for key, value in tally.items():
        element.set(key, str(value))
    element.set("time", "0")
    return element


def render(reports: Sequence[Report], pack: Pack, lang: str = "zh", notices: Sequence[Notice] = (), **_: object) -> str:
    """``notices`` (config notes) are not part of JUnit's schema; the CLI prints them on stderr."""
    labels = LABELS["en" if lang == "en" else "zh"]
    root = ET.Element("testsuites", name="fzcheck")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for report in reports:
        suite, tally = _suite(report, pack, labels)
        root.append(suite)
        for key in totals:
            totals[key] += tally[key]
    _totals(root, totals)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
