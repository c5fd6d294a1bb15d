"""Normalisation and term matching on Chinese text.

Three views of one report, each mapping back to the one before it:

* the *original* text: ``"\\n".join(document.lines)``; evidence line numbers come from it;
* the *normalised* text (``NormText.text``): half-width punctuation and digits, simplified
  characters, web debris and inserted pinyin removed, line structure kept — headings are
  detected here;
* the *key* (``NormText.key``): the normalised text with every space and punctuation mark
  removed — terms are matched here, so "法制审核" matches "法制\\n审核" (a hard-wrapped PDF
  line), "法制 审核" and "“法制”审核" alike.

This is the only module that imports jieba, and only when a caller asks for tokens.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

# Full-width ASCII variants (！ to ～) map to ASCII by a fixed offset; the ideographic space to a space.
_WIDTH_MAP = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH_MAP.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20,
                   0x200B: None, 0xFEFF: None, 0x2028: 0x0A,
                   # Scraped pages and OCR: the "〇" of years shows up as a circle or a capital O.
                   0x25CB: 0x3007, 0xFF2F: 0x3007,
                   # Dot-like characters used after heading numbers ("1·", "1．").
                   0xFF0E: 0x2E})

# Kangxi radicals and CJK radical supplements that PDF extractors emit instead of ideographs
# (⾏ for 行): NFKC maps them, but NFKC must not touch the rest (it turns ① into 1).
_RADICAL_RANGES = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF))

# Characters that exist only in traditional script and are common in these reports; their
# presence decides whether to convert (mirror sites and 繁体 versions of government sites).
_TRADITIONAL_MARKERS = set("們這個來說時會對關於發展經濟國際過記錄審核責任報告議區縣務員實與為將從開體設檢執規劃認計劃專門們應當點")

# "發(fā)展": pinyin inserted after a character by some mirror sites.
_PINYIN_INSERT = re.compile(r"(?<=[\u4e00-\u9fff])[(（]\s*[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňɡ]{1,7}\s*[)）]", re.I)

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "o": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def is_key_char(ch: str) -> bool:
    """Characters kept in the match key: ideographs, letters and digits (circled numbers too)."""
    if is_cjk(ch) or ch.isalnum():
        return True
    return ch == "〇"


def chinese_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23 (heading numbers, months, days). None if not a number."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        tens_value = _CN_DIGITS.get(tens, None) if tens else 1
        units_value = _CN_DIGITS.get(units, None) if units else 0
        if tens_value is None or units_value is None:
            return None
        return tens_value * 10 + units_value
    if len(text) == 1:
        return _CN_DIGITS.get(text)
    return None


def chinese_year(text: str) -> int | None:
    """二〇二四 → 2024 (digit by digit)."""
    digits = [_CN_DIGITS.get(ch) for ch in text]
    if len(digits) != 4 or any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC  # lazy: only traditional-script reports need it

    return OpenCC("t2s")


def looks_traditional(text: str) -> bool:
    sample = text[:50000]
    hits = sum(1 for ch in sample if ch in _TRADITIONAL_MARKERS)
    return hits >= 5 and hits * 200 >= sum(1 for ch in sample if is_cjk(ch))


def _to_simplified(line: str) -> str:
    converted = _t2s().convert(line)
    if len(converted) == len(line):
        return converted
    # A phrase rule changed the length; convert character by character to keep offsets.
    return "".join(_t2s().convert(ch) if is_cjk(ch) else ch for ch in line)


def normalize_chars(line: str) -> str:
    """Length-preserving character normalisation of one line."""
    line = line.translate(_WIDTH_MAP) if any(ord(ch) >= 0x2000 or ord(ch) == 0xA0 for ch in line) else line
    if any(0x2E80 <= ord(ch) <= 0x2FDF for ch in line):
        line = "".join(unicodedata.normalize("NFKC", ch) if _in_radicals(ch) else ch for ch in line)
    return line


def _in_radicals(ch: str) -> bool:
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _RADICAL_RANGES)


@dataclass(frozen=True)
class Debris:
    """Compiled web-debris patterns from the pack: whole lines, and fragments inside a line."""

    lines: tuple[re.Pattern, ...]
    fragments: tuple[re.Pattern, ...]

    @classmethod
    def compile(cls, line_patterns: Iterable[str], fragment_patterns: Iterable[str]) -> "Debris":
        return cls(tuple(re.compile(p) for p in line_patterns),
                   tuple(re.compile(p) for p in fragment_patterns))


class NormText:
    """The normalised text and the match key, each with a map back to the original offsets."""

    def __init__(self, lines: Sequence[str], debris: Debris | None = None):
        self.original_lines = tuple(lines)
        self._line_starts = []  # original offset of each line's start
        offset = 0
        for line in self.original_lines:
            self._line_starts.append(offset)
            offset += len(line) + 1
        traditional = looks_traditional("\n".join(self.original_lines[:400]))
        chars: list[str] = []
        origin: list[int] = []  # normalised index -> original offset
        for number, line in enumerate(self.original_lines):
            start = self._line_starts[number]
            norm = normalize_chars(line)
            if traditional:
                norm = _to_simplified(norm)
            keep = self._keep_mask(norm, debris)
            for column, ch in enumerate(norm):
                if keep[column]:
                    chars.append(ch)
                    origin.append(start + column)
            chars.append("\n")
            origin.append(start + len(line))
        self.text = "".join(chars)
        self._origin = origin
        key_chars: list[str] = []
        key_origin: list[int] = []  # key index -> normalised index
        for index, ch in enumerate(self.text):
            if is_key_char(ch):
                key_chars.append(ch.lower())
                key_origin.append(index)
        self.key = "".join(key_chars)
        self._key_origin = key_origin
        self.traditional = traditional

    @staticmethod
    def _keep_mask(line: str, debris: Debris | None) -> list[bool]:
        keep = [True] * len(line)
        stripped = line.strip()
        if debris is not None and stripped:
            if any(p.fullmatch(stripped) for p in debris.lines):
                return [False] * len(line)
            for pattern in debris.fragments:
                for match in pattern.finditer(line):
                    for i in range(match.start(), match.end()):
                        keep[i] = False
        for match in _PINYIN_INSERT.finditer(line):
            for i in range(match.start(), match.end()):
                keep[i] = False
        return keep

    # --- offsets -> original lines ---------------------------------------------------
    def line_of(self, norm_offset: int) -> int:
        """1-based original line of a normalised offset."""
        if not self._origin:
            return 1
        norm_offset = min(max(norm_offset, 0), len(self._origin) - 1)
        original = self._origin[norm_offset]
        return bisect.bisect_right(self._line_starts, original)

    def surface(self, start: int, end: int) -> str:
        """The original characters behind the normalised range [start, end): traditional
        characters and full-width punctuation as written, removed debris and pinyin left out."""
        original = "\n".join(self.original_lines)
        return "".join(original[self._origin[i]] for i in range(max(start, 0), min(end, len(self._origin)))
                       if self._origin[i] < len(original))

    def original_line(self, number: int) -> str:
        return self.original_lines[number - 1] if 0 < number <= len(self.original_lines) else ""

    def key_index(self, norm_offset: int) -> int:
        """First key index at or after a normalised offset."""
        return bisect.bisect_left(self._key_origin, norm_offset)

    def norm_offset(self, key_index: int) -> int:
        if not self._key_origin:
            return 0
        key_index = min(max(key_index, 0), len(self._key_origin) - 1)
        return self._key_origin[key_index]

    def key_span(self, start: int, end: int) -> tuple[int, int]:
        """The key range covering the normalised range [start, end)."""
        return self.key_index(start), self.key_index(end)

    # --- term matching ---------------------------------------------------------------
    def find_terms(self, terms: "TermSet", start: int = 0, end: int | None = None) -> list[tuple[str, int]]:
        """All matches of ``terms`` in the normalised range, as (term, normalised offset), in order."""
        end = len(self.text) if end is None else end
        key_start, key_end = self.key_span(start, end)
        hits = terms.search(self.key, key_start, key_end)
        return [(term, self.norm_offset(index)) for term, index in hits]

    def excerpt(self, norm_offset: int, width: int = 40) -> tuple[int, str]:
        """(line, text) around a normalised offset: the sentence it sits in, in original characters."""
        line_number = self.line_of(norm_offset)
        line = self.original_line(line_number).strip()
        if len(line) <= width:
            return line_number, line
        original = self._origin[min(norm_offset, len(self._origin) - 1)] - self._line_starts[line_number - 1]
        original_line = self.original_line(line_number)
        sentence = max(original_line.rfind(mark, 0, original) for mark in "。；;！？!?") + 1
        # Start at the sentence the hit sits in; in a long sentence, a little before the hit.
        left = sentence if original - sentence < width * 2 // 3 else max(0, original - width // 3)
        snippet = original_line[left:left + width].strip()
        prefix = "…" if left > sentence else ""
        return line_number, prefix + snippet + ("…" if left + width < len(original_line) else "")


def to_key(text: str) -> str:
    """The match key of a term: normalised, lower-cased, without spaces and punctuation."""
    return "".join(ch.lower() for ch in normalize_chars(text) if is_key_char(ch))


class TermSet:
    """Synonyms and regexes, matched on the key (space- and punctuation-free text).

    Plain terms are matched as substrings of the key; a term written ``re:...`` is a regex
    applied to the key (so it must not expect punctuation or spaces).
    """

    def __init__(self, terms: Iterable[str]):
        plain: list[tuple[str, str]] = []
        regexes: list[tuple[str, re.Pattern]] = []
        for term in terms:
            if term.startswith("re:"):
                regexes.append((term, re.compile(term[3:])))
            else:
                key = to_key(term)
                if key:
                    plain.append((term, key))
        self.plain = tuple(plain)
        self.regexes = tuple(regexes)

    def __bool__(self) -> bool:
        return bool(self.plain or self.regexes)

    def search(self, key: str, start: int = 0, end: int | None = None) -> list[tuple[str, int]]:
        end = len(key) if end is None else end
        hits: list[tuple[str, int]] = []
        for term, term_key in self.plain:
            index = key.find(term_key, start, end)
            while index != -1 and index + len(term_key) <= end:
                hits.append((term, index))
                index = key.find(term_key, index + 1, end)
        for term, pattern in self.regexes:
            for match in pattern.finditer(key, start, end):
                hits.append((term, match.start()))
        hits.sort(key=lambda hit: hit[1])
        return hits

    def first(self, key: str, start: int = 0, end: int | None = None) -> tuple[str, int] | None:
        hits = self.search(key, start, end)
        return hits[0] if hits else None

    def matches(self, text: str) -> bool:
        return bool(self.search(to_key(text)))


_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*年")
_YEAR_RANGE = re.compile(r"(?:19|20)\d{2}\s*[-—–~～至到]+\s*(?:19|20)\d{2}\s*年?")
_BOOK_TITLE = re.compile(r"《[^《》]{0,80}》")
_CN_YEAR = re.compile(r"([〇零Oo一二三四五六七八九]{4})\s*年")


def years_in(text: str) -> list[tuple[int, int]]:
    """(year, offset) of each "2024年" / "二〇二四年" in ``text``, ignoring ranges such as
    "2021-2025年" and years inside book titles 《…2021—2025年…》 — both name programmes, not
    the report's or the plan's year."""
    masked = _BOOK_TITLE.sub(lambda m: " " * len(m.group()), text)
    masked = _YEAR_RANGE.sub(lambda m: " " * len(m.group()), masked)
    found = [(int(m.group(1)), m.start()) for m in _YEAR.finditer(masked)]
    for match in _CN_YEAR.finditer(masked):
        year = chinese_year(match.group(1))
        if year and 1990 <= year <= 2100:
            found.append((year, match.start()))
    found.sort(key=lambda item: item[1])
    return found


def tokens(text: str) -> list[str]:
    """jieba tokens (for similarity and statistics, never for required elements)."""
    import jieba  # lazy: ~0.8 s and ~90 MiB to load its dictionary

    return [token for token in jieba.lcut(text) if token.strip()]
