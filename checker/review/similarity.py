"""Similar reports (雷同): near-duplicate pairs of reports and of their sections. Pure.

Two tiers, so that 1,000 reports never meet in an all-pairs full-text comparison and jieba
never has to cut every report (it cuts ~400k characters/s; a batch of 1,000 reports of
15,000 characters would spend most of its time there):

1. **Sketch** (every report, in the worker, no jieba): character 4-gram shingles of the match
   key (punctuation and spaces removed, every digit read as 0 so a copy with new figures is
   still a copy), summarised by one-permutation MinHash with densification — ``REPORT_BINS``
   bins for the report, ``SECTION_BINS`` for each long top-level section. Only these
   signatures (a few hundred bytes) leave the worker, never the text.
2. **Candidates** (main process): locality-sensitive hashing over the signature bands gives the
   pairs worth a look; the signature estimate of their Jaccard similarity drops most of them.
3. **Verify** (only the surviving candidates): the two reports are read again and cut by jieba;
   the similarity shown is the exact Jaccard similarity of their word 3-shingles (digits read
   as 0), for the reports and for each pair of sections concerned.
"""
from __future__ import annotations

import re
import zlib
from array import array
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Mapping, Sequence

CHAR_SHINGLE = 4  # characters; four UTF-16 code units make one 64-bit word (see shingle_hashes)
WORD_SHINGLE = 3
REPORT_BINS = 128
REPORT_BANDS = 32  # 4 rows a band: a pair at J=0.5 is a candidate with p≈0.87, at J=0.2 with p≈0.05
SECTION_BINS = 64
SECTION_BANDS = 16  # 4 rows a band
ESTIMATE_MARGIN = 0.15  # a candidate is verified when its estimate is within this of the threshold
_EMPTY = 0xFFFFFFFF
_DIGITS = str.maketrans("123456789", "000000000")
_DIGIT = re.compile(r"[1-9]")
_MULTIPLIER = 0x9E3779B97F4A7C15


@dataclass(frozen=True)
class Settings:
    """The pack's ``similarity:`` block."""

    enabled: bool = True
    report_threshold: float = 0.7
    section_threshold: float = 0.8
    min_section_chars: int = 200

    @classmethod
    def from_pack_data(cls, data: Mapping | None) -> "Settings":
        data = data or {}
        return cls(enabled=bool(data.get("enabled", True)),
                   report_threshold=float(data.get("report", cls.report_threshold)),
                   section_threshold=float(data.get("section", cls.section_threshold)),
                   min_section_chars=int(data.get("min_section_chars", cls.min_section_chars)))


@dataclass(frozen=True)
class SectionSketch:
    label: str  # the heading as written ("二、存在的不足和原因")
    line: int
    signature: bytes
    parent: int | None = None  # position of the enclosing section in Sketch.sections, if it is there


@dataclass(frozen=True)
class Sketch:
    """What similarity keeps of one report: signatures, not text."""

    signature: bytes
    sections: tuple[SectionSketch, ...] = ()
    length: int = 0  # characters in the key


@dataclass(frozen=True)
class Candidate:
    a: int
    b: int  # indexes of the two reports, a < b
    estimate: float  # report-level estimate
    sections: tuple[tuple[int, int, float], ...] = field(default=())  # (section of a, section of b, estimate)


def shingle_key(key: str) -> str:
    """The key with every digit read as 0."""
    return _DIGIT.sub("0", key)


