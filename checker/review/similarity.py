"""Similar reports (雷同): what is kept of each report, and the candidate pairs. Pure.

Every report is summarised once, in the worker that checked it, from its match key
(punctuation and spaces removed, every digit read as 0 so that a copy with new figures is
still a copy). Its shingles are the character 4-grams of that key:

1. **Hashes** of all 4-grams at once (tabulation over the UTF-16 bytes, done with
   ``bytes.translate`` and big-integer XOR — no Python loop per shingle, ~0.2 ms for 15,000
   characters; the same in every process).
2. **A fixed sample**: the hashes in the lowest eighth of the hash range, in text order. Two
   texts keep the same 4-grams from what they share, so the Jaccard similarity of two samples
   is the similarity of the texts measured on one fixed eighth of all possible 4-grams (within
   about a point of the full one for a report of 15,000 characters; an identical passage always
   scores 100 %). A section is a slice of its report's sample. ~7 KB a report, never the text.
3. **Signatures** of the sample: one-permutation MinHash with densification, ``REPORT_BINS``
   for the report and ``SECTION_BINS`` for each long section of the top two heading levels.

``CandidateFinder`` indexes the signatures by locality-sensitive hashing: reports (or sections)
that share one whole band of a signature fall in one bucket. A bucket of k items gives k − 1
candidate edges (each item to the bucket's first), never k(k − 1)/2, and an edge found in several
buckets is kept once, so candidate generation stays linear even when a thousand near-copies share
every bucket. The grouping and the verification on the samples: ``checker.review.groups``.
"""
from __future__ import annotations

import random
import re
import zlib
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from operator import eq
from typing import Callable, Iterable, Iterator, Mapping, Sequence

CHAR_SHINGLE = 4
SAMPLE_SHIFT = 3  # the sample keeps hashes below 2**32 >> 3: one eighth of the range
REPORT_BINS = 128
REPORT_BANDS = 32  # 4 rows a band: a pair at J=0.5 is a candidate with p≈0.87, at J=0.2 with p≈0.05
SECTION_BINS = 64
SECTION_BANDS = 16  # 4 rows a band
ESTIMATE_MARGIN = 0.15  # an edge is kept when its estimate is within this of the threshold
_EMPTY = 0xFFFFFFFF
_DIGIT = re.compile(r"[1-9]")

# Hashes by tabulation, a whole text at a time: each character gets a random 32-bit word from
# its two UTF-16 bytes (two tables, XORed), and a 4-gram's hash is the XOR of its four
# characters' words, the second rotated by one byte, the third by two, the fourth by three (a
# cyclic-polynomial hash, as rolling hashes are built). ``bytes.translate`` looks a whole text up
# in a byte table at once and XOR runs on big integers, so no Python loop runs per shingle
# (~0.2 ms for 15,000 characters; simple tabulation over the 8 bytes took ~0.45 ms for the same
# sample error, measured on generated pairs against their exact 4-gram Jaccard). Fixed seed:
# every process hashes alike.
_RANDOM = random.Random(0xC0FFEE)
_LOW = tuple(bytes(_RANDOM.randrange(256) for _ in range(256)) for _ in range(4))  # low byte → hash byte k
_HIGH = tuple(bytes(_RANDOM.randrange(256) for _ in range(256)) for _ in range(4))  # high byte → hash byte k
_SAMPLED_TOP = re.compile(b"[\\x00-\\x%02x]" % ((256 >> SAMPLE_SHIFT) - 1))  # a hash's top byte, in the sample


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

    @property
    def report_floor(self) -> float:
        return self.report_threshold - ESTIMATE_MARGIN

    @property
    def section_floor(self) -> float:
        return self.section_threshold - ESTIMATE_MARGIN


@dataclass(frozen=True)
class SectionSketch:
    label: str  # the heading as written ("二、存在的不足和原因")
    line: int
    signature: bytes
    parent: int | None = None  # position of the enclosing section in Sketch.sections, if it is there
    start: int = 0  # the section's slice of Sketch.sample (in hashes)
    end: int = 0


@dataclass(frozen=True)
class Sketch:
    """What similarity keeps of one report: its sample and signatures, not its text."""

    signature: bytes
    sections: tuple[SectionSketch, ...] = ()
    length: int = 0  # characters in the key
    sample: bytes = b""  # array("I") of the sampled hashes, in text order


def shingle_key(key: str) -> str:
    """The key with every digit read as 0."""
    return _DIGIT.sub("0", key)


