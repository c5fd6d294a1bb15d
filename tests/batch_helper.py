"""A generated batch for the batch tests: mixed formats, an empty and a corrupt file, two
near-duplicates, unrelated reports, one agency's two consecutive years. Our own text (reportgen)."""
from __future__ import annotations

import importlib.util
import io
import os

import reportgen

HOSTILE_TITLE = '石泉县应急管理局<script>alert("x")</script>2024年度法治政府建设&<b>情况</b>报告'

# Plan items chosen so the ones carried into the next year share no words with the others.
PLAN_2023 = ("推进执法办案系统与上级平台对接", "扩大轻微违法免罚清单适用范围",
             "建设智慧档案馆数字化库房", "开展乡村旅游民宿消防排查")


def reader_available(fmt: str) -> bool:
    """Whether this checkout reads .docx / .pdf (the formats issue may not have landed) and the
    library that writes such a file for the test is installed."""
    module = {"docx": "checker.readers.docx", "pdf": "checker.readers.pdf"}[fmt]
    writer = {"docx": "docx", "pdf": "reportlab"}[fmt]
    try:
        found = importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        found = False
    return found and importlib.util.find_spec(writer) is not None


def to_docx(lines) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_pdf(lines, width: int = 36) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    y = 800
    for line in lines:
        pieces = [line[i:i + width] for i in range(0, len(line), width)] or [""]
        for piece in pieces:
            if y < 60:
                page.showPage()
                y = 800
            page.setFont("STSong-Light", 12)
            page.drawString(50, y, piece)
            y -= 18
    page.save()
    return buffer.getvalue()


def write(path: str, data) -> str:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode, **({} if isinstance(data, bytes) else {"encoding": "utf-8"})) as handle:
        handle.write(data)
    return path


def build(folder: str, chars: int = 2500) -> dict:
    """Write the batch under ``folder``; returns names of interest (relative paths)."""
    base = reportgen.make_report(11, agency="松溪县市场监督管理局", target_chars=chars)
    copy = reportgen.edited_copy(base, 5)
    other = reportgen.make_report(12, agency="梅川市生态环境局", target_chars=chars)
    third = reportgen.make_report(13, agency="白鹭区交通运输局", target_chars=chars, with_leader=False)
    previous = reportgen.make_report(14, agency="东阳县司法局", year=2023, target_chars=chars, plan_items=PLAN_2023)
    current = reportgen.make_report(15, agency="东阳县司法局", year=2024, target_chars=chars,
                                    carried=PLAN_2023[:2])
    hostile_lines = (HOSTILE_TITLE,) + reportgen.make_report(16, agency="石泉县应急管理局", target_chars=chars).lines[1:]
    names = {
        "base": "2024/松溪县.txt",
        "copy": "2024/sub/松溪县-改.md",
        "other": "2024/梅川市.txt",
        "third": "2024/白鹭区.txt",
        "previous": "2023/东阳县2023.txt",
        "current": "2024/东阳县2024.txt",
        "hostile": "2024/石泉县.txt",
        "empty": "2024/空文件.txt",
        "corrupt": "2024/损坏.docx",
    }
    write(os.path.join(folder, names["base"]), base.text)
    write(os.path.join(folder, names["copy"]), copy.text)
    write(os.path.join(folder, names["other"]), other.text)
    write(os.path.join(folder, names["third"]), third.text)
    write(os.path.join(folder, names["previous"]), previous.text)
    write(os.path.join(folder, names["hostile"]), "\n".join(hostile_lines) + "\n")
    write(os.path.join(folder, names["empty"]), "")
    write(os.path.join(folder, names["corrupt"]), b"PK\x03\x04 this is not a zip archive at all")
    if reader_available("docx"):
        names["current"] = "2024/东阳县2024.docx"
        write(os.path.join(folder, names["current"]), to_docx(current.lines))
    else:
        write(os.path.join(folder, names["current"]), current.text)
    if reader_available("pdf"):
        names["pdf"] = "2024/临河县.pdf"
        write(os.path.join(folder, names["pdf"]),
              to_pdf(reportgen.make_report(17, agency="临河县农业农村局", target_chars=chars).lines))
    # not reports: other extensions, hidden files, Office lock files
    write(os.path.join(folder, "2024/名单.xlsx"), b"PK\x03\x04")
    write(os.path.join(folder, "2024/.隐藏.txt"), base.text)
    write(os.path.join(folder, "2024/~$松溪县.docx"), b"lock")
    write(os.path.join(folder, ".git/config.txt"), base.text)
    return names


