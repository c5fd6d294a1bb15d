"""section — a part of the report is introduced by a heading.

pass: a heading at any level names the part (a merged heading such as "三、存在问题和下一步打算"
satisfies every part it names once its text turns to it; for a part with ``fallback:
leading_sections``, the top-level sections before the other parts count too; for a part with
``item_leads``, an item whose lead phrase names it — "二是严格落实第一责任人职责，…"). partial:
the report only mentions the part in passing (a preface, another part's body, a merged heading
whose text never turns to it). fail: neither.

    - id: section.plan
      kind: section
      part: plan
"""
from __future__ import annotations

from checker.analysis.parts import FALLBACK, HEADING, ITEM, MENTION
from checker.kinds.base import Context, Verdict, part_scope
from checker.model import Rule, Status

OPTIONS = {"part": {"type": "string", "description": "the id of a part defined under `parts`"}}
REQUIRED = ["part"]


def check(rule: Rule, ctx: Context) -> Verdict:
    part_id = rule.options["part"]
    match = ctx.parts.get(part_id)
    if match is None:
        return part_scope(rule, ctx, part_id)[1]
    name = match.part.name
    if match.how == HEADING:
        evidence = tuple(ctx.heading_evidence(s.heading) for s in match.sections[:3])
        return Verdict(Status.PASS, ctx.t(f"有“{name}”部分", f"the '{name}' part is present"), evidence)
    if match.how == FALLBACK:
        evidence = tuple(ctx.heading_evidence(s.heading) for s in match.sections[:3])
        return Verdict(Status.PASS, ctx.t(f"“{name}”按工作领域分列于前{len(match.sections)}个一级标题",
                                          f"the '{name}' are set out under the first {len(match.sections)} top-level headings, one per work area"),
                       evidence)
    if match.how == ITEM:
        return Verdict(Status.PASS, ctx.t(f"“{name}”作为分项写出（分项的首句点明）",
                                          f"'{name}' is written as an item whose lead phrase names it"),
                       (ctx.evidence_at(match.mention_offset),))
    if match.how == MENTION:
        return Verdict(Status.PARTIAL, ctx.t(f"“{name}”仅在正文中提及，没有独立标题",
                                             f"'{name}' is only mentioned in passing, with no heading of its own"),
                       (ctx.evidence_at(match.mention_offset),))
    searched = "、".join(match.part.heading_terms[:4])
    return Verdict(Status.FAIL, ctx.t(f"缺少“{name}”部分（未找到含“{searched}”等字样的标题）",
                                      f"the '{name}' part is missing (no heading with {searched} or the like)"))