def shingle_hashes(key: str) -> array:
    """A 32-bit hash of every character 4-gram of ``key`` (position i → key[i:i+4]).

    ``char[k]`` holds byte k of every character's word, as one big integer (byte i of it is
    character i's); byte k of the hash at i is char[k][i] ^ char[k+1][i+1] ^ char[k+2][i+2] ^
    char[k+3][i+3] (k + j taken mod 4: the rotations): four integers shifted by whole bytes and
    XORed, one conversion back to bytes per hash byte (slicing bytes and converting each slice,
    as the first version did, took twice as long)."""
    data = key.encode("utf-16-le", "surrogatepass")
    length = len(data) // 2
    count = length - CHAR_SHINGLE + 1
    if count <= 0:
        return array("I")
    low, high = data[0::2], data[1::2]
    char = [int.from_bytes(low.translate(_LOW[k]), "little") ^ int.from_bytes(high.translate(_HIGH[k]), "little")
            for k in range(4)]
    out = bytearray(4 * count)
    for k in range(4):
        word = char[k]
        for j in range(1, CHAR_SHINGLE):
            word ^= char[(k + j) % 4] >> (8 * j)
        out[k::4] = word.to_bytes(length, "little")[:count]
    hashes = array("I")
    if hashes.itemsize != 4:  # pragma: no cover — array("I") is 4 bytes on every platform we know
        raise RuntimeError("array('I') is not 32-bit here")
    hashes.frombytes(out)
    return hashes


def sampled_positions(hashes: array) -> list[int]:
    """The positions of the shingles whose hash is in the sample, read from the hashes' top bytes
    (little-endian: every fourth byte) by one C-level scan — a third faster than filtering every
    hash through ``itertools.compress``."""
    return [found.start() for found in _SAMPLED_TOP.finditer(hashes.tobytes()[3::4])]


def sample_of(hashes: array) -> array:
    """The sampled hashes, in text order."""
    return array("I", map(hashes.__getitem__, sampled_positions(hashes)))


def signature(values: Sequence[int], bins: int) -> bytes:
    """One-permutation MinHash with rotation densification (Shrivastava & Li, 2014). The sample's
    hashes are below 2**29, so the bin is taken from their low bits and the order from all bits."""
    mask = bins - 1
    mins = [_EMPTY] * bins
    for value in values:
        slot = value & mask
        if value < mins[slot]:
            mins[slot] = value
    if _EMPTY in mins:
        if all(v == _EMPTY for v in mins):
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
    positions = sampled_positions(hashes)
    values = array("I", map(hashes.__getitem__, positions))
    parts: list[SectionSketch] = []
    kept: dict[int, int] = {}  # position in ``sections`` -> position in ``parts``
    for position, (label, line, start, end, parent) in enumerate(sections):
        if end - start >= min_section_chars:
            # the section's shingles are those starting at start … end − 4: the sampled ones among them
            lo = bisect_left(positions, start)
            hi = max(lo, bisect_left(positions, end - CHAR_SHINGLE + 1))
            kept[position] = len(parts)
            parts.append(SectionSketch(label, line, signature(values[lo:hi], SECTION_BINS), kept.get(parent), lo, hi))
    return Sketch(signature=signature(values, REPORT_BINS) if key else b"", sections=tuple(parts),
                  length=len(key), sample=values.tobytes())


def estimate(a: bytes, b: bytes) -> float:
    if not a or not b or len(a) != len(b):
        return 0.0
    left, right = array("I"), array("I")
    left.frombytes(a)
    right.frombytes(b)
    return sum(map(eq, left, right)) / len(left)


def hash_set(sample: bytes | array, start: int = 0, end: int | None = None) -> set[int]:
    """The distinct sampled hashes of a report (or of its slice start:end, a section)."""
    if isinstance(sample, (bytes, bytearray)):
        values = array("I")
        values.frombytes(sample)
        sample = values
    return set(sample[start:end])


def jaccard(a: set[int], b: set[int]) -> float:
    """|a ∩ b| / |a ∪ b|, from the intersection alone (|a ∪ b| = |a| + |b| − |a ∩ b|)."""
    if not a or not b:
        return 0.0
    common = len(a & b) if len(a) <= len(b) else len(b & a)
    return common / (len(a) + len(b) - common)


class _Bands:
    """An LSH index, kept compact: items sharing one whole band of their signature share a bucket.

    Each (band, item) is one 64-bit word in an array — 40 bits of the band's hash, 24 bits of
    the item — so 5,000 reports with their sections cost about two megabytes here. Sorting the
    words at the end brings the items of each bucket together (a spurious 40-bit collision
    only adds an edge, which the signature estimate then drops)."""

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

    def edges(self, skip: Callable[[int], bool] | None = None) -> Iterator[tuple[int, int]]:
        """(first, other) for each other item of each bucket, the bucket's first (smallest) item
        first: k − 1 edges for a bucket of k, enough to connect it. Possibly repeated across
        buckets (the caller keeps each once). Items ``skip`` refuses are left out of the buckets."""
        item_mask = (1 << self.ITEM_BITS) - 1
        ordered = sorted(self.keys)
        first = -1
        previous = None
        for word in ordered:
            bucket = word >> self.ITEM_BITS
            item = word & item_mask
            if skip is not None and skip(item):
                continue
            if bucket != previous:
                previous = bucket
                first = item
            elif item != first:
                yield first, item


