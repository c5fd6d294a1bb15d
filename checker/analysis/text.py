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
from itertools import accumulate
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from checker.errors import PackError

# Full-width ASCII variants (！ to ～) map to ASCII by a fixed offset; the ideographic space to a space.
_WIDTH_MAP = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH_MAP.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20,
                   0x200B: 0x20, 0xFEFF: 0x20, 0x2028: 0x20,
                   # Scraped pages and OCR: the "〇" of years shows up as a circle or a capital O.
                   0x25CB: 0x3007, 0xFF2F: 0x3007,
                   # Dot-like characters used after heading numbers ("1·", "1．").
                   0xFF0E: 0x2E})

# Kangxi radicals and CJK radical supplements that PDF extractors emit instead of ideographs
# (⾏ for 行): NFKC maps them, but NFKC must not touch the rest (it turns ① into 1).
_RADICAL_RANGES = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF))

# Characters that exist only in traditional script and are common in these reports; their
# presence decides whether to convert (mirror sites and 繁体 versions of government sites).
_TRADITIONAL_MARKERS = set("來個們劃務區員國執報實審將專對從應於時會檢濟為當發經縣與規計記設認說議責這過錄門開關際體點")

# "發(fā)展": pinyin inserted after a character by some mirror sites.
_PINYIN_INSERT = re.compile(r"(?<=[\u4e00-\u9fff])[(（]\s*[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňɡ]{1,7}\s*[)）]", re.I)

# "0": 二0二五年, an Arabic zero typed for 〇 (a common slip in closing dates)
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "o": 0, "0": 0, "一": 1, "二": 2, "两": 2, "三": 3,
              "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


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


class _OnFirstUse:
    """A stdlib pattern compiled when first used. ``re`` compiles a character class over the CJK
    block code point by code point (~1 ms a class): a pattern that most reports never need
    (canonical spacing when the text has no space, the traditional-script count when it has no
    traditional character) should not cost every cold check its compile."""

    def __init__(self, pattern: str, flags: int = 0):
        self._source, self._flags, self._compiled = pattern, flags, None

    def __getattr__(self, name: str):
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return getattr(self._compiled, name)


_TRADITIONAL_RE = re.compile("[" + "".join(sorted(_TRADITIONAL_MARKERS)) + "]")
_CJK_RE = _OnFirstUse("[\u4e00-\u9fff\u3400-\u4dbf]")


def looks_traditional(text: str) -> bool:
    sample = text[:50000]
    hits = len(_TRADITIONAL_RE.findall(sample))
    return hits >= 5 and hits * 200 >= len(_CJK_RE.findall(sample))


def _to_simplified(line: str) -> str:
    converted = _t2s().convert(line)
    if len(converted) == len(line):
        return converted
    # A phrase rule changed the length; convert character by character to keep offsets.
    return "".join(_t2s().convert(ch) if is_cjk(ch) else ch for ch in line)


_RADICAL = re.compile("[\u2e80-\u2fdf]")


# str.translate looks every character of the text up in the map (~1.2 ms for 20,000 characters);
# a report holds a few dozen distinct mapped characters (，；：（） …), so finding which occur and
# replacing each of them with str.replace is ~7× faster, with the same result.
_WIDTH_CHARS = {chr(code): chr(target) for code, target in _WIDTH_MAP.items()}
_WIDTH_MAPPED = re.compile("[" + "".join(re.escape(ch) for ch in sorted(_WIDTH_CHARS)) + "]")


def normalize_chars(line: str) -> str:
    """Length-preserving character normalisation of one line (or of a whole text)."""
    for ch in set(_WIDTH_MAPPED.findall(line)):
        line = line.replace(ch, _WIDTH_CHARS[ch])
    if _RADICAL.search(line):
        line = "".join(unicodedata.normalize("NFKC", ch) if _in_radicals(ch) else ch for ch in line)
    return line


def _in_radicals(ch: str) -> bool:
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _RADICAL_RANGES)


# --- pack regexes: bounded before compiling, linear by proof, a budget only for the unproven --
# Pack authors write regexes (``re:`` terms, heading_patterns, forbidden/count patterns,
# debris). They run through the `regex` module. A verdict must never depend on how busy the
# machine is, so nothing here is a wall-clock limit on the built-in packs:
#
# * before compiling, a pattern's size and repeat counts are bounded (``a{1000000000}`` made the
#   compiler take 23 GB): past the bound it is a pack error naming the rule (pattern_limits);
# * the built-in packs' patterns are proven linear — `rules validate` screens every pattern as
#   it is used (checker.authoring.regex_screen: no nested or overlapping repeats, no repeat that
#   a search can restart inside, tests/test_regex_safety.py runs it over the built-ins) — and
#   run without any time limit (``prove``);
# * a pattern of the user's own pack passed the same screen (``check`` refuses a pack that
#   `rules validate` rejects), but the screen cannot see through back-references, lookarounds
#   or regex-module syntax: those run under a generous budget that grows with the text
#   (USER_REGEX_BUDGET + USER_REGEX_SECONDS_PER_MCHAR per million characters), far above what a
#   linear pattern needs even on a loaded machine, and stop with a message naming the rule.
MAX_PATTERN_CHARS = 2000
MAX_REPEAT = 1000  # a counted repeat {m,n}: no report needs more
MAX_PATTERN_SIZE = 20_000  # the pattern with its counted repeats written out
USER_REGEX_BUDGET = 20.0
USER_REGEX_SECONDS_PER_MCHAR = 20.0
_PROVEN: set[str] = set()  # pattern texts proven linear (the built-in packs' own)


