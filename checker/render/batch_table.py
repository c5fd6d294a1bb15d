"""The batch summary for the terminal: ranking, per-rule counts, 雷同 groups, year over year, totals.

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
from checker.review.model import BatchSummary

GROUPS_SHOWN = 15  # report groups, and again section families
MEMBERS_SHOWN = 5  # members listed in a group's row
SECTIONS_SHOWN = 4  # shared sections listed in a group's row
AGENCIES_SHOWN = 20  # year over year


def render(summary: BatchSummary, lang: str = "zh", width: int | None = None, color: bool = False) -> str:
    words = labels(lang)
    buffer = io.StringIO()
    console = Console(file=buffer, width=width or 120, force_terminal=color, color_system="auto" if color else None,
                      no_color=not color, highlight=False, emoji=False, legacy_windows=False)
    console.print(ranking_table(summary, lang))
    console.print(rules_table(summary, lang))
    if summary.similarity_checked:
        if summary.similar_groups:
            for kind in ("report", "section"):
                chosen = [g for g in summary.similar_groups if g.kind == kind]
                if chosen:
                    console.print(groups_table(chosen[:GROUPS_SHOWN], kind, lang))
                    if len(chosen) > GROUPS_SHOWN:
                        console.print(Text(words["more_groups"].format(count=len(chosen) - GROUPS_SHOWN), style="dim"))
        else:
            console.print(Text(words["no_similar"]))
    else:
        console.print(Text(words["similarity_off"], style="dim"))
    if summary.yoy:
        console.print(yoy_table(summary, lang))
        agencies = len({pair.agency for pair in summary.yoy})
        if agencies > AGENCIES_SHOWN:
            console.print(Text(words["more_years"].format(count=agencies - AGENCIES_SHOWN), style="dim"))
    console.print(Text(totals_line(summary, lang), style="bold"))
    return buffer.getvalue()


def ranking_table(summary: BatchSummary, lang: str) -> Table:
    words = labels(lang)
    show_similar = bool(summary.similar_groups)
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


def groups_table(groups, kind: str, lang: str) -> Table:
    """Report groups (kind "report") or section families ("section"): one row a group."""
    words = labels(lang)
    table = Table(title=words["groups_title" if kind == "report" else "families_title"], box=box.SIMPLE_HEAVY,
                  title_justify="left")
    table.add_column(words["group"], no_wrap=True)
    table.add_column(words["size"], justify="right", no_wrap=True)
    table.add_column(words["representative"], overflow="fold", ratio=2)
    table.add_column(words["members"], overflow="fold", ratio=3)
    if kind == "report":
        table.add_column(words["shared"], overflow="fold", ratio=3)
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


def yoy_table(summary: BatchSummary, lang: str) -> Table:
    """One agency's years together (N−1 → N, N → N+1 …), the first AGENCIES_SHOWN agencies."""
    words = labels(lang)
    table = Table(title=words["yoy_title"], box=box.SIMPLE_HEAVY, title_justify="left")
    table.add_column(words["agency"], overflow="fold")
    table.add_column(words["item"], overflow="fold", ratio=3)
    table.add_column(words["overlap"], justify="right", no_wrap=True)
    table.add_column(words["carry"], no_wrap=True)
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
            table.add_row(who, Text(item.item), f"{item.overlap:.0%}",
                          Text(words[CARRY_WORDS[item.status]], style=styles[item.status]))
    return table
