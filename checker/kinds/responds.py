"""responds — the plan answers the problems named in the shortcomings.

The problems of the part named by ``problems`` are found as the ``problems`` kind finds them
(the pack's ``problems:`` words): the specific ones, else the generic ones. A problem is answered when a
statement of the plan names one of its matters (the pack's ``topics``: 执法力量不足 →
充实执法队伍). pass: at least ``threshold`` of them answered (2/3 by default, inclusive).
partial: some. fail: none. ``na`` without either part, or when the shortcomings name no
problem at all. Evidence: problem → plan item pairs, and the problems left unanswered.

    - id: plan.responds
      kind: responds
      part: plan
      problems: shortcomings
"""
from __future__ import annotations

from checker.kinds import _matters as m
from checker.kinds.base import Context, Verdict, part_scope
from checker.model import Evidence, Rule, Status

OPTIONS = {
    "part": {"type": "string", "description": "the plan part"},
    "problems": {"type": "string", "description": "the part holding the problems (shortcomings)"},
    "threshold": {"type": "number", "exclusiveMinimum": 0, "maximum": 1, "default": 0.6667},
    "where_topics": {"type": "array", "items": {"type": "string"},
                     "description": "topics that say where, not what: they answer a problem only when it names nothing else"},
}
REQUIRED = ["part", "problems"]


def check(rule: Rule, ctx: Context) -> Verdict:
    shortcomings, na = part_scope(rule, ctx, rule.options["problems"])
    if na is not None:
        return na
    plan, na = part_scope(rule, ctx, rule.options["part"])
    if na is not None:
        return na
    found = m.problems(ctx, shortcomings.spans)
    named = m.distinct(found, m.SPECIFIC) or m.distinct(found, m.GENERIC)
    if not named:
        return Verdict(Status.NA, ctx.t("不适用：不足部分没有写出具体问题", "not applicable: the shortcomings name no problem"))
    items = [(s, m.matters(ctx, s.text)) for s in m.part_statements(ctx, plan.spans)]
    pairs, open_ = [], []
    where = frozenset(rule.options.get("where_topics", ()))
    for problem in named:
        wanted = (problem.matters - where) or problem.matters
        answer = next((s for s, topics in items if topics & wanted), None)
        (pairs if answer is not None else open_).append((problem, answer))
    share = len(pairs) / len(named)
    evidence = tuple(Evidence(line=ctx.norm.line_of(a.start), text=f"{_short(_written(ctx, p.statement))} → {_short(_written(ctx, a))}",
                              location=ctx.location(ctx.norm.line_of(a.start))) for p, a in pairs[:4])
    evidence += tuple(Evidence(line=ctx.norm.line_of(p.statement.start), text=ctx.t(f"未回应：{_short(_written(ctx, p.statement))}",
                                                                                     f"not answered: {_short(_written(ctx, p.statement))}"),
                               location=ctx.location(ctx.norm.line_of(p.statement.start))) for p, _ in open_[:3])
    counts = ctx.t(f"{len(pairs)}/{len(named)}个问题在安排中有对应举措", f"{len(pairs)} of {len(named)} problems are answered by the plan")
    if share >= rule.options.get("threshold", 0.6667) - 1e-9:
        return Verdict(Status.PASS, counts, evidence)
    if pairs:
        return Verdict(Status.PARTIAL, counts, evidence)
    return Verdict(Status.FAIL, ctx.t(f"下一年度安排没有回应不足部分的问题（{counts}）", f"the plan answers none of the problems ({counts})"),
                   evidence)


def _short(text: str, width: int = 24) -> str:
    return text if len(text) <= width else text[:width] + "…"


def _written(ctx: Context, statement) -> str:
    return " ".join(ctx.norm.written(statement.start, statement.end).split())
