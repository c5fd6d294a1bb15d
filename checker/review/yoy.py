"""Year over year: does year N's 主要举措和成效 take up the plan items of N−1's 下一年度主要安排?

Informational only (no rule, no score). Pure: the caller passes the tokenizer (jieba) and
the texts. An item's *terms* are its jieba tokens of two or more characters, less generic
verbs ("加强", "推进" …); the item reappears when most of its terms occur in N's measures
(matched on the punctuation-free key, so a term split by a line break still counts).
"""
from __future__ import annotations

import re
from typing import Callable, Iterable, Sequence

from checker.analysis.text import is_cjk, to_key

FOUND, PARTIAL, MISSING = "found", "partial", "missing"
FOUND_AT = 0.6
PARTIAL_AT = 0.3
MAX_ITEMS = 12
ITEM_CHARS = 80

# Generic words that say nothing about what was planned.
STOP_TERMS = frozenset("""
加强 推进 进一步 持续 全面 深化 完善 提升 健全 开展 落实 坚持 继续 不断 积极 切实 扎实 着力 大力 努力 推动
强化 做好 抓好 确保 建立 实现 组织 围绕 重点 工作 建设 相关 有关 我局 本局 我们 各项 年度 明年 今年 全年 下一步
一是 二是 三是 四是 五是 六是 七是 八是 九是 十是 方面 情况 主要 安排 计划 打算 进行 提高 水平 能力 机制 体系
""".split())

_ITEM_MARKS = re.compile(r"(?:^|(?<=[。；;，,：:\s]))(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[，,、])")
_SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")


def split_items(headings: Sequence[str], body: str) -> tuple[str, ...]:
    """Plan items: the plan's sub-headings (with the start of their text), else its "一是……二是……"
    items, else its sentences."""
    items = [_clip(h) for h in headings if h.strip()]
    if items:
        return tuple(items[:MAX_ITEMS])
    marks = list(_ITEM_MARKS.finditer(body))
    if len(marks) >= 2:
        pieces = [body[m.end():(marks[k + 1].start() if k + 1 < len(marks) else len(body))]
                  for k, m in enumerate(marks)]
        return tuple(_clip(p) for p in pieces if _cjk_count(p) >= 4)[:MAX_ITEMS]
    sentences = [s.group().strip() for s in _SENTENCE.finditer(body)]
    return tuple(_clip(s) for s in sentences if _cjk_count(s) >= 8)[:MAX_ITEMS]


def _clip(text: str) -> str:
    text = " ".join(text.split()).strip("。；;，,、：: ")
    return text if len(text) <= ITEM_CHARS else text[:ITEM_CHARS - 1] + "…"


def _cjk_count(text: str) -> int:
    return sum(1 for ch in text if is_cjk(ch))


def terms(item: str, tokenize: Callable[[str], list[str]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The item's terms (content tokens) and its phrases (two content tokens written together:
    "涉企" + "检查" as "涉企检查"). Generic single words occur everywhere; phrases say more."""
    single: list[str] = []
    phrases: list[str] = []
    previous = None
    for token in tokenize(item):
        token = token.strip()
        if _cjk_count(token) >= 2 and token not in STOP_TERMS:
            if token not in single:
                single.append(token)
            if previous is not None and previous + token not in phrases:
                phrases.append(previous + token)
            previous = token
        else:
            previous = None
    return tuple(single), tuple(phrases)


ItemTerms = tuple[str, tuple[str, ...], tuple[str, ...]]  # (item, its terms, its phrases)


def item_terms(items: Iterable[str], tokenize: Callable[[str], list[str]]) -> tuple[ItemTerms, ...]:
    """Each plan item with its terms and phrases (jieba runs here, in one process, on the items
    only; the measures are then searched for the terms without it)."""
    return tuple((item, *terms(item, tokenize)) for item in items)


def carry_over_terms(items: Iterable[ItemTerms], measures_key: str):
    """(item, overlap, status, terms) for each plan item of year N−1 against N's measures key.

    The overlap counts the item's terms and its two-word phrases found in the measures (on the
    punctuation-free key, so a term split by a line break still counts)."""
    results = []
    for item, single, phrases in items:
        wanted = single + phrases
        if not wanted:
            continue
        hits = sum(1 for term in wanted if to_key(term) and to_key(term) in measures_key)
        overlap = round(hits / len(wanted), 2)
        status = FOUND if overlap >= FOUND_AT else PARTIAL if overlap >= PARTIAL_AT else MISSING
        results.append((item, overlap, status, single))
    return results


def carry_over(items: Iterable[str], measures_key: str, tokenize: Callable[[str], list[str]]):
    """``carry_over_terms`` of the items cut by ``tokenize``."""
    return carry_over_terms(item_terms(items, tokenize), measures_key)


def agency_key(agency: str | None) -> str | None:
    """Agencies compare on their key (no spaces or punctuation, lower case)."""
    if not agency:
        return None
    key = to_key(agency)
    return key or None


def pairs(entries: Iterable[tuple[int, str | None, int | None]]) -> list[tuple[int, int]]:
    """(previous, current) index pairs: the same agency, years N−1 and N.

    ``entries`` are (index, agency, year). Where one agency has several reports for a year
    (a draft and a final, say), the first one is used.
    """
    by_agency: dict[str, dict[int, int]] = {}
    for index, agency, year in entries:
        key = agency_key(agency)
        if key is None or year is None:
            continue
        by_agency.setdefault(key, {}).setdefault(year, index)
    found = []
    for years in by_agency.values():
        for year, index in sorted(years.items()):
            if year - 1 in years:
                found.append((years[year - 1], index))
    return found
