"""Which stretch of the report is which part (measures, shortcomings, leader, plan, other).

A part is *introduced* by a heading at any level whose words match the part's heading terms
(the shallowest such headings win, so "（三）下一步工作" inside a part does not steal the plan).
One heading may introduce several parts ("三、存在问题和下一步打算"); its text is then split
between them at the first sub-heading or sentence that starts the later part.

When no heading names the measures, real reports put them in the first top-level parts, each
named after a work area ("一、深入学习贯彻习近平法治思想"): the part's ``fallback:
leading_sections`` claims the top-level sections before the first other part.

Without a heading, a part that is only *mentioned* (in the preface, in another part's body)
is recorded with its evidence, and rules inside it do not apply.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from checker.analysis.segment import Segmentation
from checker.analysis.text import NormText, TermSet, compile_pattern, to_key
from checker.model import Part, Section

HEADING = "heading"
FALLBACK = "fallback"
ITEM = "item"  # an item's lead phrase inside a paragraph ("二是严格落实第一责任人职责，…")
MENTION = "mention"
ABSENT = "absent"

# "一是……二是……": items inside a paragraph; the lead phrase runs to the first stop.
_ITEM = re.compile(r"(?:^|(?<=[\s。；;：:！？!?]))([一二三四五六七八九十]{1,3})是")
_LEAD_STOP = "。；;：:，,！？!?\n"
_LEAD_MAX = 40


@dataclass(frozen=True)
class PartMatch:
    part: Part
    how: str  # heading | fallback | mention | absent
    sections: tuple[Section, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()  # normalised offsets of the part's text (headings included)
    mention_offset: int | None = None  # where a mention was found
    mention_term: str | None = None

    @property
    def present(self) -> bool:
        return self.how in (HEADING, FALLBACK, ITEM)

    @property
    def start(self) -> int | None:
        if self.spans:
            return min(start for start, _ in self.spans)
        return None


@dataclass(frozen=True)
class _CompiledPart:
    part: Part
    heading: TermSet
    exclude: TermSet
    mention: TermSet
    preface: TermSet
    start: TermSet  # where a later part of a merged heading begins in the body


def _compile(part: Part) -> _CompiledPart:
    heading_terms = list(part.heading_terms) + [f"re:{p}" for p in part.heading_patterns]
    start_terms = list(part.mention_terms) + [f"re:{p}" for p in part.heading_patterns]
    return _CompiledPart(part, TermSet(heading_terms), TermSet(part.exclude_terms), TermSet(part.mention_terms),
                         TermSet(part.preface_terms), TermSet(start_terms or heading_terms))


def _heading_matches(compiled: _CompiledPart, section: Section) -> bool:
    title = section.heading.title
    return compiled.heading.matches(title) and not compiled.exclude.matches(title)


def resolve(norm: NormText, seg: Segmentation, parts: Mapping[str, Part], mode: str = "review") -> dict[str, PartMatch]:
    """``mode`` comes from the document type: ``review`` (the report), ``description`` (a 解读 or
    a news item: its headings and words only mention the parts it describes), ``other`` (a
    工作要点, an 实施方案, a guideline: no part is claimed by position or by a preface)."""
    compiled = {part_id: _compile(part) for part_id, part in parts.items()}
    if mode == "description":
        return {part_id: _described(norm, cpart) for part_id, cpart in compiled.items()}
    if mode == "other":  # its sections are tasks or another report's items, none of this report's parts
        return {part_id: PartMatch(cpart.part, ABSENT) for part_id, cpart in compiled.items()}
    sections = seg.sections
    claims: dict[int, set[str]] = {}  # section index -> parts whose heading it is
    chosen: dict[str, list[int]] = {}
    for part_id, cpart in compiled.items():
        matching = [i for i, section in enumerate(sections) if _heading_matches(cpart, section)]
        if not matching:
            continue
        chosen[part_id] = matching
    # A sub-heading inside another part's section does not introduce a part ("（三）制定普法
    #工作计划" inside the measures is no plan) — except the leader part, which real reports
    # often put inside the measures ("（二）主要负责人带头履行推进法治建设第一责任人职责").
    top_claims = {i: {p for p, picked in chosen.items() if i in picked} for i in range(len(sections))}
    for part_id, matching in list(chosen.items()):
        if not compiled[part_id].part.nested:
            matching = [i for i in matching if not _inside_other(sections, i, part_id, top_claims)]
        if not matching:
            del chosen[part_id]
            continue
        top = min(sections[i].level for i in matching)
        # Keep the shallowest matches: "（三）下一步工作" under the plan does not add a span.
        picked = [i for i in matching if sections[i].level == top]
        chosen[part_id] = picked
        for i in picked:
            claims.setdefault(i, set()).add(part_id)

    results: dict[str, PartMatch] = {}
    for part_id, cpart in compiled.items():
        picked = chosen.get(part_id)
        if picked:
            found = {i: _span_for(norm, seg, i, part_id, claims, compiled) for i in picked}
            with_text = [i for i in picked if found[i] is not None]
            if not with_text:
                # Only named by a merged heading whose text never turns to it ("一、主要举措、
                # 成效和不足" with measures only): the part is mentioned, not written.
                heading = sections[picked[0]].heading
                results[part_id] = PartMatch(cpart.part, MENTION, mention_offset=heading.start,
                                             mention_term=heading.title)
                continue
            spans = tuple(_extend_unnumbered(seg, i, found[i], claims) for i in with_text)
            results[part_id] = PartMatch(cpart.part, HEADING, tuple(sections[i] for i in with_text), spans)

    for part_id, cpart in compiled.items():
        if part_id in results:
            continue
        if cpart.part.fallback == "leading_sections" and mode == "review":
            leading = _leading_sections(seg, claims)
            if leading:
                spans = tuple((sections[i].start, sections[i].end) for i in leading)
                results[part_id] = PartMatch(cpart.part, FALLBACK, tuple(sections[i] for i in leading), spans)
                continue
        item = _item_lead(norm, cpart, seg.soft) if cpart.part.item_leads else None
        if item is not None:
            results[part_id] = PartMatch(cpart.part, ITEM, spans=(item,), mention_offset=item[0])
            continue
        hits = [cpart.mention.first(norm.key)] if cpart.mention else []
        preface_end = norm.key_index(seg.opening_end)
        if cpart.preface and preface_end > 0 and mode == "review":
            hits.append(cpart.preface.first(norm.key, 0, preface_end))
        hits = [hit for hit in hits if hit is not None]
        if hits:
            term, index = min(hits, key=lambda hit: hit[1])
            results[part_id] = PartMatch(cpart.part, MENTION, mention_offset=norm.norm_offset(index), mention_term=term)
        else:
            results[part_id] = PartMatch(cpart.part, ABSENT)
    return results


def _described(norm: NormText, cpart: _CompiledPart) -> PartMatch:
    """A part as a 解读 or a news item has it: named (its heading words anywhere), never written."""
    hits = [hit for hit in (cpart.heading.first(norm.key), cpart.mention.first(norm.key) if cpart.mention else None) if hit]
    if not hits:
        return PartMatch(cpart.part, ABSENT)
    term, index = min(hits, key=lambda hit: hit[1])
    return PartMatch(cpart.part, MENTION, mention_offset=norm.norm_offset(index), mention_term=term)


def _item_lead(norm: NormText, cpart: _CompiledPart, soft: frozenset[int] = frozenset()) -> tuple[int, int] | None:
    """The first item ("二是……") whose lead phrase names the part, as the span of that item
    (up to the next item or the paragraph's end)."""
    text = norm.text
    items = list(_ITEM.finditer(text))
    for index, item in enumerate(items):
        lead_end = item.end()
        while lead_end < len(text) and lead_end - item.end() < _LEAD_MAX \
                and (text[lead_end] not in _LEAD_STOP or lead_end in soft):
            lead_end += 1
        lead = text[item.end():lead_end]
        if lead and cpart.heading.matches(lead) and not cpart.exclude.matches(lead):
            paragraph_end = item.end()
            while True:  # the paragraph ends at a line break that is not a hard wrap
                paragraph_end = text.find("\n", paragraph_end)
                if paragraph_end == -1 or paragraph_end not in soft:
                    break
                paragraph_end += 1
            paragraph_end = len(text) if paragraph_end == -1 else paragraph_end
            following = items[index + 1].start() if index + 1 < len(items) else paragraph_end
            return item.start(), min(following, paragraph_end)
    return None


def _extend_unnumbered(seg: Segmentation, index: int, span: tuple[int, int],
                       claims: dict[int, set[str]]) -> tuple[int, int]:
    """An unnumbered heading (numbering lost when text was copied out of Word) cannot show
    its level, so its sub-headings look like siblings: its part runs on to the next heading
    that introduces a part."""
    section = seg.sections[index]
    if section.heading.rank != 0 or span[1] != section.end:
        return span
    for later, other in enumerate(seg.sections[index + 1:], index + 1):
        if other.parent == section.parent and claims.get(later):
            return span[0], other.start
    return span[0], seg.sections[-1].end if seg.sections else span[1]


def _inside_other(sections, index: int, part_id: str, top_claims: dict[int, set[str]]) -> bool:
    parent = sections[index].parent
    while parent is not None:
        if top_claims.get(parent, set()) - {part_id}:
            return True
        parent = sections[parent].parent
    return False


def _leading_sections(seg: Segmentation, claims: dict[int, set[str]]) -> list[int]:
    """Top-level sections that no part claims, before the first top-level section that one does
    (the leader part may come first: it is skipped over, not a stop)."""
    top = [i for i, s in enumerate(seg.sections) if s.parent is None]
    leading: list[int] = []
    for i in top:
        owners = claims.get(i, set())
        if owners and owners - {"leader"}:
            break
        if not owners and not _claimed_below(seg, i, claims):
            leading.append(i)
    return leading


def _claimed_below(seg: Segmentation, index: int, claims: dict[int, set[str]]) -> bool:
    """Whether a sub-heading of ``index`` introduces a part other than the leader part (which
    legitimately sits inside the measures as "（二）主要负责人带头履行……")."""
    for i, section in enumerate(seg.sections):
        if section.start > seg.sections[index].start and section.start < seg.sections[index].end:
            if claims.get(i, set()) - {"leader"}:
                return True
    return False


def _span_for(norm: NormText, seg: Segmentation, index: int, part_id: str,
              claims: dict[int, set[str]], compiled: Mapping[str, _CompiledPart]) -> tuple[int, int] | None:
    """The text of part ``part_id`` under section ``index``.

    A merged heading ("三、存在问题和下一步打算") is split in the order its words name the
    parts: each later part starts at its first sub-heading, else at the first sentence of the
    body that names it ("下一步，我局将……"); where no such point is found the later part is only
    named (None) and the earlier ones keep the whole section.
    """
    section = seg.sections[index]
    start, end = section.start, section.end
    sharing = claims.get(index, set())
    if len(sharing) < 2:
        return start, end
    title_key = to_key(section.heading.title)

    def position(pid: str) -> int:
        hit = compiled[pid].heading.first(title_key)
        return hit[1] if hit else 0

    ordered = sorted(sharing, key=position)
    children = [s for s in seg.sections if s.parent == index]
    splits: dict[str, int | None] = {ordered[0]: start}
    for pid in ordered[1:]:
        own = [s for s in children if _heading_matches(compiled[pid], s)]
        splits[pid] = own[0].start if own else _first_in_body(norm, compiled[pid], section)
    begin = splits[part_id]
    if begin is None:
        return None  # the heading names the part, its text never turns to it
    later = [splits[pid] for pid in ordered[ordered.index(part_id) + 1:] if splits[pid] is not None]
    finish = min([offset for offset in later if offset > begin] or [end])
    return begin, finish


def _first_in_body(norm: NormText, cpart: _CompiledPart, section: Section) -> int | None:
    hits = norm.find_terms(cpart.start, section.body_start, section.end)
    text = norm.text
    line = text.find("\n", section.body_start, section.end)
    while cpart.part.opens and line != -1 and (not hits or line < hits[0][1]):
        opening = text[line + 1:min(line + 61, section.end)].lstrip(" \t")
        if any(compile_pattern(p).match(opening) for p in cpart.part.opens):
            return line + 1
        line = text.find("\n", line + 1, section.end)
    return hits[0][1] if hits else None
