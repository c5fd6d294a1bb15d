"""The second built-in pack, gov-info (政府信息公开工作年度报告), and document type detection:
the synthetic fixtures in fixtures/gov-info score as fixtures/gov-info/expected.yaml says, and a
report checked with the pack of the other type gets a warning in the table and the JSON."""
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from checker.cli import cli
from checker.judge import packs
from checker.judge.engine import evaluate
from checker.model import Document
from checker.readers import read_path
from checker.render import json as json_renderer
from checker.render import table as table_renderer

ROOT = Path(__file__).resolve().parent.parent
GOV = ROOT / "fixtures" / "gov-info"
EXPECTED = yaml.safe_load((GOV / "expected.yaml").read_text(encoding="utf-8"))
FAZHI_FIXTURES = ["complete.txt", "by_area.txt", "variants/no_title.txt", "variants/web_debris.txt",
                  "variants/merged_shortcomings_plan.txt", "variants/traditional_pinyin.txt"]


@pytest.fixture(scope="module")
def gov_info():
    return packs.load("gov-info")


def test_the_pack_covers_article_50_and_the_national_format(gov_info):
    sections = {rule.options["part"] for rule in gov_info.rules if rule.kind == "section"}
    assert sections == {"overview", "proactive", "requests", "review", "problems", "other"}
    assert all(rule.id.startswith("gov-info.") for rule in gov_info.rules)
    kinds = {rule.kind for rule in gov_info.rules}
    assert {"title", "closing"} <= kinds
    for rule in gov_info.rules:
        assert rule.title and rule.basis and rule.help and rule.help_en and rule.title_en, rule.id
    assert gov_info.document_type == "gov-info" and gov_info.detect is not None


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_scores_as_expected(name, gov_info):
    want = EXPECTED[name]
    report = evaluate(read_path(str(GOV / name)), gov_info)
    statuses = {f.rule: f.status.value for f in report.findings}
    expected = {rule.id: want["statuses"].get(rule.id, "pass") for rule in gov_info.rules}
    assert statuses == expected
    low, high = want["score"]
    assert low <= report.score.score <= high
    assert report.score.passed is want["passed"]
    assert report.meta.year == want["year"] and report.meta.date == want["date"]
    assert report.document_type == "gov-info" and report.warnings == ()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_gov_info_report_checked_with_fazhi_is_warned(name):
    report = evaluate(read_path(str(GOV / name)), packs.load("fazhi"))
    assert report.document_type == "gov-info"
    assert len(report.warnings) == 1 and "政府信息公开工作年度报告" in report.warnings[0]
    assert "--pack gov-info" in report.warnings[0]


@pytest.mark.parametrize("fixture", FAZHI_FIXTURES)
def test_fazhi_report_checked_with_gov_info_is_warned(fixture, gov_info):
    report = evaluate(read_path(str(ROOT / "fixtures" / fixture)), gov_info)
    assert report.document_type == "fazhi"
    assert report.warnings and "法治政府建设年度报告" in report.warnings[0] and "--pack fazhi" in report.warnings[0]
    english = evaluate(read_path(str(ROOT / "fixtures" / fixture)), gov_info, lang="en")
    assert "try --pack fazhi" in english.warnings[0]


@pytest.mark.parametrize("fixture", FAZHI_FIXTURES)
@pytest.mark.parametrize("pack", ["fazhi", "market"])
def test_fazhi_reports_with_a_fazhi_pack_get_no_warning(fixture, pack):
    report = evaluate(read_path(str(ROOT / "fixtures" / fixture)), packs.load(pack))
    assert report.document_type == "fazhi" and report.warnings == ()


def test_unclear_documents_get_no_type_and_no_warning(gov_info):
    report = evaluate(Document(path="x.txt", lines=("今天天气很好。", "我们去公园散步。")), gov_info)
    assert report.document_type is None and report.warnings == ()


def test_warning_in_table_and_json():
    fazhi = packs.load("fazhi")
    report = evaluate(read_path(str(GOV / "county-complete.txt")), fazhi)
    table = table_renderer.render([report], fazhi, width=200)
    lines = table.splitlines()
    warning_line = next(i for i, line in enumerate(lines) if line.startswith("⚠"))
    header_line = next(i for i, line in enumerate(lines) if "状态" in line and "要素" in line)
    assert warning_line < header_line  # above the table
    data = json.loads(json_renderer.render([report], fazhi))
    assert data["reports"][0]["document_type"] == "gov-info"
    assert data["reports"][0]["warnings"] == list(report.warnings)


def test_check_command_shows_the_warning():
    result = CliRunner().invoke(cli, ["check", "--pack", "gov-info", "--format", "json", str(ROOT / "fixtures" / "complete.txt")])
    data = json.loads(result.output)
    assert data["reports"][0]["document_type"] == "fazhi" and data["reports"][0]["warnings"]
    result = CliRunner().invoke(cli, ["check", str(GOV / "county-complete.txt")])
    assert "⚠ 这份报告看起来是政府信息公开工作年度报告" in result.output


def test_detection_signals_are_pack_data(tmp_path):
    """A pack in a --pack-path folder brings its own report type."""
    (tmp_path / "budget.yaml").write_text("""
id: budget
version: "1"
title: 部门预算公开
document_type: budget
basis: 测试
min_tool_version: "0.1.0"
detect: {name: 部门预算公开说明, title: [部门预算], headings: [收支预算总表, 三公经费]}
rules:
  - {id: budget.title, kind: title, title: 标题, severity: info, weight: 1, groups: [[部门预算]]}
""", encoding="utf-8")
    document = Document(path="x.txt", lines=("某县教育局2026年部门预算", "一、收支预算总表", "二、三公经费"))
    report = evaluate(document, packs.load("fazhi", search=[tmp_path]))
    assert report.document_type == "budget" and "部门预算公开说明" in report.warnings[0]
    assert "--pack budget" in report.warnings[0]


def test_numbered_table_rows_are_not_headings(gov_info):
    lines = ("某县人民政府2025年政府信息公开工作年度报告", "一、总体情况", "全年主动公开政府信息1200条。",
             "二、主动公开政府信息情况", "规章 | 0 | 0 | 0",
             "三、收到和处理政府信息公开申请情况",
             "一、本年新收政府信息公开申请数量 | 12", "二、上年结转政府信息公开申请数量 | 0",
             "三、本年度办理结果", "（一）予以公开 | 9", "（四）无法提供 | 3", "四、结转下年度继续办理 | 0",
             "四、政府信息公开行政复议、行政诉讼情况", "本年度未发生。",
             "五、存在的主要问题及改进情况", "下一步，将加强培训。", "六、其他需要报告的事项", "本年度未收取信息处理费。")
    report = evaluate(Document(path="x.txt", lines=lines), gov_info)
    statuses = {f.rule: f.status.value for f in report.findings}
    assert statuses["gov-info.section.review-litigation"] == "pass"


def test_a_fazhi_report_fails_gov_info_type_and_names_its_pack(gov_info):
    report = evaluate(read_path(str(ROOT / "fixtures" / "complete.txt")), gov_info)
    finding = next(f for f in report.findings if f.rule == "gov-info.type")
    assert finding.status.value == "fail" and "--pack fazhi" in finding.message
    assert not report.score.passed


def test_the_gov_info_fixtures_are_of_their_type(gov_info):
    for path in sorted(GOV.glob("*.txt")):
        report = evaluate(read_path(str(path)), gov_info)
        assert next(f for f in report.findings if f.rule == "gov-info.type").status.value == "pass", path
