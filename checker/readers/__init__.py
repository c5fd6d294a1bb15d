"""Read a file into a Document: format by content (magic bytes), then by extension.

One module per format; heavy libraries (python-docx, pypdfium2, ...) are imported only by
the module of their format, and that module only when a file of that format is read.
"""
from __future__ import annotations

import importlib
import os
import re

from checker.errors import InputError
from checker.model import Document

MAX_FILE_BYTES = 100 * 1024 * 1024

# format -> module under checker.readers with read(path, data, fmt) -> Document
READERS = {
    "txt": "plain",
    "md": "plain",
    "docx": "docx",
    "pdf": "pdf",
    "html": "html",
    "mht": "html",
    "doc": "office",
    "wps": "office",
    "ofd": "ofd",
}

_EXTENSIONS = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
    ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html", ".shtml": "html",
    ".mht": "mht", ".mhtml": "mht", ".doc": "doc", ".wps": "wps", ".ofd": "ofd",
}


_PAGE_TAG = re.compile(rb"<(?:!doctype|html|head|body|meta|title|div|p|table|span|br|h[1-6]|font|center|section|"
                       rb"article|ul|ol|li|a|!--)[\s>/]")
# formats a file's name may claim; when its bytes are none of them (nor text), it is damaged
_BINARY_NAMES = {"docx": ("Word", "Word (.docx)"), "pdf": ("PDF", "PDF"), "ofd": ("OFD", "OFD"),
                 "doc": ("Word", "Word (.doc)"), "wps": ("WPS", "WPS (.wps)")}


def sniff(data: bytes, path: str) -> str:
    """The format of ``data``: its magic bytes win over the file name's extension."""
    ext = os.path.splitext(path)[1].lower()
    by_ext = _EXTENSIONS.get(ext, "txt")
    head = data[:4096]
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:  # readers accept junk before the header
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(data, by_ext)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: .doc / .wps
        return by_ext if by_ext in ("doc", "wps") else "doc"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(b"mime-version:") or (by_ext == "mht" and b"mime" in lowered[:400]):
        return "mht"
    if b"\nmime-version:" in lowered[:2048] and b"multipart/related" in lowered:  # a saved .mht
        return "mht"
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in lowered:
        return "html"
    if lowered.startswith(b"<") and re.search(rb"<(?:html|head|body)[\s>]", lowered):
        return "html"  # a page that opens with a comment or a stray tag
    if by_ext == "html":
        # named .html: a page only if its content says so (random bytes named .html once got a
        # gap table, score 9.2); a tag of a page in the first 4 KB is enough
        if _PAGE_TAG.search(lowered):
            return "html"
        raise InputError("内容不是网页（HTML），无法按网页读取；如果是文本，请改用 .txt 扩展名",
                         "the content is not a web page (HTML); if it is text, name it .txt")
    if by_ext in ("docx", "pdf", "ofd", "doc", "wps", "mht"):
        # named as a binary format but not one: read it as text if it decodes
        return "txt"
    return by_ext


def _sniff_zip(data: bytes, by_ext: str) -> str:
    import io
    import zipfile  # lazy: ~3 ms of a cold check that reads no zip package

    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, EOFError, OSError):
        raise InputError("文件已损坏（无法解压）", "the file is damaged (not a valid zip package)")
    if "word/document.xml" in names:
        return "docx"
    if "OFD.xml" in names or any(n.lower() == "ofd.xml" for n in names):
        return "ofd"
    if by_ext in ("docx", "ofd"):
        return by_ext
    raise InputError("不支持的压缩文件格式（不是 .docx 或 .ofd）",
                     "unsupported zip package (neither .docx nor .ofd)")


def read_bytes(path: str, data: bytes) -> Document:
    """Turn the bytes of one file into a Document. ``path`` is only used for naming."""
    if not data.strip():
        raise InputError(f"{path}：文件为空", f"{path}: the file is empty")
    try:
        fmt = sniff(data, path)
    except InputError as exc:
        raise InputError(f"{path}：{exc.zh}", f"{path}: {exc.en}") from None
    module_name = READERS[fmt]
    try:
        module = importlib.import_module(f"checker.readers.{module_name}")
    except ModuleNotFoundError as exc:
        if exc.name and not exc.name.startswith("checker"):
            raise InputError(f"{path}：读取 .{fmt} 文件需要安装 {exc.name}（pip install {exc.name}）",
                             f"{path}: reading .{fmt} files needs {exc.name} (pip install {exc.name})") from None
        raise InputError(f"{path}：暂不支持 .{fmt} 格式", f"{path}: the .{fmt} format is not supported yet") from None
    try:
        document = module.read(path, data, fmt)
    except InputError:
        named = _BINARY_NAMES.get(_EXTENSIONS.get(os.path.splitext(path)[1].lower(), ""))
        if fmt == "txt" and named:  # a .docx that is neither a Word package nor text: a damaged file
            raise InputError(f"{path}：不是有效的 {named[0]} 文件（文件已损坏，或不是这种格式）",
                             f"{path}: not a valid {named[1]} file (damaged, or not that format)") from None
        raise
    except (Exception, RecursionError) as exc:  # a hostile file must not end in a traceback
        raise InputError(f"{path}：无法读取这个 .{fmt} 文件（文件可能已损坏：{type(exc).__name__}）",
                         f"{path}: cannot read this .{fmt} file (probably damaged: {type(exc).__name__}: {exc})"
                         ) from exc
    from checker.readers.bounded import check_line_count

    check_line_count(path, len(document.lines))  # every format (a .docx of empty paragraphs too)
    if not any(line.strip() for line in document.lines):
        raise InputError(f"{path}：文件中没有可读的文字", f"{path}: the file holds no readable text")
    return document


def read_path(path: str) -> Document:
    """Read a file from disk ('-' is standard input). Raises InputError with a clear message.

    Only a regular file is read, and at most MAX_FILE_BYTES of it (checker.readers.bounded):
    a FIFO, a device or a socket named like a report is refused at once, never waited on.
    """
    import sys

    from checker.readers.bounded import read_regular, read_stream

    if path == "-":
        return read_bytes("-", read_stream(sys.stdin.buffer, MAX_FILE_BYTES))
    if os.path.isdir(path):
        raise InputError(f"{path}：这是一个文件夹，请给出报告文件（批量检查请用 fzcheck batch）",
                         f"{path}: is a folder; give a report file (use fzcheck batch for folders)")
    return read_bytes(path, read_regular(path, MAX_FILE_BYTES, ("报告文件", "report file")))
