"""A part's text as statements: the problems, plan items and acts reviewers read one by one.

A statement ends at a sentence end (。！？), a semicolon or a line end, and a new one starts at an
item marker ("一是", "二是", "（1）", "1.", "①", "首先", "其次", "此外") — reports list their
problems and plans that way inside one paragraph. The part's own heading is no statement.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from checker.analysis.segment import Segmentation

_BREAK = re.compile(r"[。！？!?；;\n]|(?=(?:[一二三四五六七八九十]{1,2}是|[(（]\d{1,2}[)）]|[①-⑳]|首先|其次|此外|另外)[^，,])")
_MIN_CHARS = 6


@dataclass(frozen=True)
class Statement:
    start: int  # normalised offsets
    end: int
    text: str


def statements(text: str, seg: Segmentation, spans) -> list[Statement]:
    """The statements of the normalised ranges ``spans``; the title of the heading that opens a
    range is left out (a sub-heading's title is a statement: "（一）执法队伍专业化水平不高")."""
    found: list[Statement] = []
    for span_start, span_end in spans:
        headings = [(h.start, h.title_end) for h in seg.headings if h.start == span_start]
        # (a PDF's hard wrap is no line end: seg.soft)
        cuts = [span_start] + [m.start() if m.group() == "" else m.end() for m in _BREAK.finditer(text, span_start, span_end)
                               if not (m.group() == "\n" and m.start() in seg.soft)]
        cuts.append(span_end)
        for begin, finish in zip(cuts, cuts[1:]):
            for h_start, h_end in headings:  # a heading's title is no statement
                if h_start <= begin < h_end:
                    begin = h_end
            piece = text[begin:finish].strip(" \t\n。；;:：，,")
            if "\n" in piece:  # joined over hard wraps
                piece = piece.replace("\n", "")
                begin = text.find(piece[:1], begin, finish)
            if len(piece) >= _MIN_CHARS:
                offset = text.find(piece, begin, finish)
                if offset == -1:  # the piece was joined over a hard wrap
                    offset = begin
                found.append(Statement(offset, finish, piece))
    return found
