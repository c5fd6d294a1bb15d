"""A canonical text before anything reads it (issue: real PDFs, run-on pages, watermarks).

Each case here failed before the canonical-text layer existed."""
import json
import subprocess
import sys

from conftest import FIXTURES, ROOT
from checker.model import Document

from checker.judge import packs
from checker.judge.engine import analyse, evaluate


def _report(text: str, name: str = "t.txt"):
    return evaluate(Document(path=name, lines=tuple(text.split("\n"))), packs.load("fazhi"))


def _statuses(text: str) -> dict:
    return {f.rule: f.status.value for f in _report(text).findings}


COMPLETE = (FIXTURES / "complete.txt").read_text(encoding="utf-8")


def _spaced(text: str) -> str:
    """What a PDF printer's autospace does: a space at every CJK/digit boundary."""
    import re
    text = re.sub(r"(?<=[\u4e00-\u9fff])(?=\d)", " ", text)
    return re.sub(r"(?<=\d)(?=[\u4e00-\u9fff])", " ", text)


def test_spaces_at_cjk_digit_boundaries_change_no_verdict():
    assert _statuses(_spaced(COMPLETE)) == _statuses(COMPLETE)


def test_spaced_plan_heading_keeps_its_year():
    text = "某县2025年度法治政府建设情况报告\n一、主要举措和成效\n办结案件 56 件。\n二、存在的不足和原因\n力量不足，原因是编制紧张。\n四、2026 年工作打算\n"
    statuses = _statuses(text)
    assert statuses["section.plan"] == "pass" and statuses["plan.year"] == "pass"


def test_evidence_quotes_the_text_as_written():
    text = "某县 2025 年度法治政府建设情况报告\n一、主要举措和成效\n"
    report = _report(text)
    title = next(f for f in report.findings if f.rule == "report.title")
    assert title.status.value == "pass"
    assert title.evidence[0].text == "某县 2025 年度法治政府建设情况报告" and title.evidence[0].line == 1


def test_run_on_page_with_breadcrumb_on_the_same_line_keeps_its_parts():
    body = COMPLETE.replace("\n", " ")
    text = "您当前的位置：首页 > 政务公开 > 法治政府建设 > 年度报告 " + body
    statuses = _statuses(text)
    for rule in ("section.measures", "section.shortcomings", "section.plan", "section.leader"):
        assert statuses[rule] == "pass", (rule, statuses)
    assert not _report(text).warnings


def test_a_report_mostly_thrown_away_says_so():
    furniture = "\n".join(f"索引号：000{i}/2026-0001" for i in range(40))
    text = furniture + "\n某县2025年度法治政府建设情况报告\n2025年，我局推进法治政府建设。\n"
    report = _report(text)
    assert any("文本删减" in w for w in report.warnings), report.warnings


def test_repeated_watermark_inside_a_word_is_cut():
    mark = "某某之家—全网资源每日更新www.example.com"
    text = (mark + "某省人民政府关于2025年度法治政府建设情况的报告2025年，省政府坚持依法行政，推进法治政府建设。"
            "一、坚持党的领导 一是深学笃行习近平法治思想。二是扛牢法治建设第一" + mark + "责任人职责。省政府研究法治工作30余次。")
    ctx = analyse(Document(path="w.txt", lines=(text,)), packs.load("fazhi"))
    assert "example" not in ctx.norm.text
    statuses = _statuses(text)
    assert statuses["section.leader"] == "pass" and statuses["report.title"] == "pass"


def test_pdf_page_numbers_between_agency_and_date_are_furniture():
    text = COMPLETE.rstrip("\n").split("\n")
    text.insert(len(text) - 1, "第 3 页，共 3 页")
    assert _statuses("\n".join(text)) == _statuses(COMPLETE)


def _paginated(lines: list[str], header: str, per_page: int) -> list[str]:
    """A PDF's text as pdftotext/pypdfium2 give it: "第 N 页，共 M 页" at each page's foot and the
    running header at the top of the next page."""
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)]
    out: list[str] = []
    for number, page in enumerate(pages, 1):
        if number > 1:
            out.append(header)
        out.extend(page)
        out.append(f"第 {number} 页，共 {len(pages)} 页")
    return out


def test_a_running_header_between_agency_and_date_is_furniture():
    """A printed PDF whose running header (the report's name, top of every page) falls between
    the 落款 agency and its date on the last page: the signature is still found."""
    lines = COMPLETE.rstrip("\n").split("\n")
    per_page = (len(lines) - 1) // 3
    while (len(lines) - 1) % per_page:  # three pages or more, the date alone on the last one
        per_page -= 1
    printed = _paginated(lines, "某某县司法局法治政府建设年度报告", per_page)
    assert printed[-3] == "某某县司法局法治政府建设年度报告" and printed[-4].startswith("第 ")
    assert printed.count("某某县司法局法治政府建设年度报告") >= 3
    assert _statuses("\n".join(printed)) == _statuses(COMPLETE)


def test_a_line_beside_one_page_break_or_beside_unlike_debris_stays():
    from checker.analysis.text import NormText
    from checker.judge.engine import _debris

    debris = _debris(packs.load("fazhi"))
    # the agency above the last page number, once: the report's own 落款
    norm = NormText(["正文第一段，内容。", "某某县司法局", "第 2 页，共 2 页"], debris)
    assert "某某县司法局" in norm.text
    # a web page's title on both sides of its 来源/发布时间 line: one break, not a running header
    norm = NormText(["某某县2024年度法治政府建设情况报告", "来源:某某县人民政府 发布时间:2025-03-28 09:18", "",
                     "某某县2024年度法治政府建设情况报告", "2024年，我县坚持依法行政，取得成效。"], debris)
    assert norm.text.count("某某县2024年度法治政府建设情况报告") == 2


