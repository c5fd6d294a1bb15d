"""The objects of a batch review that cross module boundaries: frozen dataclasses only.

``checker.review.batch`` builds them; the batch renderers (terminal table, xlsx, csv, json, html)
see only these and ``checker.model``; they compute no verdicts.
"""
from __future__ import annotations

from dataclasses import dataclass

from checker.model import Pack, Report, Severity, Status
from checker.review.similarity import Sketch

# Written into every HTML export, so that a later batch over the same folder does not take
# the export for a report.
EXPORT_MARKER = '<meta name="generator" content="fzcheck batch">'


@dataclass(frozen=True)
class FileResult:
    """What a worker sends back for one file: the Report and what the batch needs later."""

    index: int  # position in the collected file list
    path: str
    report: Report  # error is set when the file could not be checked
    sketch: Sketch | None = None  # similarity signatures (None when similarity is off or the file failed)
    plan_items: tuple[str, ...] = ()  # items of the report's plan part, for the year-over-year view
    seconds: float = 0.0


@dataclass(frozen=True)
class RuleStat:
    rule: str
    title: str
    severity: Severity
    fail: int
    partial: int
    passed: int
    na: int

    @property
    def short(self) -> int:
        return self.fail + self.partial


@dataclass(frozen=True)
class SectionMatch:
    a_label: str
    a_line: int
    b_label: str
    b_line: int
    similarity: float


@dataclass(frozen=True)
class SimilarPair:
    """Two reports that are near-duplicates, or that share near-duplicate sections."""

    a: str  # path
    b: str
    similarity: float  # Jaccard similarity of the whole reports' word 3-shingles
    whole: bool  # the whole reports pass the pack's report threshold
    sections: tuple[SectionMatch, ...] = ()


@dataclass(frozen=True)
class PlanItemCarry:
    item: str  # the plan item of year N−1, as written
    overlap: float  # share of its terms found in year N's measures
    status: str  # "found" | "partial" | "missing"
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class YearPair:
    """One agency's reports for N−1 and N: does N's measures part take up N−1's plan?"""

    agency: str
    previous: str  # path of the N−1 report
    previous_year: int
    current: str
    current_year: int
    items: tuple[PlanItemCarry, ...]

    @property
    def found(self) -> int:
        return sum(1 for item in self.items if item.status == "found")

    @property
    def partial(self) -> int:
        return sum(1 for item in self.items if item.status == "partial")


@dataclass(frozen=True)
class Totals:
    files: int
    checked: int
    passed: int
    failed: int
    errors: int
    mean_score: float | None
    similar_pairs: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class BatchSummary:
    pack: Pack
    reports: tuple[Report, ...]  # in the order the files were collected
    ranking: tuple[int, ...]  # indexes into reports: checked reports by score (best first), then errors
    missing: tuple[tuple[str, ...], ...]  # per report: titles of required (error) rules it fails
    rules: tuple[RuleStat, ...]  # worst first
    similar: tuple[SimilarPair, ...]
    yoy: tuple[YearPair, ...]
    totals: Totals
    similarity_checked: bool = True
    rule_ids: tuple[str, ...] = ()  # the pack's rules, in pack order (matrix columns)
    rule_titles: tuple[str, ...] = ()

    def status_of(self, report: Report, rule_id: str) -> Status | None:
        for finding in report.findings:
            if finding.rule == rule_id:
                return finding.status
        return None

    def similar_to(self, path: str) -> list[tuple[str, float]]:
        """The other reports ``path`` is similar to, with the highest similarity concerned."""
        found = []
        for pair in self.similar:
            best = max([pair.similarity] + [s.similarity for s in pair.sections]) if not pair.whole else pair.similarity
            if pair.a == path:
                found.append((pair.b, best))
            elif pair.b == path:
                found.append((pair.a, best))
        return found

    def year_pair_for(self, path: str) -> YearPair | None:
        for pair in self.yoy:
            if pair.current == path:
                return pair
        return None
