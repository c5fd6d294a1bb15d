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

A second check (``polynomial_risk``, below) finds the quadratic cases. Patterns that pass both
run in linear time: the built-in packs' run without any time limit (checker.analysis.text.prove);
a user's pattern keeps a generous budget for what the screen cannot see (back-references,
lookarounds, regex-module syntax).
"""
from __future__ import annotations

from functools import lru_cache
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
_EXACT_REPEAT = 1000  # the polynomial check: bounded repeats unrolled exactly up to this count …
_EXACT_STATES = 4000  # … while the automaton has fewer states than this (else approximated by a loop)


def usage_of(where: str) -> str:
    """How checker.analysis.text runs the pattern at key path ``where`` of a pack: debris lines
    and tails as whole lines of the text (line), paragraph openings matched at one position
    (match), everything else searched."""
    if where.startswith(("debris.lines", "debris.tail")):
        return "line"
    if ".opens[" in where:
        return "match"
    return "search"


@lru_cache(maxsize=4096)
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
    def __init__(self, exact: bool = False) -> None:
        self.edges: dict[int, list[tuple[frozenset[str] | None, int]]] = {}
        self.count = 0
        self.start = self.accept = 0
        self.exact = exact  # unroll bounded repeats exactly (the polynomial check)

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
        # the polynomial check unrolls a bounded repeat exactly ({0,80} is 80 optional copies,
        # which no backtracking can make quadratic) while the automaton stays small
        cap = _EXACT_REPEAT if nfa.exact and nfa.count < _EXACT_STATES else _CAP
        for _ in range(min(low, cap)):
            at = _build(nfa, body, at, probes)
        if high == C.MAXREPEAT or high - min(low, cap) > cap:
            loop = nfa.state()
            nfa.edge(at, None, loop)
            nfa.edge(_build(nfa, body, loop, probes), None, loop)
            return loop
        end = nfa.state()
        nfa.edge(at, None, end)
        for _ in range(high - min(low, cap)):
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


# --- polynomial backtracking: two loops that can share the same text ------------------------
#
# Exponential blow-up needs a loop that splits one text in two ways (above). A *quadratic* (or
# worse) one needs less: two different loop states p and q such that some text w leads
# p → p, p → q and q → q (the automaton is "infinitely ambiguous"; Weideman et al., 2016). A
# backtracking matcher that then fails tries every split of w^k between the two loops: k²
# steps. Searching adds a loop of its own in front — every start position — which is how
# ``[\s|\-:]*[|\-]…`` goes quadratic on 10,000 blank lines: its first loop eats the newlines
# the scan starts from. The check runs on the pattern as it is used: searched (``search``), at
# line starts of the whole text (``line``: inside checker.analysis.text._LINE_SHAPE) or matched
# at one position (``match``). A pump only hurts when what follows can fail, so a pair whose
# continuation always succeeds at once (``.*`` before the end of a line) is not reported.

_MAX_TRIPLES = 60_000  # product states explored per pair before the pair is called unsafe
_MAX_SUBSETS = 4_000


@lru_cache(maxsize=4096)
def polynomial_risk(pattern: str, usage: str = "search") -> tuple[str, str] | None:
    """(Chinese, English) reason when ``pattern``, used as ``usage`` says, can backtrack in
    polynomial (quadratic or worse) time; None when it runs in linear time."""
    if usage == "line":
        from checker.analysis.text import _LINE_SHAPE

        pattern = _LINE_SHAPE.format(pattern)
    try:
        tree = list(P.parse(pattern))
    except Exception:  # noqa: BLE001 — regex-module syntax: not screened here
        return None
    probes = _probes(tree) + "\u3000\x0b"
    nfa = _usage_nfa(tree, probes, usage)
    edges, accepting, start = _epsilon_free(nfa)
    loops = _cyclic_states(edges)
    prefix = getattr(nfa, "prefix", None)
    reachable: dict[int, set[int]] = {}

    def reach(state: int) -> set[int]:
        if state not in reachable:
            reachable[state] = _reachable(edges, [state])
        return reachable[state]

    reverse: dict[int, list] = {state: [] for state in edges}
    for a, targets in edges.items():
        for label, b in targets:
            reverse[b].append((label, a))
    loops = [state for state in loops if state in reach(start)]
    for p in loops:
        for q in loops:
            if q == p or q not in reach(p):
                continue
            if not _failable(edges, accepting, {q} if p == prefix else {p, q}, probes):
                continue
            if _pumps(edges, reverse, reach, p, q, probes, accepting):
                if p == prefix:
                    return ("重复的部分能从每个起点吞下同一段文字（如连续的空行或空格）后又匹配失败，"
                            "查找时间随文本长度平方增长；请让重复的部分不能跨行（用 [^\\S\\n] 代替 \\s）或以确定的字符开头",
                            "a repeated part can swallow the same text from every start position (a run of blank "
                            "lines or spaces) and then fail, so searching takes time quadratic in the text; keep it "
                            "within a line ([^\\S\\n] instead of \\s) or start it with a definite character")
                return ("两个相邻的重复部分可以分食同一段文字（如 \\s*:?\\s*），匹配失败时回溯时间随长度平方增长；"
                        "请合并成一个重复，或用确定的字符把它们隔开",
                        "two repeated parts can share the same text (like \\s*:?\\s*), so a failing match "
                        "backtracks in time quadratic in its length; merge them into one repeat or separate "
                        "them with a definite character")
    return None


def _usage_nfa(tree: list, probes: str, usage: str) -> _NFA:
    """The pattern's automaton, with a leading any-character loop for a search (every start
    position). An alternation at the top is entered alternative by alternative, each with its
    own anchor or lookbehind."""
    nfa = _NFA(exact=True)
    nfa.start = nfa.state()
    nfa.accept = nfa.state()
    everything = frozenset(probes)
    loop = None
    if usage != "match":
        loop = nfa.state()
        nfa.prefix = loop
        nfa.edge(nfa.start, everything, loop)
        nfa.edge(loop, everything, loop)
    items = list(tree)
    branches = [list(alt) for alt in items[0][1][1]] if len(items) == 1 and items[0][0] == C.BRANCH else [items]
    for branch in branches:
        _enter(nfa, branch, loop, everything, probes)
    return nfa


def _enter(nfa: _NFA, items: list, loop: int | None, everything: frozenset[str], probes: str) -> None:
    """One alternative from the start (and from the search loop) to the accepting state.

    Where an attempt may start: anywhere; after a newline for ^ (a scan reads it with
    MULTILINE); after a character outside X for a leading (?<!X) — the guard that keeps
    ``(?<!\\d)\\d+件`` from trying every digit of a long run — and after one inside X for (?<=X).
    A final (?=X) or $ needs its character: it is what makes a match at the end of a line fail.
    """
    body = nfa.state()
    single = (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN)
    before: frozenset[str] | None = None  # None: any position
    at_start_too = True
    if items and items[0][0] == C.AT and items[0][1] in (C.AT_BEGINNING, C.AT_BEGINNING_STRING):
        before = frozenset() if items[0][1] == C.AT_BEGINNING_STRING else frozenset("\n")
        items = items[1:]
    elif items and items[0][0] in (C.ASSERT, C.ASSERT_NOT) and items[0][1][0] == -1 \
            and len(items[0][1][1]) == 1 and items[0][1][1][0][0] in single:
        guard = _charset(*items[0][1][1][0], probes)
        before = everything - guard if items[0][0] == C.ASSERT_NOT else guard
        at_start_too = items[0][0] == C.ASSERT_NOT
        items = items[1:]
    tail = None
    if items and items[-1][0] == C.ASSERT and items[-1][1][0] == 1 and len(items[-1][1][1]) == 1 \
            and items[-1][1][1][0][0] in single:
        tail = _charset(*items[-1][1][1][0], probes)
        items = items[:-1]
    elif items and items[-1] == (C.AT, C.AT_END):
        tail = frozenset("\n")  # a final $ succeeds before a newline (or at the very end)
        items = items[:-1]
    if at_start_too:
        nfa.edge(nfa.start, None, body)
    if loop is not None and before != frozenset():
        if before is None:
            nfa.edge(loop, None, body)
        else:
            nfa.edge(nfa.start, before, body)
            nfa.edge(loop, before, body)
    end = _build(nfa, items, body, probes)
    if tail is not None:
        final = nfa.state()
        nfa.edge(end, tail, final)
        end = final
    nfa.edge(end, None, nfa.accept)


def _epsilon_free(nfa: _NFA):
    """(edges {state: [(charset, state)]}, accepting states, start) without ε-moves: the states
    are the start and those entered by a character. A prefix loop keeps its own number."""
    closures: dict[int, frozenset[int]] = {}

    def closure(state: int) -> frozenset[int]:
        if state not in closures:
            closures[state] = _closure(nfa, [state])
        return closures[state]

    kept = {nfa.start} | {b for edges in nfa.edges.values() for label, b in edges if label is not None}
    edges = {s: [(label, b) for t in closure(s) for label, b in nfa.edges[t] if label is not None] for s in kept}
    accepting = {s for s in kept if nfa.accept in closure(s)}
    return edges, accepting, nfa.start


def _reachable(edges, starts) -> set[int]:
    seen, stack = set(starts), list(starts)
    while stack:
        for _, b in edges[stack.pop()]:
            if b not in seen:
                seen.add(b)
                stack.append(b)
    return seen


def _cyclic_states(edges) -> list[int]:
    """States on a cycle (Tarjan's strongly connected components, iteratively)."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    cyclic: list[int] = []
    counter = 0
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for _, child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges[child])))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or any(b == node for _, b in edges[node]):
                    cyclic.extend(component)
    return cyclic