def prove(patterns: Iterable[str]) -> None:
    """Mark pattern texts as proven linear: they run without a time budget."""
    _PROVEN.update(patterns)


def _budget(pattern, length: int) -> float | None:
    if pattern.pattern in _PROVEN:
        return None
    return USER_REGEX_BUDGET + USER_REGEX_SECONDS_PER_MCHAR * length / 1_000_000


class RegexTimeout(PackError):
    """A user-pack regex that ran past its budget. ``where`` names the rule or key."""

    def __init__(self, pattern: str, where_zh: str | None = None, where_en: str | None = None,
                 length: int = 0, budget: float = 0.0):
        self.pattern = pattern
        self.where_zh, self.where_en = where_zh, where_en
        self.length, self.budget = length, budget
        zh_head = f"{where_zh}的正则表达式" if where_zh else "正则表达式"
        en_head = f"the regex of {where_en}" if where_en else "a pack regex"
        super().__init__(
            f"{zh_head}“{pattern}”在 {length} 个字符的文本上运行了 {budget:g} 秒仍未结束，已停止检查：它在大量回溯"
            f"（rules validate 的线性检查看不透反向引用、环视和 regex 模块的扩展写法）；请改写这条正则：去掉反向引用和环视，"
            f"不要让两个重复的部分能匹配同一段文字，或改用不带 re: 的普通词语",
            f"{en_head} '{pattern}' ran {budget:g} s on a text of {length} characters without finishing; checking "
            f"stopped: it backtracks heavily (the linear-time screen of rules validate cannot see through "
            f"back-references, lookarounds and regex-module syntax); rewrite it without back-references and "
            f"lookarounds, so that no two repeated parts can match the same text, or use plain terms without re:")

    def at(self, where_zh: str, where_en: str) -> "RegexTimeout":
        return RegexTimeout(self.pattern, where_zh, where_en, self.length, self.budget)


def pattern_limits(pattern: str) -> tuple[str, str] | None:
    """(Chinese, English) reason when ``pattern`` is over a size bound — checked before it is
    compiled, without expanding anything — or None."""
    if len(pattern) > MAX_PATTERN_CHARS:
        return (f"正则表达式过长（{len(pattern)} 个字符，上限 {MAX_PATTERN_CHARS}）",
                f"the regex is too long ({len(pattern)} characters, limit {MAX_PATTERN_CHARS})")
    for match in re.finditer(r"(?<!\\)\{\s*(\d+)\s*(?:,\s*(\d*)\s*)?\}", pattern):  # not a literal \{
        count = max(int(match.group(1)), int(match.group(2) or 0))
        if count > MAX_REPEAT:
            return (f"重复次数 {count} 超过上限 {MAX_REPEAT}（“{match.group()}”）：请写成不计次数的 + 或 *，或减小次数",
                    f"the repeat count {count} is over the limit of {MAX_REPEAT} ('{match.group()}'): use + or * "
                    f"instead, or a smaller count")
    size = _expanded_size(pattern)
    if size is not None and size > MAX_PATTERN_SIZE:
        return (f"正则表达式展开后过大（约 {size} 项，上限 {MAX_PATTERN_SIZE}）：嵌套的计次重复相乘了",
                f"the regex is too large once its counted repeats are written out (about {size} items, limit "
                f"{MAX_PATTERN_SIZE}): nested counted repeats multiply")
    return None


