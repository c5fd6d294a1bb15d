"""Arithmetic only: credit per status, the score, the grade and the gate."""
from __future__ import annotations

from typing import Sequence

from checker.model import Finding, Pack, Rule, Score, Severity, Status


def is_optional(rule: Rule) -> bool:
    """An optional element: it earns no points (weight 0) and only informs (severity info), like
    section.other (其他需要报告的情况, 无此类情况时可不写). Absent, it is not a gap (docs/packs.md).
    A weight-0 rule of severity error (report.type) is a gate, never optional."""
    return rule.weight == 0 and rule.severity == Severity.INFO


def credit(rule: Rule, status: Status) -> float:
    if status == Status.PASS:
        return 1.0
    if status == Status.PARTIAL:
        return rule.partial_credit
    return 0.0


def score(findings: Sequence[Finding], pack: Pack, lang: str = "zh", fail_under: float | None = None) -> Score:
    counted = [f for f in findings if f.status != Status.NA]
    total = sum(f.weight for f in counted)
    earned = sum(f.earned for f in counted)
    value = round(100.0 * earned / total, 1) if total else 100.0
    grade = next((g for g in pack.grades if value >= g.min_score), None)
    grade_name = (grade.name_en if lang == "en" else grade.name) if grade else ""
    mark = pack.pass_mark if fail_under is None else fail_under
    reasons = []
    failed_errors = [f for f in findings if f.severity == Severity.ERROR and f.status == Status.FAIL]
    for finding in failed_errors:
        reasons.append(f"{finding.title}（{finding.rule}）未通过" if lang != "en" else f"{finding.title} ({finding.rule}) failed")
    if value < mark:
        reasons.append(f"得分{value:g}低于及格线{mark:g}" if lang != "en" else f"score {value:g} is below the pass mark {mark:g}")
    return Score(score=value, grade=grade_name, passed=not reasons, reasons=tuple(reasons))
