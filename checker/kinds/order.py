"""order — parts that are present come in the given order.

pass: the parts found appear in the order of ``parts`` (absent ones are skipped; parts that
share one merged heading count as in order). fail: one comes before a part it should follow.
``na`` when fewer than two of them are present. The leader part is usually left out: real
reports put it first, second or third.

    - id: structure.order
      kind: order
      parts: [measures, shortcomings, plan]
"""
from __future__ import annotations

from checker.kinds.base import Context, Verdict
from checker.model import Rule, Status

OPTIONS = {"parts": {"type": "array", "items": {"type": "string"}, "minItems": 2}}
REQUIRED = ["parts"]


def check(rule: Rule, ctx: Context) -> Verdict:
    found = []
    for part_id in rule.options["parts"]:
        match = ctx.parts.get(part_id)
        if match is not None and match.present and match.start is not None:
            found.append((part_id, match.start, match.part.name))
    if len(found) < 2:
        return Verdict(Status.NA, ctx.t("不适用：可比较顺序的部分不足两个", "not applicable: fewer than two of these parts are present"))
    for (_, start_a, name_a), (_, start_b, name_b) in zip(found, found[1:]):
        if start_b < start_a:
            return Verdict(Status.FAIL, ctx.t(f"“{name_b}”排在“{name_a}”之前", f"'{name_b}' comes before '{name_a}'"),
                           (ctx.evidence_at(start_b),))
    names = " → ".join(name for _, _, name in found)
    return Verdict(Status.PASS, ctx.t(f"顺序正确：{names}", f"in order: {names}"))
