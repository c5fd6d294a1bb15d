"""The objects of a batch review that cross module boundaries: frozen dataclasses only.

``checker.review.batch`` builds them; the batch renderers (terminal table, xlsx, csv, json, html)
see only these and ``checker.model``; they compute no verdicts.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

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
    """Two reports that are near-duplicates, or that share near-duplicate sections (listed only
    inside small groups: see SimilarGroup.pairs)."""

    a: str  # path
    b: str
    similarity: float  # Jaccard similarity of the whole reports' 4-gram samples
    whole: bool  # the whole reports pass the pack's report threshold
    sections: tuple[SectionMatch, ...] = ()


@dataclass(frozen=True)
class GroupMember:
    path: str
    similarity: float  # to the group's representative (1.0 for the representative itself)
    label: str = ""  # a section family: the member's section heading, as written
    line: int = 0  # a section family: the line of that heading


@dataclass(frozen=True)
class SharedSection:
    """A section of a report group's representative, and how many members share it."""

    label: str
    line: int
    members: int  # members whose matching section reaches the pack's section threshold
    similarity: float  # the median similarity of those members' sections to this one


@dataclass(frozen=True)
class SimilarGroup:
    """Reports written from one text (kind "report"), or one section lifted into several reports
    (kind "section": a section family). Every member is verified against the representative."""

    id: str  # "G1", "G2" … for report groups, "S1" … for section families; largest first
    kind: str  # "report" | "section"
    representative: GroupMember  # the most central member (the earliest file on a tie)
    members: tuple[GroupMember, ...]  # the others, most similar first
    sections: tuple[SharedSection, ...] = ()  # report groups: the representative's sections, most shared first
    pairs: tuple[SimilarPair, ...] | None = None  # every pair, only in small groups (None otherwise)
    groups: tuple[str, ...] = ()  # section families: report groups whose representative is a member

    @property
    def size(self) -> int:
        return 1 + len(self.members)

    def everyone(self) -> tuple[GroupMember, ...]:
        return (self.representative,) + self.members


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
    similarity: float | None = None  # of the two whole reports (as in 雷同), None when not measured
    copied: bool = False  # the similarity reaches the pack's report threshold: last year's report, carried over

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
    similar_pairs: int = 0  # pairs listed (those of the small groups)
    seconds: float = 0.0
    similar_groups: int = 0  # report groups
    similar_reports: int = 0  # reports in a report group
    section_families: int = 0


@dataclass(frozen=True)
class BatchSummary:
    pack: Pack
    reports: tuple[Report, ...]  # in the order the files were collected
    ranking: tuple[int, ...]  # indexes into reports: checked reports by score (best first), then errors
    missing: tuple[tuple[str, ...], ...]  # per report: titles of required (error) rules it fails
    rules: tuple[RuleStat, ...]  # worst first
    similar: tuple[SimilarPair, ...]  # the pairs of the small groups only (large groups: similar_groups)
    yoy: tuple[YearPair, ...]
    totals: Totals
    similarity_checked: bool = True
    rule_ids: tuple[str, ...] = ()  # the pack's rules, in pack order (matrix columns)
    rule_titles: tuple[str, ...] = ()
    similar_groups: tuple[SimilarGroup, ...] = ()  # report groups (largest first), then section families
    yoy_checked: bool = True

    # Per-row lookups (the ranking's 雷同 and 上年计划 columns, the status matrix) read indexes
    # built once, on first use: never a scan of all groups or pairs for every row.

    @cached_property
    def _statuses(self) -> dict[int, dict[str, Status]]:
        return {id(report): {f.rule: f.status for f in report.findings} for report in self.reports}

    @cached_property
    def _groups_by_path(self) -> dict[str, list[tuple[SimilarGroup, GroupMember]]]:
        index: dict[str, list[tuple[SimilarGroup, GroupMember]]] = {}
        for group in self.similar_groups:
            for member in group.everyone():
                index.setdefault(member.path, []).append((group, member))
        return index

    @cached_property
    def _year_pairs(self) -> dict[str, YearPair]:
        index: dict[str, YearPair] = {}
        for pair in self.yoy:
            index.setdefault(pair.current, pair)
        return index

    def status_of(self, report: Report, rule_id: str) -> Status | None:
        statuses = self._statuses.get(id(report))
        if statuses is None:  # a report from elsewhere
            return next((f.status for f in report.findings if f.rule == rule_id), None)
        return statuses.get(rule_id)

    def groups_of(self, path: str) -> list[tuple[SimilarGroup, GroupMember]]:
        """The groups ``path`` belongs to (report group first), with its own entry in each."""
        return self._groups_by_path.get(path, [])

    def report_groups(self) -> tuple[SimilarGroup, ...]:
        return tuple(g for g in self.similar_groups if g.kind == "report")

    def section_families(self) -> tuple[SimilarGroup, ...]:
        return tuple(g for g in self.similar_groups if g.kind == "section")

    def year_pair_for(self, path: str) -> YearPair | None:
        return self._year_pairs.get(path)
