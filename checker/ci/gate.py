"""The gate: the pure step between evaluate and render that decides whether each report passes.

    Report (from the engine) ─ waivers ─ baseline ─ fail_on / fail_under ─▶ Report (score.passed)

A finding *blocks* its report when its status is ``fail``, its severity is at or above
``fail_on`` (``error``: error only; ``warning``: error and warning), and it is neither waived
nor recorded in the baseline. A report passes when nothing blocks and its score is not below
the mark (``fail_under``, else the pack's pass mark). With a baseline, a score below the mark
does not fail a report whose recorded score was no higher (it did not get worse).

Waivers and the baseline never change a finding's status or the score: a waived finding keeps
its status, carries ``waiver`` and does not block. Without config, waivers or a baseline this
decides exactly as ``scoring.score`` does.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Sequence

from checker.model import Finding, Notice, Pack, Report, Severity, Status, Waiver

_BLOCKING = {"error": (Severity.ERROR,), "warning": (Severity.ERROR, Severity.WARNING)}


@dataclass(frozen=True)
class Policy:
    fail_under: float | None = None  # None: the pack's pass mark
    fail_on: str = "error"
    waivers: tuple[Waiver, ...] = ()
    root: str = "."  # the folder waiver globs are relative to
    cwd: str = "."  # the folder report paths are relative to (as given on the command line)
    baseline: object | None = None  # checker.ci.baseline.Baseline


def _waiver_for(finding: Finding, relpath: str | None, waivers: Sequence[Waiver]) -> Waiver | None:
    from checker.ci.config import glob_match

    if finding.status not in (Status.FAIL, Status.PARTIAL):
        return None
    for waiver in waivers:
        if waiver.rule != finding.rule:
            continue
        if not waiver.paths:
            return waiver
        if relpath is not None and any(glob_match(pattern, relpath) for pattern in waiver.paths):
            return waiver
    return None


def apply(report: Report, pack: Pack, policy: Policy = Policy(), lang: str = "zh") -> Report:
    """The report with waivers, baseline marks, blocking findings and the gate's verdict."""
    if report.error is not None or report.score is None:
        return report
    from checker.ci.config import relative

    relpath = relative(report.path, policy.root, policy.cwd) if policy.waivers else None
    baseline = policy.baseline
    base_key = relative(report.path, baseline.root, policy.cwd, outside=True) if baseline is not None else None
    blocking_severities = _BLOCKING.get(policy.fail_on, _BLOCKING["error"])
    findings, reasons = [], []
    for finding in report.findings:
        waiver = _waiver_for(finding, relpath, policy.waivers)
        known = baseline is not None and finding.status in (Status.FAIL, Status.PARTIAL) and baseline.known(base_key, finding)
        blocks = (finding.status == Status.FAIL and finding.severity in blocking_severities
                  and waiver is None and not known)
        findings.append(dataclasses.replace(finding, waiver=waiver, baselined=known, blocking=blocks))
        if blocks:
            reasons.append(f"{finding.title}（{finding.rule}）未通过" if lang != "en"
                           else f"{finding.title} ({finding.rule}) failed")
    value = report.score.score
    mark = pack.pass_mark if policy.fail_under is None else policy.fail_under
    below = value < mark
    if below and baseline is not None:
        recorded = baseline.score(base_key)
        if recorded is not None and value >= recorded:
            below = False
    if below:
        reasons.append(f"得分{value:g}低于及格线{mark:g}" if lang != "en" else f"score {value:g} is below the pass mark {mark:g}")
    score = dataclasses.replace(report.score, passed=not reasons, reasons=tuple(reasons), mark=mark, below_mark=below)
    return dataclasses.replace(report, findings=tuple(findings), score=score)


def unused_waivers(reports: Sequence[Report], waivers: Sequence[Waiver], lang: str = "zh") -> tuple[Notice, ...]:
    """A notice for each waiver that accepted no gap in this run."""
    used = {f.waiver for r in reports for f in r.findings if f.waiver is not None}
    notices = []
    for waiver in waivers:
        if waiver in used:
            continue
        where = "、".join(waiver.paths) if waiver.paths else ("所有文件" if lang != "en" else "all files")
        if lang == "en":
            message = f"waiver #{waiver.index} ({waiver.rule}) is unused: no such gap in {', '.join(waiver.paths) or 'any file'} in this run"
        else:
            message = f"豁免 #{waiver.index}（{waiver.rule}）未使用：本次检查的{where}中没有这一缺项"
        notices.append(Notice("waiver.unused", message, waiver.source))
    return tuple(notices)


def counts(reports: Sequence[Report]) -> dict[str, int]:
    """How many gaps were waived and how many were known from the baseline (for a one-line note)."""
    waived = sum(1 for r in reports for f in r.findings if f.waiver is not None)
    known = sum(1 for r in reports for f in r.findings if f.baselined)
    return {"waived": waived, "baselined": known}