def _expanded_size(pattern: str) -> int | None:
    """The number of items ``pattern`` has with its counted repeats written out (None when the
    stdlib parser cannot read it — regex-module syntax; the count check above still applies)."""
    try:
        from re import _constants as C, _parser as P
    except ImportError:  # pragma: no cover — Python 3.10
        import sre_constants as C  # type: ignore[no-redef]
        import sre_parse as P  # type: ignore[no-redef]
    try:
        tree = P.parse(pattern)
    except RecursionError:
        return MAX_PATTERN_SIZE + 1  # nested deeper than the parser goes: too large to run either
    except Exception:  # noqa: BLE001 — compile errors are reported by compile_pattern
        return None
    total = 0
    stack = [(list(tree), 1)]
    while stack:
        items, factor = stack.pop()
        for op, av in items:
            if op in (C.MAX_REPEAT, C.MIN_REPEAT) or op == getattr(C, "POSSESSIVE_REPEAT", None):
                low, high, body = av
                count = max(low, 1 if high == C.MAXREPEAT else high)
                stack.append((list(body), factor * max(count, 1)))
            elif op == C.SUBPATTERN:
                stack.append((list(av[-1]), factor))
            elif op == C.BRANCH:
                stack.extend((list(alt), factor) for alt in av[1])
            elif op in (C.ASSERT, C.ASSERT_NOT):
                stack.append((list(av[1]), factor))
            elif op == getattr(C, "ATOMIC_GROUP", None):
                stack.append((list(av), factor))
            else:
                total += factor
            if total > MAX_PATTERN_SIZE:
                return total
    return total


@lru_cache(maxsize=None)
def compile_pattern(pattern: str, flags: int = 0):
    """A pack regex compiled once per process (``regex`` module, re-compatible syntax).

    Raises ValueError with the reason when the pattern is over a size bound (before compiling)
    or does not compile.
    """
    import regex  # lazy: only packs with regexes need it (~25 ms to import)

    limit = pattern_limits(pattern)
    if limit is not None:
        raise ValueError(limit[0])
    try:
        return regex.compile(pattern, flags)
    except (regex.error, OverflowError, RecursionError, MemoryError) as exc:
        raise ValueError(str(exc)) from None


def pattern_error(pattern: str) -> str | None:
    """Why ``pattern`` does not compile, or None when it does."""
    try:
        compile_pattern(pattern)
    except ValueError as exc:
        return str(exc)
    return None


def _run(pattern, length: int, call):
    budget = _budget(pattern, length)
    try:
        return call(budget)
    except TimeoutError:
        raise RegexTimeout(pattern.pattern, length=length, budget=budget or 0.0) from None


def find_all(pattern, text: str, start: int = 0, end: int | None = None) -> list:
    """All matches of a compiled pack regex in text[start:end] (a budget only when unproven)."""
    end = len(text) if end is None else end
    return _run(pattern, end - start, lambda budget: list(pattern.finditer(text, start, end, timeout=budget)))


def iter_matches(pattern, text: str, start: int = 0, end: int | None = None):
    """Matches of a compiled pack regex one by one (a caller may stop early)."""
    end = len(text) if end is None else end
    budget = _budget(pattern, end - start)
    try:
        yield from pattern.finditer(text, start, end, timeout=budget)
    except TimeoutError:
        raise RegexTimeout(pattern.pattern, length=end - start, budget=budget or 0.0) from None


def _search(pattern, text: str):
    return _run(pattern, len(text), lambda budget: pattern.search(text, timeout=budget))


def _match(pattern, text: str, pos: int = 0):
    return _run(pattern, len(text) - pos, lambda budget: pattern.match(text, pos, timeout=budget))


def _fullmatch(pattern, text: str):
    return _run(pattern, len(text), lambda budget: pattern.fullmatch(text, timeout=budget))


