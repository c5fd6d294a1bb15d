"""count — enough occurrences of a pattern in a scope (e.g. figures in the measures part).

pass: at least ``min_pass`` matches of ``pattern`` (a regex on the normalised text);
partial: at least ``min_partial``; fail: fewer. ``na`` when the scope part is absent.

    - id: measures.figures
      kind: count
      scope: measures
      pattern: '\\d+(?:\\.\\d+)?\\s*(?:件|次|家|户|人|个|项|%|万|亿)'
      min_pass: 5
      min_partial: 1
"""
from __future__ import annotations

from checker.analysis.text import compile_pattern, iter_matches
from checker.kinds.base import Context, Verdict, scope_ranges
from checker.model import Rule, Status

OPTIONS = {
    "scope": {"type": "string", "default": "document"},
    "pattern": {"type": "string"},
    "min_pass": {"type": "integer", "minimum": 1},
    "min_partial": {"type": "integer", "minimum": 1},
}
REQUIRED = ["pattern", "min_pass"]


def check(rule: Rule, ctx: Context) -> Verdict:
    ranges, na = scope_ranges(rule, ctx, rule.options.get("scope", "document"))
    if na is not None:
        return na
    pattern = compile_pattern(rule.options["pattern"])
    need = rule.options["min_pass"]
    offsets: list[int] = []
    for start, end in ranges:  # stop counting once the rule passes: a long report is not scanned to its end
        for match in iter_matches(pattern, ctx.norm.text, start, end):
            offsets.append(match.start())
            if len(offsets) >= need:
                break
        if len(offsets) >= need:
            break
    evidence = tuple(ctx.evidence_at(o) for o in offsets[:2])
    if len(offsets) >= need:
        return Verdict(Status.PASS, ctx.t(f"至少{need}处", f"at least {need} found"), evidence)
    if len(offsets) >= rule.options.get("min_partial", need):
        return Verdict(Status.PARTIAL, ctx.t(f"只有{len(offsets)}处，建议至少{need}处", f"only {len(offsets)}, at least {need} advised"), evidence)
    return Verdict(Status.FAIL, ctx.t(f"只有{len(offsets)}处，建议至少{need}处", f"only {len(offsets)}, at least {need} advised"), evidence)
