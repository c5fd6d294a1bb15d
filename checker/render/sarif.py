"""SARIF 2.1.0 (OASIS), for GitHub code scanning and other SARIF viewers.

One run for the whole invocation. ``tool.driver.rules`` lists every rule of the pack (its
title, basis and help text, default level from its severity); ``results`` hold the gaps
(status ``fail`` or ``partial``), one per report × rule:

- ``ruleId`` is the pack's stable rule id; ``level``: error → error, warning → warning,
  info → note.
- ``partialFingerprints["fzcheck/gap/v1"]`` hashes rule + section + normalised evidence
  (checker/ci/baseline.py), never line numbers, so moving text does not make a gap new.
- a waived gap carries a ``suppressions`` entry (kind ``external``, the waiver's reason as
  justification); a gap recorded in the baseline has ``baselineState: "unchanged"``.
- ``columnKind`` is ``unicodeCodePoints``; regions give lines only (1-based, as read).

Reports that could not be read become ``toolExecutionNotifications``; config notices (expired,
malformed or unused waivers) become ``toolConfigurationNotifications``.
"""
from __future__ import annotations

import json
from pathlib import PureWindowsPath
from typing import Sequence
from urllib.parse import quote

from checker import __version__
from checker.model import Finding, Notice, Pack, Report, Rule, Severity, Status

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_LABELS = {
    "zh": {"suggest": "建议：", "basis": "依据：", "partial": "（部分满足）", "help": "**建议**：", "basis_md": "**依据**："},
    "en": {"suggest": "Write: ", "basis": "Basis: ", "partial": " (partly met)", "help": "**Write**: ", "basis_md": "**Basis**: "},
}


def artifact_uri(path: str) -> str:
    """A URI reference for a path as given: relative paths stay relative, ``/``-separated, percent-encoded."""
    if PureWindowsPath(path).drive:
        return "file:///" + quote(PureWindowsPath(path).as_posix(), safe="/:")
    posix = path.replace("\\", "/")
    if posix.startswith("/"):
        return "file://" + quote(posix, safe="/")
    while posix.startswith("./"):
        posix = posix[2:]
    return quote(posix, safe="/")


def rule_descriptor(rule: Rule, lang: str) -> dict:
    labels = _LABELS["en" if lang == "en" else "zh"]
    title = (rule.title_en or rule.title) if lang == "en" else rule.title
    from checker.judge.engine import fill_help

    help_text = fill_help((rule.help_en or rule.help) if lang == "en" else rule.help)  # the pack's example year
    help_text = help_text or title
    markdown = labels["help"] + _md(help_text)
    if rule.basis:
        markdown += "\n\n" + labels["basis_md"] + _md(rule.basis)
    descriptor = {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.replace("-", ".").replace("_", ".").split(".")),
        "shortDescription": {"text": title},
        "fullDescription": {"text": rule.basis or title},
        "help": {"text": help_text + (f"\n{labels['basis']}{rule.basis}" if rule.basis else ""), "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["fzcheck", rule.kind], "weight": _number(rule.weight)},
    }
    return descriptor


def _md(text: str) -> str:
    from checker.render.markdown import escape

    return escape(text)


def _message(finding: Finding, lang: str) -> str:
    labels = _LABELS["en" if lang == "en" else "zh"]
    text = finding.message
    if finding.status == Status.PARTIAL:
        text += labels["partial"]
    if finding.suggestion:
        text += "\n" + labels["suggest"] + finding.suggestion
    return text


def _result(finding: Finding, report: Report, rule_index: int, artifact_index: int | None, lang: str) -> dict:
    from checker.ci.baseline import FINGERPRINT_KEY, fingerprint

    result: dict = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "kind": "fail",
        "level": LEVELS[finding.severity],
        "message": {"text": _message(finding, lang)},
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding)},
        "properties": {"status": finding.status.value, "weight": _number(finding.weight),
                       "earned": _number(finding.earned), "blocking": finding.blocking},
    }
    if artifact_index is not None:
        evidence = finding.evidence[0] if finding.evidence else None
        region: dict = {"startLine": max(1, evidence.line) if evidence and evidence.line else 1}
        if evidence and evidence.text:
            region["snippet"] = {"text": evidence.text}
        location: dict = {"physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(report.path), "index": artifact_index},
            "region": region,
        }}
        if finding.section:
            location["logicalLocations"] = [{"name": finding.section, "kind": "section"}]
        if evidence and evidence.location:
            location["message"] = {"text": evidence.location}
        result["locations"] = [location]
    if finding.waiver is not None:
        suppression: dict = {"kind": "external", "status": "accepted", "justification": finding.waiver.reason}
        props = {"rule": finding.waiver.rule, "index": finding.waiver.index}
        if finding.waiver.until:
            props["until"] = finding.waiver.until
        if finding.waiver.source:
            props["config"] = finding.waiver.source
        suppression["properties"] = props
        result["suppressions"] = [suppression]
    if finding.baselined:
        result["baselineState"] = "unchanged"
    return result


def document(reports: Sequence[Report], pack: Pack, lang: str = "zh", notices: Sequence[Notice] = ()) -> dict:
    rules = list(pack.rules)
    rule_index = {rule.id: i for i, rule in enumerate(rules)}
    artifacts, results, execution_notes, summaries = [], [], [], []
    for report in reports:
        artifact_index = None
        if report.path != "-":
            artifact_index = len(artifacts)
            artifact: dict = {"location": {"uri": artifact_uri(report.path)}}
            if report.format:
                artifact["properties"] = {"format": report.format}
            artifacts.append(artifact)
        if report.error is not None:
            note: dict = {"level": "error", "message": {"text": report.error}, "descriptor": {"id": "read-error"}}
            if artifact_index is not None:
                note["locations"] = [{"physicalLocation": {"artifactLocation": {
                    "uri": artifact_uri(report.path), "index": artifact_index}}}]
            execution_notes.append(note)
            summaries.append({"path": report.path, "error": report.error})
            continue
        for finding in report.findings:
            if finding.status in (Status.FAIL, Status.PARTIAL) and finding.rule in rule_index:
                results.append(_result(finding, report, rule_index[finding.rule], artifact_index, lang))
        score = report.score
        summaries.append({"path": report.path, "score": score.score if score else None,
                          "grade": score.grade if score else None, "passed": bool(score and score.passed),
                          "reasons": list(score.reasons) if score else []})
    invocation: dict = {"executionSuccessful": not execution_notes}
    if execution_notes:
        invocation["toolExecutionNotifications"] = execution_notes
    if notices:
        invocation["toolConfigurationNotifications"] = [
            {"level": "warning" if n.code != "waiver.unused" else "note", "message": {"text": n.message},
             "descriptor": {"id": n.code}} for n in notices]
    run = {
        "tool": {"driver": {
            "name": "fzcheck",
            "fullName": "fazhi-checker",
            "version": __version__,
            "semanticVersion": __version__,
            "organization": "fazhi-checker",
            "properties": {"pack": {"id": pack.id, "version": pack.version, "title": pack.title}},
            "rules": [rule_descriptor(rule, lang) for rule in rules],
        }},
        "language": "zh-CN" if lang != "en" else "en-US",
        "columnKind": "unicodeCodePoints",
        "artifacts": artifacts,
        "invocations": [invocation],
        "results": results,
        "properties": {"reports": summaries},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(reports: Sequence[Report], pack: Pack, lang: str = "zh", notices: Sequence[Notice] = (), **_: object) -> str:
    return json.dumps(document(reports, pack, lang, notices), ensure_ascii=False, indent=2) + "\n"


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value

