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


# --- the words `rules list` and `rules explain` print ---------------------------------------------

def source_label(pack: Pack, lang: str) -> str:
    """Where a pack comes from, for people: 内置 / built-in for the packs that ship with fzcheck
    (never a site-packages path), else the file as given."""
    from pathlib import Path

    if pack.source:
        try:
            builtin = Path(pack.source).resolve().parent == packs.rules_dir().resolve()
        except OSError:
            builtin = False
        if builtin:
            return "built-in" if lang == "en" else "内置"
    return pack.source or ""


def kind_text(kind: str, lang: str) -> tuple[str, str]:
    """(summary, what its statuses mean) of a rule kind in ``lang``: the kind's docstring in
    English, checker/authoring/kinds_zh.py in Chinese (English when a kind has no entry there)."""
    from checker.authoring.kinds_zh import KINDS_ZH
    from checker.kinds import KINDS

    if lang != "en" and kind in KINDS_ZH:
        return KINDS_ZH[kind]["summary"], KINDS_ZH[kind]["text"]
    module = KINDS.get(kind)
    doc = inspect.getdoc(module) or "" if module else ""
    head, _, body = doc.partition("\n")
    summary = head.split("—", 1)[-1].strip() if "—" in head else head
    prose = " ".join(line.strip() for line in body.splitlines() if line.strip() and not line.startswith("    "))
    return summary, prose


def _value_text(value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return ("yes" if value else "no") if lang == "en" else ("是" if value else "否")
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(v, (list, tuple)) for v in value):
            sep = "; " if lang == "en" else "；"
            return sep.join(_value_text(v, lang) for v in value)
        return (", " if lang == "en" else "、").join(str(v) for v in value)
    return str(value)


def option_lines(kind: str, options: Mapping[str, Any], lang: str, parts: Mapping[str, Any] | None = None) -> list[str]:
    """The rule's options, one a line: its meaning, then its value as people write it
    ("部分（part）：leader（党政主要负责人…）"), never a raw dict."""
    from checker.authoring.kinds_zh import KINDS_ZH
    from checker.kinds import KINDS

    module = KINDS.get(kind)
    described = getattr(module, "OPTIONS", {}) if module else {}
    meanings = KINDS_ZH.get(kind, {}).get("options", {}) if lang != "en" else {}
    lines = []
    for key, value in options.items():
        meaning = meanings.get(key) or described.get(key, {}).get("description") or ""
        shown = _value_text(value, lang)
        if key in ("part", "scope") and parts and value in parts:
            shown += f" ({parts[value].name})" if lang == "en" else f"（{parts[value].name}）"
        elif key == "parts" and parts and isinstance(value, (list, tuple)):
            shown = (", " if lang == "en" else "、").join(
                f"{v} ({parts[v].name})" if lang == "en" and v in parts else
                f"{v}（{parts[v].name}）" if v in parts else str(v) for v in value)
        if lang == "en":
            lines.append(f"{key}: {shown}" + (f"  — {meaning}" if meaning else ""))
        else:
            label = meaning.split("：", 1)[0] if meaning else key
            note = meaning.split("：", 1)[1] if "：" in meaning else ""
            if not meanings.get(key):  # no Chinese words for it: the key itself
                label, note = key, ""
            lines.append(f"{label}（{key}）：{shown}" + (f"  —— {note}" if note else ""))
    return lines
