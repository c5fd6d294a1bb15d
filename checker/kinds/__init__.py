"""Rule kinds: one module each. A module's docstring is its user documentation, OPTIONS its
JSON Schema properties (merged into the pack schema), REQUIRED its required options, and
``check(rule, ctx) -> Verdict`` its logic. Rules are data; kinds are code."""
from __future__ import annotations

from types import ModuleType

from checker.kinds import (acts, closing, count, deadline, doctype, forbidden, keywords, order, problems, responds, section,
                           stale_years, title, year)

KINDS: dict[str, ModuleType] = {
    "section": section,
    "keywords": keywords,
    "year": year,
    "title": title,
    "closing": closing,
    "order": order,
    "forbidden": forbidden,
    "count": count,
    "doctype": doctype,
    "problems": problems,
    "responds": responds,
    "acts": acts,
    "stale_years": stale_years,
    "deadline": deadline,
}