# The paragraph two unrelated reports share (our own writing, assembled from reportgen's parts).
SHARED_HEADING = "全面推行行政执法三项制度"
SHARED_PARAGRAPH = (
    "我局把行政执法公示、执法全过程记录、重大执法决定法制审核三项制度作为规范执法的基础工程来抓。"
    "一是统一公示平台，行政许可、行政处罚、行政检查结果在作出决定之日起七个工作日内向社会公开，全年公开执法信息。"
    "二是配齐执法记录仪和音像记录设备，对现场检查、调查取证、送达执行等环节实行全程留痕、可回溯管理。"
    "三是明确法制审核机构和审核人员，制定重大执法决定法制审核目录清单，未经审核或者审核未通过的一律不得作出决定。"
    "四是每季度开展执法案卷评查，对评查发现的文书不规范、证据不充分等问题建立台账、限期整改、跟踪问效，"
    "推动三项制度由有形覆盖向有效覆盖转变，执法规范化水平持续提升。")


def with_section(report, heading: str, paragraph: str):
    """``report`` with one more sub-section of its measures part (numbered after the others)."""
    lines = list(report.lines)
    end = next(i for i, line in enumerate(lines) if line.startswith("二、"))
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    count = sum(1 for line in lines[:end] if line.startswith("（"))
    lines[end:end] = [f"（{reportgen._CN_NUM[count]}）{heading}", paragraph]
    return reportgen.Generated(report.agency, report.year, tuple(lines), report.plan_items)


def build_groups(folder: str, family: int = 7, chars: int = 2500) -> dict:
    """A batch with 雷同 of every kind: a template family of ``family`` near-copies (a large
    group), one pair (a small group), two unrelated reports sharing only their 三项制度
    paragraph (a section family), and unrelated reports. Returns the relative paths by role."""
    template = reportgen.make_report(41, agency="金沙县司法局", target_chars=chars)
    names: dict = {"family": [], "pair": [], "shared": [], "other": []}
    for k in range(family):
        name = f"family/f{k:02d}.txt"
        copy = reportgen.edited_copy(template, 100 + k, edits=4 + k)
        write(os.path.join(folder, name), copy.text)
        names["family"].append(name)
    base = reportgen.make_report(42, agency="望海区交通运输局", target_chars=chars)
    for k, report in enumerate((base, reportgen.edited_copy(base, 7))):
        name = f"pair/p{k}.txt"
        write(os.path.join(folder, name), report.text)
        names["pair"].append(name)
    for k, seed in enumerate((43, 44)):
        report = with_section(reportgen.make_report(seed, target_chars=chars), SHARED_HEADING, SHARED_PARAGRAPH)
        name = f"shared/s{k}.txt"
        write(os.path.join(folder, name), report.text)
        names["shared"].append(name)
    for k, seed in enumerate((45, 46, 47)):
        name = f"other/o{k}.txt"
        write(os.path.join(folder, name), reportgen.make_report(seed, target_chars=chars).text)
        names["other"].append(name)
    return names


def review(folder: str, jobs: int = 1):
    """The batch summary of ``folder`` with the built-in pack, in process (as the tests need it)."""
    from checker.judge import packs
    from checker.review import batch

    pack = packs.load("fazhi")
    settings = batch.similarity_settings("fazhi")
    config = batch.WorkerConfig(pack_ref="fazhi", min_section_chars=settings.min_section_chars)
    results = batch.run(batch.collect([folder]).files, config, jobs=jobs)
    return batch.aggregate(results, pack, settings, second_look=batch.mapper(config, jobs))
