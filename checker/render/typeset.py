"""Typesetting Chinese text for the terminal: line breaks, column widths, shortening.

Line breaks follow UAX #14, the Unicode line breaking algorithm, as the ``uniseg`` library
implements it (Unicode 16; it passes the Unicode conformance tests), with the Chinese rules
(禁则) made explicit on top of it:

- no closing punctuation at the start of a line: ``。，、；：？！）》」』】〕”’`` and their
  half-width forms, ``…``, ``%``;
- no opening punctuation at the end of a line: ``（《「『【〔“‘`` and their half-width forms;
- a number stays with its unit (``2025年``, ``1234件``, ``12.5%``, ``第12行``), and the names a
  caller passes (``keep``: an agency, a rule id) are never broken when they fit on a line.

Between two ideographs UAX #14 always allows a break (rule LB31), so those pairs are decided
here and only the rest of a text goes through the library, in small windows: this keeps a
gap table's typesetting to a few milliseconds.

What must stay on one line (a file, an agency in the batch ranking) is shortened with ``…`` on
the side that was cut (``fit``), never wrapped a few characters at a time; the exports keep the
full text. ``Grid`` lays out a table: columns sized by their content, a minimum for names,
wrapped cells, no trailing spaces, a blank line empty.

Widths are terminal cells as rich counts them (East Asian Wide and Fullwidth characters are 2).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

from rich.cells import cell_len
from rich.text import Text

# 禁则: what may not start a line, and what may not end one.
NO_START = frozenset("。，、；：？！）》」』】〕〉”’．,.;:?!)]}…‥%％‰℃·・～〜ー々〻ゝゞ")
NO_END = frozenset("（《「『【〔〈“‘([{")
CLOSING_PUNCTUATION = "。，、；：？！）》」』】〕”’"  # the ones users see; the tests scan for these
OPENING_PUNCTUATION = "（《「『【〔“‘"
ELLIPSIS = "…"

_IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_DIGIT = frozenset("0123456789０１２３４５６７８９")
_WINDOW = 4  # characters of context on each side of the positions given to the library


def _is_ideograph(ch: str) -> bool:
    return bool(_IDEOGRAPH.match(ch))


# Full-width punctuation (East Asian Wide) whose pairs with an ideograph UAX #14 decides by its
# plain rules; quotation marks (ambiguous width, rule LB19a) always go to the library.
_CJK_CLOSE = frozenset("。，、；：？！）》」』】〕〉")
_CJK_OPEN = frozenset("（《「『【〔〈")
_LATIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _quick(text: str, i: int) -> bool | None:
    """The break before ``text[i]`` for the commonest pairs, by the rule UAX #14 applies to
    them (None: ask the library)."""
    before, here = text[i - 1], text[i]
    if here in NO_START or before in NO_END:
        return False  # tailored: 禁则
    east_before = before in _CJK_CLOSE or _is_ideograph(before)
    if east_before and (here in _CJK_OPEN or _is_ideograph(here)):
        return before not in _DIGIT  # LB31 (ID ÷ ID, CL ÷ ID, ID ÷ OP)
    if _is_ideograph(before) and here in _DIGIT:
        return before != "第"  # LB31; tailored: 第12行
    if before in _DIGIT and _is_ideograph(here):
        return False  # tailored: 2025年, 1234件
    if before in _LATIN and (here in _LATIN or here == " "):
        return False  # LB28 AL × AL, LB7 × SP
    return None


@lru_cache(maxsize=4096)
def _library(window: str) -> tuple[int, ...]:
    """UAX #14 break flags of a short stretch of text (1: a break is allowed before that character)."""
    from uniseg.linebreak import line_break_breakables

    return tuple(line_break_breakables(window))


def break_opportunities(text: str, keep: Iterable[str] = ()) -> list[bool]:
    """``result[i]`` is True when a line may start at ``text[i]`` (``0 < i < len(text)``).

    UAX #14 (uniseg) with the 禁则 above; no break inside any occurrence of a ``keep`` string.
    """
    n = len(text)
    allowed = [False] * (n + 1)
    pending: list[int] = []
    for i in range(1, n):
        quick = _quick(text, i)
        if quick is None:
            pending.append(i)
        else:
            allowed[i] = quick
    if pending:
        start = 0
        while start < len(pending):
            end = start
            while end + 1 < len(pending) and pending[end + 1] - pending[end] <= 2 * _WINDOW:
                end += 1
            lo = max(0, pending[start] - _WINDOW)
            hi = min(n, pending[end] + _WINDOW)
            flags = _library(text[lo:hi])
            for i in pending[start:end + 1]:
                allowed[i] = bool(flags[i - lo])
            start = end + 1
    for i in range(1, n):
        if not allowed[i]:
            continue
        before, here = text[i - 1], text[i]
        if here in NO_START or before in NO_END:
            allowed[i] = False
        elif before in _DIGIT and (_is_ideograph(here) or here in "%％"):
            allowed[i] = False  # 2025年, 1234件, 12.5%
        elif before == "第" and here in _DIGIT:
            allowed[i] = False  # 第12行
        elif here.isspace() and i + 1 < n and text[i + 1] in NO_START:
            allowed[i] = False
    for name in keep:
        if len(name) < 2:
            continue
        at = text.find(name)
        while at >= 0:
            for i in range(at + 1, at + len(name)):
                allowed[i] = False
            at = text.find(name, at + 1)
    return allowed


