"""Plain text and Markdown (.txt, .md, stdin)."""
from __future__ import annotations

from checker.model import Document
from checker.readers.bounded import check_line_count
from checker.readers.encoding import decode_text


def read(path: str, data: bytes, fmt: str = "txt") -> Document:
    text, encoding = decode_text(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    check_line_count(path, text.count("\n") + 1)  # before the split: 100 MB of newlines is 100 million lines
    heading_levels = {}
    lines = tuple(text.split("\n"))
    if fmt == "md":
        # Markdown headings are the author's own structure: '## 二、存在的不足' → level 2.
        for number, line in enumerate(lines, 1):
            stripped = line.lstrip()
            if stripped.startswith("#"):
                hashes = len(stripped) - len(stripped.lstrip("#"))
                if 1 <= hashes <= 6 and stripped[hashes:hashes + 1] in (" ", "\t"):
                    heading_levels[number] = hashes
    return Document(path=path, lines=lines, format=fmt, encoding=encoding,
                    heading_levels=heading_levels)
