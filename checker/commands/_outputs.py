"""Writing an output file (``--format FORMAT:FILE``, ``--write-baseline``, ``batch --out``) without
destroying anything.

The rule (docs/ci.md, docs/batch.md): fzcheck writes a file only when it is new, or when it is
a regular file fzcheck wrote before, recognised by its content (the check JSON, SARIF, JUnit,
Markdown, GitHub or table output, a baseline, a batch export: each names fzcheck or has its
shape); never a report being checked (compared by device and inode, so a hard link or another
spelling of the path is caught); never a read-only file; never a symlink, a folder, a FIFO or a
device (``/dev/full`` stays a device). It writes through a temporary file in the same folder,
renamed over the target only when complete, and removed on any failure.

``guard`` checks targets before the work starts (a refused output costs no batch); ``write``
checks again right before writing.
"""
from __future__ import annotations

import os
import re
import stat
from typing import Iterable, Sequence

from checker.errors import CheckerError

_HEAD = 64 * 1024  # how much of an existing file is read to recognise it
_CONTRACT = re.compile(r'^\{\s*"version":\s*1,\s*"pack":\s*\{')  # check --format json, batch .json


def _say(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def identities(paths: Iterable[str]) -> set[tuple[int, int]]:
    """(device, inode) of each existing input: the same file under any name, hard links too."""
    found = set()
    for path in paths:
        if path == "-":
            continue
        try:
            info = os.stat(path)
        except (OSError, ValueError):
            continue
        found.add((info.st_dev, info.st_ino))
    return found


def written_by_fzcheck(path: str) -> bool:
    """Whether the regular file ``path`` holds something fzcheck writes (by its content)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        head = os.read(fd, _HEAD)
    except OSError:
        return False
    finally:
        os.close(fd)
    if not head:
        return True  # an empty file holds nothing to lose (an earlier run cut short)
    if head.startswith(b"PK\x03\x04"):
        return _our_workbook(path)
    try:
        text = head.decode("utf-8", errors="strict" if len(head) < _HEAD else "ignore").lstrip("\ufeff")
    except UnicodeDecodeError:
        return False
    from checker.review.model import EXPORT_MARKER

    return (text.startswith("::stop-commands::fzcheck-")  # github
            or text.startswith("## fzcheck")  # markdown
            or '<testsuites name="fzcheck"' in text[:1000]  # junit
            or EXPORT_MARKER in text[:4096]  # batch .html
            or bool(_CONTRACT.match(text))  # check json, batch .json
            or (text.startswith("{") and ('"name": "fzcheck"' in text or '"tool": "fzcheck"' in text))  # sarif, baseline
            or text.startswith(("排名,文件,", "Rank,File,"))  # batch .csv
            or ("要素" in text[:4000] and "证据 / 说明" in text[:4000])  # the gap table
            or ("Element" in text[:4000] and "Evidence / note" in text[:4000]))


def _our_workbook(path: str) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("docProps/core.xml")
            if info.file_size > _HEAD:
                return False
            return b"<dc:creator>fzcheck</dc:creator>" in archive.read(info).replace(
                b' xmlns:dc="http://purl.org/dc/elements/1.1/"', b"")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, RuntimeError):
        return False


def refusal(target: str, inputs: set[tuple[int, int]], lang: str, force: bool = False) -> str | None:
    """Why ``target`` must not be written, or None. ``force`` (``init --force``, the user's own
    explicit word) allows replacing a regular file fzcheck did not write."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return _say(lang, f"无法写入 {target}（{exc.strerror}）", f"cannot write {target} ({exc.strerror})")
    if stat.S_ISLNK(info.st_mode):
        return _say(lang, f"不会写入 {target}：它是一个符号链接（请给出实际的文件名）",
                    f"will not write {target}: it is a symbolic link (give the real file name)")
    if stat.S_ISDIR(info.st_mode):
        return _say(lang, f"输出路径是一个文件夹：{target}", f"the output path is a folder: {target}")
    if not stat.S_ISREG(info.st_mode):
        return _say(lang, f"不会写入 {target}：它是设备、命名管道或套接字，不是普通文件",
                    f"will not write {target}: it is a device, a pipe or a socket, not a regular file")
    if (info.st_dev, info.st_ino) in inputs:
        return _say(lang, f"不会覆盖要检查的报告：{target}（同一个文件，硬链接也算；请换一个输出文件名）",
                    f"will not overwrite a report being checked: {target} (the same file, hard links "
                    f"included; choose another output file)")
    if not os.access(target, os.W_OK) or not info.st_mode & 0o222:
        return _say(lang, f"不会写入只读文件：{target}（请换一个文件名，或先去掉只读属性）",
                    f"will not write a read-only file: {target} (choose another name, or make it writable first)")
    if not force and not written_by_fzcheck(target):
        return _say(lang, f"不会覆盖不是 fzcheck 写的文件：{target}（请换一个文件名，或先删除它）",
                    f"will not overwrite a file fzcheck did not write: {target} (choose another name, or "
                    f"delete it first)")
    return None


def guard(targets: Sequence[str], inputs: Iterable[str], lang: str) -> None:
    """Raise CheckerError (one line) for the first target that must not be written."""
    ids = identities(inputs)
    for target in targets:
        reason = refusal(target, ids, lang)
        if reason:
            raise CheckerError(reason)


def write(target: str, data: bytes, inputs: Iterable[str] = (), lang: str = "zh", make_folder: bool = False,
          force: bool = False) -> None:
    """Write ``data`` to ``target`` under the rule above; a temporary file in the same folder is
    renamed over it when complete and removed on any failure."""
    reason = refusal(target, identities(inputs), lang, force)
    if reason:
        raise CheckerError(reason)
    folder = os.path.dirname(os.path.abspath(target))
    temporary = None
    try:
        if make_folder:
            os.makedirs(folder, exist_ok=True)
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)  # an earlier output keeps its mode
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        import tempfile  # lazy: ~3 ms of every cold check that writes no file

        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(target)}.", suffix=".fzcheck-tmp")
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
        os.replace(temporary, target)
        temporary = None
    except OSError as exc:
        raise CheckerError(_say(lang, f"无法写入文件：{target}（{exc.strerror or exc}）",
                                f"cannot write file: {target} ({exc.strerror or exc})")) from None
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass
