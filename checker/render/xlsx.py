"""The batch review as an Excel workbook (openpyxl): 总表, 明细, 规则统计, 雷同 (the groups), 逐年对比.

Every sheet has a bold, frozen header row and column widths fitted to their contents (CJK
characters count double). Cell values are written as data: a report text that starts with
"=" is stored as a string, never as a formula.
"""
from __future__ import annotations

import io
import unicodedata

from checker.render.batch_labels import (CARRY_WORDS, STATUS_COLOURS, STATUS_SYMBOLS, labels, ranking_headers,
                                         ranking_rows, severity_word, shared_text, status_word)
from checker.review.model import BatchSummary

_MAX_WIDTH = 60


def render_bytes(summary: BatchSummary, lang: str = "zh") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    words = labels(lang)
    book = Workbook()
    book.properties.creator = "fzcheck"  # how a later --out recognises its own file (commands/_outputs.py)
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")

    def sheet(title: str, headers: list[str], rows: list[list], first=None):
        ws = first if first is not None else book.create_sheet(title)
        ws.title = title
        ws.append(headers)
        for cell in ws[1]:
            cell.font = bold
            cell.fill = header_fill
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        for row in rows:
            ws.append([_safe(value) for value in row])
        for cells in ws.iter_rows(min_row=2):
            for cell in cells:
                if cell.data_type == "f":  # document text, not a formula
                    cell.data_type = "s"
        ws.freeze_panes = "A2"
        _fit(ws, headers, rows)
        return ws

    # 总表: the ranking
    sheet(words["sheet_ranking"], ranking_headers(lang), ranking_rows(summary, lang), first=book.active)

    # 明细: report × rule matrix of statuses, coloured
    matrix_headers = [words["file"], words["score"]] + [f"{title}\n{rule}" for rule, title
                                                         in zip(summary.rule_ids, summary.rule_titles)]
    matrix_rows = []
    statuses = []
    for index in summary.ranking:
        report = summary.reports[index]
        row = [report.path, report.score.score if report.score else None]
        marks = []
        for rule in summary.rule_ids:
            status = summary.status_of(report, rule)
            marks.append(status)
            row.append(f"{STATUS_SYMBOLS[status]} {status_word(status, lang)}" if status else
                       (words["unreadable"] if report.error else ""))
        matrix_rows.append(row)
        statuses.append(marks)
    ws = sheet(words["sheet_matrix"], matrix_headers, matrix_rows)
    ws.freeze_panes = "C2"
    fills = {status: PatternFill("solid", fgColor=colour) for status, colour in STATUS_COLOURS.items()}
    for r, marks in enumerate(statuses, start=2):
        for c, status in enumerate(marks, start=3):
            if status is not None:
                ws.cell(row=r, column=c).fill = fills[status]
    for c in range(3, 3 + len(summary.rule_ids)):
        ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = 14
    ws.row_dimensions[1].height = 45

    # 规则统计: per rule, worst first
    total = max(1, summary.totals.checked)
    rule_rows = [[s.rule, s.title, severity_word(s.severity, lang), s.fail, s.partial, s.passed, s.na,
                  round((s.fail + s.partial) / total, 3)] for s in summary.rules]
    ws = sheet(words["sheet_rules"], [words["rule"], words["title"], words["severity"], words["fail"],
                                      words["partial"], words["pass"], words["na"], words["fail_rate"]], rule_rows)
    for row in ws.iter_rows(min_row=2, min_col=8, max_col=8):
        for cell in row:
            cell.number_format = "0.0%"

    # 雷同: one row per member of each group (the representative first), report groups then section families
    similar_rows = []
    for group in summary.similar_groups:
        kind = words["kind_report"] if group.kind == "report" else words["kind_section"]
        shared = "\n".join(shared_text(section, group.size, lang) for section in group.sections)
        for k, member in enumerate(group.everyone()):
            similar_rows.append([group.id, kind, group.size, group.representative.path, member.path,
                                 words["is_rep"] if k == 0 else None, member.label or None, member.similarity,
                                 (shared or None) if k == 0 else None])
    ws = sheet(words["sheet_similar"], [words["group"], words["kind"], words["size"], words["representative"],
                                        words["member"], words["is_rep"], words["section"], words["to_rep"],
                                        words["shared"]], similar_rows)
    for row in ws.iter_rows(min_row=2, min_col=8, max_col=8):
        for cell in row:
            cell.number_format = "0%"

    # 逐年对比: informational
    yoy_rows = []
    for pair in summary.yoy:
        for item in pair.items:
            yoy_rows.append([pair.agency, pair.previous, pair.current, pair.similarity,
                             words["yes"] if pair.copied else words["no"], item.item, item.overlap,
                             words[CARRY_WORDS[item.status]]])
    ws = sheet(words["sheet_yoy"], [words["agency"], words["previous"], words["current"], words["year_similarity"],
                                    words["copied"], words["item"], words["overlap"], words["carry"]], yoy_rows)
    for row in ws.iter_rows(min_row=2):
        for cell in (row[3], row[6]):
            cell.number_format = "0%"

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _safe(value):
    """Control characters (which openpyxl refuses) dropped."""
    if isinstance(value, str):
        value = "".join(ch for ch in value if ch in "\t\n" or unicodedata.category(ch) != "Cc")
    return value


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(ws, headers: list[str], rows: list[list]) -> None:
    from openpyxl.utils import get_column_letter

    for c, header in enumerate(headers, start=1):
        widest = max([_display_width(line) for line in str(header).split("\n")] +
                     [_display_width(str(row[c - 1])) for row in rows[:500] if c - 1 < len(row) and row[c - 1] is not None])
        ws.column_dimensions[get_column_letter(c)].width = max(6, min(_MAX_WIDTH, widest + 2))
