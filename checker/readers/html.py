"""Saved web pages: .html / .htm / .shtml, and .mht (MIME) archives.

Decoding is ours: BOM, then the declared charset (<meta charset>, http-equiv, or the XML
declaration) with gb2312/gbk read as GB18030 (their superset: a "gb2312" page with "—"
breaks under the narrower codecs), then checker.readers.encoding.decode_text.

The body is the article container of a government CMS (#zoom, .TRS_Editor, #UCAPCONTENT,
.article-content, #content ...); failing that trafilatura (when installed), failing that
the block with the most non-link text. Navigation, scripts, share bars and 相关稿件 /
related-article lists are never part of the body: they name other reports and other years.
The page's <h1> title becomes the first line when the body does not already start with it.
"""
from __future__ import annotations

import codecs
import email
import email.policy
import itertools
import re

from checker.errors import InputError
from checker.model import Document
from checker.readers.encoding import decode_text

_CHARSET = re.compile(rb"""(?:<meta[^>]+charset\s*=\s*["']?|<\?xml[^>]+encoding\s*=\s*["'])\s*([A-Za-z0-9_.:-]+)""",
                      re.IGNORECASE)
_GB = {"gb2312", "gbk", "gb_2312", "gb_2312-80", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn",
       "csgb2312", "chinese", "iso-ir-58", "gb18030", "x-euc-cn", "hz-gb-2312"}
_BIG5 = {"big5", "big-5", "cn-big5", "x-x-big5", "csbig5", "big5-hkscs"}

# Article containers of common government CMSes, most specific first.
_CONTAINERS = [
    ("id", "zoom"), ("id", "UCAPCONTENT"), ("class", "TRS_Editor"), ("class", "TRS_UEDITOR"),
    ("id", "fontzoom"), ("class", "article-content"), ("class", "article_content"),
    ("id", "articleContent"), ("id", "article-content"), ("class", "pages_content"),
    ("class", "news_content"), ("id", "news_content"), ("class", "view TRS_UEDITOR"),
    ("class", "wzxq"), ("class", "zwnr"), ("class", "detail-content"), ("class", "detail_content"),
    ("id", "detailContent"), ("class", "con_txt"), ("id", "Zoom"), ("class", "zoom"),
    ("class", "article-body"), ("id", "content"), ("class", "content"), ("tag", "article"),
]
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "select",
              "button", "input", "textarea", "svg", "canvas", "map", "nav", "aside")
_BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(?:related|relate|xgwz|xgxw|xggj|xgwj|share|bdshare|print|sidebar|side|nav|navbar|"
    r"breadcrumb|crumbs?|position|location|footer|header|toolbar|comment|pinglun|ewm|qrcode)(?:$|[\s_-])",
    re.IGNORECASE)
_SITE_HEADER = re.compile(r"logo|banner|masthead|(?:^|[\s_-])(?:top|head|site)(?:$|[\s_-])", re.IGNORECASE)
_RELATED_HEAD = re.compile(r"^\s*(?:相关(?:稿件|文章|链接|新闻|阅读|信息|文件|解读|政策)|热点(?:新闻|推荐)|推荐阅读|延伸阅读)")
_BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table",
          "section", "article", "blockquote", "pre", "dd", "dt", "dl", "center", "form", "header",
          "footer", "address", "hr", "main", "figure", "figcaption", "caption", "tbody", "thead"}


def _codec(name: str) -> str | None:
    name = name.strip().lower()
    if name in _GB:
        return "gb18030"
    if name in _BIG5:
        return "big5hkscs"
    if name in ("utf8", "utf-8", "unicode-1-1-utf-8"):
        return "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, path: str, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding) of an HTML page: BOM, declared charset (gb2312 → GB18030), fallback."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), codec
    candidates = []
    if declared:
        candidates.append(_codec(declared))
    match = _CHARSET.search(data[:8192])
    if match:
        candidates.append(_codec(match.group(1).decode("ascii", "replace")))
    for codec in candidates:
        if codec:
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                continue
    try:
        return decode_text(data, path)
    except InputError:
        codec = next((c for c in candidates if c), "gb18030")
        return data.decode(codec, errors="replace"), codec


def _classes(element) -> tuple[str, str]:
    return (element.get("id") or ""), (element.get("class") or "")


def _is_boilerplate(element) -> bool:
    ident, cls = _classes(element)
    return bool(_BOILERPLATE.search(ident) or _BOILERPLATE.search(cls))


def _text_of(element) -> str:
    return re.sub(r"\s+", " ", element.text_content() or "").strip()


def _link_text_share(element) -> float:
    total = len(_text_of(element))
    if not total:
        return 0.0
    links = sum(len(_text_of(a)) for a in element.iter("a"))
    return links / total


