"""Pack authoring: what `fzcheck rules list | explain | validate | test` compute.

Pure: every function returns data (rows, problems, example results) and raises PackError when a
pack cannot be loaded at all; checker/commands/rules.py prints and picks the exit status.

* ``rule_rows`` — the rules of a pack with where each comes from: its own, inherited from the
  pack it extends, overridden there, or disabled;
* ``explain`` — one rule: title, basis, help, kind, options and its own examples;
* ``validate`` — every problem of a pack file and the files it extends: schema, repeated ids,
  unknown ``extends``, references to undefined parts, regexes that do not compile or risk
  catastrophic backtracking, a zero total weight, a tool too old; each with file and key path;
* ``run_examples`` — every rule's embedded ``examples``, each text checked as a small document
  with the pack, the rule's status compared with ``expect``.
"""
from __future__ import annotations

import difflib
import inspect
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

try:  # Python ≥ 3.11
    from re import _constants as C
    from re import _parser as P
except ImportError:  # pragma: no cover — Python 3.10
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

from checker.errors import PackError
from checker.judge import packs
from checker.judge.packs import Problem
from checker.model import Document, Pack, Rule

OWN, INHERITED, OVERRIDDEN, DISABLED = "own", "inherited", "overridden", "disabled"
EXPECTS = ("pass", "partial", "fail", "na")


# --- list and explain ---------------------------------------------------------------------

@dataclass(frozen=True)
class RuleRow:
    id: str
    title: str
    title_en: str | None
    severity: str
    weight: float
    kind: str
    status: str  # own | inherited | overridden | disabled
    origin: str  # the pack that wrote the rule last


def _rows(data: Mapping[str, Any], pack_id: str) -> list[RuleRow]:
    rows = []
    for raw in data.get("rules", []):
        origin = raw.get("_origin", pack_id)
        if raw.get("disabled"):
            status = DISABLED
        elif raw.get("_overrides"):
            status = OVERRIDDEN
        else:
            status = OWN if origin == pack_id else INHERITED
        rows.append(RuleRow(id=raw["id"], title=raw.get("title", ""), title_en=raw.get("title_en"),
                            severity=raw.get("severity", ""), weight=float(raw.get("weight", 0)),
                            kind=raw.get("kind", ""), status=status, origin=origin))
    return rows


def rule_rows(name: str, search: Sequence[str | os.PathLike] = ()) -> tuple[Pack, list[RuleRow]]:
    """The pack (loaded and valid) and one row per rule, disabled ones included."""
    pack = packs.load(name, search)
    data, _ = packs.load_raw(name, search=search)
    return pack, _rows(data, pack.id)


@dataclass(frozen=True)
class Explanation:
    row: RuleRow
    rule: Rule | None  # None when the rule is disabled in this pack
    options: Mapping[str, Any]  # the kind's options as the pack sets them
    kind_summary: str  # the first line of the kind's documentation
    examples: tuple[Mapping[str, Any], ...]
    basis: str | None
    help: str | None
    help_en: str | None


def explain(name: str, rule_id: str, search: Sequence[str | os.PathLike] = ()) -> tuple[Pack, Explanation]:
    from checker.kinds import KINDS

    pack, rows = rule_rows(name, search)
    data, _ = packs.load_raw(name, search=search)
    raws = {raw["id"]: raw for raw in data.get("rules", [])}
    if rule_id not in raws:
        close = difflib.get_close_matches(rule_id, list(raws), n=3, cutoff=0.5)
        hint_zh = f"；是不是：{'、'.join(close)}" if close else "；用 fzcheck rules list 查看全部规则"
        hint_en = f"; did you mean: {', '.join(close)}" if close else "; see fzcheck rules list"
        raise PackError(f"规则包“{pack.id}”没有规则“{rule_id}”{hint_zh}", f"pack '{pack.id}' has no rule '{rule_id}'{hint_en}")
    raw = raws[rule_id]
    row = next(r for r in rows if r.id == rule_id)
    rule = next((r for r in pack.rules if r.id == rule_id), None)
    module = KINDS.get(raw.get("kind", ""))
    summary = (inspect.getdoc(module) or "").splitlines()[0] if module else ""
    options = {k: v for k, v in raw.items() if not k.startswith("_") and k not in packs.RULE_BASE_KEYS}
    return pack, Explanation(row=row, rule=rule, options=options, kind_summary=summary,
                             examples=tuple(raw.get("examples", ())), basis=raw.get("basis"),
                             help=raw.get("help"), help_en=raw.get("help_en"))


# --- validate -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Validation:
    target: str  # the pack as named on the command line
    pack_id: str | None
    files: tuple[str, ...]  # the pack file and the files it extends, in that order
    problems: tuple[Problem, ...]
    rules: int = 0  # enabled rules
    total_weight: float = 0.0

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.level == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.level != "error")

    @property
    def valid(self) -> bool:
        return not self.errors


