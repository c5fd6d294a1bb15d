"""Is the document the pack's report type at all, or a look-alike that uses its vocabulary?

A careful reader knows at once that a 解读 of a report, a news item about it, a notice issuing
a 工作要点, an 实施方案, a 政府信息公开工作年度报告 or a guideline on writing the report is not
the annual report itself, although they share its words and its numbering. This module reads
the same signals: the document's own title lines and the words of its opening. The signals
are pack data (``document:`` — the pack's own type and its ``lookalikes``).

The verdict also tells the parts how to read the body: a 解读's or a news item's description
of a report is not the report's part (``description``: headings only mention parts); a
工作要点's tasks or an 实施方案's measures are plans, not measures taken (``other``: no part
is claimed by position or by a preface).
"""
from __future__ import annotations

from dataclasses import dataclass

from checker.model import DocumentSpec, Facts, Lookalike
from checker.analysis.segment import Segmentation
from checker.analysis.text import NormText, TermSet, to_key

REPORT = "report"
LOOKALIKE = "lookalike"
UNCLEAR = "unclear"

_TITLE_LINES = 6
_TITLE_LINE_MAX = 80
_OPENING_CHARS = 400


@dataclass(frozen=True)
class TypeVerdict:
    kind: str  # report | lookalike | unclear
    lookalike: Lookalike | None = None
    offset: int | None = None  # normalised offset of the signal (evidence)
    signal: str | None = None  # the words that decided

    @property
    def parts_mode(self) -> str:
        return self.lookalike.parts if self.lookalike is not None else "review"


def title_lines(norm: NormText, seg: Segmentation) -> tuple[int, str]:
    """(offset, text) of the opening's short lines before its first line of prose: where a
    document's own title, 文号 and addressee sit."""
    text = norm.text
    end = min(seg.opening_end, len(text))
    lines, offset, start = [], 0, None
    for raw in text[:end].split("\n"):
        stripped = raw.strip()
        if stripped:
            # a line wrapped onto the next (a PDF's hard wrap) is prose, whatever its punctuation
            prose = len(stripped) >= 30 and any(mark in stripped for mark in "。，,；;") or offset + len(raw) in seg.soft
            if prose or len(lines) >= _TITLE_LINES:
                break
            if len(stripped) <= _TITLE_LINE_MAX:
                start = offset if start is None else start
                lines.append(stripped)
        offset += len(raw) + 1
    return (start or 0), "\n".join(lines)


def _opening(norm: NormText, seg: Segmentation, skip: int) -> tuple[int, int]:
    """The key range of the opening's first words after the title lines."""
    start = norm.key_index(skip)
    end = norm.key_index(min(seg.opening_end, len(norm.text)))
    if end <= start:  # the body starts at once: its first words
        end = start + _OPENING_CHARS
    return start, min(end, start + _OPENING_CHARS)


def classify(norm: NormText, seg: Segmentation, facts: Facts, spec: DocumentSpec | None) -> TypeVerdict | None:
    if spec is None:
        return None
    lines_start, lines = title_lines(norm, seg)
    title = "\n".join(t for t in (facts.title_normalized, lines) if t)
    if facts.agency:  # "…自然资源和规划局": an agency's name says nothing of the document's type
        title = title.replace(facts.agency, "")
    opening = _opening(norm, seg, lines_start + len(lines))
    for lookalike in spec.lookalikes:
        if lookalike.weak and facts.title_is_report:
            continue  # "…法治政府建设暨普法工作情况报告" is the report
        hit = TermSet(lookalike.title_terms).first(to_key(title)) if lookalike.title_terms else None
        if hit is not None:
            return TypeVerdict(LOOKALIKE, lookalike, lines_start, hit[0])
        hit = TermSet(lookalike.opening_terms).first(norm.key, *opening) if lookalike.opening_terms else None
        if hit is not None:
            return TypeVerdict(LOOKALIKE, lookalike, norm.norm_offset(hit[1]), hit[0])
    if facts.title_is_report:
        return TypeVerdict(REPORT, offset=lines_start, signal=facts.title)
    hit = TermSet(spec.opening_terms).first(norm.key, *opening) if spec.opening_terms else None
    if hit is not None:
        return TypeVerdict(REPORT, offset=norm.norm_offset(hit[1]), signal=hit[0])
    # An untitled page that opens by reviewing the year ("2023年，我局……推进法治政府建设"):
    # the first sentence starts with a year and names the report's subject.
    # (the subject may be named in the first sentence or in a top-level heading: "2022年，我局全面落实…"
    # then "一、2022年推进法治政府建设的主要举措和成效")
    first = norm.key[opening[0]:opening[0] + 5]
    if spec.review_terms and len(first) == 5 and first[:4].isdigit() and first[4] == "年":
        review = TermSet(spec.review_terms)
        if review.first(norm.key, *opening) is not None or any(
                h.rank in (1, 2) and review.matches(h.title) for h in seg.headings[:12]):
            return TypeVerdict(REPORT, offset=norm.norm_offset(opening[0]), signal=norm.key[opening[0]:opening[0] + 12])
    return TypeVerdict(UNCLEAR)


