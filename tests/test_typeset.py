"""The typesetting layer (checker/render/typeset.py) and the tables typeset with it: Chinese line
breaking (禁则), names and numbers kept whole, one-line cells shortened with …, no trailing
spaces, COLUMNS and --width when piped.

Regenerate the goldens after an intended change: UPDATE_GOLDEN=1 pytest tests/test_typeset.py
"""
import os
import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.text import Text

from checker.judge import packs
from checker.judge.engine import evaluate
from checker.readers import read_path
from checker.render import batch_table, table
from checker.render.typeset import (CLOSING_PUNCTUATION, OPENING_PUNCTUATION, Column, Grid, break_opportunities, fit,
                                    wrap, wrap_spans)
from conftest import FIXTURES, ROOT, SHARED, run_cli

GOLDEN = Path(__file__).parent / "golden"
TYPESET = FIXTURES / "typeset"
SAMPLE = ("缺少“存在的不足和原因”部分（未找到含“不足、短板、存在问题、存在的问题”等字样的标题）。依据：《法治政府建设与"
          "责任落实督察工作规定》2025年共办理1,234件，占比12.5%；第12行：“三项制度”！（见附件）")


def _lines(text: str, width: int, keep=()) -> list[str]:
    return [line.plain for line in wrap(text, width, keep)]


def _bad_segments(lines):
    """Cells of rendered table lines (separated by two or more spaces) that start with closing or
    end with opening punctuation."""
    bad = []
    for line in lines:
        for segment in re.split(r"\s{2,}", line.strip()):
            if segment and (segment[0] in CLOSING_PUNCTUATION or segment[-1] in OPENING_PUNCTUATION):
                bad.append((segment, line))
    return bad


@pytest.mark.parametrize("width", range(6, 61))
def test_no_closing_punctuation_starts_a_line_and_no_opening_one_ends_it(width):
    lines = _lines(SAMPLE, width)
    assert "".join(lines) == SAMPLE.replace(" ", "")  # nothing lost, nothing added
    for line in lines:
        assert cell_len(line) <= width, line
        assert line[0] not in CLOSING_PUNCTUATION, (width, lines)
        assert line[-1] not in OPENING_PUNCTUATION, (width, lines)


@pytest.mark.parametrize("width", [10, 13, 17, 22, 31])
def test_numbers_stay_with_their_units(width):
    lines = _lines(SAMPLE, width)
    for unit in ("2025年", "1,234件", "12.5%", "第12行"):
        assert any(unit in line for line in lines), (unit, lines)


def test_a_number_is_never_cut_from_its_unit():
    flags = break_opportunities("共办理1234件，2025年12月18日，第3页")
    text = "共办理1234件，2025年12月18日，第3页"
    for i, ch in enumerate(text):
        if i and (text[i - 1].isdigit() and not ch.isdigit() and ch not in "，" or
                  (text[i - 1] == "第" and ch.isdigit())):
            assert not flags[i], (text[:i], text[i:])


def test_names_are_kept_whole_when_they_fit():
    agency = "上海市嘉定区市场监督管理局"
    text = f"落款单位与标题不一致：标题为{agency}，落款为{agency}分局"
    for width in range(len(agency) * 2 + 2, 60):
        joined = _lines(text, width, keep=(agency,))
        assert sum(line.count(agency) for line in joined) == 2, joined


def test_a_lone_character_does_not_end_a_paragraph():
    assert _lines("重大执法决定法制审核制度", 22) == ["重大执法决定法制审核", "制度"]


def test_english_breaks_at_spaces_only():
    text = "Make sure the file is the annual report itself, not an interpretation or a news item."
    for line in _lines(text, 24):
        assert not line.startswith(" ") and not line.endswith(" ")
        assert all(word in text.split() or word.rstrip(",.") in text for word in line.split())


def test_fit_shortens_on_one_line_with_an_ellipsis_on_the_cut_side():
    assert fit("上海市嘉定区市场监督管理局", 20).plain == "上海市嘉定区市场监…"
    assert fit("seeds/000_e270e5ae833aafdd.txt", 14, side="left").plain == "…e833aafdd.txt"
    assert fit("短名", 20).plain == "短名"
    assert fit("中文（括号）", 7).plain == "中文…"  # never "中文（…"
    for width in range(2, 30):
        assert cell_len(fit("上海市嘉定区市场监督管理局2025年度报告.txt", width).plain) <= width


