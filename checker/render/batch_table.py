"""The batch summary for the terminal: ranking, per-rule counts, similar pairs, year over year, totals.

Typeset by checker/render/typeset.py: columns sized by their content; a file, an agency, a year
or a score stays on one line (shortened with … when the terminal is narrow: the exports have the
full text), the missing elements and the reasons wrap by the Chinese rules; no trailing spaces.
Document text (titles, agencies, headings) goes into rich ``Text`` objects, never into markup.
"""
from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.model import Severity
from checker.render.batch_labels import (CARRY_WORDS, error_text, labels, score_text, similar_cell, totals_line,
                                         yoy_cell)
from checker.render.typeset import Column, Grid, paragraph, plain_lines
from checker.review.model import BatchSummary


def render(summary: BatchSummary, lang: str = "zh", width: int | None = None, color: bool = False) -> str:
    words = labels(lang)
    width = width or 100
    buffer = io.StringIO()
    console = Console(file=buffer, width=max(width, 20), force_terminal=color,
                      color_system="auto" if color else None, no_color=not color, highlight=False, emoji=False,
                      legacy_windows=False)

    def show(part, title: str | None = None) -> None:
        if isinstance(part, Grid):
            if title:
                for line in paragraph(Text(title, style="bold"), width):
                    console.print(line, soft_wrap=True)
            for line in part.lines(width):
                console.print(line, soft_wrap=True)
            console.print()
        elif isinstance(part, Text):
            for line in paragraph(part, width):
                console.print(line, soft_wrap=True)
        else:
            console.print(part)

    show(ranking_table(summary, lang, width), words["ranking"])
    show(rules_table(summary, lang), words["rules"])
    if summary.similarity_checked:
        if summary.similar:
            show(similar_table(summary, lang))
        else:
            show(Text(words["no_similar"]))
    else:
        show(Text(words["similarity_off"], style="dim"))
    if summary.yoy:
        show(yoy_table(summary, lang), words["yoy_title"])
    show(Text(totals_line(summary, lang), style="bold"))
    return buffer.getvalue() if color else plain_lines(buffer.getvalue())


def _shown_path(path: str) -> str:
    while path.startswith("./"):
        path = path[2:]
    return path


def ranking_table(summary: BatchSummary, lang: str, width: int | None = None) -> Grid:
    words = labels(lang)
    # narrower than 100 columns the similar reports are left to their own table below, so that
    # the agencies keep their names
    show_similar = bool(summary.similar) and (width is None or width >= 100)
    show_yoy = bool(summary.yoy)
    titles = tuple(rule_title for rule_title in summary.rule_titles)
    columns = [
        Column(words["rank"], justify="right"),
        Column(words["file"], weight=1, minimum=12, floor=8, cut="left", priority=0),
        Column(words["agency"], weight=3, minimum=26, floor=12, priority=3),  # never wrapped
        Column(words["year"]),
        Column(words["score"], justify="right"),
        Column(words["grade"]),
        Column(words["missing"], wrap=True, weight=2, minimum=14, floor=10, priority=2, keep=titles),
    ]
    if show_similar:
        columns.append(Column(words["similar"], weight=1, minimum=16, floor=10, cut="inner", priority=1))
    if show_yoy:
        columns.append(Column(words["yoy"], wrap=True, weight=1, minimum=8, floor=8, priority=1))
    table = Grid(columns, rule="━")
    rank = 0
    for index in summary.ranking:
        report = summary.reports[index]
        if report.error is not None:
            row = [Text("—"), Text(_shown_path(report.path)), Text(""), Text(""), Text("—"),
                   Text(words["unreadable"], style="red"), Text(error_text(report), style="red")]
        else:
            rank += 1
            meta = report.meta
            score = report.score
            grade_style = "green" if score.passed else "red"
            row = [Text(str(rank)), Text(_shown_path(report.path)), Text((meta.agency or "") if meta else ""),
                   Text(str(meta.year) if meta and meta.year else ""), Text(score_text(score.score), style=grade_style),
                   Text(score.grade, style=grade_style),
                   Text("、".join(summary.missing[index]) if lang != "en" else ", ".join(summary.missing[index]))]
        if show_similar:  # one similar report a line, its path shortened on the left when it must be
            row.append(Text("\n".join(f"{value:.0%} {_shown_path(other)}" for other, value
                                      in summary.similar_to(report.path)), style="magenta"))
        if show_yoy:
            row.append(Text(yoy_cell(summary.year_pair_for(report.path), lang)))
        table.add_row(*row)
    return table


def rules_table(summary: BatchSummary, lang: str) -> Grid:
    words = labels(lang)
    table = Grid([
        Column(words["rule"]),
        Column(words["title"], wrap=True, weight=1, minimum=16, floor=8),
        Column(words["fail"], justify="right"),
        Column(words["partial"], justify="right"),
        Column(words["pass"], justify="right"),
        Column(words["na"], justify="right"),
    ], rule="━")
    for stat in summary.rules:
        rule_style = "bold" if stat.severity == Severity.ERROR else ""
        table.add_row(Text(stat.rule, style=rule_style), Text(stat.title), Text(str(stat.fail), style="red"),
                      Text(str(stat.partial), style="yellow"), Text(str(stat.passed), style="green"),
                      Text(str(stat.na), style="dim"))
    return table


def similar_table(summary: BatchSummary, lang: str) -> Table:
    words = labels(lang)
    table = Table(title=words["similar_title"], box=box.SIMPLE_HEAVY, title_justify="left")
    table.add_column(words["pair_a"], overflow="fold", ratio=2)
    table.add_column(words["pair_b"], overflow="fold", ratio=2)
    table.add_column(words["similarity"], justify="right", no_wrap=True)
    table.add_column(words["sections"], overflow="fold", ratio=4)
    for pair in summary.similar:
        sections = Text()
        for k, match in enumerate(pair.sections[:6]):
            if k:
                sections.append("\n")
            sections.append(f"{match.a_label} ↔ {match.b_label} ")
            sections.append(f"{match.similarity:.0%}", style="magenta")
        if len(pair.sections) > 6:
            sections.append(f"\n… +{len(pair.sections) - 6}")
        similarity = Text(f"{pair.similarity:.0%}", style="bold magenta" if pair.whole else "")
        table.add_row(Text(pair.a), Text(pair.b), similarity, sections)
    return table


def yoy_table(summary: BatchSummary, lang: str) -> Grid:
    words = labels(lang)
    agencies = tuple(pair.agency for pair in summary.yoy if pair.agency)
    table = Grid([
        Column(words["agency"], wrap=True, weight=1, minimum=16, floor=10, priority=1, keep=agencies),
        Column(words["item"], wrap=True, weight=3, minimum=20, floor=12, priority=0),
        Column(words["overlap"], justify="right"),
        Column(words["carry"]),
    ], rule="━")
    styles = {"found": "green", "partial": "yellow", "missing": "red"}
    for pair in summary.yoy:
        for k, item in enumerate(pair.items):
            who = Text(f"{pair.agency}\n{pair.previous_year}→{pair.current_year}") if k == 0 else Text("")
            table.add_row(who, Text(item.item), Text(f"{item.overlap:.0%}"),
                          Text(words[CARRY_WORDS[item.status]], style=styles[item.status]))
    return table