class CandidateFinder:
    """Everything similarity keeps, fed as the sketches stream in (``add``), then asked for the
    candidate edges once. Reports and sections are numbered as they arrive ("items")."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.report_bands = _Bands(REPORT_BANDS)
        self.section_bands = _Bands(SECTION_BANDS)
        self.report_index = array("q")  # report item -> report index (position in the batch)
        self._report_signatures = array("I")
        self._samples: list[bytes] = []  # report item -> its sample
        self.report_sections: list[range] = []  # report item -> its section items
        self.section_report = array("q")  # section item -> report item
        self.section_label: list[str] = []
        self.section_line = array("q")
        self.section_parent = array("q")  # section item -> enclosing section item, or -1
        self._section_bounds = array("q")  # section item -> start, end in its report's sample
        self._section_signatures = array("I")

    def add(self, index: int, item: Sketch | None) -> None:
        if item is None or not item.signature or len(item.signature) != 4 * REPORT_BINS:
            return
        report_item = len(self.report_index)
        self.report_index.append(index)
        self._report_signatures.frombytes(item.signature)
        self._samples.append(item.sample)
        self.report_bands.add(report_item, item.signature)
        first = len(self.section_report)
        for section in item.sections:
            if len(section.signature) != 4 * SECTION_BINS:
                continue
            section_item = len(self.section_report)
            self.section_report.append(report_item)
            self.section_label.append(section.label)
            self.section_line.append(section.line)
            self.section_parent.append(first + section.parent if section.parent is not None else -1)
            self._section_bounds.extend((section.start, section.end))
            self._section_signatures.frombytes(section.signature)
            self.section_bands.add(section_item, section.signature)
        self.report_sections.append(range(first, len(self.section_report)))

    @property
    def reports(self) -> int:
        return len(self.report_index)

    @property
    def sections(self) -> int:
        return len(self.section_report)

    # --- what the grouping reads ---------------------------------------------------------------

    def report_signature(self, item: int) -> array:
        return self._report_signatures[item * REPORT_BINS:(item + 1) * REPORT_BINS]

    def section_signature(self, item: int) -> array:
        return self._section_signatures[item * SECTION_BINS:(item + 1) * SECTION_BINS]

    def report_estimate(self, a: int, b: int) -> float:
        return sum(map(eq, self.report_signature(a), self.report_signature(b))) / REPORT_BINS

    def section_estimate(self, a: int, b: int) -> float:
        return sum(map(eq, self.section_signature(a), self.section_signature(b))) / SECTION_BINS

    def report_set(self, item: int) -> set[int]:
        return hash_set(self._samples[item])

    def section_set(self, item: int, sample: array | None = None) -> set[int]:
        """The section's distinct sampled hashes (``sample``: its report's, when already read)."""
        if sample is None:
            sample = array("I")
            sample.frombytes(self._samples[self.section_report[item]])
        return set(sample[self._section_bounds[2 * item]:self._section_bounds[2 * item + 1]])

    def section_sample(self, item: int) -> bytes:
        """The section's slice of its report's sample, as bytes: two equal slices are the same
        sampled 4-grams in the same order (Jaccard 1, no set needed)."""
        start, end = self._section_bounds[2 * item], self._section_bounds[2 * item + 1]
        return self._samples[self.section_report[item]][4 * start:4 * end]

    def sample(self, report_item: int) -> array:
        values = array("I")
        values.frombytes(self._samples[report_item])
        return values

    # --- candidate edges -----------------------------------------------------------------------

    def report_edges(self) -> list[tuple[int, int, float]]:
        """(item, item, estimate) of reports whose estimate comes near the report threshold."""
        return _near(self.report_bands.edges(), self.report_estimate, self.settings.report_floor)

    def section_edges(self, skip: Callable[[int], bool] | None = None) -> list[tuple[int, int, float]]:
        """(item, item, estimate) of sections of two different reports whose estimate comes near
        the section threshold; sections ``skip`` refuses take no part."""
        pairs = ((a, b) for a, b in self.section_bands.edges(skip) if self.section_report[a] != self.section_report[b])
        return _near(pairs, self.section_estimate, self.settings.section_floor)


def _near(pairs: Iterable[tuple[int, int]], estimate: Callable[[int, int], float], floor: float
          ) -> list[tuple[int, int, float]]:
    """Each candidate pair once (buckets repeat them), with its estimate, when that reaches ``floor``."""
    seen: set[tuple[int, int]] = set()
    found = []
    for pair in pairs:
        if pair in seen:
            continue
        seen.add(pair)
        value = estimate(*pair)
        if value >= floor:
            found.append((pair[0], pair[1], value))
    return found
