"""The same synthetic report in every format reads as the same headings, numbering included."""
from __future__ import annotations

import re

import pytest

import formats_helper as fh
from checker.readers import read_bytes, read_path, sniff

pytest.importorskip("docx")
pytest.importorskip("reportlab")


def _compact(text: str) -> str:
    return re.sub(r"\s", "", text)


BUILDERS = {
    "report.txt": fh.to_txt,
    "report_typed.docx": lambda: fh.to_docx(auto_numbering=False),
    "report_auto.docx": lambda: fh.to_docx(auto_numbering=True),
    "report.pdf": fh.to_pdf,
    "report_utf8.html": lambda: fh.to_html("utf-8"),
    "report_gb2312.html": lambda: fh.to_html("gb2312"),
    "report.mht": lambda: fh.to_mht(fh.to_html("gb2312")),
    "report.ofd": fh.to_ofd,
}


@pytest.fixture(scope="module")
def documents():
    return {name: read_bytes(name, build()) for name, build in BUILDERS.items()}


@pytest.mark.parametrize("name", list(BUILDERS))
def test_headings_with_numbering_as_printed(documents, name):
    lines = [line.strip() for line in documents[name].lines]
    for heading in fh.HEADINGS:
        assert heading in lines, f"{name}: {heading!r} not a line of its own"
    positions = [lines.index(heading) for heading in fh.HEADINGS]
    assert positions == sorted(positions), f"{name}: headings out of order"


@pytest.mark.parametrize("name", list(BUILDERS))
def test_title_first_and_closing_lines_last(documents, name):
    lines = [line for line in documents[name].lines if line.strip()]
    assert _compact(lines[0]) == _compact(fh.TITLE)
    assert lines[-2:] == [fh.AGENCY, f"{fh.YEAR}年12月20日"]


@pytest.mark.parametrize("name", list(BUILDERS))
def test_same_text_once_line_breaks_are_ignored(documents, name):
    """Every format carries exactly the report's text: nothing lost, no debris added."""
    expected = _compact("".join(fh.lines()))
    assert _compact("".join(documents[name].lines)) == expected


@pytest.mark.parametrize("name", list(BUILDERS))
def test_locations_match_lines(documents, name):
    document = documents[name]
    if name.endswith((".txt", ".html", ".mht")):
        return
    assert document.locations is not None and len(document.locations) == len(document.lines)
    if name.endswith(".pdf"):
        assert document.locations[0] == "第1页第1行"
        assert any(location.startswith("第3页") for location in document.locations)
    if name.endswith(".docx"):
        assert document.locations[0] == "第1段"


@pytest.mark.parametrize("name", ["report_typed.docx", "report_auto.docx"])
def test_word_heading_styles_give_levels(documents, name):
    document = documents[name]
    levels = {document.lines[number - 1]: level for number, level in document.heading_levels.items()}
    assert levels["一、主要举措和成效"] == 1
    assert levels["（二）严格规范公正文明执法"] == 2
    assert levels["四、2025年主要安排"] == 1
    assert document.title_hint == fh.TITLE


def test_pdf_drops_page_numbers_and_running_header(documents):
    lines = documents["report.pdf"].lines
    assert not any(re.fullmatch(r"—\s*\d+\s*—", line) for line in lines)
    assert not any("政务公开专栏" in line for line in lines)
    # hard-wrapped lines stay printed lines
    assert len(lines) > len(fh.REPORT) + 10


@pytest.mark.parametrize("name", ["report_utf8.html", "report_gb2312.html", "report.mht"])
def test_web_page_body_only(documents, name):
    document = documents[name]
    text = "\n".join(document.lines)
    assert document.title_hint == fh.TITLE
    assert "相关稿件" not in text
    assert f"{fh.YEAR - 1}年度法治政府建设工作报告" not in text  # the sidebar's other report
    assert "青禾县司法局" not in text
    assert "当前位置" not in text and "首页" not in text and "分享到" not in text
    assert "must not be read" not in text


@pytest.mark.parametrize("name", ["report_gb2312.html", "report.mht"])
def test_gb2312_page_with_em_dash_decodes_as_gb18030(documents, name):
    document = documents[name]
    text = "\n".join(document.lines)
    assert "“守护舌尖”——食品安全宣传周" in text
    assert "\u2015" not in text and "\ufffd" not in text
    assert document.encoding == "gb18030"


def test_html_title_not_repeated_when_in_body():
    document = read_bytes("page.html", fh.to_html("utf-8", title_in_body=True))
    assert sum(1 for line in document.lines if _compact(line) == _compact(fh.TITLE)) == 1


@pytest.mark.parametrize("container", ['div class="TRS_Editor"', 'div id="UCAPCONTENT"',
                                       'div class="article-content"', 'article',
                                       'div class="mainbox"'])  # unknown: trafilatura when installed
def test_html_other_containers(container):
    data = fh.to_html("utf-8", container=container)
    text = "\n".join(read_bytes("page.html", data).lines)
    for heading in fh.HEADINGS:
        assert heading in text
    assert "相关稿件" not in text and "青禾县司法局" not in text


def _without_module(monkeypatch, blocked: str) -> None:
    """Make ``import blocked`` fail, as on a machine where it is not installed."""
    import builtins

    real_import = builtins.__import__

    def guarded(name, *args, **kwargs):
        if name == blocked:
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", guarded)


def test_html_fallback_without_trafilatura(monkeypatch):
    """No known container and no trafilatura: the densest block is the body."""
    _without_module(monkeypatch, "trafilatura")
    document = read_bytes("page.html", fh.to_html("utf-8", container='div class="mainbox"'))
    lines = list(document.lines)
    for heading in fh.HEADINGS:
        assert heading in lines
    text = "\n".join(lines)
    assert "相关稿件" not in text and "青禾县司法局" not in text and "分享到" not in text


def test_ofd_standard_library_fallback(monkeypatch):
    _without_module(monkeypatch, "ofdkit")
    document = read_bytes("report.ofd", fh.to_ofd())
    for heading in fh.HEADINGS:
        assert heading in document.lines
    assert _compact("".join(document.lines)) == _compact("".join(fh.lines()))


@pytest.mark.parametrize("real, named", [("report_auto.docx", "report.txt"), ("report.pdf", "report.docx"),
                                         ("report_utf8.html", "report.txt"), ("report.ofd", "report.zip"),
                                         ("report.mht", "report.txt")])
def test_misnamed_files_are_read_by_content(real, named, tmp_path):
    data = BUILDERS[real]()
    target = tmp_path / named
    target.write_bytes(data)
    document = read_path(str(target))
    assert sniff(data, named) == real.rsplit(".", 1)[1]
    assert "一、主要举措和成效" in [line.strip() for line in document.lines]


def test_readers_are_lazy():
    """Importing the dispatcher imports no heavy library."""
    import subprocess
    import sys

    code = ("import sys, checker.readers; heavy = [m for m in ('docx', 'pypdfium2', 'lxml', 'trafilatura',"
            " 'ofdkit', 'reportlab') if m in sys.modules]; print(','.join(heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_site_logo_h1_is_not_the_title():
    page = fh.to_html("utf-8").decode("utf-8")
    page = page.replace(f"<h1>{fh.TITLE}</h1>", f'<div class="title">{fh.TITLE}</div>')
    page = page.replace('<div class="header">', '<div class="header"><h1 class="logo">青禾县人民政府门户网站</h1>')
    page = page.replace("<head>", f'<head><meta name="ArticleTitle" content="{fh.TITLE}">')
    document = read_bytes("page.html", page.encode("utf-8"))
    assert document.title_hint == fh.TITLE
    assert document.lines[0] == fh.TITLE
    assert "青禾县人民政府门户网站" not in "\n".join(document.lines)
