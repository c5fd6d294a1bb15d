"""Batch review counts the substance findings a supervisor looks for (the pack's review.flags):
a batch of saved web pages shows each page's publication date, and the late ones are counted
in the terminal totals and in every export."""
import json
import subprocess
import sys

import openpyxl

from conftest import FIXTURES, ROOT

DATES = {"on_time.html": "2026-03-10", "deadline_day.html": "2026-04-01", "late.html": "2026-05-20"}


def _pages(folder):
    body = "".join(f"<p>{line}</p>" for line in (FIXTURES / "complete.txt").read_text(encoding="utf-8").split("\n"))
    for name, date in DATES.items():
        page = (f'<html><head><meta charset="utf-8"><title>政务公开</title></head><body>'
                f'<table class="meta"><tr><td>发布机构：</td><td>青川县市场监督管理局</td><td>发布日期：</td><td>{date}</td></tr></table>'
                f'<div id="zoom">{body}</div></body></html>')
        (folder / name).write_text(page, encoding="utf-8")


def test_saved_pages_show_their_publication_date_and_the_late_ones_are_counted(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    _pages(pages)
    out_json, out_xlsx = tmp_path / "review.json", tmp_path / "review.xlsx"
    result = subprocess.run([sys.executable, "-m", "checker", "batch", str(pages), "--out", str(out_json), "--out",
                             str(out_xlsx)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode in (0, 1), result.stderr
    assert "审阅提示：逾期公开 1 份" in result.stdout
    summary = json.loads(out_json.read_text(encoding="utf-8"))["summary"]
    late = next(f for f in summary["flags"] if f["rule"] == "publication.timely")
    assert late["reports"] == 1 and late["name"] == "逾期公开"
    published = {row["path"].rsplit("/", 1)[-1]: (row["published"], row["flags"]) for row in summary["ranking"]}
    assert published == {"on_time.html": ("2026-03-10", []), "deadline_day.html": ("2026-04-01", []),
                         "late.html": ("2026-05-20", ["publication.timely"])}
    sheet = openpyxl.load_workbook(out_xlsx).worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert "发布日期" in headers and "审阅提示" in headers
    rows = {row[headers.index("文件")].rsplit("/", 1)[-1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["late.html"][headers.index("发布日期")] == "2026-05-20"
    assert rows["late.html"][headers.index("审阅提示")] == "逾期公开"
    assert rows["on_time.html"][headers.index("审阅提示")] is None
