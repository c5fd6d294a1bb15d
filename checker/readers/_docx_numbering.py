"""Word's automatic numbering, rendered as printed: 一、 / （一） / 1. / （1） / ①.

python-docx (and most converters) give a numbered paragraph's text without its number:
"主要举措和成效" where the page shows "一、主要举措和成效". The number lives in
word/numbering.xml: a paragraph names a ``w:num`` (numId) and a level (ilvl); the num points
to a ``w:abstractNum`` whose ``w:lvl`` gives the format (chineseCounting, decimal, ...), the
text pattern ("（%1）"), the start value and when the level restarts.

Word keeps one set of counters per abstractNum: every num pointing to it continues the same
sequence, unless the num carries a ``w:startOverride``, which restarts that level when the
num is first used. Using a level restarts the deeper levels (unless their ``w:lvlRestart``
says otherwise).
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

_DIGITS = "〇一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY = "子丑寅卯辰巳午未申酉戌亥"


def local(tag: str) -> str:
    """The local name of an element tag: '{ns}p' -> 'p' (tolerates strict OOXML namespaces)."""
    return tag.rsplit("}", 1)[-1]


def attr(element: ET.Element | None, name: str) -> str | None:
    """An attribute by local name (w:val, w:styleId, ...)."""
    if element is None:
        return None
    for key, value in element.attrib.items():
        if key == name or key.endswith("}" + name):
            return value
    return None


def child(element: ET.Element | None, name: str) -> ET.Element | None:
    if element is None:
        return None
    for item in element:
        if local(item.tag) == name:
            return item
    return None


def child_val(element: ET.Element | None, name: str) -> str | None:
    return attr(child(element, name), "val")


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _counting(n: int, digits: str = _DIGITS, ten: str = "十") -> str:
    """一 … 十, 十一 … 九十九; larger numbers digit by digit (一〇〇), as Word prints them."""
    if n <= 0:
        return digits[0]
    if n < 10:
        return digits[n]
    if n < 20:
        return ten + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + ten + (digits[n % 10] if n % 10 else "")
    return "".join(digits[int(d)] for d in str(n))


def _counting_thousand(n: int, digits: str = _DIGITS, units: str = "十百千") -> str:
    """With place values: 一百零五, 一千二百."""
    if n < 100 or n >= 10000:
        return _counting(n, digits, units[0])
    out, zero = "", False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        digit = n // power % 10
        if digit:
            if zero and out:
                out += "零"
            out += digits[digit] + unit
            zero = False
        else:
            zero = True
    return out


def _enclosed(n: int, ranges: tuple[tuple[int, int, int], ...]) -> str:
    for low, high, base in ranges:
        if low <= n <= high:
            return chr(base + n - low)
    return str(n)


def _is_enclosed(char: str) -> bool:
    code = ord(char)
    return 0x2460 <= code <= 0x24FF or 0x3251 <= code <= 0x325F or 0x32B1 <= code <= 0x32BF


def _letters(n: int, upper: bool) -> str:
    if n <= 0:
        return str(n)
    letter = chr((ord("A") if upper else ord("a")) + (n - 1) % 26)
    return letter * ((n - 1) // 26 + 1)


def _roman(n: int, upper: bool) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += numeral
            n -= value
    return out.upper() if upper else out


def format_number(n: int, fmt: str) -> str:
    """Render counter ``n`` in Word's ``w:numFmt`` ``fmt``."""
    if fmt in ("chineseCounting", "ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        if fmt == "chineseCounting":
            return _counting(n)
        return "".join(_DIGITS[int(d)] for d in str(n))
    if fmt in ("chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand",
               "japaneseCounting"):
        return _counting_thousand(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional", "japaneseLegal"):
        return _counting_thousand(n, _LEGAL, "拾佰仟")
    if fmt == "ideographTraditional":
        return _HEAVENLY[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _EARTHLY[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _enclosed(n, ((1, 20, 0x2460), (21, 35, 0x3251), (36, 50, 0x32B1)))
    if fmt == "decimalEnclosedParen":
        return _enclosed(n, ((1, 20, 0x2474),))
    if fmt == "decimalEnclosedFullstop":
        return _enclosed(n, ((1, 20, 0x2488),))
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        return _letters(n, fmt == "upperLetter")
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n, fmt == "upperRoman")
    if fmt == "none":
        return ""
    return str(n)  # decimal, ordinal, cardinalText ... and formats we do not know


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # w:lvlRestart: 0 = never; N = after level N (1-based)
    legal: bool = False  # w:isLgl: all levels shown as decimal
    suffix: str = "tab"  # tab | space | nothing
    style: str | None = None  # w:pStyle: the paragraph style linked to this level


@dataclass
class Num:
    abstract: str
    levels: dict[int, Level] = field(default_factory=dict)  # w:lvlOverride/w:lvl
    starts: dict[int, int] = field(default_factory=dict)  # w:lvlOverride/w:startOverride


def _parse_level(element: ET.Element) -> Level:
    level = Level()
    level.fmt = child_val(element, "numFmt") or "decimal"
    text = child(element, "lvlText")
    level.text = attr(text, "val") if text is not None else ""
    level.text = level.text or ""
    level.start = _int(child_val(element, "start"), 1)
    restart = child(element, "lvlRestart")
    level.restart = _int(attr(restart, "val")) if restart is not None else None
    legal = child(element, "isLgl")
    level.legal = legal is not None and attr(legal, "val") not in ("0", "false", "off")
    level.suffix = child_val(element, "suff") or "tab"
    pstyle = child(element, "pStyle")
    level.style = attr(pstyle, "val") if pstyle is not None else None
    return level


class Numbering:
    """The numbering definitions of one document and the counters while it is read in order."""

    def __init__(self, root: ET.Element | None):
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.style_links: dict[str, str] = {}  # abstractNum with numStyleLink -> style id
        self.nums: dict[str, Num] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.used: set[str] = set()
        if root is None:
            return
        for item in root:
            name = local(item.tag)
            if name == "abstractNum":
                abstract_id = attr(item, "abstractNumId") or ""
                levels = {}
                for lvl in item:
                    if local(lvl.tag) == "lvl":
                        levels[_int(attr(lvl, "ilvl"), 0)] = _parse_level(lvl)
                self.abstracts[abstract_id] = levels
                link = child_val(item, "numStyleLink")
                if link:
                    self.style_links[abstract_id] = link
            elif name == "num":
                num = Num(abstract=child_val(item, "abstractNumId") or "")
                for override in item:
                    if local(override.tag) != "lvlOverride":
                        continue
                    ilvl = _int(attr(override, "ilvl"), 0)
                    start = child_val(override, "startOverride")
                    if start is not None:
                        num.starts[ilvl] = _int(start, 1)
                    lvl = child(override, "lvl")
                    if lvl is not None:
                        num.levels[ilvl] = _parse_level(lvl)
                        if start is None and child(lvl, "start") is not None:
                            num.starts[ilvl] = num.levels[ilvl].start
                self.nums[attr(item, "numId") or ""] = num

    def resolve_abstract(self, num: Num, style_nums: dict[str, str]) -> str:
        """Follow a numStyleLink (a list style) to the abstractNum that holds the levels."""
        abstract = num.abstract
        for _ in range(3):
            link = self.style_links.get(abstract)
            if not link or link not in style_nums or style_nums[link] not in self.nums:
                break
            abstract = self.nums[style_nums[link]].abstract
        return abstract

    def level_for_style(self, num_id: str, style_id: str, style_nums: dict[str, str]) -> int | None:
        num = self.nums.get(num_id)
        if num is None:
            return None
        for ilvl, level in self.abstracts.get(self.resolve_abstract(num, style_nums), {}).items():
            if level.style == style_id:
                return ilvl
        return None

    def render(self, num_id: str, ilvl: int, style_nums: dict[str, str]) -> str | None:
        """Advance the counters for one numbered paragraph and return its printed number
        (with the separator Word puts after it), or None when it shows no number."""
        num = self.nums.get(num_id)
        if num is None or num_id == "0":
            return None
        abstract_id = self.resolve_abstract(num, style_nums)
        levels = dict(self.abstracts.get(abstract_id, {}))
        levels.update(num.levels)
        ilvl = max(0, min(ilvl, 8))
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self.counters.setdefault(abstract_id, [None] * 9)
        if num_id not in self.used:
            self.used.add(num_id)
            for start_level, start in num.starts.items():
                if 0 <= start_level <= 8:
                    counters[start_level] = start - 1
        counters[ilvl] = level.start if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            rule = levels.get(deeper).restart if levels.get(deeper) else None
            if rule is None or (rule != 0 and ilvl < rule):
                counters[deeper] = None

        def placeholder(match: re.Match) -> str:
            index = int(match.group(1)) - 1
            other = levels.get(index)
            if other is None:
                return ""
            value = counters[index] if counters[index] is not None else other.start
            return format_number(value, "decimal" if level.legal else other.fmt)

        if level.fmt == "bullet":
            shown = level.text
            if not shown or any(0xE000 <= ord(ch) <= 0xF8FF for ch in shown):
                shown = "•"  # Symbol/Wingdings bullets are private-use code points
            return shown + " "
        shown = re.sub(r"%([1-9])", placeholder, level.text)
        if not shown:
            return None
        if level.suffix == "nothing" or shown[-1] in "、.．)）]】:：,，" or _is_enclosed(shown[-1]):
            return shown
        return shown + " "
