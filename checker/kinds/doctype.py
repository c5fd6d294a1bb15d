"""doctype — the document is the pack's report type, not a look-alike.

A 解读 of a report, a news item about it, a notice issuing a 工作要点 or 工作安排, an 实施方案,
a 政府信息公开工作年度报告, an annual 行政执法 report, a 述法报告, a 普法 summary, a half-year
summary, a 自查/整改 report, a guideline on writing the report: they share the report's words
and numbering, but they are not the report. The signals are the pack's ``document:`` block:
the look-alikes' words in the document's own title lines or its opening, and what makes a text
the pack's own type (a title of that type, "现将……情况报告如下", an opening that reviews the year).

pass: the document is the pack's report type. fail: it is a look-alike — the message says
which (and suggests a pack where one fits). partial: unclear (no title, no opening that says).

    - id: report.type
      kind: doctype
"""
from __future__ import annotations

from checker.analysis.doctype import LOOKALIKE, REPORT
from checker.kinds.base import Context, Verdict
from checker.model import Rule, Status

OPTIONS: dict = {}
REQUIRED: list[str] = []


def check(rule: Rule, ctx: Context) -> Verdict:
    verdict = ctx.doctype
    if verdict is None:
        return Verdict(Status.NA, ctx.t("不适用：规则包没有定义报告类型（document）", "not applicable: the pack defines no document type"))
    evidence = (ctx.evidence_at(verdict.offset),) if verdict.offset is not None else ()
    if verdict.kind == REPORT:
        return Verdict(Status.PASS, ctx.t("是本类报告", "the document is of this report type"), evidence)
    if verdict.kind == LOOKALIKE:
        look = verdict.lookalike
        name = (look.name_en or look.name) if ctx.lang == "en" else look.name
        hint_zh = f"；可改用 --pack {look.pack}" if look.pack else ""
        hint_en = f"; try --pack {look.pack}" if look.pack else ""
        return Verdict(Status.FAIL, ctx.t(f"这不是本类报告，而是{name}（依据“{verdict.signal}”）{hint_zh}",
                                          f"this is not a report of this type but {name} (from '{verdict.signal}'){hint_en}"),
                       evidence)
    return Verdict(Status.PARTIAL, ctx.t("无法确定是否为本类报告：没有本类报告的标题，开头也没有说明",
                                         "unclear whether this is a report of this type: no such title, and the opening does not say"))
