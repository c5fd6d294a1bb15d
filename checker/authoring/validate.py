"""`fzcheck rules validate`: every problem of a pack file and of the files it extends."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from checker.authoring.regex_screen import polynomial_risk, regex_risk, usage_of
from checker.errors import PackError
from checker.judge import packs
from checker.judge.packs import Problem


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


def screen_problems(data: Mapping[str, Any], source: str, skip: frozenset[str] = frozenset()) -> list[Problem]:
    """Regexes that do not run in linear time as they are used: exponential backtracking
    (nested quantifiers, overlapping alternatives) or polynomial (two repeats sharing one text,
    a repeat a search restarts inside). ``skip``: pattern texts already proven (the built-ins')."""
    problems = []
    for where, pattern in packs.pack_regexes(dict(data)):
        if pattern in skip:
            continue
        reason = regex_risk(pattern) or polynomial_risk(pattern, usage_of(where))
        if reason:
            rule_zh, rule_en = packs.rule_named(dict(data), where)
            problems.append(Problem(source, where, f"{rule_zh}{reason[0]}（“{pattern}”）",
                                    f"{rule_en}{reason[1]} ('{pattern}')"))
    return problems


def require_valid(name: str, search: Sequence[str | os.PathLike] = ()) -> None:
    """What `check` and `batch` do before loading a pack that is not a built-in one: refuse it,
    naming its first error, when `rules validate` would (no rules, weights adding up to 0, a
    regex that is not linear …). A built-in pack is validated by the tests instead."""
    try:
        packs.locate(name, None, search)
    except PackError:
        return  # loading says it better
    if packs.is_builtin(name, search):
        return
    packs.prove_builtins()
    from checker.analysis.text import _PROVEN

    result = validate(name, search, skip=frozenset(_PROVEN))
    if result.errors:
        first = result.errors[0]
        if first.where == "(top)" and first.source in first.zh:  # the file cannot be read: the loader's own words
            raise PackError(first.zh, first.en)
        more = len(result.errors) - 1
        raise PackError(f"规则包无效：{first.message('zh')}" + (f"（另有 {more} 个问题）" if more else "")
                        + "；用 fzcheck rules validate 查看全部",
                        f"invalid pack: {first.message('en')}" + (f" (and {more} more)" if more else "")
                        + "; fzcheck rules validate lists them all")


def validate(name: str, search: Sequence[str | os.PathLike] = (), skip: frozenset[str] = frozenset()) -> Validation:
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
        key = packs._resolved(path)
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
            problems.extend(screen_problems(data, source, skip))
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
    """Warnings: a rule without a passing or without a failing example cannot be tested (an
    optional element, weight 0 and severity info, is ``na`` where it is not written)."""
    problems = []
    for position, raw in enumerate(rules):
        expects = {example.get("expect") for example in raw.get("examples", [])}
        optional = float(raw.get("weight", 1) or 0) == 0 and raw.get("severity") == "info"
        missing = [word for word in ("pass", "na" if optional else "fail") if word not in expects]
        if missing:
            source, index = raw.get("_examples_at") or (raw.get("_file") or top, raw.get("_index", position))
            zh = "、".join({"pass": "通过（pass）", "fail": "不通过（fail）", "na": "未写（na）"}[m] for m in missing)
            problems.append(Problem(source, f"rules[{index}].examples",
                                    f"规则“{raw['id']}”缺少{zh}的示例：rules test 无法检验它",
                                    f"rule '{raw['id']}' has no {' and no '.join(missing)} example: rules test cannot check it",
                                    level="warning"))
    return problems
