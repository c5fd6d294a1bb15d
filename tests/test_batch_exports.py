"""fzcheck batch exports: .xlsx read back with openpyxl, .csv with its BOM, .json (the check contract
plus a summary), .html escaped, self-contained and opened in headless Chromium."""
from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

import batch_helper
from checker.judge import packs
from checker.model import Status
from checker.render import batch_json, csv as csv_render, html as html_render, xlsx as xlsx_render
from checker.review import batch

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(scope="module")
def grouped(tmp_path_factory):
    """A template family of 7, a pair and a section family (batch_helper.build_groups)."""
    root = tmp_path_factory.mktemp("grouped")
    names = batch_helper.build_groups(str(root))
    return str(root), names, batch_helper.review(str(root))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("exports")
    names = batch_helper.build(str(root))
    pack = packs.load("fazhi")
    settings = batch.similarity_settings("fazhi")
    files = batch.collect([str(root)]).files
    config = batch.WorkerConfig(pack_ref="fazhi", min_section_chars=settings.min_section_chars)
    results = batch.run(files, config, jobs=1)
    summary = batch.aggregate(results, pack, settings, second_look=batch.mapper(config, 1))
    return summary, names


# --- xlsx ---------------------------------------------------------------------------------------

def test_xlsx_sheets_headers_and_counts(built):
    openpyxl = pytest.importorskip("openpyxl")
    summary, _ = built
    book = openpyxl.load_workbook(io.BytesIO(xlsx_render.render_bytes(summary, "zh")))
    assert book.sheetnames[:3] == ["总表", "明细", "规则统计"]
    assert "雷同" in book.sheetnames and "逐年对比" in book.sheetnames

    ranking = book["总表"]
    headers = [c.value for c in ranking[1]]
    assert headers[:8] == ["排名", "文件", "单位", "年度", "得分", "等级", "结论", "缺少的必备要素"]
    assert ranking.max_row == 1 + summary.totals.files
    assert ranking.freeze_panes == "A2"
    ranks = [ranking.cell(row=r, column=1).value for r in range(2, ranking.max_row + 1)]
    assert ranks[:summary.totals.checked] == list(range(1, summary.totals.checked + 1))
    assert sum(1 for r in range(2, ranking.max_row + 1) if ranking.cell(row=r, column=7).value == "无法检查") == 2
    scores = [ranking.cell(row=r, column=5).value for r in range(2, 2 + summary.totals.checked)]
    assert scores == sorted(scores, reverse=True)
    assert 6 <= ranking.column_dimensions["B"].width <= 60

    matrix = book["明细"]
    assert matrix.max_column == 2 + len(summary.rule_ids)
    assert matrix.max_row == 1 + summary.totals.files
    assert matrix.freeze_panes == "C2"
    assert all(rule in (matrix.cell(row=1, column=3 + k).value or "") for k, rule in enumerate(summary.rule_ids))
    fails = sum(1 for row in matrix.iter_rows(min_row=2, min_col=3) for c in row if "不符合" in str(c.value or "")
                and "部分" not in str(c.value))
    assert fails == sum(s.fail for s in summary.rules)
    coloured = {c.fill.fgColor.rgb for row in matrix.iter_rows(min_row=2, min_col=3) for c in row if c.value}
    assert any(str(rgb).endswith("FFC7CE") for rgb in coloured)  # fail cells are red
    assert any(str(rgb).endswith("C6EFCE") for rgb in coloured)  # pass cells are green

    rules = book["规则统计"]
    assert [c.value for c in rules[1]][:7] == ["规则", "要素", "严重程度", "不符合", "部分符合", "符合", "不适用"]
    assert rules.max_row == 1 + len(summary.rules)
    for r in range(2, rules.max_row + 1):
        assert sum(rules.cell(row=r, column=c).value for c in range(4, 8)) == summary.totals.checked
    # 严重程度 in words WPS users read, not info/warning/error
    assert {rules.cell(row=r, column=3).value for r in range(2, rules.max_row + 1)} <= {"错误", "警告", "提示"}
    for sheet in book.worksheets:  # no two columns of a sheet share a header
        headers = [c.value for c in sheet[1] if c.value]
        assert len(headers) == len(set(headers)), (sheet.title, headers)

    similar = book["雷同"]
    assert [c.value for c in similar[1]][:5] == ["组", "类型", "份数", "代表报告", "报告"]
    rows = [[c.value for c in row] for row in similar.iter_rows(min_row=2)]
    assert {row[4] for row in rows} == {summary.similar[0].a, summary.similar[0].b}
    assert [row[0] for row in rows] == ["G1", "G1"] and rows[0][5] == "代表"