def _prune(root) -> None:
    """Remove scripts, navigation, share bars and related-article lists below ``root``."""
    for element in list(root.iter(*_DROP_TAGS)):
        _drop(element)
    for element in list(root.iter()):
        if element is root or not isinstance(element.tag, str) or element.getparent() is None:
            continue
        if element.tag in ("body", "html"):
            continue
        if _is_boilerplate(element):
            _drop(element)
            continue
        if element.tag in ("ul", "ol", "div", "table", "dl") and _link_text_share(element) > 0.7 \
                and len(element.findall(".//a")) >= 3:
            _drop(element)
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        own = (element.text or "").strip()
        if element.tag in ("h2", "h3", "h4", "h5", "div", "p", "span", "strong", "b", "td") \
                and _RELATED_HEAD.match(own) and len(own) <= 12:
            # a "相关稿件" heading: drop it and the list that follows it
            sibling = element.getnext()
            while sibling is not None and sibling.tag in ("ul", "ol", "div", "table", "dl", "p"):
                following = sibling.getnext()
                _drop(sibling)
                sibling = following
            _drop(element)


def _drop(element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _lines(element) -> list[str]:
    """Text of ``element`` as a person sees it: block elements start lines, cells are
    joined by " | ", whitespace collapses as in a browser (pre keeps its lines).

    Walked with an explicit stack, not recursion: Word's "save as web page" and some CMS editors
    nest hundreds of <div>s, and the text at the bottom must not be lost to a recursion limit.
    A table cell is read into a buffer of its own (as a separate walk would), joined by spaces.
    """
    buffers: list[list[str]] = [[""]]  # the current output is buffers[-1]; a cell pushes its own
    rows: list[list[str]] = []  # the cells of each open table row

    def newline() -> None:
        if buffers[-1][-1].strip():
            buffers[-1].append("")

    def add(text: str | None, pre: bool) -> None:
        if not text:
            return
        out = buffers[-1]
        if pre:
            parts = text.split("\n")
            out[-1] += parts[0]
            out.extend(parts[1:])
            return
        out[-1] += re.sub(r"[ \t\r\n\f]+", " ", text)

    def children(node, pre: bool) -> list:
        return [("node", item, pre) for item in reversed(list(node))]

    stack: list[tuple] = []
    if isinstance(element.tag, str) and element.tag not in _DROP_TAGS:
        add(element.text, element.tag == "pre")
        stack.extend(children(element, element.tag == "pre"))
    while stack:
        kind, node, pre, *rest = stack.pop()
        if kind == "end":  # after an element's children: its block break, then its tail
            if rest[0]:
                newline()
            add(node.tail, pre)
            continue
        if kind == "cell":  # a table cell starts: its own buffer, read as a fresh walk
            buffers.append([""])
            stack.append(("cell_end", node, pre))
            if isinstance(node.tag, str) and node.tag not in _DROP_TAGS:
                add(node.text, node.tag == "pre")
                stack.extend(children(node, node.tag == "pre"))
            continue
        if kind == "cell_end":
            cell = [_clean(line) for line in buffers.pop() if _clean(line)]
            rows[-1].append(" ".join(cell))
            continue
        if kind == "row_end":
            cells = rows.pop()
            buffers[-1][-1] += " | ".join(cell for cell in cells if cell)
            newline()
            add(node.tail, pre)
            continue
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _DROP_TAGS:
            add(node.tail, pre)
            continue
        if tag == "tr":
            newline()
            rows.append([])
            stack.append(("row_end", node, pre))
            cells = [cell for cell in node if isinstance(cell.tag, str) and cell.tag in ("td", "th")]
            stack.extend(("cell", cell, pre) for cell in reversed(cells))
            continue
        block = tag in _BLOCK
        if block:
            newline()
        if tag == "br":
            add(node.tail, pre)
            continue
        stack.append(("end", node, pre, block))
        if isinstance(node.tag, str):
            inner = pre or tag == "pre"
            add(node.text, inner)
            stack.extend(children(node, inner))
    return [_clean(line) for line in buffers[0] if _clean(line)]


def _clean(line: str) -> str:
    return line.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "").strip(" \t\u3000")


def _title(root) -> str | None:
    """The page's <h1> (the longest one with Chinese text), else the ArticleTitle meta."""
    best = None
    for h1 in root.iter("h1"):
        if any(_is_boilerplate(a) or _SITE_HEADER.search(" ".join(_classes(a)))
               for a in (h1, *h1.iterancestors())):
            continue  # the site's logo or banner, not the article's title
        text = _text_of(h1)
        if re.search(r"[\u4e00-\u9fff]", text) and (best is None or len(text) > len(best)):
            best = text
    if best:
        return best
    for meta in root.iter("meta"):
        if (meta.get("name") or "").lower() in ("articletitle", "article_title"):
            content = (meta.get("content") or "").strip()
            if content:
                return content
    return None


def _container(root):
    for kind, value in _CONTAINERS:
        if kind == "tag":
            found = list(root.iter(value))
        elif kind == "id":
            found = root.xpath("//*[@id=$v]", v=value)
        else:
            found = root.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), $v)]", v=f" {value} ")
        found = [element for element in found if len(_text_of(element)) >= 50]
        if found:
            return max(found, key=lambda element: len(_text_of(element)))
    return None


