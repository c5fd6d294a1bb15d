"""Binary Word (.doc) and WPS (.wps): converted to .docx by LibreOffice, then read as .docx.

Binary Word is never parsed by hand. LibreOffice keeps automatic numbering when it writes
.docx, so the .docx reader renders 一、/（一） as printed. Each conversion uses its own
throw-away user profile (-env:UserInstallation), so concurrent runs do not collide.

One soffice call per file costs about a second of start-up; converting a whole batch in one
call is a later optimisation for the batch command.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from checker.errors import InputError
from checker.model import Document

CONVERT_TIMEOUT = 180  # seconds for one file, start-up included
_CANDIDATES = (
    "/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
# An Office file saved with a password is an OLE2 container holding "EncryptedPackage".
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in _CANDIDATES + tuple(glob.glob("/opt/libreoffice*/program/soffice")):
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def not_installed(path: str, fmt: str) -> InputError:
    return InputError(
        f"{path}：读取 .{fmt} 文件需要安装 LibreOffice（soffice），"
        f"或者在 Word/WPS 中另存为 .docx 后再检查",
        f"{path}: reading .{fmt} files needs LibreOffice (soffice) on the PATH "
        f"(e.g. apt-get install libreoffice-writer); or save the file as .docx in Word/WPS")


def convert_to_docx(path: str, data: bytes, fmt: str) -> bytes:
    soffice = find_soffice()
    if soffice is None:
        raise not_installed(path, fmt)
    with tempfile.TemporaryDirectory(prefix="fzcheck-office-") as workdir:
        source = Path(workdir, f"input.{fmt}")
        source.write_bytes(data)
        outdir = Path(workdir, "out")
        outdir.mkdir()
        profile = Path(workdir, "profile").as_uri()
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--invisible",
                   "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                   "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outdir), str(source)]
        try:
            result = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, timeout=CONVERT_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise InputError(f"{path}：LibreOffice 转换 .{fmt} 文件超时（{CONVERT_TIMEOUT} 秒）",
                             f"{path}: LibreOffice timed out converting the .{fmt} file "
                             f"({CONVERT_TIMEOUT} s)") from None
        except OSError as exc:
            raise InputError(f"{path}：无法启动 LibreOffice（{exc.strerror}）",
                             f"{path}: cannot start LibreOffice ({exc.strerror})") from None
        converted = outdir / "input.docx"
        if not converted.is_file():
            detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip().splitlines()
            raise InputError(f"{path}：LibreOffice 无法转换这个 .{fmt} 文件（文件可能已损坏）",
                             f"{path}: LibreOffice could not convert the .{fmt} file"
                             + (f" ({detail[-1]})" if detail else ""))
        return converted.read_bytes()


def read(path: str, data: bytes, fmt: str = "doc") -> Document:
    if _ENCRYPTED in data[:1 << 20] or _ENCRYPTED in data[-(1 << 16):]:
        raise InputError(f"{path}：文件设置了打开密码（已加密），请去掉密码后另存再检查",
                         f"{path}: the document is password-protected (encrypted); "
                         f"save an unprotected copy")
    from checker.readers import docx

    document = docx.read(path, convert_to_docx(path, data, fmt), "docx")
    return Document(path=path, lines=document.lines, format=fmt, encoding=None,
                    title_hint=document.title_hint, heading_levels=document.heading_levels,
                    locations=document.locations)
