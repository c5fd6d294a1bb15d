"""An optional element (weight 0, severity info: section.other, 无此类情况时可不写) that a report
does not write is not a failure anywhere: `na`, 未写（可选）, never red, out of every count of gaps."""
import json

import pytest

from checker.judge import packs
from checker.judge.engine import evaluate
from checker.judge.scoring import is_optional
from checker.readers import read_path
from checker.render import json as json_renderer
from checker.render import markdown, table
from conftest import FIXTURES

ABSENT = FIXTURES / "by_area.txt"  # a complete report without a 其他需要报告的情况 part


def _finding(report, rule):
    return next(f for f in report.findings if f.rule == rule)


def test_only_weight_zero_infos_are_optional():
    pack = packs.load("fazhi")
    optional = [rule.id for rule in pack.rules if is_optional(rule)]
    assert optional == ["section.other"]
    assert not is_optional(next(r for r in pack.rules if r.id == "report.type"))  # error, weight 0: a gate


@pytest.mark.parametrize("lang,message", [("zh", "未写（可选）"), ("en", "not written (optional)")])
def test_absent_optional_element_is_na(lang, message):
    pack = packs.load("fazhi")
    report = evaluate(read_path(str(ABSENT)), pack, lang)
    finding = _finding(report, "section.other")
    assert (finding.status.value, finding.message, finding.suggestion) == ("na", message, None)
    data = json.loads(json_renderer.render([report], pack))
    other = next(f for f in data["reports"][0]["findings"] if f["rule"] == "section.other")
    assert other["status"] == "na"


def test_present_optional_element_passes():
    pack = packs.load("fazhi")
    assert _finding(evaluate(read_path(str(FIXTURES / "complete.txt")), pack), "section.other").status.value == "pass"


def test_table_shows_it_neither_as_a_failure_nor_in_red():
    pack = packs.load("fazhi")
    report = evaluate(read_path(str(ABSENT)), pack)
    for color in (False, True):
        text = table.render([report], pack, width=100, color=color)
        row = next(line for line in text.split("\n") if "其他需要报告的情况" in line)
        assert "✘" not in row and "–" in row and "未写（可选）" in row
        assert "\x1b[31m" not in row and "\x1b[1;31m" not in row  # no red
    plain = table.render([report], pack, width=100)
    assert "如有其他需要报告的情况" not in plain  # no advice for it


def test_markdown_counts_no_gap_for_it():
    pack = packs.load("fazhi")
    report = evaluate(read_path(str(ABSENT)), pack)
    gaps = sum(1 for f in report.findings if f.status.value in ("fail", "partial"))
    text = markdown.render([report], pack)
    assert "section.other" not in text
    assert text.split("\n")[6].endswith(f"| {gaps} |")


def test_batch_lists_and_sheets_leave_it_out(tmp_path):
    from checker.render import xlsx
    from checker.review import batch

    paths = [str(ABSENT), str(FIXTURES / "variants" / "missing_plan.txt"), str(FIXTURES / "variants" / "no_closing.txt")]
    pack = packs.load("fazhi")
    settings = batch.similarity_settings("fazhi", ())
    config = batch.WorkerConfig(pack_ref="fazhi", pack_path=(), lang="zh", fail_under=None, similarity=False,
                                min_section_chars=settings.min_section_chars)
    summary = batch.aggregate(batch.run(paths, config, 1), pack, settings, similarity=False, seconds=0)
    other = next(s for s in summary.rules if s.rule == "section.other")
    assert (other.fail, other.partial) == (0, 0)
    worst = [s.rule for s in summary.rules if s.fail or s.partial]
    assert "section.other" not in worst
    assert summary.rules[0].rule != "section.other"
    from openpyxl import load_workbook

    target = tmp_path / "out.xlsx"
    target.write_bytes(xlsx.render_bytes(summary, lang="zh"))
    sheet = load_workbook(target)["规则统计"]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "section.other")
    assert (row[3], row[4], row[7]) == (0, 0, 0)
