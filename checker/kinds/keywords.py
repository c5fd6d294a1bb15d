"""keywords — a subject is named within a scope (the whole report or one part).

pass: one of ``terms`` appears in the scope. partial: only one of ``partial_terms`` appears
(a collective name such as 三项制度 says less than naming each system), or — with
``body_only`` — only the part's heading promises it (one of ``heading_partial_terms``).
fail: none. Scope ``document`` or a part id; a rule scoped to a part that the report lacks
is ``na`` (the part's own rule already counts the gap).

    - id: enforcement.legal-review
      kind: keywords
      scope: document
      terms: [法制审核, 法制审查, 合法性审核]
      partial_terms: [三项制度]
"""
from __future__ import annotations

from checker.analysis.text import TermSet
from checker.kinds.base import Context, Verdict, scope_ranges
from checker.model import Rule, Status

_TERMS = {"type": "array", "items": {"type": "string", "minLength": 1}}
OPTIONS = {
    "scope": {"type": "string", "description": "document, or the id of a part", "default": "document"},
    "terms": {**_TERMS, "minItems": 1, "description": "any of these passes (re:... for a regex on the key)"},
    "partial_terms": {**_TERMS, "description": "only these: partial"},
    "heading_partial_terms": {**_TERMS, "description": "the part's heading promises it, the body does not: partial"},
    "body_only": {"type": "boolean", "description": "look in the part's body, not its headings"},
    "min_count": {"type": "integer", "minimum": 1, "description": "occurrences needed to pass"},
}
REQUIRED = ["terms"]


def check(rule: Rule, ctx: Context) -> Verdict:
    options = rule.options
    scope = options.get("scope", "document")
    ranges, na = scope_ranges(rule, ctx, scope)
    if na is not None:
        return na
    body_only = options.get("body_only", False)
    headings = [h for h in ctx.seg.headings if any(start <= h.start < end for start, end in ranges)]
    heading_spans = [(h.start, h.title_end) for h in headings]

    def hits(terms: TermSet) -> list[tuple[str, int]]:
        found = []
        for start, end in ranges:
            for term, offset in ctx.norm.find_terms(terms, start, end):
                if body_only and any(a <= offset < b for a, b in heading_spans):
                    continue
                found.append((term, offset))
        return found

    where = ctx.t("全文", "the report") if scope == "document" else ctx.t(f"“{ctx.part_name(scope)}”部分", f"the '{ctx.part_name(scope)}' part")
    term_set = TermSet(options["terms"])
    found = hits(term_set)
    # Evidence prefers the pack's first terms (the system's own name before its looser synonyms).
    rank = {term: i for i, term in enumerate(options["terms"])}
    found.sort(key=lambda hit: (rank.get(hit[0], len(rank)), hit[1]))
    need = options.get("min_count", 1)
    if len(found) >= need:
        terms = "、".join(dict.fromkeys(term_set.shown(term, ctx.norm.key, ctx.norm.key_index(offset))
                                        for term, offset in found[:6]))
        return Verdict(Status.PASS, ctx.t(f"{where}写到：{terms}", f"{where} mentions: {terms}"),
                       tuple(ctx.evidence_at(offset) for _, offset in _distinct_lines(ctx, found)[:3]))
    if found:
        return Verdict(Status.PARTIAL, ctx.t(f"{where}只提到{len(found)}处，要求至少{need}处",
                                             f"{where} mentions it {len(found)} time(s), {need} needed"),
                       tuple(ctx.evidence_at(offset) for _, offset in found[:3]))
    partial = hits(TermSet(options.get("partial_terms", [])))
    if partial:
        term = partial[0][0].removeprefix("re:")
        return Verdict(Status.PARTIAL, ctx.t(f"{where}只有笼统的“{term}”，未具体写明",
                                             f"{where} only has the collective '{term}', nothing specific"),
                       (ctx.evidence_at(partial[0][1]),))
    heading_terms = TermSet(options.get("heading_partial_terms", []))
    if heading_terms:
        for heading in headings:
            if heading_terms.matches(heading.title):
                return Verdict(Status.PARTIAL, ctx.t("只有标题提到，正文没有展开", "only the heading promises it; the body does not say it"),
                               (ctx.heading_evidence(heading),))
    searched = "、".join(t.removeprefix("re:") for t in options["terms"][:5])
    return Verdict(Status.FAIL, ctx.t(f"{where}未找到：{searched}", f"not found in {where}: {searched}"))


def _distinct_lines(ctx: Context, found: list[tuple[str, int]]) -> list[tuple[str, int]]:
    seen, result = set(), []
    for term, offset in found:
        line = ctx.norm.line_of(offset)
        if line not in seen:
            seen.add(line)
            result.append((term, offset))
    return result