def test_cli_prints_the_warning_in_json(tmp_path):
    furniture = "\n".join(f"发布机构：某县人民政府办公室{i}" for i in range(30))
    path = tmp_path / "page.txt"
    path.write_text(furniture + "\n某县2025年度法治政府建设情况报告\n2025年，县政府推进依法行政。\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "checker", "check", "--format", "json", str(path)],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 1
    assert any("文本删减" in w for w in json.loads(out.stdout)["reports"][0]["warnings"])


RUN_ON_NO_SPACES = (
    "某县人民政府关于2025年度法治政府建设情况的报告2025年，县政府坚持依法行政，推进法治政府建设取得新成效。"
    "一、2025年法治政府建设主要举措和成效(一)强化理论武装。县政府常务会议学法12次。"
    "(二)履行第一责任，压实推进法治建设责任。县长主持召开专题会议研究法治工作4次。"
    "(三)严格规范执法。落实行政执法公示制度，推行执法全过程记录，重大执法决定法制审核56件。"
    "二、存在的不足和原因一是基层执法力量不足，原因是编制紧张。"
    "三、2026年工作安排2026年，县政府将充实执法力量。"
    "某县人民政府2026年1月20日 相关稿件: 某县人民政府关于2024年度法治政府建设情况的报告 某县2025年政府信息公开工作年度报告")


def test_run_on_page_without_spaces_keeps_sub_headings_and_signature():
    statuses = _statuses(RUN_ON_NO_SPACES)
    assert statuses["section.leader"] == "pass", statuses
    assert statuses["signature.agency"] == "pass" and statuses["signature.date"] == "pass", statuses
    assert statuses["plan.year"] == "pass", statuses


def test_normalize_chars_replaces_exactly_what_the_width_map_maps():
    """normalize_chars substitutes the mapped characters only (str.replace per character present);
    the result is the one str.translate over the whole text gave."""
    import random

    from checker.analysis.text import _WIDTH_MAP, normalize_chars

    rng = random.Random(12)
    alphabet = [chr(c) for c in _WIDTH_MAP] + list("法治政府建设年度报告。、“”《》〇①⑩ \n\tab12") + ["\u2f8f", "\\\\"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        expected = text.translate(_WIDTH_MAP)
        if any("\u2e80" <= ch <= "\u2fdf" for ch in expected):
            continue  # radicals: NFKC, covered below
        assert normalize_chars(text) == expected
    assert normalize_chars("（一）⾏政执法，２０２４年") == "(一)行政执法,2024年"


_LETTER = ["青川县市场监督管理局关于报送2025年度法治政府建设情况报告的函", "县委依法治县办：",
           "根据工作安排，现将我局2025年度法治政府建设情况报告报送你们，请审阅。",
           "青川县市场监督管理局", "2026年1月12日", ""]


def test_a_transmittal_letters_closing_is_the_signature_when_the_report_has_none():
    """A report sent under a cover letter whose 落款 is the only one (the report after it ends
    with its last part): the letter's agency and date are the signature, and the plan's year is
    still read in the report below the letter."""
    # the report without its own 落款, its plan heading without a year (the year is in its body)
    body = COMPLETE.replace("2026年推进法治政府建设的主要安排", "推进法治政府建设的主要安排").rstrip("\n").split("\n")[:-3]
    report = _report("\n".join(_LETTER + body))
    found = {f.rule: f for f in report.findings}
    assert found["signature.agency"].status.value == "pass" and found["signature.agency"].evidence[0].line == 4
    assert found["signature.date"].status.value == "pass" and found["signature.date"].evidence[0].line == 5
    assert found["plan.year"].status.value == _statuses(COMPLETE)["plan.year"] == "pass"
    assert report.meta.date == "2026-01-12"


def test_an_agency_and_date_under_the_title_are_a_byline_not_a_closing():
    body = COMPLETE.rstrip("\n").split("\n")[:-3]
    byline = [body[0], "青川县市场监督管理局", "2026年1月12日"] + body[1:]
    statuses = _statuses("\n".join(byline))
    assert statuses["signature.agency"] == "fail" and statuses["signature.date"] == "fail"


def test_a_run_on_page_with_a_font_size_bar_and_neighbour_links_keeps_title_and_signature():
    """A page whose line breaks were all lost: 字号：[ 大 中 小 ] [ 打印 ] glued to the title, and
    the column's 上一篇/下一篇 links after the 落款 on the same line."""
    lines = [line for line in COMPLETE.rstrip("\n").split("\n") if line.strip()]
    page = ("首页 > 信息公开 > 法定主动公开内容 > 正文 " + lines[0] + " 发布日期：2026-01-20 15:32:06 阅读次数： "
            "字号：[ 大 中 小 ] [ 打印 ] [ 关闭 ] " + " ".join(lines[1:]) + " 【打印本页】 【关闭窗口】 "
            "上一篇：某县市场监督管理局2025年政府信息公开工作年度报告 下一篇：某县市场监督管理局关于开展执法案卷评查的通知")
    statuses = _statuses(page)
    assert statuses["report.title"] == "pass"
    assert statuses["signature.agency"] == "pass" and statuses["signature.date"] == "pass"
