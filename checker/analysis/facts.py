"""Facts about a report: title, agency, report year, closing agency line and date.

Works on the normalised text (debris already removed), so a page's 当前位置 / 索引号 lines
before the title and 扫一扫 / 附件 lines after the signature do not get in the way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from checker.analysis.segment import Segmentation
from checker.analysis.text import NormText, TermSet, chinese_number, chinese_year, normalize_chars, years_in
from checker.model import DateFact, Facts

_TITLE_WORDS = ("报告", "情况", "总结")
_TITLE_MAX = 80
# The endings of agency names: 局, 委员会, 人民政府, 办公室, 厅, 中心 …
AGENCY_SUFFIX = re.compile(
    r"(?:局|委员会|委|人民政府|政府|办公室|办公厅|办|厅|院|署|中心|所|部|会|队|站|处|街道办事处|镇|乡|街道|党组|党委|分局|管委会)$"
)
_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_ISO = re.compile(r"((?:19|20)\d{2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})(?!\d)")
_DATE_CN = re.compile(r"([〇零Oo0一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")
# Garbled dates seen in scraped closings: "2024130日" (年/月 lost), "2024年1 30日".
_DATE_MALFORMED = re.compile(r"((?:19|20)\d{2})\s*年?\s*\d{1,4}\s*月?\s*\d{0,3}\s*日")
# A template's date left unfilled: "202X年X月X日", "××××年××月××日".
_DATE_PLACEHOLDER = re.compile(r"(?:(?:19|20)[\dXx×]{2}|[Xx×]{4})\s*年\s*[\dXx×]{0,2}\s*月\s*[\dXx×]{0,2}\s*日")
_SENTENCE_END = "。；;！？!?"
# Notes official documents put after the date: "（此件公开发布）", "(此件主动公开)".
_TRAILING_NOTE = re.compile(r"[(（][^()（）]{1,20}[)）]")
_TAIL_CHARS = 240


def _clean(line: str) -> str:
    return line.strip(" \t|#*>").strip()


@dataclass(frozen=True)
class TitleGrammar:
    """What a title of the pack's report type names: one of ``core`` (法治政府建设 / 法治建设 …)
    followed, within a few words, by one of ``endings`` (报告 / 情况); taken from the pack's
    title rule."""

    core: tuple[str, ...]
    endings: tuple[str, ...]


@dataclass(frozen=True)
class TitleSpan:
    start: int  # normalised offsets
    end: int
    agency: str | None
    has_year: bool


_CJK = "\u4e00-\u9fff\u3400-\u4dbf"
_OPENING_MAX = 1500
# What may stand right before a title: the start of a line, a space, a bracket or quote, the
# 号 of a 文号 ("浙卫〔2024〕3号《…》"), a site's watermark or address, a viewer's "1、".
_SENTENCE_MARKS = set("，,。；;！？!?")


@lru_cache(maxsize=16)
def _title_regex(grammar: TitleGrammar) -> re.Pattern:
    core = "|".join(term[3:] if term.startswith("re:") else re.escape(term)
                    for term in sorted(grammar.core, key=len, reverse=True))
    endings = "|".join(re.escape(term) for term in sorted(grammar.endings, key=len, reverse=True))
    # the agency, or a place standing for its government ("北京市2022年…", "静海区2023年度…")
    suffix = AGENCY_SUFFIX.pattern.rstrip("$")[:-1] + "|省|市|县|区|州|盟|旗)"
    return re.compile(
        rf"(?P<agency>[{_CJK}()（）]{{1,40}}?{suffix})?[ \t\n]{{0,3}}(?P<about>关于)?"
        rf"(?P<year>(?:19|20)\d{{2}}\s*年度?|[〇零一二三四五六七八九]{{4}}年度?)?[ \t\n]{{0,3}}"
        rf"[{_CJK}、]{{0,20}}?(?:{core})[{_CJK}、]{{0,16}}?(?:{endings})(?:的?报告)?")


def find_title_span(norm: NormText, seg: Segmentation, grammar: TitleGrammar) -> TitleSpan | None:
    """The report's title as a span of the opening, wherever it sits: after a 文号, inside
    《》, after a watermark, split over two lines (agency / 关于…的报告), with spaces around the
    year, or run into the body. A span inside a sentence ("现将我局2024年度…情况报告如下") is
    not a title. The first span naming a year wins; else the first without one."""
    text = norm.text
    limit = min(len(text), _OPENING_MAX, seg.opening_end)
    pattern = _title_regex(grammar)
    first_without_year: TitleSpan | None = None
    position = 0
    while position < limit:
        match = pattern.search(text, position, limit)
        if match is None:
            break
        position = match.start() + 1
        start, end = match.start(), match.end()
        before = text[start - 1] if start > 0 else "\n"
        after = text[end] if end < len(text) else "\n"
        # not inside a word, a number or a sentence; after a 文号's 号 or a viewer's "1、" it may be
        if before in _SENTENCE_MARKS or before.isdigit() or before == "、" and not text[start - 2:start - 1].isdigit() \
                or re.match(f"[{_CJK}]", before) and before != "号":
            continue
        if re.match(f"[{_CJK}]", after) and after not in "及暨":
            continue
        agency = match.group("agency")
        span = TitleSpan(start, end, agency.strip() if agency else None, bool(match.group("year")))
        if span.has_year:
            return span
        if first_without_year is None:
            first_without_year = span
    return first_without_year


def find_title(norm: NormText, seg: Segmentation, title_hint: str | None) -> tuple[str | None, str | None, int | None]:
    """The title: a short line before the body that names a 报告 / 情况 / 总结.

    The first lines are examined until the first heading or the first sentence of body text.
    A title split over two lines ("XX局" / "关于2024年度……的报告") is joined. On a run-on
    line the title is the words before the first space.
    """
    text = norm.text
    offset = 0
    previous: tuple[int, int] | None = None  # (start, end) of the previous short line
    for raw in text[: seg.body_start + 1].split("\n")[:20]:
        line_offset = offset
        offset += len(raw) + 1
        line = _clean(raw)
        if not line:
            continue
        start = line_offset + raw.find(line[0])
        candidate = line if len(line) <= _TITLE_MAX else re.split(r"\s", line, maxsplit=1)[0]
        end = start + len(candidate)
        # A title holds no sentence punctuation; a hard-wrapped first sentence of the body
        # (a PDF without a title) does: "2023年，在区委……的坚强领导下，……建设情况".
        if len(candidate) <= _TITLE_MAX and not any(mark in candidate for mark in "。；;，,") \
                and any(word in candidate for word in _TITLE_WORDS):
            if previous and candidate.startswith("关于") and AGENCY_SUFFIX.search(text[previous[0]:previous[1]]):
                return (norm.surface(previous[0], previous[1]) + norm.surface(start, end),
                        text[previous[0]:previous[1]] + candidate, norm.line_of(previous[0]))
            return norm.surface(start, end), candidate, norm.line_of(start)
        if "。" in line or line_offset >= seg.body_start:
            break  # the body has begun
        previous = (start, start + len(line))
    if title_hint:
        return title_hint.strip(), title_hint.strip(), None
    return None, None, None


def find_year(norm: NormText, seg: Segmentation, title: str | None, plan_terms: TermSet | None) -> tuple[int | None, str | None]:
    """Report year: from the title, else the first sentence, else the headings.

    A heading that introduces the plan carries the *next* year ("四、2025年工作打算"), so a
    year found only there is taken minus one.
    """
    if title:
        years = years_in(title)
        if years:
            return years[0][0], "title"
    text = norm.text
    first_sentence = _first_sentence(text, seg)
    if first_sentence:
        years = years_in(first_sentence)
        if years and years[0][1] <= 12:
            return years[0][0], "first_sentence"
    plan_years = []
    for heading in seg.headings:
        years = years_in(heading.title)
        if not years:
            continue
        if plan_terms is not None and plan_terms.matches(heading.title):
            plan_years.append(years[0][0] - 1)
            continue
        return years[0][0], "headings"
    if plan_years:
        return plan_years[0], "headings"
    if first_sentence:
        years = years_in(first_sentence)
        if years:
            return years[0][0], "first_sentence"
    return None, None


def _first_sentence(text: str, seg: Segmentation) -> str | None:
    """The first sentence of body text (the preface, or the start of the first part)."""
    for raw in text.split("\n"):
        line = _clean(raw)
        if len(line) < 20 or "。" not in line and "，" not in line and "," not in line:
            continue
        # on a run-on line the title precedes the first sentence, separated by a space
        parts = [p for p in re.split(r"\s+", line) if p]
        for part in parts:
            if len(part) >= 20 and any(ch in part for ch in "。，,"):
                end = min([i for i in (part.find("。"),) if i >= 0] or [len(part)])
                return part[: end + 1]
    return None


def _parse_date(segment: str) -> tuple[str | None, bool, re.Match | None]:
    """(iso, malformed, match) of the last date in ``segment``."""
    candidates: list[tuple[int, str | None, bool, re.Match]] = []
    for match in _DATE.finditer(segment):
        iso = _iso(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        candidates.append((match.end(), iso, iso is None, match))
    for match in _DATE_CN.finditer(segment):
        year = chinese_year(match.group(1))
        month, day = chinese_number(match.group(2)), chinese_number(match.group(3))
        iso = _iso(year, month, day) if year and month and day else None
        candidates.append((match.end(), iso, iso is None, match))
    for match in _DATE_ISO.finditer(segment):
        iso = _iso(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        candidates.append((match.end(), iso, iso is None, match))
    for pattern in (_DATE_MALFORMED, _DATE_PLACEHOLDER):
        for match in pattern.finditer(segment):
            if not any(c[3].start() <= match.start() < c[3].end() for c in candidates):
                candidates.append((match.end(), None, True, match))
    if not candidates:
        return None, False, None
    end, iso, malformed, match = max(candidates, key=lambda c: c[0])
    return iso, malformed, match


def _iso(year: int | None, month: int | None, day: int | None) -> str | None:
    import datetime

    try:
        return datetime.date(year, month, day).isoformat()  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def find_closing(norm: NormText, end: int | None = None) -> tuple[str | None, int | None, DateFact | None]:
    """The closing lines: the issuing agency, then the date, at the very end of the report (of
    the text before ``end``).

    Works on the tail of the text, not on lines, because scraped pages put the signature
    on the same line as the last paragraph ("……好声音。 上海市××局 2024年1月5日").
    """
    text = norm.text[:end].rstrip(" \t\n|-")
    tail_start = max(0, len(text) - _TAIL_CHARS)
    tail = text[tail_start:]
    iso, malformed, match = _parse_date(tail)
    date: DateFact | None = None
    before_end = len(tail)
    # Only a date that closes the text counts: nothing but punctuation or a few characters after it.
    after = _TRAILING_NOTE.sub("", tail[match.end():]) if match is not None else ""
    if match is not None and len(re.sub(r"[\s|\-—_.。]", "", after)) <= 6:
        line = norm.line_of(tail_start + match.start())
        raw = norm.surface(tail_start + match.start(), tail_start + match.end()).strip()
        date = DateFact(raw=raw, line=line, iso=None if malformed else iso, malformed=malformed)
        before_end = match.start()
    # The agency: the last clause before the date (or before the end of the text).
    before = tail[:before_end].rstrip(" \t\n|")
    clause_start = max(before.rfind(mark) for mark in _SENTENCE_END + "\n") + 1
    clause = before[clause_start:]
    words = clause.split()
    if not words:
        return None, None, date
    # "××局（盖章）": a note after the name is not part of it
    name = re.sub(r"[(（][^()（）]{1,20}[)）]$", "", words[-1]) or words[-1]  # a note at its end, not 中国（上海）…局
    name_start = tail_start + clause_start + clause.rfind(name)
    on_own_line = clause_start == 0 or before[clause_start - 1] == "\n"
    if 3 <= len(name) <= 40 and AGENCY_SUFFIX.search(name) and (date is not None or on_own_line):
        return norm.surface(name_start, name_start + len(name)), norm.line_of(name_start), date
    return None, None, date


_ANNEX_LINES = 200  # an attachment after the 落款: a data table, a list of names
_LETTER_LINES = 30  # a transmittal letter or notice is a few lines long


def _lines_and_offsets(text: str) -> tuple[list[str], list[int]]:
    """The lines of ``text`` and the offset where each starts."""
    lines = text.split("\n")
    offsets, offset = [], 0
    for line in lines:
        offsets.append(offset)
        offset += len(line) + 1
    return lines, offsets


def _is_prose_line(text: str) -> bool:
    """A line of running text (a sentence with its punctuation), not a name, a date or a table row."""
    return len(text) >= 20 and any(mark in text for mark in "。，,")


def find_closing_before_annex(norm: NormText) -> tuple[str | None, int | None, DateFact | None]:
    """The 落款 above an attachment (附件/附表 and a data table or list after it), when the
    document ends with the attachment rather than with its closing lines: the last agency and
    date lines after which no line of prose follows."""
    lines, offsets = _lines_and_offsets(norm.text)
    for number in range(len(lines) - 1, max(-1, len(lines) - _ANNEX_LINES), -1):
        text = lines[number].strip()
        if _is_prose_line(text):
            break  # prose: the attachment, if any, begins after it
        if not text or not (_DATE.search(text) or _DATE_CN.search(text)):
            continue
        agency, line, date = find_closing(norm, offsets[number] + len(lines[number]))
        if agency is not None and date is not None and date.line == norm.line_of(offsets[number]):
            return agency, line, date
    return None, None, None


def find_letter_closing(norm: NormText) -> tuple[str | None, int | None, DateFact | None]:
    """The 落款 of a transmittal letter or notice that opens the document (关于印发…的通知 /
    关于报送…的报告, its body, then agency and date, then what it sends), when the end of the
    document has none. A line of the letter's prose must come before the block, so an agency and
    date printed as a byline under the title are not taken for it."""
    lines, offsets = _lines_and_offsets(norm.text)
    seen_prose = False
    for number, line in enumerate(lines[:_LETTER_LINES]):
        text = line.strip()
        if not text:
            continue
        if _is_prose_line(text):
            seen_prose = True
            continue
        if not seen_prose or not (3 <= len(text) <= 40) or not AGENCY_SUFFIX.search(text) \
                or any(mark in text for mark in "，,。：:；;"):
            continue
        following = next((k for k in range(number + 1, min(len(lines), number + 3)) if lines[k].strip()), None)
        if following is None:
            continue
        date_text = lines[following].strip()
        iso, malformed, match = _parse_date(date_text)
        if match is None or malformed or match.start() > 0 or len(date_text) - match.end() > 0:
            continue
        start = offsets[following] + lines[following].find(date_text)
        raw = norm.surface(start, start + len(date_text)).strip()
        name_start = offsets[number] + line.find(text)
        return (norm.surface(name_start, name_start + len(text)), norm.line_of(name_start),
                DateFact(raw=raw, line=norm.line_of(start), iso=iso, malformed=False))
    return None, None, None


# A saved web page's metadata says when it was published: "发布日期：2025-03-18", "发布时间:
# 2024-03-28 09:18", "日期:2024-03-15", "成文日期 | 2024-01-08". 发布… wins over a bare 日期/时间,
# which wins over 成文日期 (the date the document was signed, not published).
_PUBLISHED = re.compile(
    r"(?P<label>发布日期|发布时间|发布于|公开日期|发文日期|日期|时间|成文日期)\s*[:：|]?\s*\|?\s*"
    r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})")
_PUBLISHED_RANK = {"发布日期": 0, "发布时间": 0, "发布于": 0, "公开日期": 0, "发文日期": 1, "日期": 1, "时间": 1, "成文日期": 2}
_PUBLISHED_REGION = 1500


def find_published(norm: NormText, page_head: str | None = None) -> str | None:
    """The publication date in the page's metadata at its head (removed as debris from the text
    the rules read, kept here as a fact; a saved page's cells outside the article come as
    ``page_head``), or None."""
    head = ((page_head or "") + "\n" + "\n".join(norm.original_lines)[:_PUBLISHED_REGION])
    best: tuple[int, str] | None = None
    for match in _PUBLISHED.finditer(normalize_chars(head)):
        iso = _iso(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        rank = _PUBLISHED_RANK[match.group("label")]
        if iso and (best is None or rank < best[0]):
            best = (rank, iso)
    return best[1] if best else None


def agency_from_title(title: str | None) -> str | None:
    """"上海市××局2024年度法治政府建设情况报告" / "××局关于2023年度……的报告" → the agency."""
    if not title:
        return None
    match = re.match(r"(.{2,40}?)(?:关于|\d{4}\s*年|[〇零一二三四五六七八九]{4}年)", title)
    if match and AGENCY_SUFFIX.search(match.group(1).strip()):
        return match.group(1).strip()
    return None


def extract(norm: NormText, seg: Segmentation, title_hint: str | None = None,
            plan_terms: TermSet | None = None, grammar: TitleGrammar | None = None, page_head: str | None = None) -> Facts:
    span = find_title_span(norm, seg, grammar) if grammar is not None else None
    if span is not None:
        title_normalized = norm.text[span.start:span.end].replace("\n", "").replace("\t", "")
        title = norm.written(span.start, span.end).replace("\n", "").replace("\t", "").strip()
        title_line = norm.line_of(span.start)
    else:
        title, title_normalized, title_line = find_title(norm, seg, title_hint)
    year, year_source = find_year(norm, seg, title_normalized, plan_terms)
    closing_agency, closing_line, date = find_closing(norm)
    in_letter = False
    if closing_agency is None and date is None:
        closing_agency, closing_line, date = find_closing_before_annex(norm)
    if closing_agency is None and date is None:
        closing_agency, closing_line, date = find_letter_closing(norm)
        in_letter = closing_agency is not None
    if year is None and date is not None and date.iso:
        # Last resort: reports are dated in December of their year or early the next year.
        date_year, month = int(date.iso[:4]), int(date.iso[5:7])
        year, year_source = (date_year if month >= 10 else date_year - 1), "date"
    title_agency = span.agency if span is not None and span.agency else agency_from_title(title_normalized)
    agency = closing_agency or title_agency
    return Facts(title=title, title_normalized=title_normalized, title_line=title_line, agency=agency, year=year, year_source=year_source,
                 closing_agency=closing_agency, closing_agency_line=closing_line, date=date, closing_in_letter=in_letter,
                 title_is_report=span is not None if grammar is not None else None, published=find_published(norm, page_head))
