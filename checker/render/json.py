"""The ⚑ JSON contract (design.md): one object for the whole run."""
from __future__ import annotations

import json
from typing import Sequence

from checker.model import Finding, Pack, Report


def finding_dict(finding: Finding) -> dict:
    return {
        "rule": finding.rule,
        "title": finding.title,
        "severity": finding.severity.value,
        "status": finding.status.value,
        "weight": _number(finding.weight),
        "earned": _number(finding.earned),
        "message": finding.message,
        "suggestion": finding.suggestion,
        "basis": finding.basis,
        "evidence": [
            {"line": e.line, "text": e.text, **({"location": e.location} if e.location else {})}
            for e in finding.evidence
        ],
    }


def report_dict(report: Report) -> dict:
    meta = None
    if report.meta is not None:
        meta = {"title": report.meta.title, "agency": report.meta.agency,
                "year": report.meta.year, "date": report.meta.date}
    return {
        "path": report.path,
        "error": report.error,
        "meta": meta,
        "score": report.score.score if report.score else None,
        "grade": report.score.grade if report.score else None,
        "passed": report.score.passed if report.score else False,
        "findings": [finding_dict(f) for f in report.findings],
    }


def document(reports: Sequence[Report], pack: Pack) -> dict:
    return {
        "version": 1,
        "pack": {"id": pack.id, "version": pack.version},
        "reports": [report_dict(r) for r in reports],
    }


def render(reports: Sequence[Report], pack: Pack, **_: object) -> str:
    return json.dumps(document(reports, pack), ensure_ascii=False, indent=2) + "\n"


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value