@dataclass(frozen=True)
class Debris:
    """Compiled web-debris patterns from the pack: whole lines, and fragments inside a line.

    Matching every pattern on every line would be one timed regex call per pattern per line.
    Instead one scan of the whole text (line anchors on) finds the few lines a pattern may
    touch — the line patterns joined into one scan that stops only at line starts, each
    fragment pattern on its own — and only those lines are matched with the patterns
    themselves.
    """

    lines: tuple  # compiled patterns, each matched against a whole stripped line
    fragments: tuple  # compiled patterns, found anywhere inside a line
    # (compiled scan, indexes of the patterns it stands for): one joined scan per group, or
    # one scan per pattern when they cannot be joined (a back-reference, a repeated group name)
    line_scans: tuple = ()
    fragment_scans: tuple = ()
    # A whole line matching one of these, in the second half of the text, ends the report:
    # "相关链接：" / "相关稿件" lists after the article name other years' reports.
    tail: tuple = ()
    tail_scans: tuple = ()

    @classmethod
    def compile(cls, line_patterns: Iterable[str], fragment_patterns: Iterable[str],
                tail_patterns: Iterable[str] = ()) -> "Debris":
        line_patterns, fragment_patterns = tuple(line_patterns), tuple(fragment_patterns)
        return cls(tuple(compile_pattern(p) for p in line_patterns),
                   tuple(compile_pattern(p) for p in fragment_patterns),
                   _scans(line_patterns, _LINE_SHAPE, join=True), _scans(fragment_patterns, "{}", join=False),
                   tuple(compile_pattern(p) for p in tail_patterns), _scans(tuple(tail_patterns), _LINE_SHAPE, join=True))

    def tail_start(self, lines: Sequence[str]) -> int:
        """The index of the first line in the second half that ends the report, or len(lines)."""
        if self.tail:
            half = len(lines) // 2
            framed = "\n" + "\n".join(lines[half:]) + "\n"
            for scan, indexes, shape in self.tail_scans:
                found = _scan(scan, indexes, shape, self.tail, framed)
                if found:
                    return half + framed.count("\n", 0, found[0].start())
        return len(lines)

    def inline_tail(self, lines: Sequence[str]) -> tuple[int, int] | None:
        """(line index, column) where the report ends inside a line: a page that lost its line
        breaks puts "相关稿件：…" lists after the signature on the same line (and a PDF of such a
        page wraps that line). Looked for after a space, in the last 30 % of the text only."""
        if not self.tail:
            return None
        text = "\n".join(lines)
        begin = max(int(len(text) * 0.7), len(text) - 3000)
        found = []
        for pattern in self.tail:
            inline = compile_pattern(r"[ \t](?:%s)" % pattern.pattern)
            match = next(iter_matches(inline, text, begin), None)
            if match is not None:
                found.append(match.start() + 1)
        if not found:
            return None
        offset = min(found)
        index = text.count("\n", 0, offset)
        return index, offset - (text.rfind("\n", 0, offset) + 1)

    def candidates(self, lines: Sequence[str], around: tuple[int, int] | None = None
                   ) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
        """{line index: {pattern indexes}} for the line patterns and for the fragment patterns:
        the lines each pattern may match (a superset; the caller matches those lines exactly).
        ``around`` (first, last): the line patterns are looked for only before line ``first``
        and after line ``last`` (the article's prose, where whole-line debris is not taken)."""
        if not self.line_scans and not self.fragment_scans:
            return {}, {}
        starts, offset = [], 0
        for line in lines:
            starts.append(offset)
            offset += len(line) + 1
        text = "\n".join(lines)
        framed = "\n" + text + "\n"  # for _LINE_SHAPE: a match starts at the newline before its line
        odd = [i for i, line in enumerate(lines) if "\n" in line]  # a U+2028 turned into a break
        result: tuple[dict[int, set[int]], dict[int, set[int]]] = ({}, {})
        for found, scans, originals in ((result[0], self.line_scans, self.lines),
                                        (result[1], self.fragment_scans, self.fragments)):
            windows = [(0, None)]
            if around is not None and scans is self.line_scans:
                # framed offsets: the newline before line n is at starts[n]; a line's match ends
                # at the lookahead on the newline after it
                head_end = starts[around[0]] + 1
                windows = [(0, head_end)] if around[0] > 0 else []
                if around[1] + 1 < len(lines):
                    windows.append((starts[around[1] + 1], None))
            for scan, indexes, shape in scans:
                lead = int(shape == _LINE_SHAPE)  # framed text: offsets shift by one
                for match in (m for window in windows
                              for m in _scan(scan, indexes, shape, originals, framed if lead else text, *window)):
                    begin, stop = match.start(), match.end() - lead
                    first = bisect.bisect_right(starts, begin) - 1
                    last = bisect.bisect_right(starts, max(stop - 1, begin)) - 1
                    for line in range(first, last + 1):
                        found.setdefault(line, set()).update(indexes)
                for line in odd:
                    found.setdefault(line, set()).update(indexes)
        return result


# A whole line (as line.strip() leaves it), found from the newline before it: the literal
# newline lets the scan jump from line start to line start.
_LINE_SHAPE = r"\n[^\S\n]*(?:{})[^\S\n]*(?=\n)"


def _scans(patterns: tuple[str, ...], shape: str, join: bool) -> tuple:
    import regex

    if not patterns:
        return ()
    joined = "|".join(f"(?:{p})" for p in patterns)
    if all(p in _PROVEN for p in patterns):  # a scan made of proven patterns, in a linear shape
        prove([shape.format(joined)] + [shape.format(p) for p in patterns])
    if join and not regex.search(r"\\[1-9]|\(\?P=", joined):
        try:
            return ((_compile_scan(shape.format(joined)), tuple(range(len(patterns))), shape),)
        except ValueError:
            pass
    return tuple((_compile_scan(shape.format(p)), (i,), shape) for i, p in enumerate(patterns))


def _compile_scan(pattern: str):
    """A debris scan: the pack's patterns joined in a shape. The patterns passed the size bound
    one by one; the joined scan may be longer than one pattern may be."""
    import regex

    try:
        return regex.compile(pattern, regex.MULTILINE)
    except (regex.error, OverflowError, RecursionError, MemoryError) as exc:
        raise ValueError(str(exc)) from None