def test_wrap_keeps_styles():
    text = Text()
    text.append("第5行：", style="dim")
    text.append("一、2025年推进法治政府建设的主要举措和成效")
    lines = wrap(text, 20)
    assert lines[0].spans and lines[0].spans[0].style == "dim"
    assert "".join(line.plain for line in lines) == text.plain


def test_grid_sizes_columns_by_content_and_leaves_no_trailing_spaces():
    grid = Grid([Column("编号"), Column("要素", wrap=True, weight=1, minimum=8), Column("得分", justify="right")])
    grid.add_row("a", "短", "1")
    grid.add_row("b", "党政主要负责人履行推进法治建设第一责任人职责情况", "12/12")
    grid.add_row("c", "", "")
    for total in (20, 30, 60, 120):
        lines = [line.plain for line in grid.lines(total)]
        assert all(line == line.rstrip() for line in lines)
        assert all(cell_len(line) <= max(total, 20) for line in lines), lines
        assert "c" in lines  # an empty last cell: nothing after the first column
    wide = [line.plain for line in grid.lines(120)]
    assert any("党政主要负责人履行推进法治建设第一责任人职责情况" in line for line in wide)  # its content's width, no more
    assert max(cell_len(line) for line in wide) < 80


def test_wrap_spans_of_short_text():
    assert wrap_spans("", 10) == [(0, 0)]
    assert wrap_spans("短句。", 10) == [(0, 3)]


# --- the tables ----------------------------------------------------------------------------------

def _report(path, lang="zh"):
    return evaluate(read_path(str(path)), packs.load("fazhi"), lang)


def _scan_paths():
    paths = sorted(FIXTURES.rglob("*.txt"))
    if (SHARED / "seeds").is_dir():
        paths += sorted((SHARED / "seeds").glob("*.txt"))
    return paths


@pytest.mark.parametrize("width", [80, 120])
def test_no_table_line_breaks_the_chinese_rules(width):
    """Every fixture and every seed as .txt, typeset at 80 and 120 columns, in both languages."""
    pack = packs.load("fazhi")
    bad = []
    for path in _scan_paths():
        for lang in ("zh", "en"):
            text = table.render([evaluate(read_path(str(path)), pack, lang)], pack, lang=lang, width=width)
            lines = text.split("\n")
            assert all(line == line.rstrip() for line in lines), path
            assert all(cell_len(line) <= width for line in lines), (path, [l for l in lines if cell_len(l) > width])
            bad += [(path.name, lang, *b) for b in _bad_segments(lines)]
    assert not bad, bad[:5]


def _batch_summary(paths, lang="zh", similarity=True):
    from checker.review import batch

    pack = packs.load("fazhi")
    settings = batch.similarity_settings("fazhi", ())
    config = batch.WorkerConfig(pack_ref="fazhi", pack_path=(), lang=lang, fail_under=None, similarity=similarity,
                                min_section_chars=settings.min_section_chars)
    results = batch.run([str(p) for p in paths], config, 1)
    return batch.aggregate(results, pack, settings, second_look=batch.mapper(config, 1), similarity=similarity,
                           seconds=0)


