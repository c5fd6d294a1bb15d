"""Build the same synthetic report in every input format, at test time.

The report is our own writing (a fictional county market-supervision bureau); nothing here
comes from the seed reports. Each builder returns the file's bytes.
"""
from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

YEAR = 2024
AGENCY = "青禾县市场监督管理局"
TITLE = f"{AGENCY}{YEAR}年度法治政府建设工作报告"

# (kind, label, text): kind is title | para | h1 | h2 | close
REPORT: list[tuple[str, str, str]] = [
    ("title", "", TITLE),
    ("para", "", f"{YEAR}年，青禾县市场监督管理局在县委、县政府的领导下，围绕建设职责明确、依法行政的"
                 "法治机关目标，把法治要求落实到市场监管各个环节。现将有关情况报告如下。"),
    ("h1", "一、", "主要举措和成效"),
    ("h2", "（一）", "健全依法决策机制"),
    ("para", "", "全年提请局党组会议审议重大事项11项，全部经过合法性审核；修订《局重大行政决策程序规定》，"
                 "明确公众参与、专家论证、风险评估三个必经环节。聘请两名执业律师担任常年法律顾问，"
                 "出具法律意见书37份。"),
    ("h2", "（二）", "严格规范公正文明执法"),
    ("para", "", "全面落实行政执法公示制度，执法主体、依据、程序和结果在县政府门户网站统一公开，全年公示"
                 "行政处罚决定132件，均在作出决定之日起7个工作日内公开。推行执法全过程记录制度，为一线执法"
                 "人员配备执法记录仪46台，对现场检查、查封扣押等环节实行全程音像记录。严格执行重大执法决定"
                 "法制审核制度，法制审核人员对34件重大案件逐案审核，提出修改意见9条，未经法制审核的一律"
                 "不得作出决定。"),
    ("h2", "（三）", "优化法治化营商环境"),
    ("para", "", "开展公平竞争审查，审查涉及经营主体经济活动的政策措施21件，纠正排除、限制竞争的条款2处。"
                 "推行“双随机、一公开”监管，部门联合抽查事项占比达到42%。落实轻微违法行为不予处罚清单，"
                 "对58户首次轻微违法的经营者依法不予处罚并开展教育。"),
    ("h2", "（四）", "深化普法宣传教育"),
    ("para", "", "落实“谁执法谁普法”普法责任制，组织“守护舌尖”——食品安全宣传周等主题活动14场，"
                 "发放宣传资料一万余份，接受群众现场咨询800余人次。"),
    ("h1", "二、", "存在的不足和原因"),
    ("para", "", "一是基层执法人员中法律专业背景的偏少，部分案件证据收集不够规范，主要原因是近年新进人员多、"
                 "系统培训不足。二是新兴业态监管手段滞后，网络交易案件查办能力不强，原因在于技术装备投入有限、"
                 "跨区域协作机制尚不健全。"),
    ("h1", "三、", "党政主要负责人履行推进法治建设第一责任人职责情况"),
    ("para", "", "局党组书记、局长切实履行推进法治建设第一责任人职责，做到亲自部署、亲自过问、亲自协调、"
                 "亲自督办。全年召开党组会议专题研究法治工作4次，组织会前学法12次，带头出庭应诉行政诉讼案件"
                 "1件，并在年终述职中专项述法。"),
    ("h1", "四、", f"{YEAR + 1}年主要安排"),
    ("para", "", f"{YEAR + 1}年，我局将继续围绕法治政府建设目标开展工作：一是加强执法队伍专业化建设，"
                 "分批次开展执法资格轮训；二是完善网络交易监管协作机制，提升线上案件办理能力；三是持续深化"
                 "行政执法三项制度改革，推进执法监督平台全覆盖。"),
    ("close", "", AGENCY),
    ("close", "", f"{YEAR}年12月20日"),
]

HEADINGS = [label + text for kind, label, text in REPORT if kind in ("h1", "h2")]

