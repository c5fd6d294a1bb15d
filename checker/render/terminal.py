"""Terminal safety: text from a document, a file name or a pack never carries control characters
to a terminal, a Markdown file or a GitHub log.

A report may hold ``\\x1b[2J`` (clears the screen), an OSC 8 hyperlink or an OSC 0 window title,
and a file name may too; printed as they are, the terminal obeys them. Every C0 control
character (except tab and, where the output has lines, newline), DEL and every C1 control
character (U+0080–U+009F, which some terminals read as 8-bit escapes) is replaced by a visible
placeholder: ESC becomes ``␛`` and the other C0 characters their Control Pictures (``␀`` …
``␟``, ``␍`` for a carriage return that would overwrite the line), DEL ``␡``, a C1 character its
escape ``\\x9b``. An escape sequence thus shows as ``␛[2J``: harmless, and visibly there.

Used at the render boundary: on the model objects before the table, Markdown and GitHub
renderers see them (``clean_model``), on every line written to stderr (``clean_line``), and on
JSON text, where a C1 character becomes its ``\\u`` escape (the same JSON value). Rich-markup
escaping is the renderers' own business and is left as it is.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Any

_TABLE = {code: chr(0x2400 + code) for code in range(0x20)}
_TABLE[0x1B] = "\u241b"  # ␛
_TABLE[0x7F] = "\u2421"  # ␡
_TABLE.update({code: f"\\x{code:02x}" for code in range(0x80, 0xA0)})
_KEEP_LINES = {**_TABLE}
del _KEEP_LINES[0x09], _KEEP_LINES[0x0A]  # tab and newline: the output's own layout
_ONE_LINE = {**_TABLE}
del _ONE_LINE[0x09]
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_C1 = re.compile("[\x80-\x9f]")


def clean(text: str, lines: bool = True) -> str:
    """``text`` with its control characters shown as placeholders; ``lines=False`` shows a
    newline too (a file name, a one-line message)."""
    if not _UNSAFE.search(text):
        return text
    cleaned = text.translate(_KEEP_LINES if lines else _ONE_LINE)
    return text if cleaned == text else cleaned  # a newline kept: the same object, no copy of what holds it


def clean_line(text: str) -> str:
    """One line for stderr: newlines inside it are shown, not obeyed (a file name cannot forge
    a second line)."""
    return clean(text, lines=False)


def clean_json(text: str) -> str:
    """JSON text with raw C1 characters written as ``\\u`` escapes (json.dumps with
    ensure_ascii=False escapes C0 but leaves C1 raw). The parsed value is unchanged."""
    if not _C1.search(text):
        return text
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_ATOMS = (int, float, bool, type(None))
_INIT_FIELDS: dict[type, tuple[str, ...]] = {}  # dataclass -> its init fields (looked up once per type)


def _init_fields(kind: type) -> tuple[str, ...]:
    names = _INIT_FIELDS.get(kind)
    if names is None:
        names = _INIT_FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind) if f.init)
    return names


def clean_model(value: Any, _depth: int = 0) -> Any:
    """A copy of ``value`` — a model dataclass, a tuple, list or dict of them, a string — with
    every string cleaned. Objects without strings come back as they are (no copy). Walked once
    per batch over every finding of every report (5,000 reports: ~1 million values), so the
    type tests are cheap ones first and each dataclass's fields are looked up once."""
    kind = type(value)
    if kind is str:
        return clean(value) if _UNSAFE.search(value) else value
    if kind in _ATOMS or _depth > 20:
        return value
    if isinstance(value, str):
        return clean(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for name in _init_fields(kind):
            old = getattr(value, name)
            new = clean_model(old, _depth + 1)
            if new is not old:
                changes[name] = new
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, (tuple, list)):
        items = [clean_model(item, _depth + 1) for item in value]
        if all(a is b for a, b in zip(items, value)):
            return value
        return kind(items) if isinstance(value, list) or kind is tuple else value
    if isinstance(value, dict):
        items = {clean_model(k, _depth + 1): clean_model(v, _depth + 1) for k, v in value.items()}
        if all(k in value and value[k] is v for k, v in items.items()) and len(items) == len(value):
            return value
        return items
    return value
