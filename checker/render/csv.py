"""CSV, UTF-8 with a BOM so that Excel and WPS open the Chinese correctly. Two tables, one writer:

* ``render(summary)`` — the batch review (`fzcheck batch`, and the local page's spreadsheet for
  several reports): one row per report, the ranking plus the rule statuses as words;
* ``render_contract(result)`` — the local page's CSV download built from the check contract JSON
  the page sends back (one report, or several without the batch review): one row per report
  with its date and each rule's status symbol, in the page's words (checker.render.page).

A cell that a spreadsheet would run as a formula (starting with = + - @) is prefixed with an
apostrophe: the file is meant to be opened in Excel, and report text is not to be trusted.
"""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable, Mapping

from checker.render.batch_labels import ranking_headers, ranking_rows, status_word
from checker.render.page import EXPORT_LABELS, SYMBOLS, _findings, _number, _reports, _text, missing_required, ranking
from checker.review.model import BatchSummary

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render(summary: BatchSummary, lang: str = "zh") -> str:
    """The CSV text, starting with the BOM (write it as UTF-8)."""
    rows = [ranking_headers(lang) + [f"{title} ({rule})" for rule, title
                                     in zip(summary.rule_ids, summary.rule_titles)]]
    for index, row in zip(summary.ranking, ranking_rows(summary, lang)):
        report = summary.reports[index]
        statuses = [status_word(summary.status_of(report, rule), lang) if report.error is None else ""
                    for rule in summary.rule_ids]
        rows.append([_cell(value) for value in row + statuses])
    return _write(rows)


def render_contract(result: Mapping, lang: str = "zh") -> str:
    """The reports of the check contract ``result`` ranked, one row per report with each rule's
    status symbol; the CSV text, starting with the BOM (send it as UTF-8)."""
    labels = EXPORT_LABELS["en" if lang == "en" else "zh"]
    reports = _reports(result)
    rule_ids: list[str] = []
    titles: dict[str, str] = {}
    for report in reports:
        for finding in _findings(report):
            rule = _text(finding.get("rule"))
            if rule not in titles:
                rule_ids.append(rule)
                titles[rule] = _text(finding.get("title"))
    rows: list[list] = [[labels[k] for k in ("rank", "file", "agency", "year", "date", "score", "grade", "verdict",
                                             "missing")] + [f"{titles[r]} ({r})" for r in rule_ids]]
    for rank, index in enumerate(ranking(reports), 1):
        report = reports[index]
        if report.get("error") is not None:
            rows.append([rank, _safe(_text(report.get("path"))), "", "", "", "", "", labels["error"],
                         _safe(_text(report.get("error")))])
            continue
        meta = report.get("meta") if isinstance(report.get("meta"), Mapping) else {}
        statuses = {_text(f.get("rule")): SYMBOLS.get(_text(f.get("status")), "") for f in _findings(report)}
        rows.append([rank, _safe(_text(report.get("path"))), _safe(_text(meta.get("agency"))), _text(meta.get("year")),
                     _text(meta.get("date")), _number(report.get("score")), _safe(_text(report.get("grade"))),
                     labels["passed"] if report.get("passed") else labels["failed"],
                     _safe("、".join(missing_required(report)))] + [statuses.get(r, "") for r in rule_ids])
    return _write(rows)


def _write(rows: Iterable[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return _safe(text)


def _safe(text: str) -> str:
    """A cell that a spreadsheet would run as a formula starts with an apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text
