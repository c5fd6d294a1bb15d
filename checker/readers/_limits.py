"""Safety limits shared by the readers of hostile input (zip packages, PDFs).

A .docx or .ofd is a zip package: its central directory tells each entry's uncompressed
size (ZipInfo.file_size) before anything is decompressed, so a zip bomb is refused at
once. ``zipfile`` never returns more than an entry's declared size, and ``read_entry``
reads at most the cap, so a lying header cannot blow up memory either.
"""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
import zlib

from checker.errors import InputError

MAX_ZIP_ENTRIES = 10_000
MAX_ZIP_TOTAL = 512 * 1024 * 1024  # sum of declared uncompressed sizes
MAX_XML_PART = 64 * 1024 * 1024  # one XML part that is parsed
MAX_PDF_PAGES = 500
MAX_EXTRACT_SECONDS = 60.0


def open_zip(data: bytes, path: str, kind: str) -> zipfile.ZipFile:
    """Open a zip package after checking its declared entry count and sizes."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, EOFError,
            OSError) as exc:
        raise InputError(f"{path}：{kind} 文件已损坏（无法解压）",
                         f"{path}: the {kind} file is damaged ({exc})") from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise InputError(f"{path}：{kind} 文件包含的条目过多（{len(infos)} 个，上限 {MAX_ZIP_ENTRIES}），拒绝读取",
                         f"{path}: the {kind} package has too many entries "
                         f"({len(infos)}, limit {MAX_ZIP_ENTRIES}); refused")
    total = sum(info.file_size for info in infos)
    if total > MAX_ZIP_TOTAL:
        raise InputError(f"{path}：{kind} 文件解压后过大（{total // 1048576} MB，上限 "
                         f"{MAX_ZIP_TOTAL // 1048576} MB），疑似压缩炸弹，拒绝读取",
                         f"{path}: the {kind} package would unpack to {total // 1048576} MB "
                         f"(limit {MAX_ZIP_TOTAL // 1048576} MB), a likely zip bomb; refused")
    return archive


def read_entry(archive: zipfile.ZipFile, name: str, path: str, kind: str,
               limit: int = MAX_XML_PART) -> bytes | None:
    """The bytes of one entry (None when absent), refusing entries over ``limit``."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limit:
        raise InputError(f"{path}：{kind} 文件中的 {name} 过大（{info.file_size // 1048576} MB），拒绝读取",
                         f"{path}: {name} in the {kind} package is too large "
                         f"({info.file_size // 1048576} MB); refused")
    try:
        with archive.open(info) as stream:
            payload = stream.read(limit + 1)
    except RuntimeError:  # an encrypted entry
        raise InputError(f"{path}：{kind} 文件已加密，无法读取",
                         f"{path}: the {kind} package is encrypted") from None
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, ValueError, EOFError, OSError) as exc:
        raise InputError(f"{path}：{kind} 文件已损坏（{name} 无法解压）",
                         f"{path}: the {kind} file is damaged ({name}: {exc})") from None
    if len(payload) > limit:
        raise InputError(f"{path}：{kind} 文件中的 {name} 过大，拒绝读取",
                         f"{path}: {name} in the {kind} package is too large; refused")
    return payload


def parse_xml(payload: bytes, name: str, path: str, kind: str) -> ET.Element:
    """Parse one XML part; a malformed part is a clear InputError.

    The standard library's expat refuses entity-expansion bombs ("billion laughs") since
    expat 2.4.1, and never fetches external entities.
    """
    if b"<!ENTITY" in payload[:4096]:
        raise InputError(f"{path}：{kind} 文件中的 {name} 含有实体声明，拒绝读取",
                         f"{path}: {name} in the {kind} package declares entities; refused")
    try:
        return ET.fromstring(payload)
    except ET.ParseError as exc:
        raise InputError(f"{path}：{kind} 文件已损坏（{name} 不是有效的 XML）",
                         f"{path}: the {kind} file is damaged ({name}: {exc})") from None
