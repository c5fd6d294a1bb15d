"""One citation format (checker/judge/cite.py) for every reader and both languages, and the same
finding cited alike in the table, the JSON, the Markdown and the local page's report."""
import html
import json
import sys
from pathlib import Path

import pytest

from checker.judge import cite, packs
from checker.judge.engine import evaluate
from checker.readers import read_bytes
from checker.render import json as json_renderer
from checker.render import markdown, page, table

sys.path.insert(0, str(Path(__file__).parent / "readers"))
import formats_helper as fh  # noqa: E402


@pytest.mark.parametrize("location,line,zh,en", [
    (None, 12, "第12行", "line 12"),
    ("第8段", 3, "第8段", "paragraph 8"),
    ("第1页第12行", 5, "第1页第12行", "page 1, line 12"),
    ("第8段（文本框）", 9, "第8段（文本框）", "paragraph 8 (text box)"),
    ("第2个表格第3行", 9, "第2个表格第3行", "table 2, row 3"),
    ("page 1, line 12", 5, "第1页第12行", "page 1, line 12"),
    ("paragraph 8", 3, "第8段", "paragraph 8"),
    (None, 0, None, None),
])
def test_place_in_both_languages(location, line, zh, en):
    assert cite.place(location, line, "zh") == zh
    assert cite.place(location, line, "en") == en


def test_citation_has_one_separator():
    assert cite.cite("第8段", "一、基本情况", "zh") == "第8段：一、基本情况"
    assert cite.cite("paragraph 8", "一、基本情况", "en") == "paragraph 8: 一、基本情况"
    assert cite.cite("第8段", "", "zh") == "第8段"


def test_word_paragraphs_are_counted_as_word_counts_them():
    """Empty paragraphs count (the 10th paragraph of the file is 第10段, not 第8段); a text box's
    paragraphs do not shift the body's numbers."""
    box = ('<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
           '<w:txbxContent>' + fh.p("框内一") + fh.p("框内二") + '</w:txbxContent></wp:inline></w:drawing></w:r>')
    body = "".join([fh.p("标题"), fh.p(), fh.p(), fh.p("正文一", extra=box), fh.p(), fh.p("正文二")])
    document = read_bytes("empty.docx", fh.raw_docx(body))
    places = dict(zip(document.lines, document.locations))
    assert places["标题"] == "第1段"
    assert places["正文一"] == "第4段"
    assert places["框内一"] == "第4段（文本框）"
    assert places["正文二"] == "第6段"


def test_a_pdf_line_cut_from_its_sentence_is_marked_on_the_cut_side():
    pack = packs.load("fazhi")
    document = read_bytes("report.pdf", fh.to_pdf())  # lines of 30 characters: read as hard-wrapped
    report = evaluate(document, pack)
    lines = {line: text for line, text in enumerate(document.lines, 1)}
    checked = 0
    for finding in report.findings:
        for evidence in finding.evidence:
            original = lines.get(evidence.line, "").strip()
            core = evidence.text.strip("…")
            if not evidence.location or not evidence.location.startswith("第") or "页" not in evidence.location:
                continue
            assert evidence.location.endswith("行")
            # a wrapped body line (the line above runs to the margin without ending its sentence) is cut
            above = lines.get(evidence.line - 1, "").strip()
            if core and original.startswith(core[:6]) and len(above) >= 25 and not above.endswith("。"):
                assert evidence.text.startswith("…"), (finding.rule, evidence)
                checked += 1
    assert checked, "the fixture should have a hit on a wrapped line"


def _documents():
    return {
        "report.txt": fh.to_txt(),
        "report.docx": fh.to_docx(),
        "report.pdf": fh.to_pdf(),
        "defective.txt": fh.to_txt(fh.DEFECTIVE),
        "defective.docx": fh.to_docx(report=fh.DEFECTIVE),
        "defective.pdf": fh.to_pdf(report=fh.DEFECTIVE),
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", list(_documents()))
def test_the_same_finding_is_cited_alike_everywhere(name, lang):
    pack = packs.load("fazhi")
    document = read_bytes(name, _documents()[name])
    report = evaluate(document, pack, lang)
    kind = name.rsplit(".", 1)[1]
    data = json.loads(json_renderer.render([report], pack))
    shown = table.render([report], pack, lang=lang, width=400)
    md = markdown.render([report], pack, lang=lang)
    exported = page.report_page(data, [{"lines": list(document.lines), "locations": list(document.locations or []),
                                        "expected": {}}], lang)
    cited = 0
    for finding, item in zip(report.findings, data["reports"][0]["findings"]):
        for evidence, record in zip(finding.evidence, item["evidence"]):
            where = cite.place(evidence.location, evidence.line, lang)
            if not where:
                continue
            # the engine gives every place in the report's language, in the reader's form
            assert evidence.location == where == record["location"]
            if kind == "pdf":
                assert where.startswith("第" if lang == "zh" else "page ")
            elif kind == "docx":
                assert where.startswith("第") and "段" in where if lang == "zh" else where.startswith("paragraph ")
            else:
                assert where == (f"第{evidence.line}行" if lang == "zh" else f"line {evidence.line}")
            if not evidence.text:
                continue
            citation = cite.cite(where, evidence.text, lang)
            if finding.evidence[0] is evidence:  # the table shows the first piece of evidence
                head = cite.cite(where, evidence.text[:20], lang)
                assert head in shown, (finding.rule, head)
            assert html.escape(where) + "</a>" + html.escape(cite.SEPARATOR[lang] + evidence.text) in exported
            if finding.status.value in ("fail", "partial") and finding.evidence[0] is evidence:
                assert markdown.escape(citation) in md, citation
            cited += 1
    assert cited >= 3
    if lang == "en":
        assert "第" not in "".join(record.get("location", "") for item in data["reports"][0]["findings"]
                                   for record in item["evidence"])
