"""The batch review as CSV: one row per report (the ranking plus the rule statuses), UTF-8 with
a BOM so that Excel and WPS open the Chinese correctly.

A cell that a spreadsheet would run as a formula (starting with = + - @) is prefixed with an
apostrophe: the file is meant to be opened in Excel, and report text is not to be trusted.
"""
from __future__ import annotations

import csv
import io

from checker.render.batch_labels import ranking_headers, ranking_rows, status_word
from checker.review.model import BatchSummary

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render(summary: BatchSummary, lang: str = "zh") -> str:
    """The CSV text, starting with the BOM (write it as UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(ranking_headers(lang) + [f"{title} ({rule})" for rule, title
                                             in zip(summary.rule_ids, summary.rule_titles)])
    for index, row in zip(summary.ranking, ranking_rows(summary, lang)):
        report = summary.reports[index]
        statuses = [status_word(summary.status_of(report, rule), lang) if report.error is None else ""
                    for rule in summary.rule_ids]
        writer.writerow([_cell(value) for value in row + statuses])
    return "\ufeff" + buffer.getvalue()


def _cell(value) -> str:
    if value is None:
        return ""
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
