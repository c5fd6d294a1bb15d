"""PDF text extraction speed: fzcheck's reader (pypdfium2) beside poppler's pdftotext.

    python benchmarks/bench_pdf.py [FILE.pdf ...] [--repeat N]

Without files it builds a synthetic Chinese report PDF (reportlab, STSong-Light, 40 pages).
Prints pages per second for each extractor and the ratio; the goal is to stay within 3x of
pdftotext. The pdftotext column is skipped when poppler-utils is not installed.
"""
from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from checker.readers import pdf as pdf_reader  # noqa: E402

PARAGRAPH = ("全面落实行政执法公示制度，执法主体、依据、程序和结果统一公开；推行执法全过程记录制度，"
             "对现场检查、查封扣押等环节实行全程音像记录；严格执行重大执法决定法制审核制度。")


def synthetic_pdf(pages: int = 40) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer, pagesize=A4)
    text = PARAGRAPH * 40
    for number in range(1, pages + 1):
        document.setFont("STSong-Light", 12)
        y = 780
        for row in range(36):
            start = (row * 34 + number * 7) % (len(text) - 34)
            document.drawString(60, y, text[start:start + 34])
            y -= 20
        document.drawCentredString(297, 40, f"— {number} —")
        document.showPage()
    document.save()
    return buffer.getvalue()


def page_count(data: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def best_of(repeat: int, action) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        files = list(args.files)
        if not files:
            path = os.path.join(workdir, "synthetic-40-pages.pdf")
            with open(path, "wb") as handle:
                handle.write(synthetic_pdf())
            files = [path]
        pdftotext = shutil.which("pdftotext")
        print(f"{'file':<32} {'pages':>5} {'fzcheck p/s':>12} {'pdftotext p/s':>14} {'ratio':>6}")
        for path in files:
            with open(path, "rb") as handle:
                data = handle.read()
            pages = page_count(data)
            ours = best_of(args.repeat, lambda: pdf_reader.read(path, data, "pdf"))
            theirs = None
            if pdftotext:
                theirs = best_of(args.repeat, lambda: subprocess.run(
                    [pdftotext, "-enc", "UTF-8", path, "-"], capture_output=True, check=True))
            ratio = f"{ours / theirs:.2f}x" if theirs else "-"
            their_rate = f"{pages / theirs:.0f}" if theirs else "(absent)"
            print(f"{os.path.basename(path)[:32]:<32} {pages:>5} {pages / ours:>12.0f} {their_rate:>14} {ratio:>6}")
        if not pdftotext:
            print("pdftotext not found (apt-get install poppler-utils) - comparison skipped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
