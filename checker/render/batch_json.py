"""The batch review as JSON: the ⚑ check contract's object (checker.render.json.document) plus
a "summary" block: totals, per-rule counts, ranking, 雷同 groups (with the pairs of the small
groups), year over year."""
from __future__ import annotations

import json

from checker.render.batch_labels import flag_counts
from checker.render.json import document
from checker.review.model import BatchSummary, GroupMember, SimilarGroup, SimilarPair


def summary_dict(summary: BatchSummary) -> dict:
    t = summary.totals
    return {
        "totals": {"files": t.files, "checked": t.checked, "passed": t.passed, "failed": t.failed,
                   "errors": t.errors, "mean_score": t.mean_score, "similar_pairs": t.similar_pairs,
                   "similar_groups": t.similar_groups, "similar_reports": t.similar_reports,
                   "section_families": t.section_families},
        # the pack's review flags: how many reports fail each (published late, token shortcomings, …)
        "flags": [{"rule": rule, "name": name, "name_en": name_en, "reports": count}
                  for rule, name, name_en, count in flag_counts(summary)],
        "ranking": [
            {"rank": rank, "path": summary.reports[i].path, "score": summary.reports[i].score.score,
             "missing": list(summary.missing[i]),
             "published": summary.reports[i].meta.published if summary.reports[i].meta else None,
             "flags": [rule for rule, _, _ in summary.pack.review_flags
                       if any(f.rule == rule and f.status.value == "fail" for f in summary.reports[i].findings)]}
            for rank, i in enumerate((i for i in summary.ranking if summary.reports[i].error is None), start=1)
        ],
        "rules": [{"rule": s.rule, "title": s.title, "severity": s.severity.value, "fail": s.fail,
                   "partial": s.partial, "pass": s.passed, "na": s.na} for s in summary.rules],
        "similarity_checked": summary.similarity_checked,
        "similar_groups": [_group(g) for g in summary.similar_groups],
        "similar": [_pair(p) for p in summary.similar],  # the pairs of the small groups only
        "year_over_year_checked": summary.yoy_checked,
        "year_over_year": [
            {"agency": y.agency, "previous": y.previous, "previous_year": y.previous_year, "current": y.current,
             "current_year": y.current_year, "similarity": y.similarity, "copied": y.copied,
             "items": [{"item": i.item, "overlap": i.overlap, "status": i.status, "terms": list(i.terms)}
                       for i in y.items]}
            for y in summary.yoy
        ],
    }


def _member(m: GroupMember) -> dict:
    data = {"path": m.path, "similarity": m.similarity}
    if m.label:
        data.update(label=m.label, line=m.line)
    return data


def _pair(p: SimilarPair) -> dict:
    return {"a": p.a, "b": p.b, "similarity": p.similarity, "whole": p.whole,
            "sections": [{"a": m.a_label, "a_line": m.a_line, "b": m.b_label, "b_line": m.b_line,
                          "similarity": m.similarity} for m in p.sections]}


def _group(g: SimilarGroup) -> dict:
    """A group: its size, representative, every member's similarity to the representative, the
    sections it shares (report groups), the report groups a section family stands for, and its
    pairs only when the group is small (null otherwise: a group of n has n(n−1)/2)."""
    return {"id": g.id, "kind": g.kind, "size": g.size, "representative": _member(g.representative),
            "members": [_member(m) for m in g.members],
            "sections": [{"label": s.label, "line": s.line, "members": s.members, "similarity": s.similarity}
                         for s in g.sections],
            "groups": list(g.groups),
            "pairs": [_pair(p) for p in g.pairs] if g.pairs is not None else None}


def render(summary: BatchSummary, lang: str = "zh") -> str:
    data = document(summary.reports, summary.pack)
    data["summary"] = summary_dict(summary)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