def _scan(scan, indexes: tuple[int, ...], shape: str, originals: tuple, text: str, start: int = 0,
          end: int | None = None) -> list:
    """The scan's matches in text[start:end]. When a joined scan times out, the pattern that did is named."""
    import regex

    try:
        return find_all(scan, text, start, end)
    except RegexTimeout as exc:
        if len(indexes) == 1:
            raise RegexTimeout(originals[indexes[0]].pattern, length=exc.length, budget=exc.budget) from None
        for i in indexes:
            try:
                find_all(_compile_scan(shape.format(originals[i].pattern)), text, start, end)
            except RegexTimeout as inner:
                raise RegexTimeout(originals[i].pattern, length=inner.length, budget=inner.budget) from None
        raise


class _Runs:
    """A monotone map between the offsets of two texts, as runs copied unchanged from one
    (``src``) to the other (``dst``). Most reports lose only a few debris lines in
    normalisation, so a handful of runs replaces a per-character table."""

    def __init__(self) -> None:
        self.dst: list[int] = []
        self.src: list[int] = []
        self.length: list[int] = []

    def add(self, dst: int, src: int, length: int) -> None:
        if length <= 0:
            return
        if self.dst and self.dst[-1] + self.length[-1] == dst and self.src[-1] + self.length[-1] == src:
            self.length[-1] += length
        else:
            self.dst.append(dst)
            self.src.append(src)
            self.length.append(length)

    @classmethod
    def from_spans(cls, spans: list[tuple[int, int]]) -> "_Runs":
        """Runs that copy the src ranges ``spans`` one after another into dst."""
        runs = cls()
        runs.src = [a for a, _ in spans]
        runs.length = [b - a for a, b in spans]
        runs.dst = list(accumulate(runs.length, initial=0))[:-1]
        return runs

    def forward(self, dst: int) -> int:
        """The src offset of a dst offset (clamped into the mapped range)."""
        if not self.dst:
            return 0
        k = max(bisect.bisect_right(self.dst, dst) - 1, 0)
        return self.src[k] + min(max(dst - self.dst[k], 0), self.length[k] - 1)

    def backward(self, src: int) -> int:
        """The first dst offset whose src offset is at or after ``src``."""
        k = bisect.bisect_right(self.src, src) - 1
        if k < 0:
            return 0
        if src < self.src[k] + self.length[k]:
            return self.dst[k] + (src - self.src[k])
        return self.dst[k] + self.length[k]


_KEY_RUN = re.compile(r"[^\W_]+")  # 〇 and ① are word characters too

# --- canonical spacing ------------------------------------------------------------------
# PDFs printed by LibreOffice (and by Word/WPS with Asian/Western autospace) put a space at
# every boundary between a Chinese character and a digit or Latin letter: "四、2024 年工作打算",
# "2024 年 12 月 18 日", "辖区 29 家", "第 1 页"; some authors type them too ("某县 2025 年度").
# Such a space never separates words, so it is cut before anything reads the text. A space
# that may separate two things on a run-on line is kept: before a heading label ("成效 1.加强")
# and before a number that is not followed by another such space or a date unit.
_CJK_CLASS = "\u4e00-\u9fff\u3400-\u4dbf"
_BOUNDARY_SPACES = _OnFirstUse(
    rf"(?<=[0-9A-Za-z%])[ \t]+(?=[{_CJK_CLASS}])"                      # 2024 年, 29 家, 3C 目录
    rf"|(?<=[{_CJK_CLASS}])[ \t]+(?=[0-9A-Za-z%]+(?:\.[0-9]+)?[ \t]+[{_CJK_CLASS}])"  # 辖区 29 家 (the left space)
    rf"|(?<=[{_CJK_CLASS}、])[ \t]+(?=\d{{1,4}}[ \t]*[年月日号期届次条页])"  # 某县 2025年度, 第 1页
    r"|(?<=[(（])[ \t]+(?=[一二三四五六七八九十\d])"                     # ( 一)
    r"|(?<=[一二三四五六七八九十\d])[ \t]+(?=[)）])"                     # (一 )
)

# A mirror site's watermark repeated through the text, ending in its address:
# "某某之家—全网资源每日更新www.example.com" — once before the title, once inside a word.
_DOMAIN = re.compile(r"(?:https?://)?(?:www\.)?[A-Za-z0-9-]{2,40}(?:\.[A-Za-z0-9-]{1,20}){0,3}"
                     r"\.(?:com|cn|net|org|cc|top|vip|info)(?![A-Za-z0-9.])")
_WATERMARK_MAX = 40


def _watermark_cuts(text: str) -> list[tuple[int, int]]:
    """(start, end) of each occurrence of a watermark that repeats (at least twice), ending in
    the same web address: the longest run of characters before the address that every
    occurrence shares (bounded, within one line)."""
    by_domain: dict[str, list[re.Match]] = {}
    for match in _DOMAIN.finditer(text):
        by_domain.setdefault(match.group().lower(), []).append(match)
    cuts: list[tuple[int, int]] = []
    for matches in by_domain.values():
        if len(matches) < 2:
            continue
        shared = 0
        while shared < _WATERMARK_MAX:
            chars = set()
            for m in matches:
                at = m.start() - shared - 1
                chars.add(text[at] if at >= 0 else None)
            if len(chars) != 1 or None in chars or "\n" in chars:
                break
            shared += 1
        cuts.extend((m.start() - shared, m.end()) for m in matches)
    return cuts


