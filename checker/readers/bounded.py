"""Reading a file that may be hostile: only regular files, never more than a byte bound.

Every file fzcheck reads from a path — a report, a pack, a ``.fzcheck.yaml``, a baseline —
goes through ``read_regular``. Why not ``open().read()``:

* a FIFO named ``p.txt`` blocks ``open`` until a writer comes, forever; ``/dev/zero`` has a
  size of 0 and reads without end. So the file is opened with ``O_NONBLOCK`` (opening a FIFO
  then returns at once), and ``fstat`` on the open descriptor — not a ``stat`` of the name,
  which may change in between — must say "regular file" before a byte is read;
* ``getsize`` is no bound (a file may grow while it is read): at most ``limit + 1`` bytes are
  read, and one byte over the limit refuses the file;
* ``os.path.exists`` is False for a symlink loop and for a dangling link alike, so the
  ``errno`` of the failed open names the true cause.

Messages are (Chinese, English) pairs; ``what`` names the kind of file in both languages.
"""
from __future__ import annotations

import errno
import os
import stat
from typing import Callable

from checker.errors import CheckerError, InputError

MiB = 1024 * 1024


def _kind_of(mode: int) -> tuple[str, str] | None:
    """(zh, en) name of a special file, None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "文件夹", "a folder"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）", "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "套接字", "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件", "a device"
    return "特殊文件", "a special file"


def _open_error(path: str, exc: OSError) -> tuple[str, str]:
    """What went wrong opening ``path``, by errno (a loop is not a missing file)."""
    code = exc.errno
    if code == errno.ELOOP:
        return "符号链接循环（链接最终又指回自己），无法打开", "a symbolic link loop (the link points back to itself)"
    if code == errno.ENOENT:
        if os.path.islink(path):
            return "符号链接指向的文件不存在", "a broken symbolic link (its target does not exist)"
        return "文件不存在", "no such file"
    if code in (errno.EACCES, errno.EPERM):
        return "没有读取权限", "permission denied"
    if code == errno.ENXIO:  # a socket (or a FIFO opened without a writer, which O_NONBLOCK avoids)
        return "这是套接字或设备，不是普通文件", "it is a socket or a device, not a regular file"
    if code == errno.EISDIR:
        return "这是一个文件夹", "is a folder"
    if code == errno.ENAMETOOLONG:
        return "文件名过长", "the file name is too long"
    if code == errno.ENOTDIR:
        return "路径中有一部分不是文件夹", "a part of the path is not a folder"
    reason = exc.strerror or str(exc)
    return f"无法读取（{reason}）", f"cannot read ({reason})"


# A report runs to a few thousand lines (a 500-page PDF to ~25,000). A file of millions of lines
# — blank-line padding, a broken export — is no report, and each line costs the checker time
# and memory (2 million blank lines: 2.4 s and 240 MB; 20 million took 26 s and 2 GB).
MAX_LINES = 2_000_000


def check_line_count(path: str, count: int) -> None:
    """Refuse a document of more than MAX_LINES lines, with one clear line."""
    if count > MAX_LINES:
        raise InputError(f"{path}：共 {count:,} 行，超过 {MAX_LINES:,} 行的上限，不像一份报告（可能是导出或转换出错、"
                         "填充了大量空行），拒绝读取",
                         f"{path}: {count:,} lines, over the limit of {MAX_LINES:,}: not a report (a broken export "
                         "or conversion, or padding); refused")


def read_regular(path: str, limit: int, what: tuple[str, str] = ("文件", "file"),
                 error: Callable[[str, str], CheckerError] = InputError) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Raises ``error(zh, en)`` — one line naming ``path`` — for a missing file, a loop, a folder,
    a FIFO, a device, a socket, a file over the limit or one that cannot be read.
    """
    zh_what, en_what = what
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
                     | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        zh, en = _open_error(path, exc)
        raise error(f"{path}：{zh}", f"{path}: {en}") from None
    try:
        info = os.fstat(fd)
        kind = _kind_of(info.st_mode)
        if kind is not None:
            if stat.S_ISDIR(info.st_mode):
                raise error(f"{path}：这是一个文件夹，不是{zh_what}", f"{path}: is a folder, not a {en_what}")
            raise error(f"{path}：这是{kind[0]}，不是普通文件，拒绝读取",
                        f"{path}: is {kind[1]}, not a regular file; refused")
        if info.st_size > limit:
            raise error(_too_large_zh(path, info.st_size, limit), _too_large_en(path, info.st_size, limit))
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(limit + 1 - total, 4 * MiB))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:  # it grew while being read
            raise error(_too_large_zh(path, total, limit), _too_large_en(path, total, limit))
        return b"".join(chunks)
    except OSError as exc:
        zh, en = _open_error(path, exc)
        raise error(f"{path}：{zh}", f"{path}: {en}") from None
    finally:
        os.close(fd)


def read_utf8(path: str, limit: int, what: tuple[str, str], error: type[CheckerError], shown: str | None = None,
              encoding: str = "utf-8") -> str:
    """A small UTF-8 file of the tool's own (a config, a baseline): ``read_regular`` within
    ``limit``, then decoded; every failure is one ``error`` naming it as ``shown``
    ("无法读取配置文件：…（不是 UTF-8 文本：…）")."""
    zh_what, en_what = what
    shown = shown or path
    raw = read_regular(path, limit, what,
                       error=lambda zh, en: error(f"无法读取{zh_what}：{zh}", f"cannot read {en_what}: {en}"))
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise error(f"无法读取{zh_what}：{shown}（不是 UTF-8 文本：{exc.reason}）",
                    f"cannot read {en_what}: {shown} (not UTF-8 text: {exc.reason})") from None


def read_stream(stream, limit: int, name: str = "-", error: Callable[[str, str], CheckerError] = InputError) -> bytes:
    """At most ``limit`` bytes of an open stream (standard input); more is refused."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise error(_too_large_zh(name, len(data), limit, more=True), _too_large_en(name, len(data), limit, more=True))
    return data


def _size(size: int) -> str:
    return f"{size // MiB} MB" if size >= MiB else f"{size // 1024} KB"


def _too_large_zh(path: str, size: int, limit: int, more: bool = False) -> str:
    # the wording of the size check the readers had before (tests and serve quote it)
    return f"{path}：文件过大（{'超过 ' if more else ''}{_size(size)}，上限 {_size(limit)}）"


def _too_large_en(path: str, size: int, limit: int, more: bool = False) -> str:
    return f"{path}: file too large ({'over ' if more else ''}{_size(size)}, limit {_size(limit)})"
