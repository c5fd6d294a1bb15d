"""The ⚑ JSON contract (design.md): one object for the whole run."""
from __future__ import annotations

import json
from typing import Sequence

from checker.model import Finding, Notice, Pack, Report


def finding_dict(finding: Finding) -> dict:
    data = {
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
            {"line": e.line, "text": e.text, **({"location": e.location} if e.location else {})}  # 第12行 / line 12
            for e in finding.evidence
        ],
    }
    # Added by the gate step only when they apply (docs/ci.md), so plain runs print the contract as is.
    if finding.waiver is not None:
        data["waived"] = {"reason": finding.waiver.reason, "until": finding.waiver.until,
                          "index": finding.waiver.index, "config": finding.waiver.source}
    if finding.baselined:
        data["baselined"] = True
    return data


def report_dict(report: Report) -> dict:
    meta = None
    if report.meta is not None:
        meta = {"title": report.meta.title, "agency": report.meta.agency,
                "year": report.meta.year, "date": report.meta.date, "published": report.meta.published}
    return {
        "path": report.path,
        "error": report.error,
        "meta": meta,
        "score": report.score.score if report.score else None,
        "grade": report.score.grade if report.score else None,
        "passed": report.score.passed if report.score else False,
        "document_type": report.document_type,  # the type the report looks like (null: unclear)
        "warnings": list(report.warnings),  # e.g. the pack does not fit the report's type
        "findings": [finding_dict(f) for f in report.findings],
    }


def document(reports: Sequence[Report], pack: Pack, notices: Sequence[Notice] = ()) -> dict:
    data = {
        "version": 1,
        "pack": {"id": pack.id, "version": pack.version},
        "reports": [report_dict(r) for r in reports],
    }
    if notices:  # expired, malformed or unused waivers (docs/ci.md)
        data["notices"] = [{"code": n.code, "message": n.message, "source": n.source} for n in notices]
    return data


def render(reports: Sequence[Report], pack: Pack, notices: Sequence[Notice] = (), **_: object) -> str:
    return json.dumps(document(reports, pack, notices), ensure_ascii=False, indent=2) + "\n"


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value
