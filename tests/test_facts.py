"""Table-driven tests of facts: title, agency, year, closing date."""
import pytest

from checker.analysis import facts
from checker.analysis.segment import segment
from checker.analysis.text import NormText, TermSet


def extract(text):
    norm = NormText(text.split("\n"))
    return facts.extract(norm, segment(norm), None, TermSet(["工作安排", "打算"]))


@pytest.mark.parametrize("text,title,year,source", [
    ("某县市场监督管理局2024年度法治政府建设工作情况报告\n2024年，我局……。\n一、主要举措", "某县市场监督管理局2024年度法治政府建设工作情况报告", 2024, "title"),
    ("2023年，我局全面落实法治政府建设要求，取得新成效。\n一、主要举措", None, 2023, "first_sentence"),
    ("我局全面落实法治政府建设要求，取得新成效，现报告如下。\n一、2022年推进法治政府建设的主要举措和成效\n二、2023年工作安排", None, 2022, "headings"),
    ("我局全面落实法治政府建设要求，取得新成效，现报告如下。\n一、主要负责人履职情况\n二、2024年工作打算", None, 2023, "headings"),
    ("某区人民政府\n关于二〇二四年度法治政府建设情况的报告\n我区扎实推进法治建设，取得成效。", "某区人民政府关于二〇二四年度法治政府建设情况的报告", 2024, "title"),
])
def test_title_and_year(text, title, year, source):
    got = extract(text)
    assert (got.title, got.year, got.year_source) == (title, year, source)


@pytest.mark.parametrize("tail,agency,iso,malformed", [
    ("某县市场监督管理局\n2024年12月18日", "某县市场监督管理局", "2024-12-18", False),
    ("某县人民政府\n二〇二四年一月五日", "某县人民政府", "2024-01-05", False),
    ("   某市市场监督管理局\n\n    2024130日", "某市市场监督管理局", None, True),
    ("工作取得成效。 某市市场监督管理局 2024年1月5日 |", "某市市场监督管理局", "2024-01-05", False),
    ("某县司法局\n2024年2月30日", "某县司法局", None, True),
    # a name with a place in brackets keeps it (the bracket was cut and the name came out shifted)
    ("中国（云岭）自由贸易试验区管理委员会市场监督管理局\n2026年1月15日", "中国（云岭）自由贸易试验区管理委员会市场监督管理局",
     "2026-01-15", False),
    ("某县市场监督管理局（盖章）\n2024年12月18日", "某县市场监督管理局", "2024-12-18", False),
    # an Arabic zero typed for 〇
    ("某市市场监督管理局\n二0二五年二月十四日", "某市市场监督管理局", "2025-02-14", False),
    # an attachment after the 落款: a data table closes the document
    ("某县医疗保障局\n2025年1月22日\n附件\n2024年度行政执法数据统计表\n序号 | 项目 | 数量\n1 | 检查定点医药机构（家次） | 412\n"
     "2 | 行政处罚决定（件） | 6", "某县医疗保障局", "2025-01-22", False),
])
def test_closing(tail, agency, iso, malformed):
    got = extract("标题报告\n正文内容，有关工作情况如下。\n" + tail)
    assert got.closing_agency == agency
    assert got.date is not None
    assert (got.date.iso, got.date.malformed) == (iso, malformed)


def test_no_closing_lines():
    got = extract("标题报告\n正文内容，有关工作情况如下。\n三、下一步打算\n继续推进执法规范化建设。")
    assert got.closing_agency is None and got.date is None


def test_an_agency_and_date_followed_by_prose_are_no_closing():
    got = extract("标题报告\n正文内容，有关工作情况如下。\n某县司法局\n2025年1月22日\n"
                  "三、下一步打算\n继续推进执法规范化建设，全面提升执法质量和水平。")
    assert got.closing_agency is None and got.date is None


def test_gb18030_file_facts(tmp_path):
    from checker.readers import read_path

    path = tmp_path / "gbk.txt"
    path.write_bytes("某县市场监督管理局2025年度法治政府建设情况报告\n2025年，我局……。\n某县市场监督管理局\n2026年1月5日\n".encode("gb18030"))
    document = read_path(str(path))
    assert document.encoding == "gb18030"
    norm = NormText(document.lines)
    got = facts.extract(norm, segment(norm))
    assert got.title.startswith("某县市场监督管理局2025年度") and got.date.iso == "2026-01-05"


def test_year_from_the_closing_date_as_a_last_resort():
    got = extract("我局全面落实法治政府建设要求，取得新成效，现报告如下。\n主要举措和成效\n正文很长很长的内容。\n某县市场监督管理局\n2025年1月20日")
    assert (got.year, got.year_source) == (2024, "date")


def test_page_furniture_after_the_title_is_not_part_of_it():
    from checker.judge import packs
    from checker.judge.engine import analyse
    from checker.readers import read_bytes

    text = "某县市场监督管理局2025年度法治政府建设情况报告 发布时间：2026-01-20 来源：某县市场监管局 【字号：大 中 小】\n2025年，我局推进法治政府建设。\n"
    ctx = analyse(read_bytes("page.txt", text.encode("utf-8")), packs.load("fazhi"))
    assert ctx.facts.title == "某县市场监督管理局2025年度法治政府建设情况报告"