def test_xlsx_in_english_and_text_never_a_formula(built):
    openpyxl = pytest.importorskip("openpyxl")
    summary, _ = built
    book = openpyxl.load_workbook(io.BytesIO(xlsx_render.render_bytes(summary, "en")))
    assert book.sheetnames[:3] == ["Ranking", "Matrix", "Rules"]
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"


# --- csv ----------------------------------------------------------------------------------------

def test_csv_has_a_bom_and_one_row_per_report(built):
    summary, _ = built
    text = csv_render.render(summary, "zh")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0][:3] == ["排名", "文件", "单位"]
    assert len(rows) == 1 + summary.totals.files
    assert any(f"({rule})" in h for h in rows[0] for rule in summary.rule_ids)
    assert any("雷同" == h for h in rows[0])
    flagged = [r for r in rows[1:] if r[8]]
    assert len(flagged) == 2  # the two near-duplicates name each other


def test_xlsx_similar_sheet_holds_every_group_member(grouped):
    openpyxl = pytest.importorskip("openpyxl")
    root, names, summary = grouped
    book = openpyxl.load_workbook(io.BytesIO(xlsx_render.render_bytes(summary, "zh")))
    rows = [[c.value for c in row] for row in book["雷同"].iter_rows(min_row=2)]
    by_group: dict = {}
    for row in rows:
        by_group.setdefault(row[0], []).append(row)
    assert set(by_group) == {"G1", "G2", "S1"}
    family = by_group["G1"]
    assert len(family) == 7 and {r[2] for r in family} == {7} and family[0][5] == "代表"
    assert {os.path.relpath(r[4], root) for r in family} == set(names["family"])
    assert all(r[3] == family[0][4] for r in family)  # the representative on every row
    assert all(0.5 <= r[7] <= 1 for r in family) and "不足" in family[0][8]
    assert {r[1] for r in by_group["S1"]} == {"部分雷同"}
    assert all("三项制度" in r[6] for r in by_group["S1"])


def test_csv_ranking_names_the_groups(grouped):
    root, names, summary = grouped
    rows = list(csv.reader(io.StringIO(csv_render.render(summary, "zh")[1:])))
    column = rows[0].index("雷同")
    cells = {os.path.relpath(r[1], root): r[column] for r in rows[1:]}
    assert all(cells[name].startswith("G1 · 7份") for name in names["family"])
    assert all("S1 部分雷同" in cells[name] for name in names["shared"])
    assert all(cells[name] == "" for name in names["other"])


def test_json_carries_the_groups_and_pairs_only_for_small_ones(grouped):
    root, names, summary = grouped
    block = json.loads(batch_json.render(summary, "zh"))["summary"]
    groups = {g["id"]: g for g in block["similar_groups"]}
    assert set(groups) == {"G1", "G2", "S1"}
    family = groups["G1"]
    assert family["kind"] == "report" and family["size"] == 7 and len(family["members"]) == 6
    assert family["pairs"] is None and family["sections"][0]["members"] == 6
    assert {os.path.relpath(m["path"], root) for m in [family["representative"]] + family["members"]} == \
        set(names["family"])
    assert len(groups["G2"]["pairs"]) == 1 and groups["S1"]["kind"] == "section"
    assert groups["S1"]["representative"]["label"].endswith("三项制度")
    assert block["totals"]["similar_groups"] == 2 and block["totals"]["section_families"] == 1
    assert block["totals"]["similar_reports"] == 9
    assert {(p["a"], p["b"]) for p in block["similar"]} == {(p["a"], p["b"]) for g in groups.values()
                                                          for p in g["pairs"] or ()}


