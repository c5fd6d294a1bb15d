"""title — the report has a title that names what it is.

The title is looked for as a span of the opening that names one term of the first group and,
a few words later, one of the last group ("某县人民政府关于2024年度法治政府建设情况的报告"),
wherever it sits: after a 文号, inside 《》, split over two lines, run into the body.

pass: such a title with every group (and a year, with ``require_year``). partial: it lacks
the year or another group. fail: no title — common on web pages where the title sat in the
page header, but a submitted report needs it — or a title of something else (a notice, a
工作总结, another report type).

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
    if ctx.facts.title_is_report is False:
        # The document's own title names something else (a notice, a 工作总结, another report type).
        return Verdict(Status.FAIL, ctx.t(f"标题“{title}”不是本类报告的标题", f"the title '{title}' is not a title of this report type"),
                       evidence)
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
