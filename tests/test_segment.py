"""Table-driven tests of the heading grammar."""
import pytest

from checker.analysis.segment import segment
from checker.analysis.text import NormText


def headings(text):
    seg = segment(NormText(text.split("\n")))
    return [(h.rank, h.number, h.title) for h in seg.headings]


@pytest.mark.parametrize("text,expected", [
    pytest.param("一、主要举措和成效\n（一）规范执法\n1.落实公示。正文\n（1）细节\n①要点",
                 [(2, 1, "主要举措和成效"), (3, 1, "规范执法"), (4, 1, "落实公示"), (5, 1, "细节"), (6, 1, "要点")],
                 id="all-levels"),
    pytest.param("第一部分 工作情况\n第二部分 存在问题", [(1, 1, "工作情况"), (1, 2, "存在问题")], id="di-yi-bufen"),
    pytest.param("(一):加强领导\n(二)强化监督", [(3, 1, "加强领导"), (3, 2, "强化监督")], id="half-width-scraped"),
    pytest.param("1、学法\n2. 用法\n3．守法", [(4, 1, "学法"), (4, 2, "用法"), (4, 3, "守法")], id="mixed-arabic-marks"),
    pytest.param("一、主要举措\n二、存在问题\n三、安排\n指导企业取得\n一、二类医疗器械注册证", [(2, 1, "主要举措"), (2, 2, "存在问题"), (2, 3, "安排")],
                 id="yi-er-lei-is-text"),
    pytest.param("一、主要举措\n一是加强学习。二是强化执行。", [(2, 1, "主要举措")], id="yi-shi-items-are-no-headings"),
    pytest.param("一、主要举措\n1.5亿元资金到位", [(2, 1, "主要举措")], id="decimal-is-no-heading"),
    pytest.param("(一)规范执法\n(二) 突出法治赋能", [(3, 1, "规范执法"), (3, 2, "突出法治赋能")], id="space-after-label"),
    pytest.param("(五)突出法治赋能", [], id="sequence-cannot-start-at-five"),
    pytest.param("第一部分 工作情况\n一、规范执法\n二、强化监督\n第二部分 存在问题\n第三部分 2026年工作设想",
                 [(1, 1, "工作情况"), (2, 1, "规范执法"), (2, 2, "强化监督"), (1, 2, "存在问题"), (1, 3, "2026年工作设想")],
                 id="parts-above-yi-headings"),
    pytest.param("## 一、主要举措和成效", [(2, 1, "主要举措和成效")], id="markdown-hashes"),
    pytest.param("一、总体情况\n二、主动公开\n三、申请情况\n四、结转下年度继续办理 | 1\n四、行政复议情况",
                 [(2, 1, "总体情况"), (2, 2, "主动公开"), (2, 3, "申请情况"), (2, 4, "行政复议情况")], id="table-row-is-no-heading"),
])
def test_headings(text, expected):
    assert headings(text) == expected


def test_run_on_line_headings_inline():
    body = "正文内容很长，" * 40
    text = (f"报告标题 2025年，我局推进法治建设。 一、主要举措和成效 {body}。 （一）规范执法 {body}。"
            f" 二、存在的不足和原因 {body}。 三、2026年工作安排 {body}。")
    assert [(r, n, t) for r, n, t in headings(text)] == [
        (2, 1, "主要举措和成效"), (3, 1, "规范执法"), (2, 2, "存在的不足和原因"), (2, 3, "2026年工作安排")]


def test_inline_label_in_short_line_is_not_a_heading():
    assert headings("一、主要举措\n我局做了三件事：一、学法 二、用法") == [(2, 1, "主要举措")]


def test_section_tree_spans():
    text = "一、甲\n（一）子\n内容\n二、乙\n内容"
    norm = NormText(text.split("\n"))
    seg = segment(norm)
    first, child, second = seg.sections
    assert child.parent == 0 and child.level == 2
    assert first.end == second.start
    assert norm.text[second.start:second.end].startswith("二、乙")
    assert [norm.line_of(s.start) for s in seg.sections] == [1, 2, 4]
