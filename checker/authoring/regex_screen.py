r"""Screening pack regexes for catastrophic backtracking, before they ship (`fzcheck rules validate`).

A backtracking matcher goes exponential when a repeated part of a pattern can match the same
text in more than one way: ``(a+)+``, ``(\w+\s?)+$``, ``(.*a){12}``, ``(a|aa)+``, ``(a|a)*``.
Two checks on every repeat that may run more than once (``*``, ``+``, ``{2,}``):

* its body ``B`` can match some text both in one go and in two (``L(B) ∩ L(BB)`` is not
  empty) — nested quantifiers and alternatives that concatenate into one another;
* two alternatives of an alternation inside it can match the same text — ``(a|a)*``.

Both are decided exactly on small automata built from the parsed pattern, over an alphabet of
sample characters (every literal of the pattern, the ends of its ranges, and a letter, digit,
space, newline, punctuation and CJK sample). A pattern such as
``(\s*【?(打印本页|打印|关闭)】?)*`` passes: every iteration needs one whole word.

At run time every pack regex still runs under a time bound (checker.analysis.text.REGEX_TIMEOUT):
the screen is the early warning, the timeout the guarantee.
"""
from __future__ import annotations

from typing import Iterable

try:  # Python ≥ 3.11
    from re import _constants as C
    from re import _parser as P
except ImportError:  # pragma: no cover — Python 3.10
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT} | ({C.POSSESSIVE_REPEAT} if hasattr(C, "POSSESSIVE_REPEAT") else set())
_BASE_PROBES = "aZ09_ \t\n.,:;-|/()中年】【×x"
_CAP = 3  # repeat copies unrolled into the automaton; more is approximated by a loop


def regex_risk(pattern: str) -> tuple[str, str] | None:
    """(Chinese, English) reason when ``pattern`` risks catastrophic backtracking, else None.
    Patterns the stdlib parser cannot read (regex-module syntax) are not screened."""
    try:
        tree = P.parse(pattern)
    except Exception:  # noqa: BLE001 — compile errors are reported elsewhere
        return None
    probes = _probes(tree)
    return _scan(list(tree), probes)


def _scan(items: list, probes: str) -> tuple[str, str] | None:
    for op, av in items:
        if op in _REPEATS:
            low, high, body = av
            body = list(body)
            if high > 1 and op != getattr(C, "POSSESSIVE_REPEAT", None):
                if _overlaps(_nfa(body, probes), _concat(_nfa(body, probes), _nfa(body, probes)), probes):
                    return ("嵌套量词：重复的部分可以用多种方式切分同一段文字（如 (a+)+、(.*a){12}），可能导致灾难性回溯",
                            "nested quantifiers: the repeated part can split the same text in several ways "
                            "(like (a+)+ or (.*a){12}), which risks catastrophic backtracking")
                found = _branches(body, probes)
                if found:
                    return found
            found = _scan(body, probes)
        elif op == C.SUBPATTERN:
            found = _scan(list(av[-1]), probes)
        elif op == C.BRANCH:
            found = next((r for alt in av[1] if (r := _scan(list(alt), probes))), None)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            found = _scan(list(av[1]), probes)
        elif op == getattr(C, "ATOMIC_GROUP", None):
            found = _scan(list(av), probes)
        else:
            found = None
        if found:
            return found
    return None


def _branches(items: list, probes: str) -> tuple[str, str] | None:
    """Two alternatives (inside a repeat) that can match the same text."""
    for op, av in items:
        children: Iterable = ()
        if op == C.BRANCH:
            alts = [list(alt) for alt in av[1]]
            for i in range(len(alts)):
                for j in range(i + 1, len(alts)):
                    if _overlaps(_nfa(alts[i], probes), _nfa(alts[j], probes), probes, allow_empty=alts[i] == alts[j]):
                        return ("重复的部分中有可以匹配同一段文字的多个分支（如 (a|a)*），可能导致灾难性回溯",
                                "alternatives inside a repeat match the same text (like (a|a)*), "
                                "which risks catastrophic backtracking")
            children = alts
        elif op == C.SUBPATTERN:
            children = [list(av[-1])]
        elif op in _REPEATS:
            children = [list(av[2])]
        for child in children:
            found = _branches(child, probes)
            if found:
                return found
    return None


# --- character sets over the probe alphabet ---------------------------------------------

def _probes(tree) -> str:
    chars = set(_BASE_PROBES)

    def walk(items):
        for op, av in items:
            if op in (C.LITERAL, C.NOT_LITERAL):
                chars.add(chr(av))
            elif op == C.IN:
                for sub_op, sub_av in av:
                    if sub_op == C.LITERAL:
                        chars.add(chr(sub_av))
                    elif sub_op == C.RANGE:
                        chars.update({chr(sub_av[0]), chr(sub_av[1]), chr(min(sub_av[0] + 1, sub_av[1]))})
            elif op in _REPEATS:
                walk(av[2])
            elif op == C.SUBPATTERN:
                walk(av[-1])
            elif op == C.BRANCH:
                for alt in av[1]:
                    walk(alt)
            elif op in (C.ASSERT, C.ASSERT_NOT):
                walk(av[1])
            elif op == getattr(C, "ATOMIC_GROUP", None):
                walk(av)

    walk(tree)
    return "".join(sorted(chars))