def screen_problems(data: Mapping[str, Any], source: str) -> list[Problem]:
    """Regexes that risk catastrophic backtracking (nested quantifiers, overlapping alternatives)."""
    problems = []
    for where, pattern in packs.pack_regexes(dict(data)):
        reason = regex_risk(pattern)
        if reason:
            problems.append(Problem(source, where, f"{reason[0]}（“{pattern}”）", f"{reason[1]} ('{pattern}')"))
    return problems


def validate(name: str, search: Sequence[str | os.PathLike] = ()) -> Validation:
    """Every problem of the pack ``name`` and of the packs it extends (none: it is valid)."""
    problems: list[Problem] = []
    try:
        packs.search_folders(search)
        path: Path | None = packs.locate(name, None, search)
    except PackError as exc:
        return Validation(name, None, (), (Problem(name, "(top)", exc.zh, exc.en),))
    chain: list[tuple[str, dict[str, Any]]] = []
    seen: tuple[str, ...] = ()
    while path is not None:
        source = packs._display(path)
        key = str(path.resolve())
        if key in seen:
            problems.append(Problem(chain[-1][0], "extends", f"循环继承：{source} 又继承回来",
                                    f"extends cycle: {source} extends back"))
            break
        seen += (key,)
        try:
            data = packs.read_file(path)
        except PackError as exc:
            problems.append(Problem(source, "(top)", exc.zh, exc.en))
            break
        schema = packs.schema_problems(data, source)
        problems.extend(schema)
        if not schema:
            problems.extend(packs.file_problems(data, source))
            problems.extend(screen_problems(data, source))
        chain.append((source, data))
        parent, folder, path = data.get("extends"), path.parent, None
        if isinstance(parent, str) and parent:
            try:
                path = packs.locate(parent, folder, search, frozenset(seen))
            except PackError as exc:
                problems.append(Problem(source, "extends", f"继承的规则包“{parent}”找不到：{exc.zh}",
                                        f"the pack it extends, '{parent}', cannot be found: {exc.en}"))
    files = tuple(source for source, _ in chain)
    pack_id = chain[0][1].get("id") if chain and isinstance(chain[0][1].get("id"), str) else None
    if any(p.level == "error" for p in problems):
        return Validation(name, pack_id, files, tuple(problems))
    merged: dict[str, Any] | None = None
    for source, data in reversed(chain):
        marked = packs.mark_rules(data, source)
        merged = marked if merged is None else packs.merge(merged, marked)
    assert merged is not None
    top = files[0]
    problems.extend(packs.merged_problems(merged, top))
    enabled = [raw for raw in merged.get("rules", []) if not raw.get("disabled")]
    total = sum(float(raw.get("weight", 0) or 0) for raw in enabled)
    if enabled and total == 0:
        problems.append(Problem(top, "rules", "所有启用规则的权重之和为 0：得分无从计算",
                                "the enabled rules' weights add up to 0: no score can be computed"))
    if not enabled:
        problems.append(Problem(top, "rules", "没有启用的规则", "no rule is enabled"))
    problems.extend(_example_coverage(enabled, top))
    return Validation(name, pack_id, files, tuple(problems), rules=len(enabled), total_weight=total)


def _example_coverage(rules: list[Mapping[str, Any]], top: str) -> list[Problem]:
    """Warnings: a rule without a passing or without a failing example cannot be tested."""
    problems = []
    for position, raw in enumerate(rules):
        expects = {example.get("expect") for example in raw.get("examples", [])}
        missing = [word for word in ("pass", "fail") if word not in expects]
        if missing:
            source, index = raw.get("_examples_at") or (raw.get("_file") or top, raw.get("_index", position))
            zh = "、".join({"pass": "通过（pass）", "fail": "不通过（fail）"}[m] for m in missing)
            problems.append(Problem(source, f"rules[{index}].examples",
                                    f"规则“{raw['id']}”缺少{zh}的示例：rules test 无法检验它",
                                    f"rule '{raw['id']}' has no {' and no '.join(missing)} example: rules test cannot check it",
                                    level="warning"))
    return problems


# --- test: run the embedded examples ---------------------------------------------------------

@dataclass(frozen=True)
class ExampleResult:
    rule: str
    index: int  # position in the rule's examples
    expect: str
    got: str  # a status, or "error" when the example could not be checked
    text: str
    message: str
    source: str  # the file the example is written in
    where: str  # its key path there

    @property
    def ok(self) -> bool:
        return self.expect == self.got


def example_document(rule_id: str, index: int, text: str) -> Document:
    """An example text as a small document (lines as written)."""
    return Document(path=f"{rule_id}#{index + 1}", lines=tuple(text.split("\n")))


