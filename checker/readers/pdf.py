"""PDF through pypdfium2 (PDFium: BSD/Apache; PyMuPDF is AGPL and not used).

Lines are kept as printed: the core joins hard-wrapped lines between Chinese characters for
term matching, and its heading detector needs the printed line starts. Dropped: page-number
lines ("— 3 —", "- 3 -", "第3页", "第3页 共10页", "3/10") and running headers/footers that
repeat at the top or bottom of most pages. Kangxi radicals and CJK radical-supplement
look-alikes that some PDF producers emit (⾏, ⻓) are mapped to the ordinary ideographs —
only those characters; NFKC over the whole text would turn ① into 1.
"""
from __future__ import annotations

import re
import time
import unicodedata
from collections import Counter

from checker.errors import InputError
from checker.model import Document
from checker.readers._limits import MAX_EXTRACT_SECONDS, MAX_PDF_PAGES

# CJK Radicals Supplement characters that are whole ideographs in print; NFKC maps only
# two of this block (⺟, ⻳), so the rest are listed here.
_SUPPLEMENT = dict(zip(
    "⺠⻄⻅⻆⻉⻋⻑⻓⻔⻘⻙⻚⻛⻜⻝⻡⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰⺟⻳⺌⺜⺝⺩⺬⺯⺶⻁⻊",
    "民西见角贝车長长门青韦页风飞食首马骨鬼鱼鸟卤麦黄黾齐齿龙母龟小日月王示糸羊虎足",
))
_PAGE_NUMBER = re.compile(
    r"^(?:[—–\-－−―_~·•\s]*[0-9０-９]{1,4}[—–\-－−―_~·•\s]*"
    r"|第\s*[0-9０-９]{1,4}\s*页(?:\s*[/，,、]?\s*共\s*[0-9０-９]{1,4}\s*页)?"
    r"|共\s*[0-9０-９]{1,4}\s*页\s*[/，,、]?\s*第\s*[0-9０-９]{1,4}\s*页"
    r"|[0-9０-９]{1,4}\s*/\s*[0-9０-９]{1,4}"
    r"|page\s*[0-9]{1,4}(?:\s*of\s*[0-9]{1,4})?)$",
    re.IGNORECASE,
)
_DECORATED = re.compile(r"[—–\-－−―_~·•第页/]|page", re.IGNORECASE)
_EDGE = 3  # lines at the top and bottom of a page where headers and footers sit


def map_radicals(text: str) -> str:
    """⾏ → 行 (Kangxi radicals, U+2F00–U+2FDF) and ⻓ → 长 (CJK radicals supplement)."""
    if not any(0x2E80 <= ord(ch) <= 0x2FDF for ch in text):
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if 0x2F00 <= code <= 0x2FDF:
            ch = unicodedata.normalize("NFKC", ch)
        elif 0x2E80 <= code <= 0x2EFF:
            ch = _SUPPLEMENT.get(ch, ch)
        out.append(ch)
    return "".join(out)


def _is_page_number(line: str, at_edge: bool) -> bool:
    compact = line.strip()
    if not compact or not _PAGE_NUMBER.match(compact):
        return False
    # a bare "12" is a page number only at the top or bottom of a page
    return at_edge or bool(_DECORATED.search(compact))


def _unreadable_share(text: str) -> float:
    chars = [ch for ch in text if not ch.isspace()]
    if not chars:
        return 1.0
    bad = sum(1 for ch in chars if ch == "\ufffd" or 0xE000 <= ord(ch) <= 0xF8FF or ord(ch) < 32)
    return bad / len(chars)


def _needs_ocr(path: str, detail_zh: str, detail_en: str) -> InputError:
    return InputError(f"{path}：PDF 没有可用的文字层（{detail_zh}），需要先做 OCR 文字识别",
                      f"{path}: the PDF has no usable text layer ({detail_en}); it needs OCR first")


def extract_pages(path: str, data: bytes) -> list[list[str]]:
    """The printed lines of every page, as PDFium reads them (before any clean-up)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise InputError(f"{path}：PDF 已加密（需要密码才能打开），请提供未加密的文件",
                             f"{path}: the PDF is encrypted (a password is needed to open it); "
                             f"give an unencrypted copy") from None
        raise InputError(f"{path}：PDF 文件已损坏，无法打开", f"{path}: the PDF is damaged ({exc})") from None
    try:
        count = len(pdf)
        if count > MAX_PDF_PAGES:
            raise InputError(f"{path}：PDF 页数过多（{count} 页，上限 {MAX_PDF_PAGES} 页），不像是一份年度报告",
                             f"{path}: the PDF has too many pages ({count}, limit {MAX_PDF_PAGES})")
        started = time.monotonic()
        pages = []
        for index in range(count):
            if time.monotonic() - started > MAX_EXTRACT_SECONDS:
                raise InputError(f"{path}：PDF 文字提取超时（{MAX_EXTRACT_SECONDS:.0f} 秒内只读完 {index} 页）",
                                 f"{path}: PDF text extraction timed out "
                                 f"({index} pages in {MAX_EXTRACT_SECONDS:.0f} s)")
            try:
                page = pdf[index]
            except pdfium.PdfiumError as exc:
                raise InputError(f"{path}：PDF 第{index + 1}页无法读取（文件可能已损坏）",
                                 f"{path}: page {index + 1} of the PDF cannot be read ({exc})") from None
            try:
                textpage = page.get_textpage()
                try:
                    text = textpage.get_text_range()
                finally:
                    textpage.close()
            except pdfium.PdfiumError as exc:
                raise InputError(f"{path}：PDF 第{index + 1}页无法读取（文件可能已损坏）",
                                 f"{path}: page {index + 1} of the PDF cannot be read ({exc})") from None
            finally:
                page.close()
            text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x02", "")
            pages.append([line.strip() for line in text.split("\n")])
        return pages
    finally:
        pdf.close()


def _repeated_edges(pages: list[list[str]]) -> set[str]:
    """Lines (digits masked) at the top or bottom of at least half of the pages (of both
    pages in a two-page file)."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        content = [line for line in lines if line]
        edge = set(content[:_EDGE] + content[-_EDGE:])
        seen.update({re.sub(r"[0-9０-９]+", "#", line) for line in edge})
    need = 2 if len(pages) == 2 else max(3, (len(pages) + 1) // 2)
    return {key for key, count in seen.items() if count >= need}


def read(path: str, data: bytes, fmt: str = "pdf") -> Document:
    pages = extract_pages(path, data)
    everything = "".join("".join(lines) for lines in pages)
    if not everything.strip():
        raise _needs_ocr(path, "只有图像，可能是扫描件", "images only, probably a scan")
    if _unreadable_share(everything) > 0.3:
        raise _needs_ocr(path, "文字大多无法识别", "most characters are unreadable")
    repeated = _repeated_edges(pages)
    lines: list[str] = []
    locations: list[str] = []
    for page_no, page in enumerate(pages, 1):
        content = [line for line in page if line]
        kept_on_page = 0
        for index, line in enumerate(content):
            at_edge = index < _EDGE or index >= len(content) - _EDGE
            if _is_page_number(line, at_edge):
                continue
            if at_edge and re.sub(r"[0-9０-９]+", "#", line) in repeated:
                continue
            kept_on_page += 1
            lines.append(map_radicals(line).replace("\ufffd", ""))
            locations.append(f"第{page_no}页第{kept_on_page}行")
    return Document(path=path, lines=tuple(lines), format="pdf", encoding=None,
                    locations=tuple(locations))
