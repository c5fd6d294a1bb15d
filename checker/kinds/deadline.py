"""deadline — the report was published in time.

When the input states when it was published (a saved web page's 发布日期/发布时间, else its
成文日期 metadata — kept as a fact, ``meta.published`` in the JSON), it must be on or before
``month``/``day`` of the report year + ``years_after`` (第二十四条: "每年4月1日之前", read as a
deadline, 4月1日 itself on time). pass: on time. fail: later. ``na``: no publication date, or
the report year unknown.

    - id: publication.timely
      kind: deadline
      month: 4
      day: 1
      years_after: 1
"""
from __future__ import annotations

import datetime

from checker.kinds.base import Context, Verdict
from checker.model import Rule, Status

OPTIONS = {
    "month": {"type": "integer", "minimum": 1, "maximum": 12},
    "day": {"type": "integer", "minimum": 1, "maximum": 31},
    "years_after": {"type": "integer", "minimum": 0, "default": 1},
}
REQUIRED = ["month", "day"]


def check(rule: Rule, ctx: Context) -> Verdict:
    published, year = ctx.facts.published, ctx.facts.year
    if published is None:
        return Verdict(Status.NA, ctx.t("不适用：文件没有写明发布日期", "not applicable: the input states no publication date"))
    if year is None:
        return Verdict(Status.NA, ctx.t("不适用：无法确定报告年度", "not applicable: the report year is unknown"))
    due = datetime.date(year + rule.options.get("years_after", 1), rule.options["month"], rule.options["day"])
    if datetime.date.fromisoformat(published) <= due:
        return Verdict(Status.PASS, ctx.t(f"{published}发布，在{due.isoformat()}期限内", f"published {published}, by {due.isoformat()}"))
    return Verdict(Status.FAIL, ctx.t(f"{published}才发布，晚于{due.isoformat()}的期限", f"published {published}, after the {due.isoformat()} deadline"))