def _is_prose(line: str) -> bool:
    """A line of the article's own text: long enough and with sentence punctuation (page
    furniture — breadcrumbs, metadata cells, 打印/关闭 links — has neither)."""
    return len(line) >= 30 and any(mark in line for mark in "。，,；;")


# A warning is due when normalisation drops more than this share of a document's characters.
DROP_WARNING_SHARE = 0.3


def _only_removed(line: str, removed: list[tuple[int, int]]) -> bool:
    """Whether the cuts leave nothing of the line but spaces."""
    kept, column = [], 0
    for start, end in removed:
        kept.append(line[column:start])
        column = end
    kept.append(line[column:])
    return not "".join(kept).strip()


_RUNNING_HEAD_CHARS = 60


def _running_heads(lines: Sequence[str], page_breaks: Sequence[int]) -> list[int]:
    """Running headers and footers of a printed PDF: the same short line next to two or more
    page-number lines of one shape — the first line of each new page ("某局法治政府建设年度报告"
    under every "第 N 页，共 M 页") or the last of each page. The report's own lines are never cut:
    a line with sentence punctuation, a longer line, one that stands beside a single page break
    (the 落款 agency above the last page number, a web page's title repeated on both sides of its
    来源/发布时间 line), or one beside debris lines of different shapes stays."""
    breaks = set(page_breaks)
    seen: dict[tuple[str, str], set[int]] = {}  # (text, shape of the page break) -> its lines
    beside: dict[tuple[str, str], set[int]] = {}  # -> the page breaks it stands beside
    for page_break in page_breaks:
        shape = _DIGITS.sub("0", lines[page_break].strip())  # "第 3 页，共 4 页" and "第 4 页，共 4 页" alike
        for step in (1, -1):
            n = page_break + step
            while 0 <= n < len(lines) and not lines[n].strip():
                n += step
            if not 0 <= n < len(lines) or n in breaks:
                continue
            text = lines[n].strip()
            if len(text) <= _RUNNING_HEAD_CHARS and not any(mark in text for mark in "。，；;,：:"):
                seen.setdefault((text, shape), set()).add(n)
                beside.setdefault((text, shape), set()).add(page_break)
    return sorted({n for key, found in seen.items() if len(found) >= 2 and len(beside[key]) >= 2 for n in found})


_DIGITS = re.compile(r"\d+")


