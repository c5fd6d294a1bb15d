"""Where in a report a missing part belongs: the place `fzcheck serve` marks in the text
("此处应有：…") for each gap. Domain knowledge of the pack's parts and the report's closing
lines, read from the analysis the rules saw (``checker.judge.engine.analyse``).
"""
from __future__ import annotations

from typing import Sequence

from checker.errors import CheckerError


def expected_places(report, document, pack) -> dict[str, dict]:
    """For each finding that is not met, the place in the document where its part should be.

    ``{rule_id: {"line": n, "where": "before"|"after"|"in", "how": …}}`` with 1-based lines of
    ``document.lines``. A missing part belongs before the next part (in the pack's order of
    parts) that the report has; after the last one (before the closing lines) when none
    follows. A rule inside a part that is there points at the part; a missing title at the top;
    missing closing lines at the end. Anything else points at the top of the text.
    """
    wanted = [f for f in report.findings if f.status.value in ("fail", "partial", "na")]
    if not wanted or not document.lines:
        return {}
    rules = {rule.id: rule for rule in pack.rules}
    needs_parts = any(_part_of(rules.get(f.rule)) not in (None, "document") for f in wanted)
    ctx = None
    if needs_parts or any(getattr(rules.get(f.rule), "kind", None) == "closing" for f in wanted):
        from checker.judge.engine import analyse

        try:
            ctx = analyse(document, pack, "zh")
        except CheckerError:
            ctx = None
    last = _last_text_line(document.lines)
    places: dict[str, dict] = {}
    for finding in wanted:
        rule = rules.get(finding.rule)
        place = _place(rule, finding, ctx, pack, last) if rule is not None else None
        if place is None and finding.status.value == "na":
            continue  # not applicable for a reason of its own: nothing to point at
        places[finding.rule] = place or {"line": 1, "where": "before", "how": "top"}
    return places


def _part_of(rule) -> str | None:
    if rule is None:
        return None
    return rule.options.get("part") or rule.options.get("scope")


def _last_text_line(lines: Sequence[str]) -> int:
    for number in range(len(lines), 0, -1):
        if lines[number - 1].strip():
            return number
    return max(len(lines), 1)


def _place(rule, finding, ctx, pack, last: int) -> dict | None:
    if rule.kind == "title":
        return {"line": 1, "where": "before", "how": "top"}
    if rule.kind == "closing":
        return _closing_place(rule, ctx, last)
    part_id = _part_of(rule)
    if ctx is None or part_id in (None, "document"):
        return None
    match = ctx.parts.get(part_id)
    if match is None:
        return None
    if match.present and match.start is not None:
        if rule.kind == "section" and finding.status.value == "pass":
            return None
        return {"line": ctx.norm.line_of(match.start), "where": "in", "how": "part", "part": part_id}
    place = _missing_part_place(part_id, ctx, pack, last)
    owner = next((r.id for r in pack.rules if r.kind == "section" and r.options.get("part") == part_id), None)
    if owner is not None and owner != rule.id:
        place["same_as"] = owner  # a rule inside a missing part points at that part's own marker
    return place


def _missing_part_place(part_id: str, ctx, pack, last: int) -> dict:
    order = list(pack.parts)
    present = {pid: m for pid, m in ctx.parts.items() if m.present and m.start is not None}
    index = order.index(part_id) if part_id in order else len(order)
    for later in order[index + 1:]:
        if later in present:
            return {"line": ctx.norm.line_of(present[later].start), "where": "before", "how": "next-part",
                    "part": later}
    closing = _closing_start(ctx)
    earlier = [ctx.norm.line_of(present[p].start) for p in order[:index] if p in present]
    if closing and (not earlier or closing > max(earlier)):
        return {"line": closing, "where": "before", "how": "closing"}
    return {"line": last, "where": "after", "how": "end"}


def _closing_start(ctx) -> int | None:
    facts = ctx.facts
    if facts.closing_in_letter:  # a transmittal letter's 落款 at the top: a new part goes at the end
        return None
    lines = [line for line in (facts.closing_agency_line, facts.date.line if facts.date else None) if line]
    return min(lines) if lines else None


def _closing_place(rule, ctx, last: int) -> dict:
    if ctx is not None:
        facts = ctx.facts
        if rule.options.get("field") == "agency" and facts.date is not None and facts.date.line:
            return {"line": facts.date.line, "where": "before", "how": "closing"}
        if rule.options.get("field") == "date" and facts.closing_agency_line:
            return {"line": facts.closing_agency_line, "where": "after", "how": "closing"}
    return {"line": last, "where": "after", "how": "end"}
