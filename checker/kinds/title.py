"""title — the report has a title that names what it is.

pass: a title line exists and contains one term of every group in ``groups`` (and a year,
with ``require_year``). partial: a title exists but lacks some of that. fail: no title —
common on web pages where the title sat in the page header, but a submitted report needs it.

    - id: report.title
      kind: title
      require_year: true
      groups:
        - [法治政府建设, 法治建设, 依法行政]
        - [报告, 情况]
"""
from __future__ import annotations

from checker.analysis.text import TermSet, years_in
from checker.kinds.base import Context, Verdict
from checker.model import Evidence, Rule, Status

OPTIONS = {
    "groups": {"type": "array", "items": {"type": "array", "items": {"type": "string"}, "minItems": 1}},
    "require_year": {"type": "boolean", "default": True},
}
REQUIRED: list[str] = []


def check(rule: Rule, ctx: Context) -> Verdict:
    title = ctx.facts.title
    if not title:
        return Verdict(Status.FAIL, ctx.t("没有标题", "no title"))
    line = ctx.facts.title_line
    evidence = (Evidence(line=line, text=title, location=ctx.location(line)),) if line else (Evidence(line=0, text=title),)
    missing = []
    normalized = ctx.facts.title_normalized or title
    if rule.options.get("require_year", True) and not years_in(normalized):
        missing.append(ctx.t("年度", "the year"))
    for group in rule.options.get("groups", []):
        if not TermSet(group).matches(normalized):
            missing.append("/".join(group[:3]))
    if missing:
        return Verdict(Status.PARTIAL, ctx.t(f"标题缺少：{'、'.join(missing)}", f"the title lacks: {', '.join(missing)}"), evidence)
    return Verdict(Status.PASS, ctx.t("标题完整", "the title is complete"), evidence)