# A weaker report of the same office, so that the verdicts compared across formats are not
# all "pass": no year in the title, only the collective 三项制度, problems without causes,
# a plan naming the report year, no leader part, a garbled date.
DEFECTIVE: list[tuple[str, str, str]] = [
    ("title", "", f"{AGENCY}法治政府建设工作情况"),
    ("para", "", f"{YEAR}年，我局认真贯彻上级部署，扎实推进各项法治工作，现报告如下。"),
    ("h1", "一、", "工作开展情况"),
    ("h2", "（一）", "抓好制度落实"),
    ("para", "", "认真落实行政执法三项制度，规范执法行为，全年办理各类案件96件，无一被复议撤销。"),
    ("h2", "（二）", "开展普法活动"),
    ("para", "", "利用赶集日开展法律咨询活动6场，向经营户讲解食品安全和价格管理方面的法律规定。"),
    ("h1", "二、", "存在问题"),
    ("para", "", "执法人员数量偏少；执法装备较为陈旧；案件办理质量有待提高。"),
    ("h1", "三、", f"{YEAR}年工作打算"),
    ("para", "", "继续加强执法队伍建设，提高案件办理质量，推动各项工作再上新台阶。"),
    ("close", "", AGENCY),
    ("close", "", f"{YEAR}年1230日"),
]


def title_of(report: list[tuple[str, str, str]]) -> str:
    return next(text for kind, _, text in report if kind == "title")


def lines(report: list[tuple[str, str, str]] = REPORT) -> list[str]:
    return [label + text for _, label, text in report]


