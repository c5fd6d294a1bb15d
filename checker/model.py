"""The objects that cross module boundaries: frozen dataclasses only.

Data flows one way (design.md):
    load -> Document -> normalise -> segment -> Sections + Facts
         -> evaluate(Pack) -> Findings -> score -> Report -> render
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Mapping


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Status(str, enum.Enum):
    PASS = "pass"
    PARTIAL = "partial"
    FAIL = "fail"
    NA = "na"


@dataclass(frozen=True)
class Document:
    """A report as read from disk, before any interpretation.

    ``lines`` are the text lines as read (after decoding); evidence line numbers are
    1-based indexes into them. Readers of structured formats (Word, PDF) add hints:
    ``heading_levels`` maps a 1-based line number to a heading level taken from the
    file's own structure (Word heading styles / outline levels), ``locations`` gives a
    person-readable place for each line ("第3页第12行", "第12段").
    """

    path: str
    lines: tuple[str, ...]
    format: str = "txt"
    encoding: str | None = None
    title_hint: str | None = None
    heading_levels: Mapping[int, int] = field(default_factory=dict)
    locations: tuple[str, ...] | None = None
    page_head: str | None = None  # a web page's text outside its article (metadata cells: 发布日期 …)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class Evidence:
    line: int  # 1-based line in Document.lines
    text: str  # the original text (a heading or a sentence excerpt)
    location: str | None = None  # "第3页" etc. when the reader knows better than a line


@dataclass(frozen=True)
class Heading:
    """A numbered (or styled) heading found by the segmenter."""

    rank: int  # numbering style: 1 = 第一部分, 2 = 一、, 3 = （一）, 4 = 1., 5 = （1）, 6 = ①; 0 = unnumbered
    number: int  # its ordinal (一 -> 1)
    label: str  # the numbering as written, e.g. "（一）"
    title: str  # the heading's own words, original characters
    start: int  # offset of the heading in the normalised text
    title_end: int  # offset just after the title
    line: int  # 1-based original line


@dataclass(frozen=True)
class Section:
    """A heading and the span of text it governs (up to the next heading of equal or higher rank)."""

    heading: Heading
    level: int  # depth in the tree, 1 = top
    end: int  # offset where the section ends (exclusive) in the normalised text
    parent: int | None  # index of the parent section in Segmentation.sections

    @property
    def start(self) -> int:
        return self.heading.start

    @property
    def body_start(self) -> int:
        return self.heading.title_end


@dataclass(frozen=True)
class DateFact:
    raw: str
    line: int
    iso: str | None  # None when malformed
    malformed: bool


@dataclass(frozen=True)
class Facts:
    title: str | None = None  # as written (original characters)
    title_normalized: str | None = None  # simplified, half-width: what rules match against
    title_line: int | None = None
    agency: str | None = None  # the best agency name from title or closing lines
    year: int | None = None
    year_source: str | None = None  # "title" | "first_sentence" | "headings" | "date"
    closing_agency: str | None = None
    closing_agency_line: int | None = None
    date: DateFact | None = None
    # The closing lines are a transmittal letter's or notice's at the top (关于印发…的通知, its
    # 落款, then what it sends), not the document's last lines.
    closing_in_letter: bool = False
    # Whether the title is a title of the pack's report type (a span of the opening that the
    # pack's title grammar matches); None when the pack has no title rule to say.
    title_is_report: bool | None = None
    # The publication date a saved web page states in its metadata (发布日期/发布时间, else 成文日期).
    published: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    title: str
    severity: Severity
    weight: float
    options: Mapping[str, Any]
    basis: str | None = None
    help: str | None = None
    title_en: str | None = None
    help_en: str | None = None
    partial_credit: float = 0.5
    examples: tuple[Mapping[str, Any], ...] = ()
    origin: str | None = None  # the pack id that defined (or last overrode) it


@dataclass(frozen=True)
class Part:
    """A named part of a report (measures, plan, ...) the pack's rules can refer to."""

    id: str
    name: str
    heading_terms: tuple[str, ...]  # any of these in a heading introduces the part
    heading_patterns: tuple[str, ...] = ()  # regexes, where a plain term is not enough
    exclude_terms: tuple[str, ...] = ()  # a heading with one of these does not introduce it
    mention_terms: tuple[str, ...] = ()  # body text that mentions the part in passing
    fallback: str | None = None  # "leading_sections": the unclaimed top sections before the others
    nested: bool = False  # may be introduced by a sub-heading inside another part's section
    preface_terms: tuple[str, ...] = ()  # in the preface, these mention the part in passing
    item_leads: bool = False  # an item's lead phrase ("二是落实第一责任人职责，") introduces it
    opens: tuple[str, ...] = ()  # regexes on a paragraph's opening: where it begins under a merged heading


