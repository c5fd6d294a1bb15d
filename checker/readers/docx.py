"""Word .docx: paragraphs and tables in document order, with Word's automatic numbering.

Read with the standard library (zipfile + xml.etree): python-docx gives neither the
numbering nor the text of text boxes and content controls, and the walk below is short.

- one line per paragraph (a manual line break inside a paragraph starts a new line);
  the printed number of a numbered paragraph ("一、", "（一）", "①") is put in front;
- a table row is one line, its cells joined by " | "; a one-column table (a layout box
  around the whole report, say) gives its paragraphs as lines;
- text boxes follow the paragraph they are anchored in; content controls, hyperlinks,
  fields and tracked insertions are read, tracked deletions and hidden text are not;
- heading levels come from outline levels and heading styles ("heading 2", "标题 2").
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from checker.errors import InputError
from checker.model import Document
from checker.readers._docx_numbering import Numbering, attr, child, child_val, local
from checker.readers._limits import open_zip, parse_xml, read_entry

_KIND = "Word"
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TITLE_NAMES = ("title", "标题")
_INLINE_CONTAINERS = {"hyperlink", "smartTag", "customXml", "ins", "moveTo", "fldSimple", "dir", "bdo"}
_BLOCK_CONTAINERS = {"customXml", "ins", "moveTo"}


class _Call:
    """``yield _Call(generator)`` in a block walker stands for ``yield from generator`` (or, with
    ``collect``, for "the list of what it yields"), run by ``_drive`` without Python recursion:
    a document nesting tables in tables or content controls in content controls thousands
    deep is read to the bottom instead of ending in RecursionError."""

    __slots__ = ("generator", "collect")

    def __init__(self, generator, collect: bool = False):
        self.generator, self.collect = generator, collect


def _drive(generator):
    """The values ``generator`` yields, its _Call-s run on an explicit stack."""
    # frames: (generator, its own collected list or None, where its values go: a list or None = out)
    frames = [(generator, None, None)]
    sent = None
    while frames:
        current, collected, sink = frames[-1]
        try:
            item = current.send(sent)
        except StopIteration:
            frames.pop()
            sent = collected
            continue
        sent = None
        if isinstance(item, _Call):
            own = [] if item.collect else None
            frames.append((item.generator, own, own if own is not None else sink))
        elif sink is not None:
            sink.append(item)
        else:
            yield item


class _Style:
    __slots__ = ("name", "based_on", "num_id", "ilvl", "outline")

    def __init__(self, element: ET.Element):
        self.name = (child_val(element, "name") or "").strip().lower()
        self.based_on = child_val(element, "basedOn")
        ppr = child(element, "pPr")
        numpr = child(ppr, "numPr")
        self.num_id = child_val(numpr, "numId")
        ilvl = child_val(numpr, "ilvl")
        self.ilvl = int(ilvl) if ilvl and ilvl.isdigit() else None
        outline = child_val(ppr, "outlineLvl")
        self.outline = int(outline) if outline and outline.isdigit() else None


class _Reader:
    def __init__(self, path: str, data: bytes):
        self.path = path
        archive = open_zip(data, path, _KIND)
        document_xml = read_entry(archive, "word/document.xml", path, _KIND)
        if document_xml is None:
            raise InputError(f"{path}：不是 Word 文档（缺少 word/document.xml）",
                             f"{path}: not a Word document (word/document.xml is missing)")
        self.root = parse_xml(document_xml, "word/document.xml", path, _KIND)
        styles_xml = read_entry(archive, "word/styles.xml", path, _KIND)
        numbering_xml = read_entry(archive, "word/numbering.xml", path, _KIND)
        self.styles: dict[str, _Style] = {}
        self.default_style: str | None = None
        list_styles: dict[str, str] = {}  # numbering (list) styles: style id -> numId
        if styles_xml is not None:
            for element in parse_xml(styles_xml, "word/styles.xml", path, _KIND):
                if local(element.tag) != "style":
                    continue
                style_id = attr(element, "styleId") or ""
                kind = attr(element, "type")
                if kind == "numbering":
                    num_id = _Style(element).num_id
                    if num_id:
                        list_styles[style_id] = num_id
                elif kind in (None, "paragraph"):
                    self.styles[style_id] = _Style(element)
                    if attr(element, "default") in ("1", "true", "on"):
                        self.default_style = style_id
        self.style_nums = {sid: s.num_id for sid, s in self.styles.items() if s.num_id}
        self.style_nums.update(list_styles)
        self.numbering = Numbering(
            parse_xml(numbering_xml, "word/numbering.xml", path, _KIND) if numbering_xml else None)
        self.lines: list[str] = []
        self.locations: list[str] = []
        self.levels: dict[int, int] = {}
        self.title: str | None = None
        self.paragraph_no = 0
        self.table_no = 0

    # ------------------------------------------------------------------ styles
    def _chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            yield style_id, self.styles[style_id]
            style_id = self.styles[style_id].based_on

    def _numbering_of(self, ppr: ET.Element | None, style_id: str | None) -> tuple[str, int] | None:
        numpr = child(ppr, "numPr")
        num_id = child_val(numpr, "numId")
        ilvl_text = child_val(numpr, "ilvl")
        ilvl = int(ilvl_text) if ilvl_text and ilvl_text.isdigit() else None
        for sid, style in self._chain(style_id):
            if num_id is None and style.num_id is not None:
                num_id = style.num_id
            if ilvl is None and style.ilvl is not None:
                ilvl = style.ilvl
        if num_id is None or num_id == "0":
            return None
        if ilvl is None:
            ilvl = self.numbering.level_for_style(num_id, style_id or "", self.style_nums) or 0
        return num_id, ilvl

    def _heading_level(self, ppr: ET.Element | None, style_id: str | None) -> int | None:
        outline = child_val(ppr, "outlineLvl")
        if outline is None:
            for _, style in self._chain(style_id):
                if style.outline is not None:
                    outline = str(style.outline)
                    break
                match = _HEADING_NAME.match(style.name)
                if match:
                    return int(match.group(1))
        if outline is not None and outline.isdigit() and int(outline) < 9:
            return int(outline) + 1
        return None

    # ------------------------------------------------------------------ walking
    def read(self) -> Document:
        body = child(self.root, "body")
        if body is None:
            raise InputError(f"{self.path}：Word 文档没有正文", f"{self.path}: the Word document has no body")
        for text, location, level in _drive(self._blocks(body)):
            if not text.strip():
                if self.lines and self.lines[-1] != "":
                    self.lines.append("")
                    self.locations.append(self.locations[-1])
                continue
            self.lines.append(text)
            self.locations.append(location)
            if level:
                self.levels[len(self.lines)] = level
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
            self.locations.pop()
        return Document(path=self.path, lines=tuple(self.lines), format="docx", encoding=None,
                        title_hint=self.title, heading_levels=self.levels,
                        locations=tuple(self.locations))

    def _blocks(self, container: ET.Element):
        """Yield (text, location, heading level) for the block content of ``container``."""
        for element in container:
            name = local(element.tag)
            if name == "p":
                yield _Call(self._paragraph(element))
            elif name == "tbl":
                yield _Call(self._table(element))
            elif name == "sdt":
                content = child(element, "sdtContent")
                if content is not None:
                    yield _Call(self._blocks(content))
            elif name in _BLOCK_CONTAINERS:
                yield _Call(self._blocks(element))
            elif name == "AlternateContent":
                choice = child(element, "Choice")
                if choice is not None:
                    yield _Call(self._blocks(choice))

    def _paragraph(self, element: ET.Element):
        ppr = child(element, "pPr")
        style_id = child_val(ppr, "pStyle") or self.default_style
        pieces: list[str] = []
        boxes: list[ET.Element] = []
        self._inline(element, pieces, boxes)
        lines = "".join(pieces).replace("\t", " ").split("\n")
        numbering = self._numbering_of(ppr, style_id)
        if numbering is not None:
            number = self.numbering.render(numbering[0], numbering[1], self.style_nums)
            if number:
                lines[0] = number + lines[0].lstrip()
        lines = [line.strip() for line in lines]
        self.paragraph_no += 1  # Word's paragraphs: empty ones count too
        if any(lines):
            location = f"第{self.paragraph_no}段"
            level = self._heading_level(ppr, style_id)
            style = self.styles.get(style_id or "")
            if self.title is None and style is not None and style.name in _TITLE_NAMES:
                self.title = " ".join(line for line in lines if line)
            for index, line in enumerate(lines):
                yield line, location, level if index == 0 else None
        else:
            yield "", "", None
        anchor = self.paragraph_no
        for box in boxes:  # a text box's paragraphs are not the body's: they do not count
            entries = yield _Call(self._blocks(box), collect=True)
            for text, _, _ in entries:
                yield text, f"第{anchor}段（文本框）", None
            self.paragraph_no = anchor

    def _inline(self, element: ET.Element, pieces: list[str], boxes: list[ET.Element]) -> None:
        """The runs of a paragraph in order, through hyperlinks, content controls and the like
        nested to any depth (an explicit stack, not recursion)."""
        stack = [iter(element)]
        while stack:
            item = next(stack[-1], None)
            if item is None:
                stack.pop()
                continue
            name = local(item.tag)
            if name == "r":
                self._run(item, pieces, boxes)
            elif name in _INLINE_CONTAINERS:
                stack.append(iter(item))
            elif name == "sdt":
                content = child(item, "sdtContent")
                if content is not None:
                    stack.append(iter(content))
            elif name == "AlternateContent":
                choice = child(item, "Choice")
                if choice is not None:
                    stack.append(iter(choice))
            elif name in ("oMath", "oMathPara"):
                pieces.extend(t.text or "" for t in item.iter() if local(t.tag) == "t")

    def _run(self, run: ET.Element, pieces: list[str], boxes: list[ET.Element]) -> None:
        rpr = child(run, "rPr")
        vanish = child(rpr, "vanish")
        if vanish is not None and attr(vanish, "val") not in ("0", "false", "off"):
            return
        for item in run:
            name = local(item.tag)
            if name == "t":
                pieces.append(item.text or "")
            elif name == "tab" or name == "ptab":
                pieces.append("\t")
            elif name in ("br", "cr"):
                pieces.append("\n")
            elif name == "noBreakHyphen":
                pieces.append("-")
            elif name == "sym":
                code = attr(item, "char") or ""
                try:
                    char = chr(int(code, 16))
                except ValueError:
                    continue
                if not 0xE000 <= ord(char) <= 0xF8FF:
                    pieces.append(char)
            elif name in ("drawing", "pict", "object", "AlternateContent"):
                boxes.extend(_text_boxes(item))

    def _table(self, element: ET.Element):
        self.table_no += 1
        table_no = self.table_no
        rows: list[list[list[tuple[str, str, int | None]]]] = []
        for row in _rows(element):
            cells = []
            for cell in row:
                entries = yield _Call(self._blocks(cell), collect=True)
                cells.append([entry for entry in entries if entry[0].strip()])
            rows.append(cells)
        one_column = all(sum(1 for cell in cells if cell) <= 1 for cells in rows)
        for row_no, cells in enumerate(rows, 1):
            if one_column:
                for cell in cells:
                    for entry in cell:
                        yield entry
                continue
            texts = [" ".join(text for text, _, _ in cell) for cell in cells]
            line = " | ".join(text for text in texts if text)
            if line:
                yield line, f"第{table_no}个表格第{row_no}行", None


def _rows(table: ET.Element):
    """The rows of a table, each a list of cells (content controls around rows/cells included)."""
    for item in _through_controls(table, "tr"):
        yield list(_through_controls(item, "tc"))


def _through_controls(element: ET.Element, wanted: str):
    """The children named ``wanted``, looking through content controls (sdt, customXml) around
    them at any depth — iteratively."""
    stack = [iter(element)]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
            continue
        name = local(item.tag)
        if name == wanted:
            yield item
        elif name in ("sdt", "customXml"):
            content = child(item, "sdtContent") if name == "sdt" else item
            if content is not None:
                stack.append(iter(content))


def _text_boxes(element: ET.Element):
    """Outermost w:txbxContent below ``element``; VML fallbacks duplicate the DrawingML
    text box, so mc:Fallback branches are skipped."""
    stack = [iter(element)]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
            continue
        name = local(item.tag)
        if name == "Fallback":
            continue
        if name == "txbxContent":
            yield item
        else:
            stack.append(iter(item))


def read(path: str, data: bytes, fmt: str = "docx") -> Document:
    return _Reader(path, data).read()