class NormText:
    """The normalised text and the match key, each with a map back to the original offsets."""

    def __init__(self, lines: Sequence[str], debris: Debris | None = None):
        self.original_lines = tuple(lines)
        self._original = "\n".join(self.original_lines)
        self._line_starts: list[int] = []  # original offset of each line's start
        offset = 0
        for line in self.original_lines:
            self._line_starts.append(offset)
            offset += len(line) + 1
        traditional = looks_traditional(self._original[:100000])
        pieces: list[str] = []
        self._origin = _Runs()  # normalised offset -> original offset
        position = 0
        # One pass over the whole text: the character map keeps every length and adds no line break.
        normalized = normalize_chars(self._original)
        norm_lines = normalized.split("\n")
        if traditional:
            norm_lines = [_to_simplified(line) for line in norm_lines]
        # Whole-line debris is page furniture around the article: it is looked for only before
        # the first line of prose and after the last one, never in the body — a run-on page
        # whose breadcrumb shares the report's only line must not lose the report with it (and
        # the body, most of the text, is not scanned for it at all).
        prose = [number for number, line in enumerate(norm_lines) if _is_prose(line)]
        around = (prose[0], prose[-1]) if prose else None
        line_hits, fragment_hits = debris.candidates(norm_lines, around) if debris is not None else ({}, {})
        tail_start = debris.tail_start(norm_lines) if debris is not None else len(norm_lines)
        # Only the few lines that lose something are visited; the text between them is copied in runs.
        cuts: list[tuple[int, int]] = []  # (start, end) in the text of norm_lines joined by "\n"
        pinyin_lines = {number for number, line in enumerate(norm_lines)
                        if ("(" in line or "（" in line) and _PINYIN_INSERT.search(line)}
        if around is not None:
            line_hits = {n: p for n, p in line_hits.items() if n < around[0] or n > around[1]}
        page_breaks: list[int] = []  # lines that held nothing but debris (a PDF's "第 3 页，共 4 页")
        for number in sorted(set(line_hits) | set(fragment_hits) | pinyin_lines):
            if number < tail_start:
                start = self._line_starts[number]
                removed = self._removed(norm_lines[number], debris, line_hits.get(number), fragment_hits.get(number))
                cuts.extend((start + a, start + b) for a, b in removed)
                if removed and number in fragment_hits and _only_removed(norm_lines[number], removed):
                    page_breaks.append(number)
        cuts.extend((self._line_starts[n], self._line_starts[n] + len(norm_lines[n]))
                    for n in _running_heads(norm_lines, page_breaks) if n < tail_start)
        if tail_start < len(norm_lines):
            cuts.append((self._line_starts[tail_start], len(self._original)))
        elif debris is not None:
            inline = debris.inline_tail(norm_lines)
            if inline is not None:
                cuts.append((self._line_starts[inline[0]] + inline[1], len(self._original)))
        joined = "\n".join(norm_lines) if traditional else normalized
        watermarks = _watermark_cuts(joined) if "." in joined else []
        debris_cuts = _merge(cuts + watermarks)
        dropped = sum(b - a - joined.count(" ", a, b) - joined.count("\n", a, b) for a, b in debris_cuts)
        visible = max(len(joined) - joined.count(" ") - joined.count("\n"), 1)
        self.dropped_share = dropped / visible
        spaces = [m.span() for m in _BOUNDARY_SPACES.finditer(joined)] if (" " in joined or "\t" in joined) else []
        cuts = _merge(debris_cuts + spaces)
        column = 0
        for cut_start, cut_end in cuts:
            pieces.append(joined[column:cut_start])
            self._origin.add(position, column, cut_start - column)
            position += cut_start - column
            column = cut_end
        pieces.append(joined[column:] + "\n")
        self._origin.add(position, column, len(joined) - column + 1)
        self.text = "".join(pieces)
        self._norm_length = len(self.text)
        # The key and its map, built from the runs of key characters in one pass of the regex.
        spans = [match.span() for match in _KEY_RUN.finditer(self.text)]
        self._key = _Runs.from_spans(spans)  # key index -> normalised offset
        key = "".join([self.text[a:b] for a, b in spans])
        lowered = key.lower()
        if len(lowered) != len(key):  # a letter whose lower case is two characters
            lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in key)
        self.key = lowered
        self.traditional = traditional

    @staticmethod
    def _removed(line: str, debris: Debris | None, line_patterns: set[int] | None = None,
                 fragment_patterns: set[int] | None = None) -> list[tuple[int, int]]:
        """Sorted, merged (start, end) ranges of a line to drop: debris and inserted pinyin.
        ``line_patterns``/``fragment_patterns``: the debris patterns that may match this line."""
        cuts: list[tuple[int, int]] = []
        stripped = line.strip() if line_patterns or fragment_patterns else ""
        if debris is not None and stripped:
            if any(_fullmatch(debris.lines[i], stripped) for i in sorted(line_patterns or ())):
                return [(0, len(line))]
            for i in sorted(fragment_patterns or ()):
                cuts.extend((m.start(), m.end()) for m in find_all(debris.fragments[i], line) if m.end() > m.start())
        if "(" in line or "（" in line:
            cuts.extend((m.start(), m.end()) for m in _PINYIN_INSERT.finditer(line))
        if not cuts:
            return cuts
        cuts.sort()
        merged = [cuts[0]]
        for cut_start, cut_end in cuts[1:]:
            if cut_start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], cut_end))
            else:
                merged.append((cut_start, cut_end))
        return merged

    # --- offsets -> original lines ---------------------------------------------------
    def written(self, start: int, end: int) -> str:
        """The original text from the normalised range's first character to its last, as
        written: spaces a PDF printer put in, full-width punctuation, line breaks."""
        if end <= start:
            return ""
        return self._original[self.original_offset(start):self.original_offset(end - 1) + 1]

    def original_offset(self, norm_offset: int) -> int:
        """The offset in the original text (lines joined by newlines) of a normalised offset."""
        return self._origin.forward(min(max(norm_offset, 0), max(self._norm_length - 1, 0)))

    def line_of(self, norm_offset: int) -> int:
        """1-based original line of a normalised offset."""
        original = self._origin.forward(min(max(norm_offset, 0), max(self._norm_length - 1, 0)))
        return bisect.bisect_right(self._line_starts, original)

    def surface(self, start: int, end: int) -> str:
        """The original characters behind the normalised range [start, end): traditional
        characters and full-width punctuation as written, removed debris and pinyin left out."""
        end = min(end, self._norm_length)
        return "".join(self._original[self._origin.forward(i)] for i in range(max(start, 0), end))

    def original_line(self, number: int) -> str:
        return self.original_lines[number - 1] if 0 < number <= len(self.original_lines) else ""

    def key_index(self, norm_offset: int) -> int:
        """First key index at or after a normalised offset."""
        return self._key.backward(norm_offset)

    def norm_offset(self, key_index: int) -> int:
        return self._key.forward(key_index)

    def key_span(self, start: int, end: int) -> tuple[int, int]:
        """The key range covering the normalised range [start, end)."""
        return self.key_index(start), self.key_index(end)

    def column_of(self, norm_offset: int) -> int:
        """0-based column of a normalised offset in its original line."""
        original = self._origin.forward(norm_offset)
        return original - self._line_starts[bisect.bisect_right(self._line_starts, original) - 1]

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
        original = self.column_of(norm_offset)
        original_line = self.original_line(line_number)
        sentence = max(original_line.rfind(mark, 0, original) for mark in "。；;！？!?") + 1
        # Start at the sentence the hit sits in; in a long sentence, a little before the hit.
        left = sentence if original - sentence < width * 2 // 3 else max(0, original - width // 3)
        snippet = original_line[left:left + width].strip()
        prefix = "…" if left > sentence else ""
        return line_number, prefix + snippet + ("…" if left + width < len(original_line) else "")


