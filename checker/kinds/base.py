"""What every rule kind receives (Context) and returns (Verdict)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from checker.analysis.parts import PartMatch
from checker.analysis.segment import Segmentation
from checker.analysis.text import NormText
from checker.model import Evidence, Facts, Rule, Status


@dataclass(frozen=True)
class Context:
    norm: NormText
    seg: Segmentation
    facts: Facts
    parts: Mapping[str, PartMatch]
    lang: str = "zh"
    locations: tuple[str, ...] | None = None
    doctype: Any = None  # doctype.TypeVerdict: the report type or the look-alike it is
    topics: tuple = ()  # the pack's named synonym groups (Pack.topics)
    problem_words: Any = None  # model.ProblemWords: how a shortcoming statement is read
    # What several kinds derive alike from this report (a part's statements, read by four
    # substance rules), computed once per report.
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    def t(self, zh: str, en: str) -> str:
        return en if self.lang == "en" else zh

    def evidence_at(self, offset: int, width: int = 40) -> Evidence:
        line, text = self.norm.excerpt(offset, width)
        return Evidence(line=line, text=self._cut_marks(offset, line, text), location=self.location(line))

    def _cut_marks(self, offset: int, line: int, text: str) -> str:
        """``…`` on each side where the snippet is cut from its sentence: also where a PDF's
        hard wrap cut the line from the line above or below ("…格实施执法公示制…"); never
        "…，" (the punctuation after a cut is dropped)."""
        soft = getattr(self.seg, "soft", None) or frozenset()
        original = self.norm.original_line(line).strip()
        core = text.strip("…")
        if soft and core:
            normalised = self.norm.text
            if normalised.rfind("\n", 0, offset) in soft and not text.startswith("…") and original.startswith(core[:8]):
                text = "…" + text
            after = normalised.find("\n", offset)
            if after in soft and not text.endswith("…") and original.endswith(core[-8:]):
                text += "…"
        if text.startswith("…"):
            text = "…" + text[1:].lstrip("，、；：,;: ")
        return text

    def heading_evidence(self, heading) -> Evidence:
        line = heading.line
        original = self.norm.original_line(line).strip()
        label_title = (heading.label + heading.title) if heading.label else heading.title
        text = original if len(original) <= 60 else label_title
        return Evidence(line=line, text=text, location=self.location(line))

    def location(self, line: int) -> str | None:
        if self.locations and 0 < line <= len(self.locations):
            return self.locations[line - 1]
        return None

    def part_name(self, part_id: str) -> str:
        match = self.parts.get(part_id)
        return match.part.name if match else part_id


@dataclass(frozen=True)
class Verdict:
    status: Status
    message: str
    evidence: tuple[Evidence, ...] = field(default=())


def part_scope(rule: Rule, ctx: Context, part_id: str) -> tuple[PartMatch | None, Verdict | None]:
    """The part a rule looks inside, or the `na` verdict when that part is not there.

    A gap is counted once: when the part itself is missing its own rule fails, and the
    rules that examine inside it are not applicable.
    """
    match = ctx.parts.get(part_id)
    if match is None:
        return None, Verdict(Status.NA, ctx.t(f"规则包未定义部分“{part_id}”", f"the pack defines no part '{part_id}'"))
    if not match.present:
        name = match.part.name
        return None, Verdict(Status.NA, ctx.t(f"不适用：报告没有“{name}”部分（已在该部分的规则中计为缺失）",
                                              f"not applicable: the report has no '{name}' part (counted as missing by that part's rule)"))
    return match, None


def scope_ranges(rule: Rule, ctx: Context, scope: str) -> tuple[list[tuple[int, int]], Verdict | None]:
    """Normalised ranges for a scope: ``document`` or the id of a part."""
    if scope in ("document", "", None):
        return [(0, len(ctx.norm.text))], None
    match, na = part_scope(rule, ctx, scope)
    if na is not None:
        return [], na
    return list(match.spans), None
