"""Word details: automatic numbering as printed, styles, tables, text boxes, content controls."""
from __future__ import annotations

import pytest

import formats_helper as fh
from checker.readers import read_bytes
from checker.readers._docx_numbering import format_number
from formats_helper import p


@pytest.mark.parametrize("n, fmt, shown", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
    (20, "chineseCounting", "二十"), (23, "chineseCounting", "二十三"), (100, "chineseCounting", "一〇〇"),
    (105, "chineseCountingThousand", "一百零五"), (110, "chineseCountingThousand", "一百一十"),
    (12, "chineseCountingThousand", "十二"), (3, "chineseLegalSimplified", "叁"),
    (1, "ideographTraditional", "甲"), (2, "ideographZodiac", "丑"),
    (1, "decimalEnclosedCircle", "①"), (20, "decimalEnclosedCircleChinese", "⑳"),
    (21, "decimalEnclosedCircle", "㉑"), (3, "decimalEnclosedParen", "⑶"),
    (12, "decimalFullWidth", "１２"), (7, "decimalZero", "07"), (4, "upperRoman", "IV"),
    (27, "lowerLetter", "aa"), (5, "decimal", "5"), (5, "somethingNew", "5"),
])
def test_number_formats(n, fmt, shown):
    assert format_number(n, fmt) == shown


def _lvl(ilvl: int, fmt: str, text: str, style: str | None = None, extra: str = "") -> str:
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{pstyle}'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


NUMBERING = (
    '<w:abstractNum w:abstractNumId="1">'
    + _lvl(0, "chineseCounting", "%1、", style="1", extra='<w:suff w:val="nothing"/>')
    + _lvl(1, "chineseCounting", "（%2）")
    + _lvl(2, "decimal", "%3.")
    + _lvl(3, "decimal", "（%4）")
    + _lvl(4, "decimalEnclosedCircle", "%5")
    + "</w:abstractNum>"
    + '<w:abstractNum w:abstractNumId="2">'
    + _lvl(0, "decimal", "%1、") + _lvl(1, "decimal", "%1.%2", extra='<w:lvlRestart w:val="0"/>')
    + "</w:abstractNum>"
    + '<w:abstractNum w:abstractNumId="3">' + _lvl(0, "bullet", "\uf06c") + "</w:abstractNum>"
    + '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
    + '<w:num w:numId="2"><w:abstractNumId w:val="1"/>'
      '<w:lvlOverride w:ilvl="2"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    + '<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>'
    + '<w:num w:numId="4"><w:abstractNumId w:val="3"/></w:num>'
)
STYLES = (
    '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/>'
    '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="2"><w:name w:val="标题 2"/><w:basedOn w:val="a"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="MyHead"><w:name w:val="My Heading"/><w:basedOn w:val="1"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Plan"><w:name w:val="Plan"/>'
    '<w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="BigTitle"><w:name w:val="Title"/></w:style>'
)


def _read(body: str, numbering: str = NUMBERING, styles: str = STYLES):
    return read_bytes("test.docx", fh.raw_docx(body, numbering, styles))


def test_numbering_levels_restarts_and_overrides():
    body = "".join([
        p("主要举措和成效", num=(1, 0)),
        p("健全依法决策机制", num=(1, 1)),
        p("第一项", num=(1, 2)),
        p("第二项", num=(1, 2)),
        p("细项", num=(1, 3)),
        p("要点甲", num=(1, 4)),
        p("要点乙", num=(1, 4)),
        p("严格规范执法", num=(1, 1)),  # deeper levels restart under a new （二）
        p("第一项", num=(1, 2)),
        p("存在的不足和原因", num=(1, 0)),
        p("问题一", num=(1, 2)),
        p("问题二", num=(1, 2)),
        p("另起一列", num=(2, 2)),  # startOverride restarts level 3 at 1
        p("再一项", num=(2, 2)),
        p("第一责任人职责情况", num=(2, 0)),  # same abstractNum: the 一、 sequence continues
        p("不编号", num=(0, 0)),
        p("十进制", num=(3, 0)),
        p("多级", num=(3, 1)),
        p("项目符号", num=(4, 0)),
    ])
    assert list(_read(body).lines) == [
        "一、主要举措和成效", "（一）健全依法决策机制", "1.第一项", "2.第二项", "（1）细项",
        "①要点甲", "②要点乙", "（二）严格规范执法", "1.第一项", "二、存在的不足和原因",
        "1.问题一", "2.问题二", "1.另起一列", "2.再一项", "三、第一责任人职责情况", "不编号",
        "1、十进制", "1.1 多级", "• 项目符号",
    ]


