"""year — the year a part is about: the plan names the report year + ``offset``.

pass: the part names the expected year ("2025年", "二〇二五年") or a relative one from
``relative_terms`` (下一年度 / 明年 / 下一步). fail: it names only another year — usually a
draft carried over from last year ("四、2024年工作打算" in the 2024 report). partial: it names
no year at all. ``na`` when the part is absent or the report year is unknown. A year in the
part's heading decides; else the years of its body. Programme years (《……（2021—2025年）》,
"2021-2025年") are ignored.

    - id: plan.year
      kind: year
      part: plan
      offset: 1
      relative_terms: [下一年度, 明年, 下一步]
"""
from __future__ import annotations

from checker.analysis.text import TermSet, years_in
from checker.kinds.base import Context, Verdict, part_scope
from checker.model import Rule, Status

OPTIONS = {
    "part": {"type": "string"},
    "offset": {"type": "integer", "description": "expected year minus report year", "default": 1},
    "relative_terms": {"type": "array", "items": {"type": "string"}},
}
REQUIRED = ["part"]


def check(rule: Rule, ctx: Context) -> Verdict:
    match, na = part_scope(rule, ctx, rule.options["part"])
    if na is not None:
        return na
    report_year = ctx.facts.year
    if report_year is None:
        return Verdict(Status.NA, ctx.t("不适用：无法确定报告年度", "not applicable: the report year is unknown"))
    expected = report_year + rule.options.get("offset", 1)
    name = match.part.name
    headings = [h for h in ctx.seg.headings if any(a <= h.start < b for a, b in match.spans)]
    heading_years = [(year, h) for h in headings[:1] for year, _ in years_in(h.title)]
    if heading_years:
        year, heading = heading_years[0]
        evidence = (ctx.heading_evidence(heading),)
        if year == expected:
            return Verdict(Status.PASS, ctx.t(f"“{name}”写明{year}年", f"'{name}' names {year}"), evidence)
        return Verdict(Status.FAIL, ctx.t(f"“{name}”写的是{year}年，应为{expected}年（可能沿用了往年文稿）",
                                          f"'{name}' names {year}; it should be {expected} (a draft carried over?)"), evidence)
    body_years: list[tuple[int, int]] = []
    # the closing lines' date (成文日期, often in Chinese numerals) is not the plan's year
    closing = [line for line in (ctx.facts.closing_agency_line, ctx.facts.date.line if ctx.facts.date else None) if line]
    # a transmittal letter's 落款 sits above the report: only its own lines are left out
    closing_line = min(closing) if closing and not ctx.facts.closing_in_letter else None
    for start, end in match.spans:
        body = ctx.norm.text[start:end]
        body_years.extend((year, start + offset) for year, offset in years_in(body)
                          if closing_line is None or ctx.norm.line_of(start + offset) < closing_line)
    for year, offset in body_years:
        if year == expected:
            return Verdict(Status.PASS, ctx.t(f"“{name}”写明{year}年", f"'{name}' names {year}"), (ctx.evidence_at(offset),))
    # A plan whose body names only the report year or older ("2024年，我们将……" in the 2024
    # report) is a draft carried over, even under a heading that says 下一步.
    later = [(year, offset) for year, offset in body_years if year > expected]
    wrong = [(year, offset) for year, offset in body_years if year < expected]
    if wrong and not later:
        year, offset = wrong[-1]
        return Verdict(Status.FAIL, ctx.t(f"“{name}”只写到{year}年，应为{expected}年（可能沿用了往年文稿）",
                                          f"'{name}' names only {year}; it should be {expected} (a draft carried over?)"),
                       (ctx.evidence_at(offset),))
    relative = TermSet(rule.options.get("relative_terms", []))
    for start, end in match.spans:
        hits = ctx.norm.find_terms(relative, start, end) if relative else []
        if hits:
            term, offset = hits[0]
            return Verdict(Status.PASS, ctx.t(f"“{name}”以“{term}”指明年度", f"'{name}' refers to the year as '{term}'"),
                           (ctx.evidence_at(offset),))
    return Verdict(Status.PARTIAL, ctx.t(f"“{name}”没有写明年度（应为{expected}年）", f"'{name}' names no year ({expected} expected)"))
