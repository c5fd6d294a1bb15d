"""acts — a part reports concrete acts with figures or dates, not slogans.

Reviewers send back leader parts made of slogans (亲自部署、亲自过问、亲自协调、亲自督办). A
statement of the part is an *act* when it has one of ``acts`` (主持召开, 研究, 述法, 出庭应诉,
督察 …) beyond the ``slogans``; it *counts* when it also has a figure or a date (``figure``:
"4次", "2件", "2024年12月27日").

pass: an act with a figure or date. partial: acts without any figure. fail: slogans only, or
nothing done. ``na`` when the part is absent and not even mentioned; a part only mentioned is
judged on the paragraph of the mention.

    - id: leader.substance
      kind: acts
      part: leader
      acts: [主持召开, 研究, 述法, 出庭]
      slogans: [亲自部署, 亲自过问]
      figure: '\\d+\\s*(次|件|场)'
"""
from __future__ import annotations

from checker.analysis.parts import MENTION
from checker.analysis.text import TermSet, compile_pattern, to_key
from checker.kinds import _matters as m
from checker.kinds.base import Context, Verdict, part_scope
from checker.model import Rule, Status

OPTIONS = {
    "part": {"type": "string"},
    "acts": {**m.TERMS, "minItems": 1, "description": "words of a concrete act"},
    "slogans": {**m.TERMS, "description": "phrases that are no act (removed before acts are looked for)"},
    "figure": {"type": "string", "description": "regex: a count or a date"},
}
REQUIRED = ["part", "acts", "figure"]


def _spans(ctx: Context, part_id: str):
    match = ctx.parts.get(part_id)
    if match is not None and match.how == MENTION and match.mention_offset is not None:
        text = ctx.norm.text
        start = text.rfind("\n", 0, match.mention_offset) + 1
        end = text.find("\n", match.mention_offset)
        return [(start, len(text) if end == -1 else end)], None
    match, na = part_scope(None, ctx, part_id)
    return (list(match.spans) if match else []), na


def check(rule: Rule, ctx: Context) -> Verdict:
    spans, na = _spans(ctx, rule.options["part"])
    if na is not None:
        return na
    acts, slogans = TermSet(rule.options["acts"]), rule.options.get("slogans", [])
    figure = compile_pattern(rule.options["figure"])
    with_figure, without, slogan_only = [], [], []
    for statement in m.part_statements(ctx, spans):
        text = statement.text
        for slogan in slogans:
            text = text.replace(slogan, "")
        if acts.first(to_key(text)) is None:
            if len(text) < len(statement.text):
                slogan_only.append(statement)
            continue
        (with_figure if figure.search(statement.text) else without).append(statement)
    if with_figure:
        return Verdict(Status.PASS, ctx.t(f"写出{len(with_figure)}项有数字或日期的具体履职行为", f"{len(with_figure)} concrete acts with figures or dates"),
                       tuple(ctx.evidence_at(s.start) for s in with_figure[:4]))
    if without:
        return Verdict(Status.PARTIAL, ctx.t("写了履职行为，但没有次数、件数或日期", "acts are named but without any count or date"),
                       tuple(ctx.evidence_at(s.start) for s in without[:3]))
    if slogan_only:
        return Verdict(Status.FAIL, ctx.t("只有口号式表述，没有具体履职行为", "slogans only, no concrete act"),
                       tuple(ctx.evidence_at(s.start) for s in slogan_only[:3]))
    return Verdict(Status.FAIL, ctx.t("没有写出具体履职行为", "no concrete act is reported"))