def test_style_inherited_numbering_and_heading_levels():
    body = "".join([
        p("青禾县市场监督管理局2024年度法治政府建设工作报告", style="BigTitle"),
        p("主要举措和成效", style="1"),
        p("正文一段。"),
        p("存在的不足和原因", style="MyHead"),  # numbering and outline level via basedOn
        p("不带编号的一级标题", style="1", extra=""),
        p("健全依法决策机制", style="2"),
        p("下一年度工作安排", style="Plan"),
    ])
    # a paragraph that switches the style's numbering off with numId 0
    body += ('<w:p><w:pPr><w:pStyle w:val="1"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'
             '</w:pPr><w:r><w:t>关掉编号</w:t></w:r></w:p>')
    document = _read(body)
    assert list(document.lines) == [
        "青禾县市场监督管理局2024年度法治政府建设工作报告", "一、主要举措和成效", "正文一段。",
        "二、存在的不足和原因", "三、不带编号的一级标题", "健全依法决策机制", "下一年度工作安排", "关掉编号",
    ]
    assert dict(document.heading_levels) == {2: 1, 4: 1, 5: 1, 6: 2, 7: 3, 8: 1}
    assert document.title_hint == "青禾县市场监督管理局2024年度法治政府建设工作报告"


TEXT_BOX = (
    '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>'
    '<w:p><w:r><w:t>文本框里的说明文字</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></w:drawing>'
    '</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>'
    '<w:p><w:r><w:t>文本框里的说明文字</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>'
    '</mc:Fallback></mc:AlternateContent></w:r>'
)


def test_text_boxes_content_controls_revisions_fields_and_breaks():
    body = "".join([
        p("锚定段落", extra=TEXT_BOX),
        '<w:sdt><w:sdtPr/><w:sdtContent>' + p("内容控件里的段落") + '</w:sdtContent></w:sdt>',
        '<w:p><w:r><w:t>填写单位：</w:t></w:r><w:sdt><w:sdtContent><w:r><w:t>青禾县市场监督管理局</w:t></w:r>'
        '</w:sdtContent></w:sdt></w:p>',
        '<w:p><w:r><w:t>保留</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏文字</w:t></w:r>'
        '<w:del><w:r><w:delText>删除的文字</w:delText></w:r></w:del><w:ins><w:r><w:t>插入的文字</w:t></w:r></w:ins></w:p>',
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>域结果</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
        '<w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>',
        '<w:p><w:hyperlink><w:r><w:t>链接文字</w:t></w:r></w:hyperlink><w:r><w:tab/><w:t>制表符后</w:t></w:r></w:p>',
    ])
    document = _read(body)
    assert list(document.lines) == [
        "锚定段落", "文本框里的说明文字", "内容控件里的段落", "填写单位：青禾县市场监督管理局",
        "保留插入的文字", "域结果", "第一行", "第二行", "链接文字 制表符后",
    ]
    assert document.locations[1] == "第1段（文本框）"
    assert document.locations[6] == document.locations[7]


def _table(rows: list[list[str]]) -> str:
    cells = "".join("<w:tr>" + "".join(f"<w:tc>{p(cell)}</w:tc>" for cell in row) + "</w:tr>" for row in rows)
    return f"<w:tbl>{cells}</w:tbl>"


def test_tables_in_document_order():
    body = "".join([
        p("表格前"),
        _table([["指标", "数量"], ["行政处罚决定公示", "132件"], ["", "合计"]]),
        p("表格后"),
        # a one-column layout table around report text: its paragraphs are lines
        '<w:tbl><w:tr><w:tc>' + p("主要举措和成效", num=(1, 0)) + p("正文。") + "</w:tc></w:tr></w:tbl>",
    ])
    document = _read(body)
    assert list(document.lines) == ["表格前", "指标 | 数量", "行政处罚决定公示 | 132件", "合计", "表格后",
                                    "一、主要举措和成效", "正文。"]
    assert document.locations[1] == "第1个表格第1行"


def test_blank_paragraphs_collapse():
    body = p("甲") + p() + p() + p("乙") + p()
    assert list(_read(body).lines) == ["甲", "", "乙"]


def test_without_styles_or_numbering_parts():
    document = read_bytes("bare.docx", fh.raw_docx(p("只有正文") + p("第二段", num=(1, 0))))
    assert list(document.lines) == ["只有正文", "第二段"]


def test_list_style_link():
    """A num whose abstractNum only links to a list style (numStyleLink) takes the levels of
    the abstractNum that defines that style (styleLink), and shares its counters."""
    numbering = (
        '<w:abstractNum w:abstractNumId="5"><w:numStyleLink w:val="ReportList"/></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="7"><w:styleLink w:val="ReportList"/>'
        + _lvl(0, "chineseCounting", "%1、") + _lvl(1, "chineseCounting", "（%2）") + "</w:abstractNum>"
        '<w:num w:numId="5"><w:abstractNumId w:val="5"/></w:num>'
        '<w:num w:numId="6"><w:abstractNumId w:val="7"/></w:num>'
    )
    styles = ('<w:style w:type="numbering" w:styleId="ReportList"><w:name w:val="Report List"/>'
              '<w:pPr><w:numPr><w:numId w:val="6"/></w:numPr></w:pPr></w:style>')
    body = p("主要举措和成效", num=(5, 0)) + p("健全依法决策机制", num=(5, 1)) + p("存在的不足", num=(6, 0))
    assert list(_read(body, numbering, styles).lines) == [
        "一、主要举措和成效", "（一）健全依法决策机制", "二、存在的不足"]
