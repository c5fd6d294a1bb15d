"""What the substance kinds share: the statements of a part and the matters they name.

A *matter* is one of the pack's ``topics`` (named synonym groups: 执法力量 = 执法力量 / 执法人员 /
持证 / 编制 …). A shortcoming statement is
- *specific* when it names a matter, says what is lacking (a ``lack`` word of the pack's
  ``problems:`` block) and how it shows (a figure, or an example: ``concrete``; or a sentence
  after the item that describes it);
- *generic* when it names a matter and a lack but nothing concrete;
- *boilerplate* when it names no matter at all ("与新形势新要求相比还有差距");
- an *achievement* in disguise when it praises (a ``praise`` term: 走在前列, 先行先试做法还需固化).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from checker.analysis.statements import Statement, statements
from checker.analysis.text import TermSet, compile_pattern, term_set, to_key
from checker.kinds.base import Context

SPECIFIC, GENERIC, BOILERPLATE, ACHIEVEMENT = "specific", "generic", "boilerplate", "achievement"
_CAUSE = re.compile(r"^.{0,6}原因|^(?:由于|究其|根源)")

TERMS = {"type": "array", "items": {"type": "string", "minLength": 1}}


@dataclass(frozen=True)
class Problem:
    statement: Statement
    grade: str
    matters: frozenset[str]


def matters(ctx: Context, text: str) -> frozenset[str]:
    """The names of the pack's topics whose terms occur in ``text``."""
    key = to_key(text)
    return frozenset(name for name, terms in ctx.topics if term_set(terms).first(key) is not None)


def part_statements(ctx: Context, spans) -> tuple[Statement, ...]:
    """The statements of a part, the closing lines (agency, date) left out. Once per report and
    part: four substance rules read the same parts."""
    memo_key = ("part_statements", tuple(tuple(span) for span in spans))
    found = ctx.memo.get(memo_key)
    if found is None:
        found = ctx.memo[memo_key] = tuple(_part_statements(ctx, spans))
    return found


def _part_statements(ctx: Context, spans):
    closing = {to_key(t) for t in (ctx.facts.closing_agency, ctx.facts.date.raw if ctx.facts.date else None) if t}
    closing.discard("")
    for statement in statements(ctx.norm.text, ctx.seg, spans):
        # a closing line ends as the agency or the date does: most statements are passed over
        # on their last character, without building their key
        if closing and _may_close(to_key(statement.text[-1:]), closing):
            key = to_key(statement.text)
            if key in closing or any(key.endswith(c) and len(key) < len(c) + 12 for c in closing):
                continue
        yield statement


def _may_close(tail: str, closing: set[str]) -> bool:
    """Whether a statement whose key ends in ``tail`` (its last character's key) may be a
    closing line: it must end as the agency or the date does (no key character: undecided)."""
    return not tail or any(c.endswith(tail) or tail.endswith(c) for c in closing)


# "（一）基层执法力量不足。全局一线执法人员……仅占12%。" / "一是……。……": an item and the sentences
# that follow it are one problem.
_ITEM_START = re.compile(r"^(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、]|[①-⑳]|[一二三四五六七八九十]{1,2}是|首先|其次|再次|最后|此外|另外)")


def _units(statements_: list[Statement]) -> list[Statement]:
    """The problems as units: when the part lists its problems as items, each item with the
    sentences after it (causes left out); otherwise each statement."""
    kept = [s for s in statements_ if not _CAUSE.match(s.text)]  # "原因是……": why, not what
    if not any(_ITEM_START.match(s.text) for s in kept):
        return kept
    units: list[Statement] = []
    for statement in kept:
        if _ITEM_START.match(statement.text) or not units:
            units.append(statement)
        else:
            last = units[-1]
            units[-1] = Statement(last.start, statement.end, last.text + "。" + statement.text)
    return units


def problems(ctx: Context, spans) -> list[Problem]:
    """The problems of ``spans``, graded, by the pack's ``problems:`` words."""
    words = ctx.problem_words
    lack = TermSet(words.lack if words else ())
    praise = TermSet(words.praise if words else ())
    concrete = compile_pattern(words.concrete) if words is not None and words.concrete else None
    found = []
    for statement in _units(part_statements(ctx, spans)):
        key = to_key(statement.text)
        if praise and praise.first(key) is not None:
            found.append(Problem(statement, ACHIEVEMENT, frozenset()))
            continue
        if lack and lack.first(key) is None:
            continue  # not a statement of a problem (a transition, a cause, a summary)
        named = matters(ctx, statement.text)
        if not named:
            found.append(Problem(statement, BOILERPLATE, named))
        elif concrete is not None and concrete.search(statement.text) or "。" in statement.text:
            # a figure or an example, or an item with a sentence that shows how the lack shows
            found.append(Problem(statement, SPECIFIC, named))
        else:
            found.append(Problem(statement, GENERIC, named))
    return found


def distinct(problems_: list[Problem], grade: str) -> list[Problem]:
    """The problems of one grade, one per set of matters (the same matters twice are one problem)."""
    seen: list[frozenset[str]] = []
    kept = []
    for problem in problems_:
        if problem.grade != grade or problem.matters in seen:
            continue
        seen.append(problem.matters)
        kept.append(problem)
    return kept
