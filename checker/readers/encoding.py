"""Decoding bytes of Chinese text.

Measured (design.md): BOM -> strict UTF-8 -> strict GB18030 decoded 600 of 600 samples of
every length, where chardet failed on short GBK samples. GB2312/GBK are never used: GB18030 is
their superset, and a "gb2312" page with "—" breaks under the narrower codecs.
"""
from __future__ import annotations

import codecs
import re

from checker.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding). Raises InputError for binary or undecodable bytes."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    # NUL bytes anywhere (99 MB of them after a page of text, say) mean binary content, which
    # is said as such, not as an encoding problem; bytes.count runs at memory speed.
    if b"\x00" in data[:8192] or data.count(b"\x00") > max(2, len(data) // 200):
        raise _binary(name)
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise _binary(name)
        return text, encoding
    raise InputError(f"{name}：无法识别文件编码（支持 UTF-8、GB18030/GBK）",
                     f"{name}: cannot decode the file (UTF-8 and GB18030/GBK are supported)")


def _binary(name: str) -> InputError:
    return InputError(f"{name}：不是文本文件（含二进制内容），无法读取", f"{name}: not a text file (binary content)")


_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")  # C0 but tab, newline, form feed and CR


def _looks_binary(text: str) -> bool:
    """Control characters other than tab/newline/CR/form feed in any number mean binary."""
    sample = text[:20000]
    return len(_CONTROL.findall(sample)) > max(2, len(sample) // 200)
