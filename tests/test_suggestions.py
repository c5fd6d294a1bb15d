"""Suggestions name the report's own year and agency (the pack's help placeholders, docs/packs.md),
never the pack's example year, nor a template placeholder such as ×× that draft.remnants flags."""
import pytest

from checker.judge import packs
from checker.judge.engine import evaluate, fill_help
from checker.model import Document, Facts
from conftest import run_cli


@pytest.mark.parametrize("text,facts,expected", [
    ("如“{agency|某市市场监督管理局}{year|2025}年度报告”", Facts(year=2022, agency="上海市嘉定区市场监督管理局"),
     "如“上海市嘉定区市场监督管理局2022年度报告”"),
    ("如“{agency|某市市场监督管理局}{year|2025}年度报告”", Facts(), "如“某市市场监督管理局2025年度报告”"),
    ("“一、{year}年推进法治政府建设的主要举措和成效”", Facts(year=2023), "“一、2023年推进法治政府建设的主要举措和成效”"),
    ("“一、{year}年推进法治政府建设的主要举措和成效”", Facts(), "“一、推进法治政府建设的主要举措和成效”"),
    ("（如{year|2025}年度报告写“{next_year|2026}年工作安排”）", Facts(year=2022), "（如2022年度报告写“2023年工作安排”）"),
    ("正则 [0-9]{2,4} 不是占位符", Facts(year=2022), "正则 [0-9]{2,4} 不是占位符"),
    (None, Facts(), None),
])
def test_fill_help(text, facts, expected):
    assert fill_help(text, facts) == expected


def _report(year: int, lang: str = "zh"):
    lines = [f"{year}年，我局认真贯彻落实法治政府建设各项要求，现将有关情况报告如下。",
             f"一、{year}年推进法治政府建设的主要举措和成效", "全年办理案件12件。",
             "二、存在的不足和原因", "执法力量不足，主要原因是编制紧张。",
             f"三、{year + 1}年推进法治政府建设的主要安排", "继续推进。",
             "某县市场监督管理局", f"{year + 1}年1月10日"]
    return evaluate(Document(path="r.txt", lines=tuple(lines)), packs.load("fazhi"), lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_2022_report_is_told_to_write_2022(lang):
    report = _report(2022, lang)
    suggestions = [f.suggestion for f in report.findings if f.suggestion]
    assert any("2022年度" in s for s in suggestions)
    for suggestion in suggestions:
        assert "2025" not in suggestion and "××" not in suggestion and "{" not in suggestion, suggestion


def test_explain_and_sarif_show_the_example_year():
    result = run_cli("rules", "explain", "report.title")
    text = result.stdout.decode("utf-8")
    assert "某市市场监督管理局2025年度法治政府建设情况报告" in text and "{" not in text.split("怎么写：")[1].split("\n")[1]
