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
- ``columnKind`` is ``unicodeCodePoints``; lines and columns are 1-based, in the text as read. A
  region is the evidence as it stands in the file (its columns and ``snippet``, without the …
  of a cut excerpt); its ``contextRegion`` is that line with the lines around it, which code
  scanning shows beside the finding (``fzcheck check`` passes the lines along; without them a
  region is the whole line and its snippet the excerpt).
- ``tool.driver.informationUri`` is the project's home (the ``url`` of setup.cfg); each rule's
  ``helpUri`` its entry in docs/rules.md (generated from the built-in packs), or docs/packs.md
  for a rule of your own pack.

Reports that could not be read become ``toolExecutionNotifications``; config notices (expired,
malformed or unused waivers) become ``toolConfigurationNotifications``.
"""
from __future__ import annotations

import json
from pathlib import PureWindowsPath
from typing import Mapping, Sequence
from urllib.parse import quote

from checker import __version__
from checker.model import Finding, Notice, Pack, Report, Rule, Severity, Status

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
# Where this tool's repository lives (setup.cfg's url, read from the installed metadata): change
# it there when you publish the tool elsewhere.
HOME_URI = "https://github.com/your-org/fazhi-checker"
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


def home_uri() -> str:
    try:
        from importlib.metadata import PackageNotFoundError, metadata

        url = metadata("fazhi-checker").get("Home-page") or ""
    except (ImportError, PackageNotFoundError):
        url = ""
    return (url if url.startswith(("https://", "http://")) else HOME_URI).rstrip("/")


def help_uri(rule: Rule) -> str:
    """The rule's entry in docs/rules.md (a rule of a built-in pack), else how packs work."""
    from checker.authoring.kinds_doc import builtin_rule_anchor

    anchor = builtin_rule_anchor(rule)
    if anchor:
        return f"{home_uri()}/blob/main/docs/rules.md#{anchor}"
    return f"{home_uri()}/blob/main/docs/packs.md#rules"


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
        "helpUri": help_uri(rule),
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


def _result(finding: Finding, report: Report, rule_index: int, artifact_index: int | None, lang: str,
            lines: Sequence[str] | None = None) -> dict:
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
        start = max(1, evidence.line) if evidence and evidence.line else 1
        region: dict = {"startLine": start}
        line = lines[start - 1] if lines and evidence and evidence.line and start <= len(lines) else None
        text = evidence.text.strip("…") if evidence and evidence.text else ""
        physical: dict = {"artifactLocation": {"uri": artifact_uri(report.path), "index": artifact_index},
                          "region": region}
        if line is None:
            if text:
                region["snippet"] = {"text": text}
        else:
            column = line.find(text) if text else -1
            if column >= 0:  # the evidence as the file has it (without the … of a cut excerpt)
                region.update(startColumn=column + 1, endColumn=column + 1 + len(text), snippet={"text": text})
            # the line and its neighbours around it, for code scanning to show beside the finding
            low, high = max(1, start - 1), min(len(lines), start + 1)
            if high > low or (column >= 0 and text != line):
                physical["contextRegion"] = {"startLine": low, "endLine": high,
                                             "snippet": {"text": "\n".join(lines[low - 1:high])}}
        location: dict = {"physicalLocation": physical}
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


def document(reports: Sequence[Report], pack: Pack, lang: str = "zh", notices: Sequence[Notice] = (),
             lines: Mapping[int, Sequence[str]] | None = None) -> dict:
    """The SARIF log; ``lines``: each report's lines by its index in ``reports`` (context regions)."""
    lines = lines or {}
    rules = list(pack.rules)
    rule_index = {rule.id: i for i, rule in enumerate(rules)}
    artifacts, results, execution_notes, summaries = [], [], [], []
    for number, report in enumerate(reports):
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
                results.append(_result(finding, report, rule_index[finding.rule], artifact_index, lang,
                                       lines.get(number)))
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
            "informationUri": home_uri(),
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


def render(reports: Sequence[Report], pack: Pack, lang: str = "zh", notices: Sequence[Notice] = (),
           lines: Mapping[int, Sequence[str]] | None = None, **_: object) -> str:
    return json.dumps(document(reports, pack, lang, notices, lines), ensure_ascii=False, indent=2) + "\n"


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value

