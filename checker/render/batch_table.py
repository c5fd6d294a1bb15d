"""The batch summary for the terminal: ranking, per-rule counts, similar pairs, year over year, totals.

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
from checker.review.model import BatchSummary


def render(summary: BatchSummary, lang: str = "zh", width: int | None = None, color: bool = False) -> str:
    words = labels(lang)
    buffer = io.StringIO()
    console = Console(file=buffer, width=width or 120, force_terminal=color, color_system="auto" if color else None,
                      no_color=not color, highlight=False, emoji=False, legacy_windows=False)
    console.print(ranking_table(summary, lang))
    console.print(rules_table(summary, lang))
    if summary.similarity_checked:
        if summary.similar:
            console.print(similar_table(summary, lang))
        else:
            console.print(Text(words["no_similar"]))
    else:
        console.print(Text(words["similarity_off"], style="dim"))
    if summary.yoy:
        console.print(yoy_table(summary, lang))
    console.print(Text(totals_line(summary, lang), style="bold"))
    return buffer.getvalue()


def ranking_table(summary: BatchSummary, lang: str) -> Table:
    words = labels(lang)
    show_similar = bool(summary.similar)
    show_yoy = bool(summary.yoy)
    table = Table(title=words["ranking"], box=box.SIMPLE_HEAVY, show_lines=False, title_justify="left")
    table.add_column(words["rank"], justify="right", no_wrap=True)
    table.add_column(words["file"], overflow="fold", ratio=3)
    table.add_column(words["agency"], overflow="fold", ratio=2)
    table.add_column(words["year"], no_wrap=True)
    table.add_column(words["score"], justify="right", no_wrap=True)
    table.add_column(words["grade"], no_wrap=True)
    table.add_column(words["missing"], overflow="fold", ratio=3)
    if show_similar:
        table.add_column(words["similar"], overflow="fold", ratio=2)
    if show_yoy:
        table.add_column(words["yoy"], overflow="fold", ratio=1)
    rank = 0
    for index in summary.ranking:
        report = summary.reports[index]
        if report.error is not None:
            row = [Text("—"), Text(report.path), Text(""), Text(""), Text("—"), Text(words["unreadable"], style="red"),
                   Text(error_text(report), style="red")]
        else:
            rank += 1
            meta = report.meta
            score = report.score
            grade_style = "green" if score.passed else "red"
            row = [Text(str(rank)), Text(report.path), Text((meta.agency or "") if meta else ""),
                   Text(str(meta.year) if meta and meta.year else ""), Text(score_text(score.score), style=grade_style),
                   Text(score.grade, style=grade_style),
                   Text("、".join(summary.missing[index]) if lang != "en" else ", ".join(summary.missing[index]))]
        if show_similar:
            row.append(Text(similar_cell(summary, report.path, lang), style="magenta"))
        if show_yoy:
            row.append(Text(yoy_cell(summary.year_pair_for(report.path), lang)))
        table.add_row(*row)
    return table


def rules_table(summary: BatchSummary, lang: str) -> Table:
    words = labels(lang)
    table = Table(title=words["rules"], box=box.SIMPLE_HEAVY, title_justify="left")
    table.add_column(words["rule"], no_wrap=True)
    table.add_column(words["title"], overflow="fold")
    table.add_column(words["fail"], justify="right", style="red")
    table.add_column(words["partial"], justify="right", style="yellow")
    table.add_column(words["pass"], justify="right", style="green")
    table.add_column(words["na"], justify="right", style="dim")
    for stat in summary.rules:
        rule_style = "bold" if stat.severity == Severity.ERROR else ""
        table.add_row(Text(stat.rule, style=rule_style), Text(stat.title), str(stat.fail), str(stat.partial),
                      str(stat.passed), str(stat.na))
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


def yoy_table(summary: BatchSummary, lang: str) -> Table:
    words = labels(lang)
    table = Table(title=words["yoy_title"], box=box.SIMPLE_HEAVY, title_justify="left")
    table.add_column(words["agency"], overflow="fold")
    table.add_column(words["item"], overflow="fold", ratio=3)
    table.add_column(words["overlap"], justify="right", no_wrap=True)
    table.add_column(words["carry"], no_wrap=True)
    styles = {"found": "green", "partial": "yellow", "missing": "red"}
    for pair in summary.yoy:
        for k, item in enumerate(pair.items):
            who = Text(f"{pair.agency}\n{pair.previous_year}→{pair.current_year}") if k == 0 else Text("")
            table.add_row(who, Text(item.item), f"{item.overlap:.0%}",
                          Text(words[CARRY_WORDS[item.status]], style=styles[item.status]))
    return table
