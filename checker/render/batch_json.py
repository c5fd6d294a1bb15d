"""The batch review as JSON: the ⚑ check contract's object (checker.render.json.document) plus
a "summary" block: totals, per-rule counts, ranking, similar pairs, year over year."""
from __future__ import annotations

import json

from checker.render.json import document
from checker.review.model import BatchSummary


def summary_dict(summary: BatchSummary) -> dict:
    t = summary.totals
    return {
        "totals": {"files": t.files, "checked": t.checked, "passed": t.passed, "failed": t.failed,
                   "errors": t.errors, "mean_score": t.mean_score, "similar_pairs": t.similar_pairs},
        "ranking": [
            {"rank": rank, "path": summary.reports[i].path, "score": summary.reports[i].score.score,
             "missing": list(summary.missing[i])}
            for rank, i in enumerate((i for i in summary.ranking if summary.reports[i].error is None), start=1)
        ],
        "rules": [{"rule": s.rule, "title": s.title, "severity": s.severity.value, "fail": s.fail,
                   "partial": s.partial, "pass": s.passed, "na": s.na} for s in summary.rules],
        "similarity_checked": summary.similarity_checked,
        "similar": [
            {"a": p.a, "b": p.b, "similarity": p.similarity, "whole": p.whole,
             "sections": [{"a": m.a_label, "a_line": m.a_line, "b": m.b_label, "b_line": m.b_line,
                           "similarity": m.similarity} for m in p.sections]}
            for p in summary.similar
        ],
        "year_over_year": [
            {"agency": y.agency, "previous": y.previous, "previous_year": y.previous_year, "current": y.current,
             "current_year": y.current_year,
             "items": [{"item": i.item, "overlap": i.overlap, "status": i.status, "terms": list(i.terms)}
                       for i in y.items]}
            for y in summary.yoy
        ],
    }


def render(summary: BatchSummary, lang: str = "zh") -> str:
    data = document(summary.reports, summary.pack)
    data["summary"] = summary_dict(summary)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
