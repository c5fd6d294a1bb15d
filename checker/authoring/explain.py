"""`fzcheck rules list` and `fzcheck rules explain`: a pack's rules with where each comes from,
and one rule in full."""
from __future__ import annotations

import difflib
import inspect
import os
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from checker.errors import PackError
from checker.judge import packs
from checker.model import Pack, Rule

OWN, INHERITED, OVERRIDDEN, DISABLED = "own", "inherited", "overridden", "disabled"


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
