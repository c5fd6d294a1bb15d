"""OFD (GB/T 33190), the national fixed-layout format of many official attachments.

A zip package: OFD.xml → DocBody/DocRoot (Doc_0/Document.xml) → Pages/Page@BaseLoc →
each page's Content.xml, whose TextObject/TextCode elements place text by coordinates.

The package's declared sizes are checked first (zip bombs are refused before anything is
decompressed). Then ofdkit (Apache-2.0, standard library only) reads the text in reading
order, templates and composite objects included. Without ofdkit a small reader below
takes the page XML with xml.etree: TextCodes in order, grouped into lines by their Y
coordinate and sorted by X within a line (templates are not read there).
"""
from __future__ import annotations

import posixpath
import re

from checker.errors import InputError
from checker.model import Document
from checker.readers._docx_numbering import attr, local
from checker.readers._limits import open_zip, parse_xml, read_entry

_KIND = "OFD"


def _pages_with_ofdkit(path: str, data: bytes) -> list[list[str]] | None:
    try:
        import ofdkit
    except ImportError:
        return None
    try:
        with ofdkit.open(data) as document:
            return [[line.strip() for line in page.text().split("\n")] for page in document.pages]
    except ofdkit.OFDLimitError as exc:
        raise InputError(f"{path}：OFD 文件超出安全限制，拒绝读取", f"{path}: the OFD file exceeds a safety limit ({exc})") from None
    except ofdkit.OFDError as exc:
        raise InputError(f"{path}：OFD 文件已损坏，无法读取", f"{path}: the OFD file is damaged ({exc})") from None
    except (ValueError, KeyError, IndexError, TypeError, OSError, EOFError, RecursionError):
        return None  # ofdkit stumbled on a malformed package: the plain reader below tries it


def _numbers(value: str | None) -> list[float]:
    out = []
    for token in (value or "").replace(",", " ").split():
        try:
            out.append(float(token))
        except ValueError:
            continue
    return out


def _resolve(names: set[str], base: str, location: str) -> str | None:
    location = (location or "").strip().replace("\\", "/")
    if not location:
        return None
    candidates = [location.lstrip("/")] if location.startswith("/") else \
        [posixpath.normpath(posixpath.join(posixpath.dirname(base), location)), location]
    lowered = {name.lower(): name for name in names}
    for candidate in candidates:
        if candidate in names:
            return candidate
        if candidate.lower() in lowered:
            return lowered[candidate.lower()]
    return None


def _pages_with_stdlib(path: str, archive) -> list[list[str]]:
    names = set(archive.namelist())
    ofd_name = _resolve(names, "", "OFD.xml")
    if ofd_name is None:
        raise InputError(f"{path}：不是 OFD 文件（缺少 OFD.xml）", f"{path}: not an OFD file (OFD.xml is missing)")
    root = parse_xml(read_entry(archive, ofd_name, path, _KIND), ofd_name, path, _KIND)
    doc_roots = [item.text or "" for item in root.iter() if local(item.tag) == "DocRoot"]
    if not doc_roots:
        raise InputError(f"{path}：OFD 文件没有文档（缺少 DocRoot）", f"{path}: the OFD file has no DocRoot")
    doc_name = _resolve(names, ofd_name, doc_roots[0])
    if doc_name is None:
        raise InputError(f"{path}：OFD 文件已损坏（找不到 {doc_roots[0]}）",
                         f"{path}: the OFD file is damaged ({doc_roots[0]} is missing)")
    document = parse_xml(read_entry(archive, doc_name, path, _KIND), doc_name, path, _KIND)
    pages = []
    for item in document.iter():
        if local(item.tag) != "Page":
            continue
        page_name = _resolve(names, doc_name, attr(item, "BaseLoc") or "")
        if page_name is None:
            pages.append([])
            continue
        page = parse_xml(read_entry(archive, page_name, path, _KIND), page_name, path, _KIND)
        pages.append(_page_lines(page))
    return pages


def _page_lines(page) -> list[str]:
    runs: list[tuple[float, float, float, str]] = []  # (y, x, size, text)
    for obj in page.iter():
        if local(obj.tag) != "TextObject":
            continue
        box = _numbers(attr(obj, "Boundary")) + [0.0, 0.0]
        size = (_numbers(attr(obj, "Size")) or [3.5])[0]
        ctm = _numbers(attr(obj, "CTM"))
        for code in obj:
            if local(code.tag) != "TextCode" or not (code.text or "").strip():
                continue
            x, y = (_numbers(attr(code, "X")) or [0.0])[0], (_numbers(attr(code, "Y")) or [0.0])[0]
            if len(ctm) == 6:
                x, y = ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5]
            runs.append((box[1] + y, box[0] + x, size, code.text))
    runs.sort()
    lines: list[list[tuple[float, float, float, str]]] = []
    for run in runs:
        if lines and abs(run[0] - lines[-1][0][0]) <= 0.5 * max(min(run[2], lines[-1][0][2]), 1.0):
            lines[-1].append(run)
        else:
            lines.append([run])
    return ["".join(text for _, _, _, text in sorted(line, key=lambda r: r[1])).strip() for line in lines]


def read(path: str, data: bytes, fmt: str = "ofd") -> Document:
    archive = open_zip(data, path, _KIND)  # refuses bombs before ofdkit decompresses anything
    pages = _pages_with_ofdkit(path, data)
    if pages is None:
        try:
            pages = _pages_with_stdlib(path, archive)
        except (ValueError, KeyError, IndexError, TypeError, OSError, EOFError):
            raise InputError(f"{path}：OFD 文件已损坏，无法读取", f"{path}: the OFD file is damaged") from None
    lines: list[str] = []
    locations: list[str] = []
    for page_no, page in enumerate(pages, 1):
        kept = 0
        for line in page:
            if not line or re.fullmatch(r"[—–\-－−―\s]*\d{1,4}[—–\-－−―\s]*", line):
                continue  # blank separators and page numbers
            kept += 1
            lines.append(line)
            locations.append(f"第{page_no}页第{kept}行")
    return Document(path=path, lines=tuple(lines), format="ofd", encoding=None, locations=tuple(locations))
