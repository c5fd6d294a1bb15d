"""One way to cite a place in a report, for every reader and both languages.

    .txt .md .html …   第12行        line 12
    .docx              第8段          paragraph 8          (Word's paragraphs, empty ones counted)
                       第8段（文本框）  paragraph 8 (text box)
                       第2个表格第3行   table 2, row 3
    .pdf .ofd          第1页第12行     page 1, line 12

A citation is the place, a separator (``：`` / ``: ``) and the snippet: ``第1页第12行：…实施执法
公示制度…``. The readers give places in the Chinese form above (``Document.locations``); the
engine turns every evidence's place into the report's language (``Evidence.location``), so the
table, the JSON, the Markdown, SARIF, JUnit and the local page all cite alike.
"""
from __future__ import annotations

import re

SEPARATOR = {"zh": "：", "en": ": "}

_FORMS = (  # (kind, Chinese pattern, English pattern)
    ("page", r"第(\d+)页第(\d+)行", r"page (\d+), line (\d+)"),
    ("box", r"第(\d+)段（文本框）", r"paragraph (\d+) \(text box\)"),
    ("table", r"第(\d+)个表格第(\d+)行", r"table (\d+), row (\d+)"),
    ("paragraph", r"第(\d+)段", r"paragraph (\d+)"),
    ("line", r"第(\d+)行", r"line (\d+)"),
)
_TEXT = {
    "zh": {"page": "第{0}页第{1}行", "box": "第{0}段（文本框）", "table": "第{0}个表格第{1}行", "paragraph": "第{0}段",
           "line": "第{0}行"},
    "en": {"page": "page {0}, line {1}", "box": "paragraph {0} (text box)", "table": "table {0}, row {1}",
           "paragraph": "paragraph {0}", "line": "line {0}"},
}
_COMPILED = [(kind, re.compile(zh + "$"), re.compile(en + "$")) for kind, zh, en in _FORMS]


def parse(location: str | None) -> tuple[str, tuple[int, ...]] | None:
    """``("page", (1, 12))`` for 第1页第12行 or page 1, line 12; None for anything else."""
    if not location:
        return None
    text = location.strip()
    for kind, zh, en in _COMPILED:
        match = zh.match(text) or en.match(text)
        if match:
            return kind, tuple(int(g) for g in match.groups())
    return None


def place(location: str | None, line: int | None, lang: str = "zh") -> str | None:
    """The place, in ``lang``: the reader's location when it has one, else the line (None when
    there is neither). A location of another form is kept as it is."""
    words = _TEXT["en" if lang == "en" else "zh"]
    parsed = parse(location)
    if parsed is not None:
        kind, numbers = parsed
        return words[kind].format(*numbers)
    if location:
        return location
    if line:
        return words["line"].format(line)
    return None


def cite(where: str | None, text: str | None, lang: str = "zh") -> str:
    """``第12行：…`` / ``line 12: …``; the place alone without a snippet, the snippet alone without a place."""
    if where and text:
        return where + SEPARATOR["en" if lang == "en" else "zh"] + text
    return where or text or ""
