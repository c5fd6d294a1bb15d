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
from typing import Callable, Iterable, Mapping, Sequence

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
    """An LSH index: items sharing one whole band of their signature are candidates."""

    def __init__(self, bands: int):
        self.bands = bands
        self.buckets: dict[int, list[int]] = {}

    def add(self, item: int, signature_bytes: bytes) -> set[int]:
        """Index ``item`` and return the items already indexed that share a band with it."""
        found: set[int] = set()
        if not signature_bytes:
            return found
        width = len(signature_bytes) // self.bands
        for band in range(self.bands):
            key = hash((band, signature_bytes[band * width:(band + 1) * width]))
            bucket = self.buckets.get(key)
            if bucket is None:
                self.buckets[key] = [item]
            else:
                found.update(bucket)
                bucket.append(item)
        return found


class CandidateFinder:
    """Streamed candidate generation: add each report's sketch as it arrives.

    A pair that shares a band is estimated at once and kept only when its estimate comes
    near a threshold, so memory follows the number of real candidates, not of band collisions.
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self.reports = _Bands(REPORT_BANDS)
        self.sections = _Bands(SECTION_BANDS)
        self._signatures: dict[int, array] = {}
        self._section_signatures: list[array] = []
        self._section_owner: list[tuple[int, int]] = []  # section item -> (report, section index)
        self._report_floor = settings.report_threshold - ESTIMATE_MARGIN
        self._section_floor = settings.section_threshold - ESTIMATE_MARGIN
        self._pairs: dict[tuple[int, int], float] = {}  # report pairs whose estimate passes the floor
        self._section_pairs: dict[tuple[int, int], list[tuple[int, int, float]]] = {}

    def add(self, index: int, item: Sketch | None) -> None:
        if item is None or not item.signature:
            return
        mine = _unpack(item.signature)
        self._signatures[index] = mine
        for other in self.reports.add(index, item.signature):
            value = _agreement(mine, self._signatures[other])
            if value >= self._report_floor:
                self._pairs[_ordered(other, index)] = round(value, 3)
        for position, section in enumerate(item.sections):
            section_item = len(self._section_owner)
            signature_array = _unpack(section.signature)
            self._section_owner.append((index, position))
            self._section_signatures.append(signature_array)
            for other_item in self.sections.add(section_item, section.signature):
                other, other_position = self._section_owner[other_item]
                if other == index:
                    continue
                value = _agreement(signature_array, self._section_signatures[other_item])
                if value < self._section_floor:
                    continue
                pair = _ordered(other, index)
                entry = (other_position, position) if pair[0] == other else (position, other_position)
                self._section_pairs.setdefault(pair, []).append((*entry, round(value, 3)))

    def candidates(self) -> list[Candidate]:
        """Pairs whose estimated similarity (report or section) comes near the thresholds."""
        found = []
        for pair in sorted(set(self._pairs) | set(self._section_pairs)):
            a, b = pair
            value = self._pairs.get(pair)
            if value is None:
                value = round(_agreement(self._signatures[a], self._signatures[b]), 3)
            found.append(Candidate(a, b, value, tuple(sorted(self._section_pairs.get(pair, ())))))
        return found


def _unpack(signature_bytes: bytes) -> array:
    values = array("I")
    values.frombytes(signature_bytes)
    return values


def _agreement(a: array, b: array) -> float:
    if len(a) != len(b) or not a:
        return 0.0
    return sum(1 for x, y in zip(a, b) if x == y) / len(a)


def _ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


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