@pytest.mark.parametrize("width", [80, 120])
def test_batch_ranking_never_splits_an_agency(width, tmp_path):
    paths = sorted(TYPESET.glob("*.txt")) + [FIXTURES / "complete.txt", FIXTURES / "variants" / "missing_plan.txt"]
    if (SHARED / "seeds").is_dir():
        paths += sorted((SHARED / "seeds").glob("*.txt"))
    broken = tmp_path / "broken.docx"
    broken.write_bytes(os.urandom(3000))
    summary = _batch_summary(paths + [broken])
    text = batch_table.render(summary, lang="zh", width=width)
    lines = text.split("\n")
    assert all(line == line.rstrip() for line in lines)
    assert all(cell_len(line) <= width for line in lines), [l for l in lines if cell_len(l) > width]
    assert not _bad_segments(lines)
    ranking = lines[:lines.index("")]
    for report in summary.reports:
        agency = report.meta.agency if report.meta else None
        if not agency:
            continue
        rows = [line for line in ranking if agency in line or agency[:4] in line]
        assert rows, agency
        for row in rows:  # whole, or shortened with … on its one line: never the rest on the next line
            assert agency in row or re.search(re.escape(agency[:4]) + r"[^ ]*…", row), (agency, row)
            if len(agency) <= 13:  # a county bureau's name (上海市嘉定区市场监督管理局) fits whole at 80
                assert agency in row, (agency, row)
    for header in ("缺少的必备要素", "排名", "单位"):
        assert header in ranking[1]


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("name", ["long_names.txt", "short_parts.txt"])
def test_golden_table(name, width, monkeypatch):
    monkeypatch.chdir(ROOT)
    pack = packs.load("fazhi")
    got = table.render([evaluate(read_path(f"fixtures/typeset/{name}"), pack, "zh")], pack, lang="zh", width=width)
    path = GOLDEN / f"typeset.{Path(name).stem}.{width}.txt"
    if os.environ.get("UPDATE_GOLDEN") or not path.exists():
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [80, 120])
def test_golden_batch(width, monkeypatch):
    monkeypatch.chdir(ROOT)
    paths = [Path("fixtures/typeset/long_names.txt"), Path("fixtures/typeset/short_parts.txt"),
             Path("fixtures/complete.txt"), Path("fixtures/variants/missing_leader.txt")]
    # similarity off: the similar-report section is another renderer's (and being reworked)
    got = batch_table.render(_batch_summary(paths, similarity=False), lang="zh", width=width)
    path = GOLDEN / f"typeset.batch.{width}.txt"
    if os.environ.get("UPDATE_GOLDEN") or not path.exists():
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")


# --- piped output ---------------------------------------------------------------------------------

def test_piped_table_honours_columns_and_has_no_trailing_spaces():
    for columns, expected in (("80", 80), ("132", 132), ("", 100)):
        env = {"COLUMNS": columns} if columns else {}
        if not columns:
            env["COLUMNS"] = ""
        result = run_cli("check", "fixtures/typeset/long_names.txt", env=env)
        text = result.stdout.decode("utf-8")
        lines = text.split("\n")
        assert all(line == line.rstrip() for line in lines), [l for l in lines if l != l.rstrip()][:3]
        assert max(cell_len(line) for line in lines) <= expected
        assert max(cell_len(line) for line in lines) >= expected - 12  # it does use the width
        assert "\n\n" in text  # blank lines are empty


def test_width_option_chooses_the_width():
    result = run_cli("check", "--width", "72", "fixtures/typeset/long_names.txt", env={"COLUMNS": "150"})
    lines = result.stdout.decode("utf-8").split("\n")
    assert max(cell_len(line) for line in lines) <= 72
    result = run_cli("batch", "--width", "90", "-q", "fixtures/typeset", env={"COLUMNS": "150"})
    lines = result.stdout.decode("utf-8").split("\n")
    assert max(cell_len(line) for line in lines) <= 90
    assert all(line == line.rstrip() for line in lines)


def test_width_option_is_checked():
    result = run_cli("check", "--width", "5", "fixtures/complete.txt")
    assert result.returncode == 2


def test_a_passing_report_with_failed_warnings_says_how_many():
    pack = packs.load("fazhi")
    report = evaluate(read_path(str(FIXTURES / "variants" / "no_closing.txt")), pack)
    failed = [f for f in report.findings if f.severity.value == "warning" and f.status.value == "fail"]
    assert report.score.passed and len(failed) == 2
    assert table.render([report], pack, width=100).rstrip().endswith("结论：通过（另有2项警告）")
    english = evaluate(read_path(str(FIXTURES / "variants" / "no_closing.txt")), pack, "en")
    assert table.render([english], pack, lang="en", width=100).rstrip().endswith("Verdict: passed (2 warnings)")
    clean = evaluate(read_path(str(FIXTURES / "complete.txt")), pack)
    assert table.render([clean], pack, width=100).rstrip().endswith("结论：通过")


def test_readme_leans_on_no_file_a_clone_lacks():
    """The README links the JSON contract inside the project (docs/json.md), not ../shared/."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "../shared" not in text
    for link in re.findall(r"\]\(((?:docs|fixtures)/[^)#]+)", text):
        assert (ROOT / link).exists(), link
    assert "(docs/json.md)" in text