def run_examples(name: str, search: Sequence[str | os.PathLike] = (), lang: str = "zh",
                 only: str | None = None) -> tuple[Pack, list[ExampleResult]]:
    """Every enabled rule's examples (or only rule ``only``'s), each checked with the pack."""
    from checker.analysis.text import RegexTimeout
    from checker.judge.engine import analyse, check_rule

    pack = packs.load(name, search)
    data, path = packs.load_raw(name, search=search)
    raws = {raw["id"]: raw for raw in data.get("rules", [])}
    results = []
    for rule in pack.rules:
        if only and rule.id != only:
            continue
        raw = raws[rule.id]
        source, position = raw.get("_examples_at") or (raw.get("_file") or packs._display(path), raw.get("_index", 0))
        for index, example in enumerate(rule.examples):
            document = example_document(rule.id, index, example["text"])
            try:
                verdict = check_rule(rule, analyse(document, pack, lang))
                got, message = verdict.status.value, verdict.message
            except RegexTimeout as exc:
                got, message = "error", exc.message(lang)
            results.append(ExampleResult(rule=rule.id, index=index, expect=example["expect"], got=got,
                                         text=example["text"], message=message, source=source,
                                         where=f"rules[{position}].examples[{index}]"))
    return pack, results


# --- regex screening -------------------------------------------------------------------------
# Screening pack regexes for catastrophic backtracking, before they ship (`fzcheck rules validate`).
#
# A backtracking matcher goes exponential when a repeated part of a pattern can match the same
# text in more than one way: ``(a+)+``, ``(\w+\s?)+$``, ``(.*a){12}``, ``(a|aa)+``, ``(a|a)*``.
# Two checks on every repeat that may run more than once (``*``, ``+``, ``{2,}``):
#
# * its body ``B`` can match some text both in one go and in two (``L(B) ∩ L(BB)`` is not
#   empty) — nested quantifiers and alternatives that concatenate into one another;
# * two alternatives of an alternation inside it can match the same text — ``(a|a)*``.
#
# Both are decided exactly on small automata built from the parsed pattern, over an alphabet of
# sample characters (every literal of the pattern, the ends of its ranges, and a letter, digit,
# space, newline, punctuation and CJK sample). A pattern such as
# ``(\s*【?(打印本页|打印|关闭)】?)*`` passes: every iteration needs one whole word.
#
# At run time every pack regex still runs under a time bound (checker.analysis.text.REGEX_TIMEOUT): the
# screen is the early warning, the timeout the guarantee.

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


# --- documentation of the kinds (docs/packs.md) -------------------------------------------------

KINDS_BEGIN = "<!-- kinds:begin (generated by python -m checker.authoring --kinds-doc) -->"
KINDS_END = "<!-- kinds:end -->"


def _type_text(schema: Mapping[str, Any]) -> str:
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    kind = schema.get("type", "")
    if kind == "array":
        return f"list of {_type_text(schema.get('items', {}))}"
    return str(kind)


def kinds_markdown() -> str:
    """The section of docs/packs.md on the rule kinds, from their docstrings and OPTIONS."""
    from checker.kinds import KINDS

    out = [KINDS_BEGIN, ""]
    for name, module in KINDS.items():
        doc = inspect.getdoc(module) or ""
        head, _, body = doc.partition("\n")
        out.append(f"### `{name}`")
        out.append("")
        summary = head.split("—", 1)[-1].strip() if "—" in head else head
        out.append(summary[:1].upper() + summary[1:])
        out.append("")
        example_lines, prose_lines = [], []
        for line in body.strip("\n").splitlines():
            (example_lines if line.startswith("    ") else prose_lines).append(line)
        prose = "\n".join(prose_lines).strip()
        if prose:
            out.append(prose)
            out.append("")
        out.append("| option | type | required | meaning |")
        out.append("|---|---|---|---|")
        for key, schema in module.OPTIONS.items():
            required = "yes" if key in module.REQUIRED else ""
            meaning = schema.get("description", "")
            if "default" in schema:
                meaning = (meaning + "; " if meaning else "") + f"default `{schema['default']}`"
            out.append(f"| `{key}` | {_type_text(schema)} | {required} | {meaning} |")
        out.append("")
        if example_lines:
            out.append("```yaml")
            out.extend(line[4:] for line in example_lines)
            out.append("```")
            out.append("")
    out.append(KINDS_END)
    return "\n".join(out)


def main() -> None:  # python -m checker.authoring --kinds-doc [FILE]
    import sys

    args = sys.argv[1:]
    if not args or args[0] != "--kinds-doc":
        print("usage: python -m checker.authoring --kinds-doc [docs/packs.md]")
        return
    block = kinds_markdown()
    if len(args) == 1:
        print(block)
        return
    target = Path(args[1])
    text = target.read_text(encoding="utf-8")
    start, end = text.index(KINDS_BEGIN), text.index(KINDS_END) + len(KINDS_END)
    target.write_text(text[:start] + block + text[end:], encoding="utf-8")
    print(target)


if __name__ == "__main__":
    main()
