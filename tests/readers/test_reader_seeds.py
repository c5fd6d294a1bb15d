"""The seed reports, converted to .docx and .pdf at test time, keep the agreement they have as .txt.

The seeds live in ../shared/seeds (study and evaluation material, never copied into the
project): this test converts them in a temporary folder, runs the shared agreement tool on
each format with the labels renamed to the converted files, and compares. Skipped when
../shared is absent.
"""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import formats_helper as fh

REPO = Path(__file__).resolve().parents[2]
SHARED = next((p for p in (REPO.parent / "shared", Path("/work/shared")) if (p / "seeds").is_dir()), None)

pytestmark = pytest.mark.skipif(SHARED is None, reason="../shared (seed reports) is absent")


def _seed_lines(path: Path) -> list[str]:
    from checker.readers.encoding import decode_text

    text, _ = decode_text(path.read_bytes(), path.name)
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _docx(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _printed(lines: list[str], width: int = 34) -> list[str]:
    """The lines as printed on a page ``width`` characters wide (hard-wrapped)."""
    return [piece for line in lines if line.strip() for piece in fh.wrap(line.strip(), width)]


def _pdf(lines: list[str], per_page: int = 34) -> bytes:
    """Hard-wrapped lines, a page number under each page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    printed = _printed(lines)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for number, start in enumerate(range(0, len(printed), per_page), 1):
        pdf.setFont("STSong-Light", 12)
        y = 790
        for line in printed[start:start + per_page]:
            pdf.drawString(50, y, line)
            y -= 21
        pdf.drawCentredString(297, 30, f"- {number} -")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _agreement(labels: Path, folder: Path) -> tuple[str, str]:
    """(the closing 'agreement: …' line, the full output) of the shared tool."""
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    command = f'"{sys.executable}" -m checker check --format json --pack fazhi'
    result = subprocess.run([sys.executable, str(SHARED / "tools" / "agreement.py"), str(labels), str(folder),
                             "--cmd", command, "--min", "0", "--show-misses"],
                            capture_output=True, text=True, cwd=REPO, env=env, timeout=600)
    closing = [line for line in result.stdout.splitlines() if line.startswith("agreement:")]
    assert closing, result.stdout + result.stderr
    return closing[-1], result.stdout


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    pytest.importorskip("docx")
    pytest.importorskip("reportlab")
    pytest.importorskip("yaml")
    import yaml

    labels = yaml.safe_load((SHARED / "seeds" / "expected.yaml").read_text(encoding="utf-8"))
    root = tmp_path_factory.mktemp("seeds")
    out: dict = {}
    wrapped = root / "wrapped"
    wrapped.mkdir()
    for name in labels:
        if (SHARED / "seeds" / name).is_file():
            printed = _printed(_seed_lines(SHARED / "seeds" / name))
            (wrapped / name).write_text("\n".join(printed) + "\n", encoding="utf-8")
    out["wrapped"] = wrapped
    for suffix, build in (("txt", None), ("docx", _docx), ("pdf", _pdf)):
        folder = root / suffix
        folder.mkdir()
        renamed = {}
        for name, label in labels.items():
            source = SHARED / "seeds" / name
            if not source.is_file():
                continue
            target = folder / (Path(name).stem + "." + suffix)
            target.write_bytes(source.read_bytes() if build is None else build(_seed_lines(source)))
            renamed[target.name] = label
        labels_path = folder / "labels.yaml"
        labels_path.write_text(yaml.safe_dump(renamed, allow_unicode=True), encoding="utf-8")
        out[suffix] = _agreement(labels_path, folder)
        out[f"{suffix}_folder"] = folder
    return out


def _misses(output: str) -> set[str]:
    """'name rule: labelled X, checker Y' with the file's suffix dropped."""
    return {re.sub(r"\.(txt|docx|pdf)\b", "", line) for line in output.splitlines() if line.startswith("miss ")}


@pytest.mark.parametrize("suffix", ["docx", "pdf"])  # hard wraps no longer change a verdict
def test_converted_seeds_agree_as_the_txt_do(converted, suffix):
    txt_line, txt_output = converted["txt"]
    line, output = converted[suffix]
    assert line == txt_line, f"{suffix}: {line}\n.txt: {txt_line}\n{output}"
    assert _misses(output) == _misses(txt_output)


def test_pdf_reads_as_the_same_printed_lines_in_txt(converted):
    """The PDF reader's part: every verdict on the seed PDFs equals the verdict on the same
    hard-wrapped lines saved as .txt."""
    import json

    wrapped = sorted(converted["wrapped"].glob("*.txt"))
    pdfs = [converted["pdf_folder"] / (path.stem + ".pdf") for path in wrapped]
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    result = subprocess.run([sys.executable, "-m", "checker", "check", "--format", "json",
                             *map(str, wrapped + pdfs)], capture_output=True, text=True, cwd=REPO, env=env,
                            timeout=600)
    reports = {Path(r["path"]).name: r for r in json.loads(result.stdout)["reports"]}
    for path in wrapped:
        as_txt, as_pdf = reports[path.name], reports[path.stem + ".pdf"]
        assert as_pdf["error"] is None, as_pdf["error"]
        statuses = {f["rule"]: f["status"] for f in as_txt["findings"]}
        assert {f["rule"]: f["status"] for f in as_pdf["findings"]} == statuses, path.stem
        assert as_pdf["meta"] == as_txt["meta"], path.stem