def to_txt(report: list[tuple[str, str, str]] = REPORT) -> bytes:
    return ("\n".join(lines(report)) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- .docx
_NUMBERING = """
<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="Heading1"/>
    <w:suff w:val="nothing"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="Heading2"/>
    <w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/></w:lvl>
</w:abstractNum>"""
_NUM = """<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:numId="90">
  <w:abstractNumId w:val="90"/></w:num>"""


def to_docx(auto_numbering: bool = False, report: list[tuple[str, str, str]] = REPORT) -> bytes:
    """python-docx document with heading styles; with ``auto_numbering`` the 一、/（一） numbers
    are not typed but come from numbering.xml through the heading styles (style-inherited)."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    if auto_numbering:
        numbering = document.part.numbering_part.element
        numbering.insert(0, parse_xml(_NUMBERING))
        numbering.append(parse_xml(_NUM))
        for ilvl, name in enumerate(("Heading 1", "Heading 2")):
            ppr = document.styles[name].element.get_or_add_pPr()
            numpr = parse_xml(f'<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                              f'<w:ilvl w:val="{ilvl}"/><w:numId w:val="90"/></w:numPr>')
            ppr.insert(0, numpr)
    closing = False
    for kind, label, text in report:
        if kind == "title":
            document.add_paragraph(text, style="Title")
        elif kind in ("h1", "h2"):
            shown = text if auto_numbering else label + text
            document.add_paragraph(shown, style="Heading 1" if kind == "h1" else "Heading 2")
        else:
            if kind == "close" and not closing:
                document.add_paragraph("")
                closing = True
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def raw_docx(body_xml: str, numbering_xml: str = "", styles_xml: str = "") -> bytes:
    """A minimal .docx package around hand-written WordprocessingML (for precise cases)."""
    ns = (f'xmlns:w="{_W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:v="urn:schemas-microsoft-com:vml"')
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:document {ns}><w:body>{body_xml}</w:body></w:document>',
    }
    if numbering_xml:
        parts["word/numbering.xml"] = f'<?xml version="1.0" encoding="UTF-8"?><w:numbering {ns}>{numbering_xml}</w:numbering>'
    if styles_xml:
        parts["word/styles.xml"] = f'<?xml version="1.0" encoding="UTF-8"?><w:styles {ns}>{styles_xml}</w:styles>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def p(text: str = "", num: tuple[int, int] | None = None, style: str | None = None, extra: str = "") -> str:
    """One w:p with a single run (helper for raw_docx bodies)."""
    ppr = ""
    if style or num:
        ppr = "<w:pPr>"
        if style:
            ppr += f'<w:pStyle w:val="{style}"/>'
        if num:
            ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
        ppr += "</w:pPr>"
    run = f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text else ""
    return f"<w:p>{ppr}{run}{extra}</w:p>"


# --------------------------------------------------------------------------- .pdf
_NO_LINE_START = "。，、；：？！）》」』】”’…—·,.;:?!)%"


def wrap(text: str, width: int) -> list[str]:
    """Hard-wrap ``text`` at ``width`` characters the way Chinese typesetting does: closing
    punctuation never starts a line (it stays at the end of the previous one)."""
    out, start = [], 0
    while start < len(text):
        end = min(start + width, len(text))
        while end < len(text) and text[end] in _NO_LINE_START:
            end += 1
        out.append(text[start:end])
        start = end
    return out or [""]


def to_pdf(width: int = 30, lines_per_page: int = 16, header: str = "青禾县市场监督管理局政务公开专栏",
           text: bool = True, image: bool = False, encrypt: str | None = None,
           report: list[tuple[str, str, str]] = REPORT) -> bytes:
    """reportlab with the built-in STSong-Light CID font (no font file): hard-wrapped lines,
    a repeated running header and a "— N —" page number on each page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    printed: list[str] = []
    for kind, label, body in report:
        if kind == "para":
            printed.extend(wrap("　　" + body, width))
        else:
            printed.append(label + body)
    buffer = io.BytesIO()
    options = {}
    if encrypt:
        from reportlab.lib import pdfencrypt
        # "owner:" + password: restrictions only, opens without a password (common on gov sites)
        user, owner = ("", encrypt[6:]) if encrypt.startswith("owner:") else (encrypt, None)
        options["encrypt"] = pdfencrypt.StandardEncryption(user, ownerPassword=owner, canPrint=0, canCopy=0)
    pdf = canvas.Canvas(buffer, pagesize=A4, **options)
    _, height = A4
    pages = [printed[i:i + lines_per_page] for i in range(0, len(printed), lines_per_page)]
    for number, page in enumerate(pages, 1):
        if image:  # a "scan": a page-sized picture and no text layer
            from PIL import Image, ImageDraw
            from reportlab.lib.utils import ImageReader

            picture = Image.new("L", (600, 840), 255)
            draw = ImageDraw.Draw(picture)
            for row in range(40, 800, 30):
                draw.rectangle((60, row, 540, row + 12), fill=40)  # lines of "print"
            pdf.drawImage(ImageReader(picture), 0, 0, width=595, height=842)
        if text:
            pdf.setFont("STSong-Light", 9)
            pdf.drawCentredString(297, height - 40, header)
            pdf.setFont("STSong-Light", 14)
            y = height - 80
            for line in page:
                pdf.drawString(70, y, line)
                y -= 26
            pdf.setFont("STSong-Light", 10)
            pdf.drawCentredString(297, 40, f"— {number} —")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# --------------------------------------------------------------------------- .html
def to_html(charset: str = "utf-8", container: str = 'div id="zoom"', title_in_body: bool = False,
            report: list[tuple[str, str, str]] = REPORT) -> bytes:
    """A government CMS page: navigation, breadcrumb, <h1> title outside the body container,
    the article, a 相关稿件 sidebar naming another year's report, and a footer."""
    body = []
    title = title_of(report)
    for kind, label, text in report:
        if kind == "title":
            if title_in_body:
                body.append(f'<p style="text-align:center"><strong>{escape(text)}</strong></p>')
            continue
        if kind in ("h1", "h2"):
            body.append(f"<p><strong>{escape(label + text)}</strong></p>")
        elif kind == "close":
            body.append(f'<p style="text-align:right">{escape(text)}</p>')
        else:
            body.append(f"<p>&nbsp;&nbsp;&nbsp;&nbsp;{escape(text)}</p>")
    tag = container.split()[0]
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{escape(title)}_青禾县人民政府</title>
<script>var s = "主要举措和成效 in a script must not be read";</script>
<style>.x {{ color: red }}</style></head>
<body>
<div class="header"><div class="nav"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/bsfw">办事服务</a></div></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 法治政府建设</div>
<div class="main">
<table class="info"><tr><td>索引号：QH-2025-0012</td><td>发布机构：{AGENCY}</td></tr></table>
<h1>{escape(title)}</h1>
<div class="time">发布时间：{YEAR + 1}-01-15 来源：{AGENCY}</div>
<{container}>
{chr(10).join(body)}
</{tag}>
<div class="share">分享到：微信 微博</div>
</div>
<div class="sidebar related">
<h3>相关稿件</h3>
<ul>
<li><a href="/a1.html">{AGENCY}{YEAR - 1}年度法治政府建设工作报告</a></li>
<li><a href="/a2.html">青禾县司法局{YEAR}年度法治政府建设工作报告</a></li>
<li><a href="/a3.html">关于印发{YEAR - 1}年主要安排的通知</a></li>
</ul>
</div>
<div class="footer">主办单位：青禾县人民政府办公室 扫一扫在手机打开当前页</div>
</body></html>"""
    return page.encode("gb18030" if charset.lower() in ("gb2312", "gbk") else charset)


def to_mht(html: bytes, charset: str = "gb2312") -> bytes:
    """A saved-page .mht (MIME multipart/related) around ``html``."""
    import base64

    encoded = base64.encodebytes(html).decode("ascii")
    return (
        "From: <Saved by a browser>\r\nSubject: report\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="----=_NextPart_000_0000"\r\n\r\n'
        "This is a multi-part message in MIME format.\r\n\r\n"
        "------=_NextPart_000_0000\r\n"
        f'Content-Type: text/html;\r\n\tcharset="{charset}"\r\nContent-Transfer-Encoding: base64\r\n'
        "Content-Location: http://example.invalid/report.html\r\n\r\n"
        f"{encoded}\r\n"
        "------=_NextPart_000_0000\r\n"
        "Content-Type: text/css\r\nContent-Location: http://example.invalid/a.css\r\n\r\n.x{color:red}\r\n"
        "------=_NextPart_000_0000--\r\n"
    ).encode("ascii")


# --------------------------------------------------------------------------- .ofd
_OFD_NS = "http://www.ofdspec.org/2016"


def to_ofd(width: int = 30, lines_per_page: int = 30, report: list[tuple[str, str, str]] = REPORT) -> bytes:
    """An OFD package (GB/T 33190): one TextObject per printed line; a heading's number and
    words are two TextObjects on the same baseline, written in reverse order, to show that
    lines are grouped by their Y coordinate and read left to right."""
    printed: list[str] = []
    for kind, label, body in report:
        if kind == "para":
            printed.extend(wrap(body, width))
        else:
            printed.append(label + body)
    pages = [printed[i:i + lines_per_page] for i in range(0, len(printed), lines_per_page)]
    size = 4.2
    files = {
        "OFD.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{_OFD_NS}" Version="1.0" DocType="OFD">'
                   '<ofd:DocBody><ofd:DocInfo><ofd:DocID>0C1D4F7159954EEEDE517F7285E84DC4</ofd:DocID>'
                   f'<ofd:Title>{escape(title_of(report))}</ofd:Title></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>'
                   '</ofd:DocBody></ofd:OFD>',
        "Doc_0/PublicRes.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{_OFD_NS}" BaseLoc="Res">'
                               '<ofd:Fonts><ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>',
    }
    page_refs = []
    next_id = 10
    for index, page in enumerate(pages):
        objects = []
        y = 30.0
        for line in page:
            split = next((len(label) for kind, label, body in report
                          if kind in ("h1", "h2") and line == label + body), 0)
            chunks = [(25.0, line)] if not split else [(25.0 + split * size, line[split:]), (25.0, line[:split])]
            for x, chunk in chunks:
                deltas = " ".join([str(size)] * (len(chunk) - 1))
                objects.append(
                    f'<ofd:TextObject ID="{next_id}" Boundary="{x} {y - size} {len(chunk) * size + 1} {size * 1.5}" '
                    f'Font="2" Size="{size}"><ofd:FillColor Value="0 0 0"/>'
                    f'<ofd:TextCode X="0" Y="{size}" DeltaX="{deltas}">{escape(chunk)}</ofd:TextCode></ofd:TextObject>')
                next_id += 1
            y += size * 2
        files[f"Doc_0/Pages/Page_{index}/Content.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{_OFD_NS}"><ofd:Content>'
            f'<ofd:Layer ID="{next_id}">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>')
        next_id += 1
        page_refs.append(f'<ofd:Page ID="{next_id}" BaseLoc="Pages/Page_{index}/Content.xml"/>')
        next_id += 1
    files["Doc_0/Document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{_OFD_NS}"><ofd:CommonData>'
        f'<ofd:MaxUnitID>{next_id}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>'
        '</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>'
        f'<ofd:Pages>{"".join(page_refs)}</ofd:Pages></ofd:Document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def zip_bomb(entry: str = "word/document.xml", gib: int = 4) -> bytes:
    """A small zip whose central directory declares ``gib`` GiB of uncompressed data.

    Built by writing a modest entry and patching its declared sizes: the readers must
    refuse it from the directory alone, before decompressing anything."""
    import struct

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("OFD.xml" if entry == "OFD.xml" else "word/document.xml", b"\0" * (1 << 20))
        for index in range(gib * 4):
            archive.writestr(f"{entry}.{index}", b"\0" * (1 << 20))
    data = bytearray(buffer.getvalue())
    # patch every central-directory record's uncompressed size to 256 MiB
    offset = data.find(b"PK\x01\x02")
    while offset != -1:
        struct.pack_into("<I", data, offset + 24, 256 * 1024 * 1024)
        offset = data.find(b"PK\x01\x02", offset + 4)
    return bytes(data)