def _densest(root):
    """The element whose own paragraphs hold the most non-link text."""
    scores: dict = {}
    for element in root.iter("p", "div", "td", "section", "article", "font", "span"):
        own = (element.text or "") + "".join((child.tail or "") for child in element)
        if element.tag == "p" or len(own.strip()) > 20:
            parent = element.getparent() if element.tag in ("p", "span", "font") else element
            if parent is None:
                continue
            text = _text_of(element) if element.tag == "p" else own
            scores[parent] = scores.get(parent, 0) + len(re.sub(r"\s", "", text))
    if not scores:
        return None
    return max(scores, key=scores.get)


def _trafilatura(html_text: str) -> list[str] | None:
    try:
        import trafilatura  # optional: pip install trafilatura
    except ImportError:
        return None
    try:
        text = trafilatura.extract(html_text, include_tables=True, include_comments=False,
                                   favor_recall=True, output_format="txt")
    except Exception:  # an optional helper must not turn a readable page into a crash
        return None
    if not text:
        return None
    return [_clean(line) for line in text.splitlines() if _clean(line)]


def read_html_text(path: str, html_text: str, encoding: str, fmt: str) -> Document:
    import lxml.html

    html_text = re.sub(r"^\s*<\?xml[^>]*>", "", html_text)
    html_text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", html_text)  # not XML text
    try:
        # huge_tree: libxml2 otherwise stops at 256 levels of nesting and drops the rest of the
        # page (255 nested <div>s read as "no readable text"); the walk below is iterative
        root = lxml.html.document_fromstring(html_text.encode("utf-8"),
                                             parser=lxml.html.HTMLParser(encoding="utf-8", huge_tree=True))
    except Exception as exc:  # lxml raises ParserError/ValueError on empty or broken input
        raise InputError(f"{path}：网页无法解析", f"{path}: the web page cannot be parsed ({exc})") from None
    if _depth(root) >= _LIBXML_DEPTH:
        # libxml2 keeps at most ~2,046 levels even with huge_tree and drops what is below: read
        # such a page with the standard library's streaming parser instead, which has no depth
        lines = _flat_lines(html_text)
        return Document(path=path, lines=tuple(lines), format=fmt, encoding=encoding, title_hint=None)
    for element in list(root.iter(*_DROP_TAGS)):
        _drop(element)
    # the page's metadata (发布日期 …) sits outside the article container: kept as the page's head
    # so the publication date stays a fact (publication.timely) although its cells are not read
    page_head = " ".join(itertools.islice((t for t in (x.strip() for x in root.itertext()) if t), 200))[:3000]
    title = _title(root)
    body = _container(root)
    lines: list[str] | None = None
    if body is not None:
        _prune(body)
        lines = _lines(body)
    if not lines:
        lines = _trafilatura(html_text)
    if not lines:
        body_element = root.find("body")
        _prune(body_element if body_element is not None else root)
        densest = _densest(root)
        lines = _lines(densest) if densest is not None else _lines(root)
    if title:
        key = re.sub(r"\s", "", title)
        head = "".join(re.sub(r"\s", "", line) for line in lines[:3])
        if key not in head:
            lines.insert(0, title)
    return Document(path=path, lines=tuple(lines), format=fmt, encoding=encoding, title_hint=title, page_head=page_head)


_LIBXML_DEPTH = 2000


def _depth(root) -> int:
    """The deepest nesting of the tree (iteratively)."""
    import lxml.etree

    depth = deepest = 0
    for event, _ in lxml.etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def _flat_lines(html_text: str) -> list[str]:
    """The text of a page too deep for libxml2, from a streaming parse: block elements start
    lines, table cells are joined by " | ", scripts and styles are dropped. No article-container
    detection (that needs the tree); every line of text is kept."""
    from html.parser import HTMLParser

    class Flat(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.out = [""]
            self.skipping = 0

        def newline(self) -> None:
            if self.out[-1].strip():
                self.out.append("")

        def handle_starttag(self, tag, attrs) -> None:
            if tag in _DROP_TAGS:
                self.skipping += 1
            elif tag in _BLOCK:
                self.newline()

        def handle_endtag(self, tag) -> None:
            if tag in _DROP_TAGS:
                self.skipping = max(0, self.skipping - 1)
            elif tag in ("td", "th"):
                self.out[-1] += " | "
            elif tag in _BLOCK:
                self.newline()

        def handle_data(self, data) -> None:
            if not self.skipping:
                self.out[-1] += re.sub(r"[ \t\r\n\f]+", " ", data)

    parser = Flat()
    parser.feed(html_text)
    parser.close()
    return [_clean(line.strip(" |")) for line in parser.out if _clean(line.strip(" |"))]


def _mht_html(path: str, data: bytes) -> tuple[bytes, str | None]:
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if payload:
                return payload, part.get_content_charset()
    raise InputError(f"{path}：MHT 文件中没有网页正文（text/html）",
                     f"{path}: the .mht archive holds no text/html part")


def read(path: str, data: bytes, fmt: str = "html") -> Document:
    declared = None
    if fmt == "mht":
        data, declared = _mht_html(path, data)
    text, encoding = decode_html(data, path, declared)
    return read_html_text(path, text, encoding, fmt)
