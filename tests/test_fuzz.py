"""Property-based fuzzing (hypothesis) of the whole pipeline: reader → normalise → segment →
evaluate → render, on mutated copies of our own fixture reports (the seed corpus is fixtures/,
never ../shared).

For every mutated input: either the reader refuses it with one clear InputError line, or it is
checked without any other exception, within a generous time per example, and the JSON output
parses and names every rule once. The budget is fixed (max_examples, no deadline: a slow CI
machine must not fail the test, only a hang or a blow-up may), and the database is off so a run
is the same on every machine given hypothesis' seed.
"""
from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from checker.errors import InputError  # noqa: E402
from checker.judge import packs  # noqa: E402
from checker.judge.engine import evaluate  # noqa: E402
from checker.readers import read_bytes  # noqa: E402
from checker.render import json as json_render  # noqa: E402
from checker.render import markdown as markdown_render  # noqa: E402
from checker.render import table as table_render  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEEDS = sorted(p for p in FIXTURES.rglob("*.txt"))[:40]
PER_EXAMPLE_SECONDS = 20.0  # a normal example takes ~20 ms; this only catches a hang

# What an unlucky or hostile file does to a report: runs that once made a pattern quadratic,
# control characters, markup, numbering look-alikes, encodings.
PIECES = ["\n" * 500, " " * 300, "|" * 50, "-|-" * 40, "1" * 400, "x" * 200, "\x1b[2J", "\x00", "\r\n", "\t",
          "\u3000" * 50, "一、", "（二）", "3.", "①", "存在的不足和原因", "2026年工作安排", "【待补充】", "XX局",
          "<div>" * 30, "</p>", "当前位置：首页 > 政务公开 > ", "第 3 页 共 10 页", "附件：", "   \n   \n",
          "\u202e", "\ufeff", "\ud7ff", "発", "　　", "#" * 7 + " ", "&lt;script&gt;"]


@st.composite
def mutated(draw):
    seed = draw(st.sampled_from(SEEDS))
    text = seed.read_text(encoding="utf-8", errors="replace")
    lines = text.split("\n")
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["insert", "delete", "duplicate", "splice", "truncate"]))
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        if op == "insert":
            piece = draw(st.sampled_from(PIECES)) * draw(st.integers(1, 20))
            lines.insert(at, piece)
        elif op == "delete" and lines:
            del lines[at:at + draw(st.integers(1, 10))]
        elif op == "duplicate" and lines:
            lines[at:at] = lines[at:at + draw(st.integers(1, 5))] * draw(st.integers(1, 50))
        elif op == "splice" and lines:
            line = lines[at]
            cut = draw(st.integers(0, len(line)))
            lines[at] = line[:cut] + draw(st.text(max_size=30)) + line[cut:]
        elif op == "truncate":
            lines = lines[:at + 1]
    body = "\n".join(lines)
    fmt = draw(st.sampled_from(["txt", "md", "html", "docx", "gb18030"]))
    return fmt, body, draw(st.binary(max_size=64)) if draw(st.booleans()) else b""


def _encode(fmt: str, body: str, noise: bytes) -> tuple[str, bytes]:
    if fmt == "gb18030":
        return "r.txt", body.encode("gb18030", errors="replace") + noise
    if fmt == "html":
        paragraphs = "".join(f"<p>{line}</p>" for line in body.split("\n"))
        return "r.html", f"<html><body><div id='zoom'>{paragraphs}</div></body></html>".encode("utf-8") + noise
    if fmt == "docx":
        from xml.sax.saxutils import escape

        clean = "".join(ch for ch in body if ch in "\t\n" or (ord(ch) >= 32 and not 0xD800 <= ord(ch) <= 0xDFFF
                                                             and ch not in "\ufffe\uffff"))
        paragraphs = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(line)}</w:t></w:r></w:p>"
                             for line in clean.split("\n"))
        ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", f"<w:document {ns}><w:body>{paragraphs}</w:body></w:document>")
        return "r.docx", buffer.getvalue()
    return f"r.{fmt}", body.encode("utf-8") + noise


@pytest.fixture(scope="module")
def fazhi():
    return packs.load("fazhi")


@settings(max_examples=200, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
@given(case=mutated())
def test_pipeline_never_breaks_on_mutated_reports(case, fazhi):
    fmt, body, noise = case
    name, data = _encode(fmt, body, noise)
    started = time.monotonic()
    try:
        document = read_bytes(name, data)
    except InputError as exc:  # refused: one line, both languages
        assert exc.zh and exc.en and "\n" not in exc.zh and "\n" not in exc.en
        return
    report = evaluate(document, fazhi)
    output = json.loads(json_render.render([report], fazhi))
    findings = output["reports"][0]["findings"]
    assert sorted(f["rule"] for f in findings) == sorted(rule.id for rule in fazhi.rules)
    table_render.render([report], fazhi)
    markdown_render.render([report], fazhi)
    assert time.monotonic() - started < PER_EXAMPLE_SECONDS
