"""evaluate(document, pack) → Report: the pure middle of the pipeline.

    Document ─ normalise ─▶ NormText ─ segment ─▶ Segmentation ─ facts/parts ─▶ Context
             ─ each rule's kind ─▶ Findings ─ score ─▶ Report
"""
from __future__ import annotations

from functools import lru_cache

from checker import facts as facts_module
from checker import parts as parts_module
from checker.kinds import KINDS
from checker.kinds.base import Context
from checker.model import Document, Finding, Meta, Pack, Report, Status
from checker.scoring import credit, score
from checker.segment import segment
from checker.text import Debris, NormText, TermSet


@lru_cache(maxsize=8)
def _debris(pack: Pack) -> Debris:
    return Debris.compile(pack.debris, pack.inline_debris)


@lru_cache(maxsize=8)
def _plan_terms(pack: Pack) -> TermSet | None:
    plan = pack.parts.get("plan")
    if plan is None:
        return None
    return TermSet(list(plan.heading_terms) + [f"re:{p}" for p in plan.heading_patterns])


def analyse(document: Document, pack: Pack, lang: str = "zh") -> Context:
    """Everything the rules look at: normalised text, sections, facts, parts."""
    norm = NormText(document.lines, _debris(pack))
    seg = segment(norm, document.heading_levels)
    facts = facts_module.extract(norm, seg, document.title_hint, _plan_terms(pack))
    parts = parts_module.resolve(norm, seg, pack.parts)
    return Context(norm=norm, seg=seg, facts=facts, parts=parts, lang=lang, locations=document.locations)


def evaluate(document: Document, pack: Pack, lang: str = "zh", fail_under: float | None = None) -> Report:
    ctx = analyse(document, pack, lang)
    findings = []
    for rule in pack.rules:
        verdict = KINDS[rule.kind].check(rule, ctx)
        earned = 0.0 if verdict.status == Status.NA else round(rule.weight * credit(rule, verdict.status), 2)
        needs_help = verdict.status in (Status.FAIL, Status.PARTIAL)
        suggestion = (rule.help_en or rule.help) if lang == "en" else rule.help
        findings.append(Finding(
            rule=rule.id, title=(rule.title_en or rule.title) if lang == "en" else rule.title,
            severity=rule.severity, status=verdict.status, weight=rule.weight, earned=earned,
            message=verdict.message, suggestion=suggestion if needs_help else None,
            basis=rule.basis, evidence=verdict.evidence,
        ))
    facts = ctx.facts
    meta = Meta(title=facts.title, agency=facts.agency, year=facts.year,
                date=facts.date.iso if facts.date and not facts.date.malformed else None)
    return Report(path=document.path, error=None, meta=meta, findings=tuple(findings),
                  score=score(findings, pack, lang, fail_under), format=document.format)
