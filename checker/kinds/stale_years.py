"""stale_years — no text carried over from another year.

A report copied from last year's keeps last year's dates: the year's own work stated under
another year ("2023年，我局……" among the measures of a 2024 report), or a plan for a year that
has already come ("2024年，我们将……" in the 2024 report). A statement *states the year's work*
when it opens with a year ("2023年，", "2023年度，"); citations do not count — 较2023年,
2023年以来, 自2022年起, 《…（2021—2025年）》, 2021—2025年, 十四五 — and neither do later years
(述法 held in January about the report year).

pass: nothing carried over. partial: only a doubtful mention (``doubtful``: "截至2021年底…").
fail: a statement of the year's work dated in an earlier year, or a plan statement opening with
the report year or an earlier one. ``na`` when the report year is unknown. Evidence: each stale
mention with its line.

    - id: report.years
      kind: stale_years
      parts: [measures, leader]
      plan: plan
"""
from __future__ import annotations

import re

from checker.analysis.text import compile_pattern
from checker.kinds import _matters as m
from checker.kinds.base import Context, Verdict
from checker.model import Rule, Status

OPTIONS = {
    "parts": {"type": "array", "items": {"type": "string"}, "description": "parts whose statements report the year's work"},
    "plan": {"type": "string", "description": "the plan part: a statement opening with a past or the report year is stale"},
    "doubtful": {**m.TERMS, "description": "regexes on a statement: an earlier year that may be a baseline (partial)"},
}
REQUIRED = ["parts"]

# A statement that opens with a year and a comma states that year's work; "以来/起/至/—" cite.
_OPENING_YEAR = re.compile(r"^(?:\d{1,2}[.、]|[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,2}是)?\s*(?:在)?"
                           r"((?:19|20)\d{2})\s*年(?:度)?(?:上半年|下半年|全年)?\s*[，,]")


def check(rule: Rule, ctx: Context) -> Verdict:
    year = ctx.facts.year
    if year is None:
        return Verdict(Status.NA, ctx.t("不适用：无法确定报告年度", "not applicable: the report year is unknown"))
    stale, doubtful = [], []
    doubtful_patterns = [compile_pattern(p) for p in rule.options.get("doubtful", [])]
    for part_id in rule.options["parts"]:
        for statement in _statements(ctx, part_id):
            opening = _OPENING_YEAR.match(statement.text)
            if opening and int(opening.group(1)) < year:
                stale.append((statement, int(opening.group(1))))
                continue
            for pattern in doubtful_patterns:
                found = pattern.search(statement.text)
                if found and found.groups() and found.group(1).isdigit() and int(found.group(1)) < year:
                    doubtful.append((statement, int(found.group(1))))
                    break
    plan = rule.options.get("plan")
    for statement in _statements(ctx, plan) if plan else ():
        opening = _OPENING_YEAR.match(statement.text)
        if opening and int(opening.group(1)) <= year and "将" in statement.text[:40]:
            stale.append((statement, int(opening.group(1))))
    if stale:
        years = "、".join(str(y) for y in dict.fromkeys(y for _, y in stale))
        return Verdict(Status.FAIL, ctx.t(f"{year}年度的报告中有写成{years}年的本年工作或安排（可能沿用了往年文稿）",
                                          f"the {year} report states work or plans under {years} (carried over from another year?)"),
                       tuple(ctx.evidence_at(s.start) for s, _ in stale[:5]))
    if doubtful:
        return Verdict(Status.PARTIAL, ctx.t("有一处较早年份的表述，请核对是否为往年文字", "an earlier year is mentioned; check it is not last year's text"),
                       tuple(ctx.evidence_at(s.start) for s, _ in doubtful[:3]))
    return Verdict(Status.PASS, ctx.t("未发现沿用其他年份的文字", "nothing carried over from another year"))


def _statements(ctx: Context, part_id: str):
    match = ctx.parts.get(part_id)
    if match is None or not match.present:
        return []
    return m.part_statements(ctx, match.spans)