def test_html_shows_the_groups(grouped):
    root, names, summary = grouped
    page = html_render.render(summary, "zh")
    assert 'id="report-groups"' in page and 'id="section-groups"' in page
    assert 'data-group="G1" data-size="7"' in page and 'data-group="S1" data-size="2"' in page
    assert all(html.escape(os.path.join(root, name)) in page for name in names["family"])


def test_csv_defuses_formulas():
    assert csv_render._cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert csv_render._cell("正文") == "正文"


# --- json ---------------------------------------------------------------------------------------

def test_json_is_the_check_contract_plus_a_summary(built):
    summary, _ = built
    data = json.loads(batch_json.render(summary, "zh"))
    assert data["version"] == 1 and data["pack"]["id"] == "fazhi"
    assert len(data["reports"]) == summary.totals.files
    for report in data["reports"]:
        assert {"path", "error", "meta", "score", "grade", "passed", "findings"} <= set(report)
        if report["error"] is None:
            assert len(report["findings"]) == len(summary.rule_ids)
    block = data["summary"]
    assert block["totals"]["errors"] == 2
    assert len(block["ranking"]) == summary.totals.checked
    assert block["similar"][0]["sections"] and block["similar"][0]["similarity"] >= 0.9
    assert block["year_over_year"][0]["items"][0]["status"] == "found"


# --- html ---------------------------------------------------------------------------------------

def test_html_escapes_document_text_and_needs_nothing_external(built):
    summary, _ = built
    page = html_render.render(summary, "zh")
    assert batch_helper.HOSTILE_TITLE not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert page.count("<script>") == 1  # our own, nothing from the reports
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', page)
    assert "Content-Security-Policy" in page
    assert batch.EXPORT_MARKER in page
    cells = page.count('class="cell ')
    assert cells == len(summary.rule_ids) * summary.totals.files


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _run_chromium(browser: str, profile: str, *args: str):
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
               f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(_chromium() is None, reason="no chromium (apt-get install chromium)")
def test_html_in_headless_chromium(built, tmp_path):
    summary, _ = built
    page = tmp_path / "review.html"
    page.write_text(html_render.render(summary, "zh"), encoding="utf-8")
    browser = _chromium()
    with tempfile.TemporaryDirectory() as profile:
        dom = _run_chromium(browser, profile, "--dump-dom", page.as_uri())
    console = [line for line in dom.stderr.splitlines() if ":CONSOLE" in line]
    assert not console, console  # no console errors (nor any console output)
    assert 'data-ready="yes"' in dom.stdout  # the script ran to its end
    expected = len(summary.rule_ids) * summary.totals.files
    assert f'<span id="heatmap-status">{expected}</span>' in dom.stdout  # heatmap cells counted in the page
    assert dom.stdout.count('class="cell s-fail"') == sum(s.fail for s in summary.rules)
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "batch_review.png"
    if shot.exists():
        shot.unlink()
    with tempfile.TemporaryDirectory() as profile:
        result = _run_chromium(browser, profile, f"--screenshot={shot}", "--window-size=1400,2600",
                               "--hide-scrollbars", page.as_uri())
    assert shot.exists() and shot.stat().st_size > 10_000, result.stderr[-2000:]


def test_every_status_has_a_colour():
    from checker.render.batch_labels import STATUS_COLOURS

    assert set(STATUS_COLOURS) == set(Status)
