"""forbidden — text that must not be there (template remnants of a draft).

pass: none of ``terms`` (matched on the key) or ``patterns`` (regexes on the normalised
text, for marks such as ×× that the key drops) occurs. fail: the first occurrences are the
evidence.

    - id: draft.remnants
      kind: forbidden
      terms: [【待补充】, （此处填写）]
      patterns: ['[×xX]{2,}(?:局|市|县|区)', '20[0-9][xX×]年']
"""
from __future__ import annotations

from checker.analysis.text import TermSet, compile_pattern, find_all
from checker.kinds.base import Context, Verdict, scope_ranges
from checker.model import Rule, Status

OPTIONS = {
    "scope": {"type": "string", "default": "document"},
    "terms": {"type": "array", "items": {"type": "string"}},
    "patterns": {"type": "array", "items": {"type": "string"}},
}
REQUIRED: list[str] = []


def check(rule: Rule, ctx: Context) -> Verdict:
    ranges, na = scope_ranges(rule, ctx, rule.options.get("scope", "document"))
    if na is not None:
        return na
    found: list[tuple[str, int]] = []
    terms = TermSet(rule.options.get("terms", []))
    patterns = [compile_pattern(p) for p in rule.options.get("patterns", [])]
    for start, end in ranges:
        if terms:
            found.extend(ctx.norm.find_terms(terms, start, end))
        for pattern in patterns:
            found.extend((m.group(), m.start()) for m in find_all(pattern, ctx.norm.text, start, end))
    if not found:
        return Verdict(Status.PASS, ctx.t("未发现", "none found"))
    found.sort(key=lambda hit: hit[1])
    shown = "、".join(dict.fromkeys(ctx.norm.text[o:o + len(t)] if not t.startswith("re:") else t for t, o in found[:5]))
    return Verdict(Status.FAIL, ctx.t(f"发现{len(found)}处：{shown}", f"{len(found)} found: {shown}"),
                   tuple(ctx.evidence_at(offset) for _, offset in found[:3]))
