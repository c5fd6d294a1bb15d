"""Heading grammar → section tree, on normalised text (multi-line or run-on).

Numbering styles, from the outermost (rank 1) inwards:
    第一部分              →  1   (a report in 部分 often numbers its work areas 一、 inside)
    一、 一.              →  2
    (一) （一）           →  3
    1. 1、 1．            →  4
    (1) （1）             →  5
    ① ②                  →  6
Unnumbered headings (Word numbering lost, Markdown, heading styles) take rank 0 or their level.
"一是……二是……" are items inside a paragraph, not headings, and never match.

A candidate becomes a heading only if its number continues the sequence of its rank inside
the current parent (so "一、二类医疗器械" in the middle of part 三 is text, not a heading).
Candidates at a line start are headings when in sequence; candidates inside a line only
in long lines — scraped pages that lost their line breaks put every heading inline, after a
space or a sentence end ("…成效 一、主要举措和成效 市局…").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from checker.analysis.text import NormText, chinese_number
from checker.model import Heading, Section

_CN = "一二三四五六七八九十"
_LABEL = re.compile(
    rf"""
    (?P<part>第(?P<part_n>[{_CN}]{{1,3}})部分)[、.:\s]?
  | (?P<cn>[{_CN}]{{1,3}})[、.](?![{_CN}][类级等])
  | \((?P<pcn>[{_CN}]{{1,3}})\)[、.]?
  | (?P<ar>\d{{1,2}})(?:[、]|\.(?!\d))
  | \((?P<par>\d{{1,2}})\)[、.]?
  | (?P<circ>[\u2460-\u2473])
    """,
    re.X,
)
_INLINE_BEFORE = set(" \t。；;！？!?:：")
_TITLE_STOP = set("\n。；;！？!?")
_TITLE_MAX = 60
# A line at least this long that holds several headings has lost its line breaks.
_RUN_ON_LINE = 200


@dataclass(frozen=True)
class Segmentation:
    headings: tuple[Heading, ...]
    sections: tuple[Section, ...]
    body_start: int  # offset of the first heading (end of the preface)
    soft: frozenset[int] = frozenset()  # offsets of line breaks that are only hard wraps (PDF)

    @property
    def opening_end(self) -> int:
        """Where the opening (title, preface) ends: at the first top-level heading (一、 /
        第一部分), else at the first heading — a viewer's "1、" before the title is no part."""
        for heading in self.headings:
            if heading.rank in (1, 2):
                return heading.start
        return self.body_start


def _rank_and_number(match: re.Match) -> tuple[int, int] | None:
    groups = match.groupdict()
    if groups["part"]:
        return 1, chinese_number(groups["part_n"]) or 0
    if groups["cn"]:
        return 2, chinese_number(groups["cn"]) or 0
    if groups["pcn"]:
        return 3, chinese_number(groups["pcn"]) or 0
    if groups["ar"]:
        return 4, int(groups["ar"])
    if groups["par"]:
        return 5, int(groups["par"])
    if groups["circ"]:
        return 6, ord(groups["circ"]) - 0x2460 + 1
    return None


def _title_after(text: str, start: int, soft: frozenset[int] = frozenset()) -> tuple[str, int]:
    """The heading's words after its label: up to a sentence end, a line end or a space (a
    hard wrap inside the heading is skipped)."""
    i = start
    while i < len(text) and text[i] in " \t、.:,":
        i += 1
    begin = i
    while i < len(text) and i - begin < _TITLE_MAX and (text[i] not in _TITLE_STOP or i in soft):
        if text[i] in " \t" and i > begin:
            break
        if text[i] in "(（" and i > begin and _BRACKET_LABEL.match(text, i):
            break
        i += 1
    title = text[begin:i].rstrip(" \t:,").replace("\n", "")
    return title, i


def _line_bounds(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end == -1 else end


_LINE_LEAD = re.compile(r"[ \t#*>]*")
_INLINE_MARK = re.compile(r"[ \t。；;！？!?:：]+")
# On a run-on line without spaces a sub-heading "(一)" follows its parent's title directly
# ("…主要举措和成效(一)强化理论武装…"): a bracketed Chinese numeral is a place a heading may
# begin, and a heading's title stops before one.
_BRACKET_LABEL = re.compile(r"[(（][一二三四五六七八九十]{1,3}[)）]")


# A line start where a label could begin, and a line long enough to have lost its breaks.
_LABEL_LINE = re.compile(r"(?m)^[ \t#*>]*(?=[第一二三四五六七八九十(\d\u2460-\u2473])")


_WRAP_MIN_WIDTH = 25


def soft_breaks(text: str) -> frozenset[int]:
    """Offsets of the line breaks that are only hard wraps (a PDF's lines run to the margin and
    continue on the next line): the break after a line that reaches the text's usual width
    and is not followed by a heading label. A run-on web page printed to
    PDF is then read like the page itself: one long paragraph with its headings inline."""
    lines = text.split("\n")
    lengths = sorted(len(line.strip()) for line in lines if len(line.strip()) >= 10)
    if len(lengths) < 8:
        return frozenset()
    width = lengths[int(len(lengths) * 0.9)]
    if width < _WRAP_MIN_WIDTH or width >= _RUN_ON_LINE:
        return frozenset()
    full = [len(line.strip()) >= 0.85 * width for line in lines]
    if sum(full) < 0.3 * len(lengths):
        return frozenset()  # lines of every length: the text keeps its own line breaks
    breaks, offset = set(), 0
    for index, line in enumerate(lines[:-1]):
        offset += len(line)
        stripped = line.rstrip()
        # (a full line ending in "。" may end a paragraph or not: read as wrapped, since the
        # next line's own heading label, if any, is still found at its line start)
        if full[index] and stripped and not _LABEL.match(lines[index + 1].lstrip(" \t#*>")):
            breaks.add(offset)
        offset += 1
    return frozenset(breaks)


def _long_spans(text: str, soft: frozenset[int]) -> list[tuple[int, int]]:
    """(start, end) of the stretches read as one line for inline headings: lines of at least
    _RUN_ON_LINE characters, and hard-wrapped paragraphs that long."""
    spans = []
    start = 0
    for match in re.finditer("\n|$", text):
        end = match.start()
        if match.group() and end in soft:
            continue
        if end - start >= _RUN_ON_LINE:
            spans.append((start, end))
        start = end + 1
        if not match.group():
            break
    return spans


def _candidates(text: str, soft: frozenset[int] = frozenset()) -> list[tuple[re.Match, bool]]:
    """(label match, at line start) at the only places a heading can begin, in text order: a
    line's start (after spaces or Markdown marks), and — in long lines only (or hard-wrapped
    paragraphs) — after a space or a sentence end."""
    found = []
    for start in _LABEL_LINE.finditer(text):
        line_end = text.find("\n", start.end())
        line_end = len(text) if line_end == -1 else line_end
        # A table row read out of Word or a web page ("四、结转下年度继续办理 | 1") is no heading.
        if " | " in text[start.start():line_end]:
            continue
        match = _LABEL.match(text, start.end())
        if match:
            found.append((match, True))
    for line_start, line_end in _long_spans(text, soft):
        lead = _LINE_LEAD.match(text, line_start).end()
        for mark in _INLINE_MARK.finditer(text, lead + 1, line_end):
            match = _LABEL.match(text, mark.end()) if mark.end() < line_end else None
            if match:
                found.append((match, False))
        for bracket in _BRACKET_LABEL.finditer(text, lead + 1, line_end):
            if text[bracket.start() - 1] not in _INLINE_BEFORE:
                match = _LABEL.match(text, bracket.start())
                if match:
                    found.append((match, False))
    found.sort(key=lambda item: item[0].start())
    return found


def find_headings(norm: NormText, heading_levels: Mapping[int, int] | None = None,
                  soft: frozenset[int] | None = None) -> list[Heading]:
    text = norm.text
    heading_levels = heading_levels or {}
    last: dict[int, int] = {}  # rank -> last accepted number inside the current parent
    headings: list[Heading] = []
    hinted_lines: set[int] = set()
    soft = soft_breaks(text) if soft is None else soft
    for match, at_line_start in _candidates(text, soft):
        rank_number = _rank_and_number(match)
        if rank_number is None:
            continue
        rank, number = rank_number
        start = match.start()
        line = norm.line_of(start) if heading_levels else 0
        hinted = at_line_start and line in heading_levels
        previous = last.get(rank)
        if hinted:
            in_sequence = True
        elif previous is None:
            in_sequence = number == 1 or (at_line_start and number <= 2)
        else:
            in_sequence = number == previous + 1 or (at_line_start and previous < number <= previous + 2)
        if not in_sequence:
            continue
        title, title_end = _title_after(text, match.end(), soft)
        if not title or not (title[0].isalnum() or title[0] in "“\"《【(（"):
            continue
        line = line or norm.line_of(start)
        last[rank] = number
        for deeper in [r for r in last if r > rank]:
            del last[deeper]
        headings.append(Heading(rank=rank, number=number, label=match.group().strip(), title=title,
                                start=start, title_end=title_end, line=line))
        if hinted:
            hinted_lines.add(line)
    # Styled headings without printed numbering (Word heading styles, Markdown #).
    for line, level in heading_levels.items():
        if line in hinted_lines:
            continue
        offset = _line_offset(norm, line)
        if offset is None:
            continue
        line_start, line_end = _line_bounds(text, offset)
        raw = text[line_start:line_end]
        stripped = raw.lstrip(" \t#*")
        title, title_end = _title_after(text, line_end - len(stripped))
        if title:
            headings.append(Heading(rank=level, number=0, label="", title=title,
                                    start=line_end - len(stripped), title_end=title_end, line=line))
    if not any(h.rank in (1, 2) for h in headings):  # no 第一部分 / 一、 at all
        headings.extend(_plain_headings(norm, headings))
    headings.sort(key=lambda h: h.start)
    return headings


_PLAIN_MAX = 25
_PLAIN_STOP = set("。；;！？!?|")
_DATE_LIKE = re.compile(r"\d{4}\s*年|[〇零一二三四五六七八九]{4}年|^\d")


def _plain_headings(norm: NormText, numbered: list[Heading]) -> list[Heading]:
    """Unnumbered headings: short lines standing alone between paragraphs.

    Text copied out of Word loses its automatic numbering ("主要举措和成效" where the page
    showed "一、主要举措和成效"), so a document without any top-level numbered heading gets
    its short stand-alone lines as top-level (rank 0) headings. The first line (the title)
    and the closing lines are never taken.
    """
    text = norm.text
    lines = []  # (offset, stripped line) of the non-empty lines
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lines.append((offset + raw.find(stripped[0]), stripped))
        offset += len(raw) + 1
    numbered_lines = {norm.line_of(h.start) for h in numbered}
    found = []
    for index in range(1, len(lines) - 3):
        start, line = lines[index]
        if not (4 <= len(line) <= _PLAIN_MAX) or any(ch in _PLAIN_STOP for ch in line) or line[-1] in ":：,，、":
            continue
        if _DATE_LIKE.search(line) and len(line) < 12 or _LABEL.match(line):
            continue
        if norm.line_of(start) in numbered_lines:
            continue
        found.append(Heading(rank=0, number=0, label="", title=line.strip("#* "), start=start,
                             title_end=start + len(line), line=norm.line_of(start)))
    return found


def _line_offset(norm: NormText, line: int) -> int | None:
    """The normalised offset of the first character of an original line, if it survived."""
    low, high = 0, len(norm.text)
    while low < high:
        mid = (low + high) // 2
        if norm.line_of(mid) < line:
            low = mid + 1
        else:
            high = mid
    if low < len(norm.text) and norm.line_of(low) == line:
        return low
    return None


def build_sections(headings: list[Heading], text_length: int) -> tuple[Section, ...]:
    sections: list[Section] = []
    stack: list[int] = []  # indexes of open sections
    ends = [text_length] * len(headings)
    parents: list[int | None] = [None] * len(headings)
    levels = [1] * len(headings)
    for index, heading in enumerate(headings):
        while stack and headings[stack[-1]].rank >= heading.rank:
            ends[stack.pop()] = heading.start
        parents[index] = stack[-1] if stack else None
        levels[index] = len(stack) + 1
        stack.append(index)
    for index, heading in enumerate(headings):
        sections.append(Section(heading=heading, level=levels[index], end=ends[index], parent=parents[index]))
    return tuple(sections)


def segment(norm: NormText, heading_levels: Mapping[int, int] | None = None) -> Segmentation:
    soft = soft_breaks(norm.text)
    headings = find_headings(norm, heading_levels, soft)
    sections = build_sections(headings, len(norm.text))
    body_start = headings[0].start if headings else len(norm.text)
    return Segmentation(headings=tuple(headings), sections=sections, body_start=body_start, soft=soft)
