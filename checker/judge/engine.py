"""evaluate(document, pack) → Report: the pure middle of the pipeline.

    Document ─ normalise ─▶ NormText ─ segment ─▶ Segmentation ─ facts/parts ─▶ Context
             ─ each rule's kind ─▶ Findings ─ score ─▶ Report
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from checker.analysis import doctype as doctype_module
from checker.analysis import facts as facts_module
from checker.analysis import parts as parts_module
from checker.analysis.segment import segment
from checker.analysis.text import DROP_WARNING_SHARE, Debris, NormText, RegexTimeout, TermSet
from checker.judge import cite
from checker.judge.scoring import credit, is_optional, score
from checker.kinds import KINDS
from checker.kinds.base import Context, Verdict
from checker.model import DocType, Document, Finding, Meta, Pack, Report, Rule, Status


@lru_cache(maxsize=8)
def _debris(pack: Pack) -> Debris:
    return Debris.compile(pack.debris, pack.inline_debris, pack.tail_debris)


@lru_cache(maxsize=8)
def _plan_terms(pack: Pack) -> TermSet | None:
    plan = pack.parts.get("plan")
    if plan is None:
        return None
    return TermSet(list(plan.heading_terms) + [f"re:{p}" for p in plan.heading_patterns])


@lru_cache(maxsize=8)
def _title_grammar(pack: Pack) -> facts_module.TitleGrammar | None:
    """The title grammar of the pack's (first) title rule: its first term group names the
    report type, its last the endings (报告 / 情况)."""
    for rule in pack.rules:
        if rule.kind == "title":
            groups = [tuple(g) for g in rule.options.get("groups", []) if g]
            if len(groups) >= 2:
                return facts_module.TitleGrammar(groups[0], groups[-1])
    return None


def analyse(document: Document, pack: Pack, lang: str = "zh") -> Context:
    """Everything the rules look at: normalised text, sections, facts, parts."""
    try:
        norm = NormText(document.lines, _debris(pack))
        seg = segment(norm, document.heading_levels)
        facts = facts_module.extract(norm, seg, document.title_hint, _plan_terms(pack), _title_grammar(pack),
                                     document.page_head)
        doctype = doctype_module.classify(norm, seg, facts, pack.document)
        parts = parts_module.resolve(norm, seg, pack.parts, doctype.parts_mode if doctype else "review")
    except RegexTimeout as exc:
        raise _named(exc, pack) from None
    return Context(norm=norm, seg=seg, facts=facts, parts=parts, lang=lang, locations=document.locations,
                   doctype=doctype, topics=pack.topics, problem_words=pack.problem_words)


def _named(exc: RegexTimeout, pack: Pack) -> RegexTimeout:
    """The timeout, naming where in the pack its regex is written (a part, or the debris)."""
    for part in pack.parts.values():
        terms = list(part.heading_patterns) + [t[3:] for t in (*part.heading_terms, *part.exclude_terms,
                                                               *part.mention_terms) if t.startswith("re:")]
        if exc.pattern in terms:
            return exc.at(f"规则包“{pack.id}”的部分“{part.id}”", f"part '{part.id}' of pack '{pack.id}'")
    if exc.pattern in pack.debris or exc.pattern in pack.inline_debris or exc.pattern in pack.tail_debris:
        return exc.at(f"规则包“{pack.id}”的 debris", f"the debris of pack '{pack.id}'")
    return exc.at(f"规则包“{pack.id}”", f"pack '{pack.id}'")


def check_rule(rule: Rule, ctx: Context):
    """One rule's verdict; a regex that times out names the rule. An optional element
    (``scoring.is_optional``) that the report does not have is not a gap: ``na``, 未写（可选）."""
    try:
        verdict = KINDS[rule.kind].check(rule, ctx)
    except RegexTimeout as exc:
        raise exc.at(f"规则“{rule.id}”", f"rule '{rule.id}'") from None
    if verdict.status == Status.FAIL and is_optional(rule):
        return Verdict(Status.NA, ctx.t("未写（可选）", "not written (optional)"))
    return verdict


@lru_cache(maxsize=32)
def _signals(doc_type: DocType) -> tuple[TermSet, tuple[TermSet, ...]]:
    return TermSet(doc_type.title_terms), tuple(TermSet([term]) for term in doc_type.heading_terms)


def detect_type(ctx: Context, types: tuple[DocType, ...]) -> tuple[DocType | None, dict[str, int]]:
    """Which report type the document looks like: a title term scores 3, each heading term
    found in a heading 1. The type with the most, at least 2 and ahead of every other type,
    wins; otherwise None (unclear)."""
    title = ctx.facts.title_normalized or ctx.facts.title or ""
    headings = [ctx.norm.text[h.start:h.title_end] for h in ctx.seg.headings]
    scores: dict[str, int] = {}
    for doc_type in types:
        title_terms, heading_terms = _signals(doc_type)
        value = 3 if title and title_terms.matches(title) else 0
        value += sum(1 for terms in heading_terms if any(terms.matches(h) for h in headings))
        scores[doc_type.id] = value
    ranked = sorted(types, key=lambda t: -scores[t.id])
    if not ranked or scores[ranked[0].id] < 2 or (len(ranked) > 1 and scores[ranked[1].id] == scores[ranked[0].id]):
        return None, scores
    return ranked[0], scores


def type_warnings(detected: DocType | None, pack: Pack, lang: str) -> tuple[str, ...]:
    """A warning when the report looks like another type than the pack is for."""
    own = pack.detect
    if detected is None or own is None or detected.id == own.id:
        return ()
    if lang == "en":
        return (f"report type: this looks like an {detected.name_en or detected.name}, but the pack '{pack.id}' "
                f"is for an {own.name_en or own.name}: try --pack {detected.pack}",)
    return (f"这份报告看起来是{detected.name}，而规则包“{pack.id}”用于{own.name}：可改用 --pack {detected.pack}",)


def drop_warnings(ctx: Context, lang: str) -> tuple[str, ...]:
    """A warning when normalisation removed a large share of the text (page furniture, a
    repeated watermark): the verdicts rest on the rest only, and the user must know."""
    share = getattr(ctx.norm, "dropped_share", 0.0)
    if share <= DROP_WARNING_SHARE:
        return ()
    percent = round(share * 100)
    if lang == "en":
        return (f"text removed: {percent}% of the characters were dropped as page furniture (navigation, metadata, "
                f"watermarks); the verdicts rest on the remaining text only",)
    return (f"文本删减：约{percent}%的字符被当作网页导航、元数据、水印等删除，检查结果只依据其余文字",)


_PLACEHOLDER = re.compile(r"\{(year|next_year|agency)(?:\|([^{}]*))?\}(年度|年)?")


def fill_help(text: str | None, facts=None) -> str | None:
    """A rule's help with its placeholders filled from the report (docs/packs.md): ``{year}``,
    ``{next_year}`` and ``{agency}``, so a 2022 report is told to write 2022 and 2023, not the
    pack's example year. ``{year|2025}``: the example used when the report does not say; a
    placeholder without one is dropped where the report does not say (with 年 / 年度 after it)."""
    if not text or "{" not in text:
        return text
    year = getattr(facts, "year", None)
    values = {"year": str(year) if year else None, "next_year": str(year + 1) if year else None,
              "agency": getattr(facts, "agency", None) or None}

    def one(match: re.Match) -> str:
        value = values[match.group(1)] or match.group(2)
        return value + (match.group(3) or "") if value else ""

    return _PLACEHOLDER.sub(one, text)


def evaluate(document: Document, pack: Pack, lang: str = "zh", fail_under: float | None = None) -> Report:
    return evaluate_with_context(document, pack, lang, fail_under)[0]


def _section_titles(ctx: Context):
    """A function from a line to the title of the top-level section it sits in (or None)."""
    import bisect

    tops = sorted((s.heading.line, s.heading.title) for s in ctx.seg.sections if s.level == 1)
    lines = [line for line, _ in tops]

    def section_of(line: int) -> str | None:
        index = bisect.bisect_right(lines, line) - 1
        return tops[index][1] if index >= 0 else None

    return section_of


def evaluate_with_context(document: Document, pack: Pack, lang: str = "zh",
                          fail_under: float | None = None) -> tuple[Report, Context]:
    """The report and the analysis behind it (batch review reuses its sections and parts)."""
    ctx = analyse(document, pack, lang)
    section_of = _section_titles(ctx)
    findings = []
    for rule in pack.rules:
        verdict = check_rule(rule, ctx)
        earned = 0.0 if verdict.status == Status.NA else round(rule.weight * credit(rule, verdict.status), 2)
        needs_help = verdict.status in (Status.FAIL, Status.PARTIAL)
        suggestion = fill_help((rule.help_en or rule.help) if lang == "en" else rule.help, ctx.facts)
        # every place cited alike, in the report's language (checker/judge/cite.py)
        evidence = tuple(replace(e, location=cite.place(e.location, e.line, lang)) for e in verdict.evidence)
        findings.append(Finding(
            rule=rule.id, title=(rule.title_en or rule.title) if lang == "en" else rule.title,
            severity=rule.severity, status=verdict.status, weight=rule.weight, earned=earned,
            message=verdict.message, suggestion=suggestion if needs_help else None,
            basis=rule.basis, evidence=evidence,
            section=section_of(verdict.evidence[0].line) if verdict.evidence else None,
        ))
    facts = ctx.facts
    meta = Meta(title=facts.title, agency=facts.agency, year=facts.year,
                date=facts.date.iso if facts.date and not facts.date.malformed else None, published=facts.published)
    detected, _ = detect_type(ctx, pack.detectors)
    warnings = type_warnings(detected, pack, lang) + drop_warnings(ctx, lang)
    report = Report(path=document.path, error=None, meta=meta, findings=tuple(findings),
                    score=score(findings, pack, lang, fail_under), format=document.format,
                    document_type=detected.id if detected else None, warnings=warnings)
    return report, ctx
