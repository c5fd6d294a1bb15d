"""closing — the closing lines: the issuing agency, then a well-formed date.

``field: agency`` passes when the report ends with an agency line (a name ending in 局, 委员会,
人民政府, 办公室 …). ``field: date`` passes on a well-formed date there (2024年12月18日,
二〇二四年一月五日); a garbled date such as "2024130日" fails as malformed — never guessed.
When the document's end has no closing lines, the 落款 of a transmittal letter or notice that
opens it (关于报送/印发……, the letter's text, agency, date, then what it sends) counts; an agency
and date printed under the title as a byline do not.

    - id: signature.date
      kind: closing
      field: date
"""
from __future__ import annotations

from checker.kinds.base import Context, Verdict
from checker.model import Evidence, Rule, Status

OPTIONS = {"field": {"enum": ["agency", "date"]}}
REQUIRED = ["field"]


def check(rule: Rule, ctx: Context) -> Verdict:
    facts = ctx.facts
    if rule.options["field"] == "agency":
        if facts.closing_agency:
            line = facts.closing_agency_line or 0
            return Verdict(Status.PASS, ctx.t(f"落款单位：{facts.closing_agency}", f"signed by: {facts.closing_agency}"),
                           (Evidence(line=line, text=facts.closing_agency, location=ctx.location(line)),))
        return Verdict(Status.FAIL, ctx.t("文末没有落款单位", "no issuing agency in the closing lines"))
    date = facts.date
    if date is None:
        return Verdict(Status.FAIL, ctx.t("文末没有成文日期", "no date in the closing lines"))
    evidence = (Evidence(line=date.line, text=date.raw, location=ctx.location(date.line)),)
    if date.malformed:
        return Verdict(Status.FAIL, ctx.t(f"落款日期格式错误：“{date.raw}”", f"malformed closing date: '{date.raw}'"), evidence)
    return Verdict(Status.PASS, ctx.t(f"落款日期：{date.iso}", f"dated {date.iso}"), evidence)