def _merge(cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping ranges covering ``cuts``."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(cuts):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


@lru_cache(maxsize=4096)
def to_key(text: str) -> str:
    """The match key of a term (or of a statement): normalised, lower-cased, without spaces and
    punctuation. The key characters are found by one regex scan (``_KEY_RUN`` keeps exactly the
    characters ``is_key_char`` keeps): a character-by-character generator took ~40 % of a
    report's check once the substance rules read every statement of a part through it."""
    key = "".join(_KEY_RUN.findall(normalize_chars(text)))
    if "Σ" in key:  # str.lower() writes a word-final sigma as ς; per character it is σ
        return "".join(ch.lower() for ch in key)
    return key.lower()


@lru_cache(maxsize=4096)
def _compile_terms(terms: tuple[str, ...]) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, object], ...]]:
    """(plain terms with their keys, ``re:`` terms with their compiled regexes), once per term list."""
    plain: list[tuple[str, str]] = []
    regexes: list[tuple[str, object]] = []
    for term in terms:
        if term.startswith("re:"):
            regexes.append((term, compile_pattern(term[3:])))
        else:
            key = to_key(term)
            if key:
                plain.append((term, key))
    return tuple(plain), tuple(regexes)


@lru_cache(maxsize=256)
def _literal_alternation(keys: tuple[str, ...]):
    """One stdlib regex for a set of literal keys (literals cannot backtrack catastrophically)."""
    return re.compile("|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))) if keys else None


class TermSet:
    """Synonyms and regexes, matched on the key (space- and punctuation-free text).

    Plain terms are matched as substrings of the key; a term written ``re:...`` is a regex
    applied to the key (so it must not expect punctuation or spaces).
    """

    def __init__(self, terms: Iterable[str]):
        self.plain, self.regexes = _compile_terms(tuple(terms))
        self._any_plain = _literal_alternation(tuple(key for _, key in self.plain))

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
            for match in find_all(pattern, key, start, end):
                hits.append((term, match.start()))
        hits.sort(key=lambda hit: hit[1])
        return hits

    def first(self, key: str, start: int = 0, end: int | None = None) -> tuple[str, int] | None:
        """The earliest hit — ``search(...)[0]`` without finding every hit (the substance rules
        ask it of every statement for every topic)."""
        end = len(key) if end is None else end
        best: tuple[str, int] | None = None
        for term, term_key in self.plain:
            index = key.find(term_key, start, end)
            if index != -1 and (best is None or index < best[1]):
                best = (term, index)
        for term, pattern in self.regexes:
            for match in iter_matches(pattern, key, start, end):  # the first match is the earliest
                if best is None or match.start() < best[1]:
                    best = (term, match.start())
                break
        return best

    def shown(self, term: str, key: str, index: int) -> str:
        """How a hit reads in a message: a plain term as written, a ``re:`` term as the key text
        it matched at ``index`` ("公示处罚决定", not its pattern)."""
        for name, pattern in self.regexes:
            if name == term:
                found = _match(pattern, key, index)
                return found.group() if found is not None and found.group() else term.removeprefix("re:")
        return term

    def matches(self, text: str) -> bool:
        """Whether any term occurs in ``text`` (a heading, a title): one regex pass for the plain terms."""
        key = to_key(text)
        if self._any_plain is not None and self._any_plain.search(key):
            return True
        return any(_search(pattern, key) for _, pattern in self.regexes)


@lru_cache(maxsize=1024)
def term_set(terms: tuple[str, ...]) -> TermSet:
    """One TermSet per term list (a pack's topic, read for every statement of a part)."""
    return TermSet(terms)


_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*年")
_YEAR_RANGE = re.compile(r"(?:19|20)\d{2}\s*[-—–~～至到]+\s*(?:19|20)\d{2}\s*年?")
_BOOK_TITLE = re.compile(r"《[^《》]{0,80}》")
_CN_YEAR = re.compile(r"([〇零Oo0一二三四五六七八九]{4})\s*年")


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