def _step_set(edges, states, ch: str) -> frozenset[int]:
    return frozenset(b for s in states for label, b in edges[s] if ch in label)


def _failable(edges, accepting, states: set[int], probes: str) -> bool:
    """Whether some continuation makes every path from ``states`` die without a match."""
    start = frozenset(states)
    if start & accepting:
        return False
    seen, frontier = {start}, [start]
    while frontier and len(seen) < _MAX_SUBSETS:
        following = []
        for current in frontier:
            for ch in probes:
                nxt = _step_set(edges, current, ch)
                if not nxt:
                    return True
                if nxt & accepting or nxt in seen:
                    continue
                seen.add(nxt)
                following.append(nxt)
        frontier = following
    return bool(frontier)  # explored too much to tell: assume it can fail


def _pumps(edges, reverse, reach, p: int, q: int, probes: str, accepting: set[int]) -> bool:
    """Whether one non-empty text leads p → p, p → q and q → q (three runs in lockstep) with
    the runs into and around q passing no accepting state: where one does, the attempt ends in
    a match there after a short backtrack (a breadcrumb of many segments), and the scan goes on
    after it. ``reach(state)``: the states reachable from ``state`` (memoised by the caller)."""
    forward = reach(p)
    middle = (forward & _reachable(reverse, [q])) - accepting
    start = (p, p, q)
    seen, frontier = {start}, [start]
    while frontier:
        following = []
        for a, b, c in frontier:
            for ch in probes:
                for na in (t for label, t in edges[a] if ch in label):
                    if p not in reach(na):  # the first run must come back to p
                        continue
                    for nb in (t for label, t in edges[b] if ch in label):
                        if nb not in middle:
                            continue
                        for nc in (t for label, t in edges[c] if ch in label):
                            if nc not in middle or q not in reach(nc):
                                continue
                            if na == p and nb == q and nc == q:
                                return True
                            triple = (na, nb, nc)
                            if triple not in seen:
                                if len(seen) >= _MAX_TRIPLES:
                                    return True  # too large to decide: call it unsafe
                                seen.add(triple)
                                following.append(triple)
        frontier = following
    return False
