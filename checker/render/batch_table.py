"""The batch summary for the terminal: ranking, per-rule counts, 雷同 groups, year over year, totals.

Typeset by checker/render/typeset.py: columns sized by their content; a file, an agency, a year
or a score stays on one line (shortened with … when the terminal is narrow: the exports have the
full text), the missing elements and the reasons wrap by the Chinese rules; no trailing spaces.
Document text (titles, agencies, headings) goes into rich ``Text`` objects, never into markup.
The 雷同 and year-over-year tables are capped (the largest groups first, a few members each, a
line saying how many more are in the exports), so what is printed never grows with the number
of similar pairs.
"""
from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.model import Severity
from checker.render.batch_labels import (CARRY_WORDS, error_text, labels, member_text, score_text, shared_text,
                                         similar_cell, totals_line, yoy_cell)
from checker.render.typeset import Column, Grid, paragraph, plain_lines
from checker.review.model import BatchSummary

GROUPS_SHOWN = 15  # report groups, and again section families
MEMBERS_SHOWN = 5  # members listed in a group's row
SECTIONS_SHOWN = 4  # shared sections listed in a group's row
AGENCIES_SHOWN = 20  # year over year


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
        if summary.similar_groups:
            for kind in ("report", "section"):
                chosen = [g for g in summary.similar_groups if g.kind == kind]
                if chosen:
                    show(groups_table(chosen[:GROUPS_SHOWN], kind, lang),
                         words["groups_title" if kind == "report" else "families_title"])
                    if len(chosen) > GROUPS_SHOWN:
                        show(Text(words["more_groups"].format(count=len(chosen) - GROUPS_SHOWN), style="dim"))
        else:
            show(Text(words["no_similar"]))
    else:
        show(Text(words["similarity_off"], style="dim"))
    if summary.yoy:
        show(yoy_table(summary, lang), words["yoy_title"])
        agencies = len({pair.agency for pair in summary.yoy})
        if agencies > AGENCIES_SHOWN:
            show(Text(words["more_years"].format(count=agencies - AGENCIES_SHOWN), style="dim"))
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
    show_similar = bool(summary.similar_groups) and (width is None or width >= 100)
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
        if show_similar:  # the report's group and section families (from the summary's index)
            row.append(Text(similar_cell(summary, report.path, lang), style="magenta"))
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


def groups_table(groups, kind: str, lang: str) -> Grid:
    """Report groups (kind "report") or section families ("section"): one row a group, typeset
    like the ranking (Chinese line breaks, nothing wrapped a few characters at a time)."""
    words = labels(lang)
    columns = [Column(words["group"]), Column(words["size"], justify="right"),
               Column(words["representative"], wrap=True, weight=2, minimum=14, floor=10, priority=1),
               Column(words["members"], wrap=True, weight=3, minimum=16, floor=10, priority=0)]
    if kind == "report":
        columns.append(Column(words["shared"], wrap=True, weight=3, minimum=14, floor=10, priority=2))
    table = Grid(columns, rule="━")
    for group in groups:
        members = Text()
        for k, member in enumerate(group.members[:MEMBERS_SHOWN]):
            if k:
                members.append("\n")
            members.append(member_text(member, lang, with_label=kind == "section"))
        if len(group.members) > MEMBERS_SHOWN:
            members.append("\n" + words["more_members"].format(count=len(group.members) - MEMBERS_SHOWN), style="dim")
        representative = Text(group.representative.path)
        if kind == "section":
            representative.append(f"\n{group.representative.label}", style="magenta")
            if group.groups:
                representative.append(words["family_groups"].format(groups="、".join(group.groups) if lang != "en"
                                                                    else ", ".join(group.groups)), style="dim")
        row = [Text(group.id, style="bold magenta"), Text(str(group.size)), representative, members]
        if kind == "report":
            shared = Text("\n".join(shared_text(section, group.size, lang)
                                    for section in group.sections[:SECTIONS_SHOWN]))
            if len(group.sections) > SECTIONS_SHOWN:
                shared.append(f"\n… +{len(group.sections) - SECTIONS_SHOWN}", style="dim")
            row.append(shared)
        table.add_row(*row)
    return table


def yoy_table(summary: BatchSummary, lang: str) -> Grid:
    """One agency's years together (N−1 → N, N → N+1 …), the first AGENCIES_SHOWN agencies."""
    words = labels(lang)
    agencies = tuple(pair.agency for pair in summary.yoy if pair.agency)
    table = Grid([
        Column(words["agency"], wrap=True, weight=1, minimum=16, floor=10, priority=1, keep=agencies),
        Column(words["item"], wrap=True, weight=3, minimum=20, floor=12, priority=0),
        Column(words["overlap"], justify="right"),
        Column(words["carry"]),
    ], rule="━")
    styles = {"found": "green", "partial": "yellow", "missing": "red"}
    shown: list[str] = []
    for pair in summary.yoy:
        if pair.agency not in shown:
            if len(shown) == AGENCIES_SHOWN:
                continue
            shown.append(pair.agency)
        for k, item in enumerate(pair.items):
            if k == 0:
                who = Text(f"{pair.agency}\n{pair.previous_year}→{pair.current_year}")
                if pair.similarity is not None:
                    who.append(f"\n{words['year_similarity']} {pair.similarity:.0%}",
                               style="bold magenta" if pair.copied else "dim")
                    if pair.copied:
                        who.append(f"（{words['copied']}）" if lang != "en" else f" ({words['copied']})",
                                   style="bold magenta")
            else:
                who = Text("")
            table.add_row(who, Text(item.item), Text(f"{item.overlap:.0%}"),
                          Text(words[CARRY_WORDS[item.status]], style=styles[item.status]))
    return table