@dataclass(frozen=True)
class Lookalike:
    """A document type that uses the report's vocabulary but is not the report (a pack's
    ``document.lookalikes`` entry)."""

    id: str
    name: str
    name_en: str | None = None
    title_terms: tuple[str, ...] = ()  # in the document's own title lines
    opening_terms: tuple[str, ...] = ()  # in the first words of its opening
    parts: str = "other"  # how its parts are read: review | description | other
    pack: str | None = None  # a pack to suggest for it
    weak: bool = False  # a title of the pack's own report type overrides it


@dataclass(frozen=True)
class DocumentSpec:
    """What makes a text the pack's report type (a pack's ``document:`` block)."""

    name: str
    name_en: str | None = None
    opening_terms: tuple[str, ...] = ()  # "现将……情况报告如下"
    review_terms: tuple[str, ...] = ()  # an untitled opening "2024年，…" naming these
    lookalikes: tuple[Lookalike, ...] = ()


@dataclass(frozen=True)
class ProblemWords:
    """How a shortcoming statement is read (a pack's ``problems:`` block)."""

    lack: tuple[str, ...] = ()  # a word saying something is lacking
    praise: tuple[str, ...] = ()  # an achievement written as a shortcoming
    concrete: str | None = None  # regex: how the lack shows (a figure, an example)


@dataclass(frozen=True)
class Grade:
    name: str
    name_en: str
    min_score: float


@dataclass(frozen=True, eq=False)  # hashed by identity: caches are keyed on the loaded pack
class Pack:
    id: str
    version: str
    title: str
    rules: tuple[Rule, ...]
    parts: Mapping[str, Part]
    grades: tuple[Grade, ...]
    pass_mark: float
    debris: tuple[str, ...]  # regexes of web debris, each matched against a whole line
    inline_debris: tuple[str, ...] = ()  # regexes of debris fragments inside a line
    tail_debris: tuple[str, ...] = ()  # a whole line matching one ends the report (相关链接 lists)
    document_type: str = "fazhi"
    source: str | None = None
    extends: str | None = None
    title_en: str | None = None
    basis: str | None = None
    min_tool_version: str | None = None
    detect: "DocType | None" = None  # the signals of this pack's own document type
    detectors: tuple["DocType", ...] = ()  # every known type (own first): which type a report looks like
    document: DocumentSpec | None = None  # report.type: the pack's own type and its look-alikes
    topics: tuple[tuple[str, tuple[str, ...]], ...] = ()  # named synonym groups of the domain's matters
    problem_words: ProblemWords = ProblemWords()  # how the substance kinds read a shortcoming
    review_flags: tuple[tuple[str, str, str], ...] = ()  # (rule, name, name_en): counted by fzcheck batch when failed


@dataclass(frozen=True)
class DocType:
    """A report type's signals (a pack's ``detect:`` block): title terms count 3, each distinct
    heading term found in a heading counts 1."""

    id: str  # the document_type it detects ("fazhi", "gov-info")
    pack: str  # the pack to suggest for it
    name: str
    name_en: str | None = None
    title_terms: tuple[str, ...] = ()
    heading_terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    rule: str
    title: str
    severity: Severity
    status: Status
    weight: float
    earned: float
    message: str
    suggestion: str | None = None
    basis: str | None = None
    evidence: tuple[Evidence, ...] = ()
    # Set by the gate step (checker/ci/gate.py), after evaluation; the engine leaves the defaults.
    section: str | None = None  # title of the top-level section around the first evidence (fingerprints)
    waiver: "Waiver | None" = None  # the project config's waiver that accepts this gap
    baselined: bool = False  # the gap is recorded in the --baseline file
    blocking: bool = False  # this finding makes its report fail the gate


@dataclass(frozen=True)
class Waiver:
    """An accepted gap from the project config: ``rule`` in ``paths`` (globs), for ``reason``, until a date."""

    rule: str
    reason: str
    paths: tuple[str, ...] = ()
    until: str | None = None  # ISO date, inclusive
    index: int = 0  # 1-based position in the config's waivers list
    source: str | None = None  # the config file it came from


@dataclass(frozen=True)
class Notice:
    """Something about the run rather than a report: an expired or unused waiver, a config note."""

    code: str  # e.g. "waiver.expired", "waiver.malformed", "waiver.unused"
    message: str
    source: str | None = None  # the file the notice is about


@dataclass(frozen=True)
class Meta:
    title: str | None
    agency: str | None
    year: int | None
    date: str | None
    published: str | None = None  # ISO date the page says it was published (发布日期), or None


@dataclass(frozen=True)
class Score:
    score: float
    grade: str
    passed: bool
    reasons: tuple[str, ...]  # why the gate decided as it did (messages in the chosen language)
    mark: float | None = None  # the pass mark the gate used (set by checker/ci/gate.py)
    below_mark: bool = False  # the score part of the gate failed (set by checker/ci/gate.py)


@dataclass(frozen=True)
class Report:
    path: str
    error: str | None
    meta: Meta | None = None
    findings: tuple[Finding, ...] = ()
    score: Score | None = None
    format: str | None = None
    document_type: str | None = None  # the type the report looks like (DocType.id), None when unclear
    warnings: tuple[str, ...] = ()  # about the report as a whole (e.g. the pack does not fit its type)