def shingle_hashes(key: str) -> list[int]:
    """A 32-bit hash of every character 4-gram of ``key`` (position i → key[i:i+4]).

    Four UTF-16 code units are one 64-bit word, so ``array`` reads every 4-gram starting at
    positions ≡ k (mod 4) straight from the encoded bytes; multiply-shift hashing (the high
    half of the low 64 bits of w·K) turns each word into its hash. About 4× faster than a
    per-shingle crc32, and the same in every process (no dependence on str hash seeds).
    """
    data = key.encode("utf-16-le", "surrogatepass")
    count = len(data) // 2 - CHAR_SHINGLE + 1
    if count <= 0:
        return []
    out = [0] * count
    for offset in range(CHAR_SHINGLE):
        chunk = data[2 * offset:]
        words = array("Q")
        words.frombytes(chunk[:len(chunk) // 8 * 8])
        wanted = len(range(offset, count, CHAR_SHINGLE))
        out[offset::CHAR_SHINGLE] = [(w * _MULTIPLIER >> 32) & 0xFFFFFFFF for w in words[:wanted]]
    return out


def signature(hashes: Sequence[int], bins: int) -> bytes:
    """One-permutation MinHash with rotation densification (Shrivastava & Li, 2014)."""
    mask = bins - 1
    mins = [_EMPTY] * bins
    for value in hashes:
        slot = value & mask
        if value < mins[slot]:
            mins[slot] = value
    if _EMPTY in mins:
        filled = [i for i, v in enumerate(mins) if v != _EMPTY]
        if not filled:
            return array("I", mins).tobytes()
        dense = list(mins)
        for i, value in enumerate(mins):
            if value == _EMPTY:
                distance = 1
                while mins[(i + distance) % bins] == _EMPTY:
                    distance += 1
                dense[i] = (mins[(i + distance) % bins] + distance * 0x9E3779B1) & 0xFFFFFFFE
        mins = dense
    return array("I", mins).tobytes()


def sketch(key: str, sections: Iterable[tuple[str, int, int, int, int | None]], min_section_chars: int) -> Sketch:
    """The sketch of one report. ``sections`` are (label, line, key_start, key_end, parent), the
    parent being the position of the enclosing section in the same list (or None)."""
    key = shingle_key(key)
    hashes = shingle_hashes(key)
    parts: list[SectionSketch] = []
    kept: dict[int, int] = {}  # position in ``sections`` -> position in ``parts``
    for position, (label, line, start, end, parent) in enumerate(sections):
        if end - start >= min_section_chars:
            kept[position] = len(parts)
            parts.append(SectionSketch(label, line, signature(hashes[start:max(start, end - CHAR_SHINGLE + 1)],
                                                               SECTION_BINS), kept.get(parent)))
    return Sketch(signature=signature(hashes, REPORT_BINS) if hashes else b"", sections=tuple(parts),
                  length=len(key))


def estimate(a: bytes, b: bytes) -> float:
    if not a or not b or len(a) != len(b):
        return 0.0
    left, right = array("I"), array("I")
    left.frombytes(a)
    right.frombytes(b)
    return sum(1 for x, y in zip(left, right) if x == y) / len(left)


class _Bands:
    """An LSH index, kept compact: items sharing one whole band of their signature are candidates.

    Each (band, item) is one 64-bit word in an array — 40 bits of the band's hash, 24 bits of
    the item — so 1,000 reports with their sections cost about a megabyte here. Sorting the
    words at the end brings the items of each bucket together (a spurious 40-bit collision
    only adds a candidate, which the signature estimate then drops)."""

    ITEM_BITS = 24

    def __init__(self, bands: int):
        self.bands = bands
        self.keys = array("q")

    def add(self, item: int, signature_bytes: bytes) -> None:
        if not signature_bytes:
            return
        width = len(signature_bytes) // self.bands
        mask = (1 << (63 - self.ITEM_BITS)) - 1
        for band in range(self.bands):
            bucket = zlib.crc32(signature_bytes[band * width:(band + 1) * width], band) << 8 | band
            self.keys.append(((bucket & mask) << self.ITEM_BITS) | item)

    def pairs(self) -> Iterator[tuple[int, int]]:
        """Each pair of items sharing a bucket (once per shared bucket), the smaller item first."""
        item_mask = (1 << self.ITEM_BITS) - 1
        ordered = sorted(self.keys)
        run: list[int] = []
        previous = None
        for word in ordered + [-1]:
            bucket = word >> self.ITEM_BITS if word >= 0 else None
            if bucket != previous:
                if len(run) > 1:
                    for i, a in enumerate(run):
                        for b in run[i + 1:]:
                            yield (a, b) if a < b else (b, a)
                run = []
                previous = bucket
            if word >= 0:
                run.append(word & item_mask)


class CandidateFinder:
    """Candidate generation over the streamed sketches: ``add`` each report's sketch as it
    arrives (a few kilobytes kept per report), then ``candidates()`` once."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.reports = _Bands(REPORT_BANDS)
        self.sections = _Bands(SECTION_BANDS)
        self._report_index = array("q")  # report item -> report index
        self._report_signatures = array("I")
        self._section_report = array("q")  # section item -> report item
        self._section_position = array("i")  # section item -> position in that report's sections
        self._section_signatures = array("I")

    def add(self, index: int, item: Sketch | None) -> None:
        if item is None or not item.signature or len(item.signature) != 4 * REPORT_BINS:
            return
        report_item = len(self._report_index)
        self._report_index.append(index)
        self._report_signatures.frombytes(item.signature)
        self.reports.add(report_item, item.signature)
        for position, section in enumerate(item.sections):
            if len(section.signature) != 4 * SECTION_BINS:
                continue
            section_item = len(self._section_report)
            self._section_report.append(report_item)
            self._section_position.append(position)
            self._section_signatures.frombytes(section.signature)
            self.sections.add(section_item, section.signature)

    def _agreement(self, signatures: array, bins: int, a: int, b: int) -> float:
        left = signatures[a * bins:(a + 1) * bins]
        right = signatures[b * bins:(b + 1) * bins]
        return sum(1 for x, y in zip(left, right) if x == y) / bins

    def candidates(self) -> list[Candidate]:
        """Pairs whose estimated similarity (report or section) comes near the thresholds."""
        report_floor = self.settings.report_threshold - ESTIMATE_MARGIN
        section_floor = self.settings.section_threshold - ESTIMATE_MARGIN
        reports: dict[tuple[int, int], float] = {}
        seen: set[tuple[int, int]] = set()
        for a, b in self.reports.pairs():
            if (a, b) in seen:
                continue
            seen.add((a, b))
            value = self._agreement(self._report_signatures, REPORT_BINS, a, b)
            if value >= report_floor:
                reports[(a, b)] = round(value, 3)
        sections: dict[tuple[int, int], list[tuple[int, int, float]]] = {}
        seen = set()
        for a, b in self.sections.pairs():
            ra, rb = self._section_report[a], self._section_report[b]
            if ra == rb or (a, b) in seen:
                continue
            seen.add((a, b))
            value = self._agreement(self._section_signatures, SECTION_BINS, a, b)
            if value < section_floor:
                continue
            if ra > rb:
                ra, rb, a, b = rb, ra, b, a
            sections.setdefault((ra, rb), []).append(
                (self._section_position[a], self._section_position[b], round(value, 3)))
        found = []
        for pair in sorted(set(reports) | set(sections)):
            value = reports.get(pair)
            if value is None:
                value = round(self._agreement(self._report_signatures, REPORT_BINS, *pair), 3)
            a, b = self._report_index[pair[0]], self._report_index[pair[1]]
            section_pairs = tuple(sorted(sections.get(pair, ())))
            if a > b:
                a, b = b, a
                section_pairs = tuple(sorted((j, i, v) for i, j, v in section_pairs))
            found.append(Candidate(a, b, value, section_pairs))
        found.sort(key=lambda c: (c.a, c.b))
        return found


# --- verification on jieba tokens ---------------------------------------------------------

def word_shingles(tokens: Sequence[str], n: int = WORD_SHINGLE) -> set[int]:
    """Hashes of the word n-grams of ``tokens`` (digits read as 0)."""
    words = [token.translate(_DIGITS) for token in tokens]
    if len(words) < n:
        return {zlib.crc32("\x1f".join(words).encode("utf-8"))} if words else set()
    return {zlib.crc32("\x1f".join(words[i:i + n]).encode("utf-8")) for i in range(len(words) - n + 1)}


def jaccard(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


Tokenizer = Callable[[str], list[str]]
