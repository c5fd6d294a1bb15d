"""problems — the shortcomings part names real, specific problems.

Each statement of the part (a sentence, a "一是……" item, a clause after "；") is graded: a
*specific* problem names a matter of the domain (the pack's ``topics``), what is lacking
(a ``lack`` word of the pack's ``problems:`` block) and how it shows (``concrete``: a figure
or an example); a *generic* one names a matter and a lack only; *boilerplate* names no matter
("与新形势新要求相比还有差距"); an *achievement* written as a shortcoming praises (``praise``).

pass: at least ``min_pass`` distinct specific problems. partial: one specific problem, or
generic ones only. fail: boilerplate or achievements only. ``na`` without the part. Evidence:
the problems found, one per line.

    - id: shortcomings.substance
      kind: problems
      part: shortcomings
"""
from __future__ import annotations

from checker.kinds import _matters as m
from checker.kinds.base import Context, Verdict, part_scope
from checker.model import Rule, Status

OPTIONS = {"part": {"type": "string", "description": "the part holding the problems (shortcomings)"},
           "min_pass": {"type": "integer", "minimum": 1, "default": 2}}
REQUIRED = ["part"]


def check(rule: Rule, ctx: Context) -> Verdict:
    match, na = part_scope(rule, ctx, rule.options["part"])
    if na is not None:
        return na
    found = m.problems(ctx, match.spans)
    specific = m.distinct(found, m.SPECIFIC)
    generic = m.distinct(found, m.GENERIC)
    need = rule.options.get("min_pass", 2)
    if len(specific) >= need:
        return Verdict(Status.PASS, ctx.t(f"写出{len(specific)}个具体问题", f"{len(specific)} specific problems named"),
                       tuple(ctx.evidence_at(p.statement.start) for p in specific[:5]))
    if specific or generic:
        shown = specific + generic
        message = ctx.t(f"只写出{len(specific)}个具体问题（另有{len(generic)}处笼统表述）；具体问题应写明哪方面、缺什么、表现如何",
                        f"only {len(specific)} specific problem(s) ({len(generic)} generic statement(s)); say what is lacking, where, and how it shows")
        return Verdict(Status.PARTIAL, message, tuple(ctx.evidence_at(p.statement.start) for p in shown[:5]))
    praise = [p for p in found if p.grade == m.ACHIEVEMENT]
    if praise:
        return Verdict(Status.FAIL, ctx.t("不足部分写的是成绩，没有写出存在的问题", "the shortcomings are achievements in disguise"),
                       tuple(ctx.evidence_at(p.statement.start) for p in praise[:3]))
    boiler = [p for p in found if p.grade == m.BOILERPLATE]
    return Verdict(Status.FAIL, ctx.t("不足部分只有套话，没有写出具体问题", "the shortcomings are boilerplate only, no specific problem"),
                   tuple(ctx.evidence_at(p.statement.start) for p in boiler[:3]))
