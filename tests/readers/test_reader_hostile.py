"""Hostile and unreadable files: every failure is one clear InputError (zh and en), quickly."""
from __future__ import annotations

import io
import time
import zipfile

import pytest

import formats_helper as fh
from checker.errors import InputError
from checker.readers import _limits, office, read_bytes, read_path
from checker.readers.pdf import _is_page_number, map_radicals


def _error(name: str, data: bytes) -> InputError:
    with pytest.raises(InputError) as caught:
        read_bytes(name, data)
    error = caught.value
    assert error.zh and error.en and "\n" not in error.zh and "\n" not in error.en
    return error


@pytest.mark.parametrize("name, entry", [("bomb.docx", "word/document.xml"), ("bomb.ofd", "OFD.xml")])
def test_zip_bomb_refused_before_decompression(name, entry):
    data = fh.zip_bomb(entry)
    assert len(data) < 100_000
    started = time.monotonic()
    error = _error(name, data)
    assert time.monotonic() - started < 1.0
    assert "压缩炸弹" in error.zh and "zip bomb" in error.en


def test_too_many_zip_entries(monkeypatch):
    monkeypatch.setattr(_limits, "MAX_ZIP_ENTRIES", 5)
    error = _error("many.docx", fh.to_docx())
    assert "条目过多" in error.zh and "too many entries" in error.en


def test_entry_lying_about_its_size_is_not_read_past_it():
    """A header that declares less than the data holds: zipfile stops at the declared size and
    the CRC check fails -> a damaged-file error, not an unbounded read."""
    import struct

    data = bytearray(fh.raw_docx(fh.p("正文" * 2000)))
    offset = data.find(b"PK\x01\x02")
    while offset != -1:
        if data[offset + 46:offset + 46 + 17] == b"word/document.xml":
            struct.pack_into("<I", data, offset + 24, 100)
        offset = data.find(b"PK\x01\x02", offset + 4)
    error = _error("liar.docx", bytes(data))
    assert "损坏" in error.zh


def test_damaged_and_foreign_zips():
    assert "损坏" in _error("broken.docx", b"PK\x03\x04" + b"\0" * 200).zh
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document><unclosed>")
    assert "XML" in _error("bad.docx", buffer.getvalue()).zh


def test_xml_entity_declarations_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>')
    assert "实体" in _error("entity.docx", buffer.getvalue()).zh


def test_image_only_pdf_needs_ocr():
    error = _error("scan.pdf", fh.to_pdf(text=False, image=True))
    assert "OCR" in error.zh and "needs OCR" in error.en


def test_garbled_pdf_needs_ocr(monkeypatch):
    from checker.readers import pdf

    monkeypatch.setattr(pdf, "extract_pages", lambda path, data: [["\ue001\ue002\ue003\ufffd\ufffd一"]])
    error = _error("garbled.pdf", b"%PDF-1.4\n")
    assert "needs OCR" in error.en


def test_encrypted_pdf():
    error = _error("locked.pdf", fh.to_pdf(encrypt="secret"))
    assert "加密" in error.zh and "encrypted" in error.en


def test_damaged_pdf():
    assert "损坏" in _error("broken.pdf", b"%PDF-1.7\n" + b"garbage " * 100).zh


def test_pdf_page_cap(monkeypatch):
    from checker.readers import pdf

    monkeypatch.setattr(pdf, "MAX_PDF_PAGES", 2)
    error = _error("long.pdf", fh.to_pdf())
    assert "页数过多" in error.zh and "too many pages" in error.en


def test_pdf_time_cap(monkeypatch):
    from checker.readers import pdf

    monkeypatch.setattr(pdf, "MAX_EXTRACT_SECONDS", -1.0)
    assert "timed out" in _error("slow.pdf", fh.to_pdf()).en


def test_radical_look_alikes_mapped_but_not_circled_numbers():
    assert map_radicals("执法⾏为 ⻓效机制 ⻔户网站 ①②") == "执法行为 长效机制 门户网站 ①②"
    assert map_radicals("没有部首") == "没有部首"


@pytest.mark.parametrize("line, edge, dropped", [
    ("— 3 —", False, True), ("- 3 -", False, True), ("－12－", False, True), ("第3页", False, True),
    ("第 3 页 共 10 页", False, True), ("共10页 第3页", False, True), ("3/10", False, True),
    ("Page 3 of 10", False, True), ("12", True, True), ("12", False, False),
    ("一、主要举措和成效", True, False), ("2024年12月20日", True, False), ("132件", True, False),
])
def test_page_number_lines(line, edge, dropped):
    assert _is_page_number(line, edge) is dropped


def test_empty_and_binary_inputs():
    assert "为空" in _error("empty.docx", b"   ").zh
    with pytest.raises(InputError):
        read_bytes("noise.pdf.txt", bytes(range(256)) * 10)


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as caught:
        read_path(str(tmp_path / "nope.docx"))
    assert "不存在" in caught.value.zh


# --------------------------------------------------------------------------- .doc / .wps
def test_doc_without_libreoffice_says_what_to_install(monkeypatch):
    monkeypatch.setattr(office, "find_soffice", lambda: None)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
    for name in ("old.doc", "old.wps"):
        error = _error(name, ole)
        assert "LibreOffice" in error.zh and "LibreOffice" in error.en


def test_password_protected_office_file():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "EncryptedPackage".encode("utf-16-le")
    assert "密码" in _error("locked.docx", ole).zh  # an encrypted .docx is an OLE2 container


def test_libreoffice_failure_is_clear(monkeypatch, tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(office, "find_soffice", lambda: str(fake))
    error = _error("broken.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    assert "无法转换" in error.zh and "could not be loaded" in error.en


@pytest.fixture(scope="module")
def binary_word(tmp_path_factory):
    """Our .docx (Word automatic numbering) saved as binary .doc by LibreOffice."""
    import subprocess

    if office.find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("office")
    source = folder / "report.docx"
    source.write_bytes(fh.to_docx(auto_numbering=True))
    subprocess.run([office.find_soffice(), f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                    "--headless", "--convert-to", "doc", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)
    return (folder / "report.doc").read_bytes()


@pytest.mark.parametrize("target", ["doc", "wps"])
def test_doc_and_wps_via_libreoffice(binary_word, tmp_path, target):
    """Read the binary file back through LibreOffice: the numbering survives the round trip.
    (.wps files from WPS Office are binary Word documents too.)"""
    converted = tmp_path / f"report.{target}"
    converted.write_bytes(binary_word)
    document = read_path(str(converted))
    assert document.format == target
    for heading in fh.HEADINGS:
        assert heading in document.lines


@pytest.mark.parametrize("name", ["a.docx", "a.pdf", "a.html", "a.ofd", "a.mht"])
def test_mutated_files_fail_cleanly(name):
    """Random byte damage: a Document or an InputError, never another exception."""
    import random

    build = {"a.docx": lambda: fh.to_docx(True), "a.pdf": fh.to_pdf, "a.html": lambda: fh.to_html("gb2312"),
             "a.ofd": fh.to_ofd, "a.mht": lambda: fh.to_mht(fh.to_html("gb2312"))}[name]
    original = build()
    rng = random.Random(20240)
    for _ in range(40):
        data = bytearray(original)
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            data = data[:rng.randrange(len(data))]
        try:
            read_bytes(name, bytes(data))
        except InputError:
            pass


def test_pdf_with_only_an_owner_password_is_read():
    """Copy/print restrictions without an open password: the text is read as usual."""
    document = read_bytes("restricted.pdf", fh.to_pdf(encrypt="owner:secret"))
    assert "一、主要举措和成效" in document.lines