def _fits(text: str, start: int, width: int) -> int:
    """The end of the longest run ``text[start:end]`` no wider than ``width`` (at least one character)."""
    used = 0
    end = start
    while end < len(text):
        w = cell_len(text[end])
        if used + w > width and end > start:
            break
        used += w
        end += 1
    return end


def wrap_spans(text: str, width: int, keep: Iterable[str] = (), later: int | None = None) -> list[tuple[int, int]]:
    """The lines of one paragraph (no newlines in ``text``) as ``(start, end)`` offsets, the
    first at most ``width`` cells, the others at most ``later`` (default: ``width``); a single
    character wider than that stands alone; spaces at a line's ends left out."""
    width = max(1, width)
    later = width if later is None else max(1, later)
    n = len(text)
    if cell_len(text) <= width:
        end = len(text.rstrip())
        return [(0, end)] if end else [(0, 0)]
    keep = tuple(k for k in keep if k and cell_len(k) + 2 <= min(width, later))  # room for a 。 after it
    allowed = break_opportunities(text, keep)
    lines: list[tuple[int, int]] = []
    start = 0
    while start < n and text[start] == " ":
        start += 1
    while start < n:
        end = _fits(text, start, later if lines else width)
        if end >= n:
            lines.append((start, n))
            break
        cut = next((j for j in range(end, start, -1) if allowed[j]), None)
        if cut is None:  # no opportunity on the line: break at the width, still keeping 禁则
            cut = end
            while cut > start + 1 and (text[cut] in NO_START or text[cut - 1] in NO_END):
                cut -= 1
        stop = cut
        while stop > start and text[stop - 1] == " ":
            stop -= 1
        lines.append((start, stop))
        start = cut
        while start < n and text[start] == " ":
            start += 1
    if len(lines) >= 2:  # no lone character on the last line (孤字): take one more from the line above
        (a, b), (c, d) = lines[-2], lines[-1]
        body = text[c:d].rstrip("".join(NO_START))
        if len(body) == 1 and _is_ideograph(body):
            j = next((j for j in range(b - 1, a + 2, -1) if allowed[j]), None)
            if j is not None and cell_len(text[j:d]) <= later:
                lines[-2:] = [(a, j), (j, d)]
    return lines or [(0, 0)]


def wrap(text: Text | str, width: int, keep: Iterable[str] = ()) -> list[Text]:
    """``text`` (styles kept) as lines of at most ``width`` cells; its own newlines are kept."""
    if isinstance(text, str):
        text = Text(text)
    keep = tuple(keep)
    lines: list[Text] = []
    offset = 0
    plain = text.plain
    for paragraph in plain.split("\n"):
        for start, end in wrap_spans(paragraph, width, keep):
            lines.append(text[offset + start:offset + end])
        offset += len(paragraph) + 1
    return lines


def fit(text: Text | str, width: int, side: str = "right") -> Text:
    """``text`` on one line of at most ``width`` cells: shortened with ``…`` on the side that
    was cut (``side="left"`` keeps the end, for paths; ``"inner"`` keeps the first word and the
    end: ``86% …leader.txt``); newlines become spaces."""
    if isinstance(text, str):
        text = Text(text)
    if "\n" in text.plain:
        text = Text(" ").join(text.split("\n"))
    if cell_len(text.plain) <= width:
        return text
    if side == "inner":
        head = text.plain.find(" ") + 1
        if 0 < head and cell_len(text.plain[:head]) + 2 <= width:
            return text[:head] + fit(text[head:], width - cell_len(text.plain[:head]), "left")
        side = "right"
    if width <= 1:
        return Text(ELLIPSIS[:width])
    plain = text.plain
    room = width - 1
    if side == "left":
        start, used = len(plain), 0
        while start > 0 and used + cell_len(plain[start - 1]) <= room:
            start -= 1
            used += cell_len(plain[start])
        while start < len(plain) and plain[start] in NO_START:  # no "…。xx"
            start += 1
        return Text(ELLIPSIS) + text[start:]
    end, used = 0, 0
    while end < len(plain) and used + cell_len(plain[end]) <= room:
        used += cell_len(plain[end])
        end += 1
    while end > 0 and (plain[end - 1] in NO_END or plain[end - 1] == " "):  # no "xx（…"
        end -= 1
    return text[:end] + Text(ELLIPSIS)


def width_of(text: Text | str) -> int:
    """The widest line of ``text`` in cells."""
    plain = text.plain if isinstance(text, Text) else text
    return max((cell_len(line) for line in plain.split("\n")), default=0)


# --- tables ------------------------------------------------------------------------------------