def _category(name, ch: str) -> bool:
    digit, space, word = ch.isdigit(), ch.isspace(), ch.isalnum() or ch == "_"
    return {C.CATEGORY_DIGIT: digit, C.CATEGORY_NOT_DIGIT: not digit, C.CATEGORY_SPACE: space,
            C.CATEGORY_NOT_SPACE: not space, C.CATEGORY_WORD: word, C.CATEGORY_NOT_WORD: not word}.get(name, True)


def _charset(op, av, probes: str) -> frozenset[str]:
    if op == C.LITERAL:
        return frozenset({chr(av)})
    if op == C.NOT_LITERAL:
        return frozenset(probes) - {chr(av)}
    if op == C.ANY:
        return frozenset(probes) - {"\n"}
    # C.IN
    negate = any(sub_op == C.NEGATE for sub_op, _ in av)
    members = set()
    for ch in probes:
        for sub_op, sub_av in av:
            if (sub_op == C.LITERAL and ch == chr(sub_av)) or \
               (sub_op == C.RANGE and sub_av[0] <= ord(ch) <= sub_av[1]) or \
               (sub_op == C.CATEGORY and _category(sub_av, ch)):
                members.add(ch)
                break
    return frozenset(probes) - members if negate else frozenset(members)


# --- small NFAs: (start, accept, edges) with edges {state: [(charset | None, state)]} ------

class _NFA:
    def __init__(self) -> None:
        self.edges: dict[int, list[tuple[frozenset[str] | None, int]]] = {}
        self.count = 0
        self.start = self.accept = 0

    def state(self) -> int:
        self.count += 1
        self.edges[self.count] = []
        return self.count

    def edge(self, a: int, label: frozenset[str] | None, b: int) -> None:
        self.edges[a].append((label, b))


def _nfa(items: list, probes: str) -> _NFA:
    nfa = _NFA()
    nfa.start = nfa.state()
    nfa.accept = _build(nfa, items, nfa.start, probes)
    return nfa


def _build(nfa: _NFA, items: list, at: int, probes: str) -> int:
    for op, av in items:
        at = _build_one(nfa, op, av, at, probes)
    return at


def _build_one(nfa: _NFA, op, av, at: int, probes: str) -> int:
    if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
        end = nfa.state()
        nfa.edge(at, _charset(op, av, probes), end)
        return end
    if op == C.SUBPATTERN:
        return _build(nfa, list(av[-1]), at, probes)
    if op == getattr(C, "ATOMIC_GROUP", None):
        return _build(nfa, list(av), at, probes)
    if op == C.BRANCH:
        end = nfa.state()
        for alt in av[1]:
            begin = nfa.state()
            nfa.edge(at, None, begin)
            nfa.edge(_build(nfa, list(alt), begin, probes), None, end)
        return end
    if op == C.GROUPREF_EXISTS:
        end = nfa.state()
        for alt in av[1:]:
            if alt is not None:
                nfa.edge(_build(nfa, list(alt), at, probes), None, end)
        nfa.edge(at, None, end)
        return end
    if op in _REPEATS:
        low, high, body = av
        body = list(body)
        for _ in range(min(low, _CAP)):
            at = _build(nfa, body, at, probes)
        if high == C.MAXREPEAT or high - min(low, _CAP) > _CAP:
            loop = nfa.state()
            nfa.edge(at, None, loop)
            nfa.edge(_build(nfa, body, loop, probes), None, loop)
            return loop
        end = nfa.state()
        nfa.edge(at, None, end)
        for _ in range(high - min(low, _CAP)):
            at = _build(nfa, body, at, probes)
            nfa.edge(at, None, end)
        return end
    return at  # anchors, lookarounds, back-references: zero-width here


def _concat(first: _NFA, second: _NFA) -> _NFA:
    nfa = _NFA()
    offset = first.count
    nfa.edges = {**first.edges, **{s + offset: [(label, b + offset) for label, b in edges]
                                   for s, edges in second.edges.items()}}
    nfa.count = first.count + second.count
    nfa.start, nfa.accept = first.start, second.accept + offset
    nfa.edge(first.accept, None, second.start + offset)
    return nfa


def _closure(nfa: _NFA, states: Iterable[int]) -> frozenset[int]:
    stack, seen = list(states), set(states)
    while stack:
        for label, b in nfa.edges[stack.pop()]:
            if label is None and b not in seen:
                seen.add(b)
                stack.append(b)
    return frozenset(seen)


def _step(nfa: _NFA, states: frozenset[int], ch: str) -> frozenset[int]:
    return _closure(nfa, {b for s in states for label, b in nfa.edges[s] if label is not None and ch in label})


def _overlaps(a: _NFA, b: _NFA, probes: str, allow_empty: bool = False) -> bool:
    """Whether some non-empty text (or the empty one, with allow_empty) is in both languages."""
    start = (_closure(a, [a.start]), _closure(b, [b.start]))
    if allow_empty and a.accept in start[0] and b.accept in start[1]:
        return True
    seen = {start}
    frontier = [start]
    while frontier:
        following = []
        for sa, sb in frontier:
            for ch in probes:
                na, nb = _step(a, sa, ch), _step(b, sb, ch)
                if not na or not nb:
                    continue
                if a.accept in na and b.accept in nb:
                    return True
                if (na, nb) not in seen and len(seen) < 20000:
                    seen.add((na, nb))
                    following.append((na, nb))
        frontier = following
    return False