@dataclass
class Column:
    """A column of a ``Grid``.

    ``wrap``: the cells wrap (with the rules above) within the column's width; otherwise a cell
    stays on one line and what does not fit is shortened with ``…`` (``cut``: the side cut).
    ``minimum``: the width the column keeps while the table can be narrowed some other way (a
    name's minimum); ``floor``: the least it gets when the table is too narrow even so.
    ``weight``: its share of the room left once every column has its minimum. ``priority``:
    of two columns, the lower one is narrowed below its minimum first.
    """

    header: str
    justify: str = "left"
    wrap: bool = False
    minimum: int = 0
    floor: int = 4
    weight: float = 0.0  # 0: the column takes its content's width, no more
    cut: str = "right"
    priority: int = 0
    keep: tuple[str, ...] = ()
    header_style: str = "bold"


@dataclass
class Grid:
    """A table laid out by hand: header, a rule, rows; columns separated by ``gap`` spaces."""

    columns: Sequence[Column]
    rows: list[list[Text]] = field(default_factory=list)
    gap: int = 2
    rule: str = "─"
    indent: int = 0

    def add_row(self, *cells: Text | str) -> None:
        self.rows.append([cell if isinstance(cell, Text) else Text(str(cell)) for cell in cells])

    def widths(self, total: int) -> list[int]:
        columns = self.columns
        natural = [max([cell_len(c.header)] + [width_of(row[i]) for row in self.rows]) for i, c in enumerate(columns)]
        minimum = [max(cell_len(c.header), min(c.minimum, natural[i])) if c.weight else natural[i]
                   for i, c in enumerate(columns)]
        widths = list(minimum)
        room = total - self.indent - self.gap * (len(columns) - 1)
        spare = room - sum(widths)
        # the room left goes to the flexible columns by weight, none past its content's width
        while spare > 0:
            open_ = [i for i, c in enumerate(columns) if c.weight and widths[i] < natural[i]]
            if not open_:
                break
            weights = sum(columns[i].weight for i in open_)
            given = 0
            for i in open_:
                share = max(1, int(spare * columns[i].weight / weights))
                share = min(share, natural[i] - widths[i], spare - given)
                widths[i] += share
                given += share
                if given >= spare:
                    break
            if not given:
                break
            spare -= given
        # too narrow: the flexible columns go below their minimum, lowest priority first
        if spare < 0:
            for i in sorted((i for i, c in enumerate(columns) if c.weight), key=lambda i: columns[i].priority):
                floor = max(columns[i].floor, cell_len(columns[i].header))  # a header is never shortened
                take = min(-spare, max(0, widths[i] - floor))
                widths[i] -= take
                spare += take
                if spare >= 0:
                    break
        return widths

    def lines(self, total: int) -> list[Text]:
        widths = self.widths(total)
        out: list[Text] = []
        header = [Text(c.header, style=c.header_style) for c in self.columns]
        out.extend(self._compose([[fit(h, w)] for h, w in zip(header, widths)], widths))
        out.append(Text(" " * self.indent + self.rule * (sum(widths) + self.gap * (len(widths) - 1)), style="dim"))
        for row in self.rows:
            cells = []
            for column, cell, width in zip(self.columns, row, widths):
                if column.wrap:
                    cells.append(wrap(cell, width, column.keep))
                else:
                    cells.append([fit(part, width, column.cut) for part in cell.split("\n")] or [Text("")])
            out.extend(self._compose(cells, widths))
        return out

    def _compose(self, cells: list[list[Text]], widths: list[int]) -> list[Text]:
        height = max((len(c) for c in cells), default=1)
        lines = []
        for k in range(height):
            line = Text(" " * self.indent)
            for i, (column, width) in enumerate(zip(self.columns, widths)):
                part = cells[i][k] if k < len(cells[i]) else Text("")
                pad = max(0, width - cell_len(part.plain))
                if i:
                    line.append(" " * self.gap)
                if column.justify == "right":
                    line.append(" " * pad)
                    line.append_text(part)
                else:
                    line.append_text(part)
                    line.append(" " * pad)
            line.rstrip()
            lines.append(line)
        return lines


def paragraph(text: Text | str, width: int, indent: int = 0, keep: Iterable[str] = ()) -> list[Text]:
    """A block of text (a header line, a verdict) wrapped to ``width`` with the same rules;
    the lines after the first indented by ``indent`` spaces."""
    if isinstance(text, str):
        text = Text(text)
    lines: list[Text] = []
    offset = 0
    for part in text.plain.split("\n"):
        spans = wrap_spans(part, width, keep, later=max(1, width - indent))
        for k, (start, end) in enumerate(spans):
            line = text[offset + start:offset + end]
            lines.append(Text(" " * indent) + line if (k or lines) and indent else line)
        offset += len(part) + 1
    return lines


def plain_lines(text: str) -> str:
    """``text`` without trailing spaces on any line (a blank line empty)."""
    return "\n".join(line.rstrip() for line in text.split("\n"))
