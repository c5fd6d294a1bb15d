"""The batch review as one self-contained HTML page (no external assets; works offline).

Summary, a sortable ranking, a reports × rules heatmap, a score histogram (inline SVG), the
rule counts, similar pairs, year over year, and each report's gap table. Every piece of
document or pack text goes through ``html.escape``; the page's Content-Security-Policy allows
no network access at all, only its own inline style and script.
"""
from __future__ import annotations

import html
from typing import Iterable

from checker.model import Report, Status
from checker.render.batch_labels import (CARRY_WORDS, STATUS_COLOURS, STATUS_SYMBOLS, error_text, labels, member_text,
                                         ranking_rows, score_text, shared_text, status_word, totals_line)
from checker.review.model import EXPORT_MARKER, BatchSummary


_CSS = """
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:24px;color:#222;background:#fff}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc;padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}
th,td{border:1px solid #d0d0d0;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#eef3f8}
table.sortable th{cursor:pointer;user-select:none}
table.sortable th.asc::after{content:" ▲"}table.sortable th.desc::after{content:" ▼"}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{border:1px solid #d0d0d0;border-radius:6px;padding:10px 14px;min-width:120px}
.card b{display:block;font-size:22px}
.ok{color:#1a7f37}.bad{color:#c0392b}.muted{color:#777}
.heatmap td{width:26px;height:22px;text-align:center;padding:0;font-size:12px}
.heatmap td.name{width:auto;text-align:left;padding:0 6px;white-space:nowrap;max-width:360px;overflow:hidden;text-overflow:ellipsis}
.heatmap th.rule{font-weight:normal;padding:6px 2px;vertical-align:bottom}
.heatmap th.rule div{writing-mode:vertical-rl;white-space:nowrap;margin:0 auto}
""" + "".join(f".s-{status.value}{{background:#{colour}}}\n" for status, colour in STATUS_COLOURS.items()) + """
.s-error{background:#bbb}
details{margin:6px 0}summary{cursor:pointer}
.hist text{font-size:11px;fill:#333}.hist rect{fill:#4a7ebb}
"""

_JS = """
(function(){
  function key(cell){
    var v = cell.getAttribute('data-sort');
    if (v === null) v = cell.textContent;
    var n = parseFloat(v);
    return (v !== '' && !isNaN(n) && /^-?[0-9.]+$/.test(v.trim())) ? n : v.toLowerCase();
  }
  document.querySelectorAll('table.sortable').forEach(function(table){
    var heads = table.querySelectorAll('thead th');
    heads.forEach(function(th, column){
      th.addEventListener('click', function(){
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var asc = !th.classList.contains('asc');
        heads.forEach(function(h){ h.classList.remove('asc'); h.classList.remove('desc'); });
        th.classList.add(asc ? 'asc' : 'desc');
        rows.sort(function(a, b){
          var x = key(a.cells[column]), y = key(b.cells[column]);
          var blankX = x === '' , blankY = y === '';
          if (blankX !== blankY) return blankX ? 1 : -1;
          if (typeof x === typeof y) return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);
          return (typeof x === 'number' ? -1 : 1);
        });
        rows.forEach(function(r){ body.appendChild(r); });
      });
    });
  });
  var cells = document.querySelectorAll('table.heatmap td.cell');
  var status = document.getElementById('heatmap-status');
  if (status) status.textContent = String(cells.length);
  document.body.setAttribute('data-ready', 'yes');
})();
"""


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def render(summary: BatchSummary, lang: str = "zh") -> str:
    words = labels(lang)
    out: list[str] = []
    add = out.append
    add("<!DOCTYPE html>")
    add(f'<html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">')
    add(EXPORT_MARKER)
    add('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        'style-src \'unsafe-inline\'; script-src \'unsafe-inline\'; img-src data:">')
    add('<meta name="viewport" content="width=device-width, initial-scale=1">')
    add(f"<title>{_e(words['html_title'])}</title><style>{_CSS}</style></head><body>")
    add(f"<h1>{_e(words['html_title'])}</h1>")
    add(f'<p class="muted">{_e(words["pack"])}：{_e(summary.pack.title)}（{_e(summary.pack.id)} '
        f'{_e(summary.pack.version)}）· {_e(words["generated"])}</p>' if lang != "en" else
        f'<p class="muted">{_e(words["pack"])}: {_e(summary.pack.title)} ({_e(summary.pack.id)} '
        f'{_e(summary.pack.version)}) · {_e(words["generated"])}</p>')
    out.extend(_summary(summary, lang))
    out.extend(_histogram(summary, lang))
    out.extend(_ranking(summary, lang))
    out.extend(_heatmap(summary, lang))
    out.extend(_rules(summary, lang))
    out.extend(_similar(summary, lang))
    out.extend(_yoy(summary, lang))
    out.extend(_gaps(summary, lang))
    add(f"<script>{_JS}</script></body></html>")
    return "\n".join(out) + "\n"


def _summary(summary: BatchSummary, lang: str) -> Iterable[str]:
    words = labels(lang)
    t = summary.totals
    yield f'<h2 id="summary">{_e(words["summary"])}</h2><div class="cards">'
    cards = [(words["file"], t.files, ""), (words["passed"], t.passed, "ok"), (words["failed"], t.failed, "bad"),
             (words["unreadable"], t.errors, "bad" if t.errors else ""),
             (words["score"], score_text(t.mean_score) or "—", ""), (words["similar"], t.similar_groups,
                                                                    "bad" if t.similar_groups else "")]
    for name, value, css in cards:
        yield f'<div class="card"><span class="muted">{_e(name)}</span><b class="{css}">{_e(value)}</b></div>'
    yield "</div>"
    yield f"<p>{_e(totals_line(summary, lang))}</p>"


def _histogram(summary: BatchSummary, lang: str) -> Iterable[str]:
    words = labels(lang)
    bins = [0] * 10
    for report in summary.reports:
        if report.error is None and report.score is not None:
            bins[min(9, int(report.score.score // 10))] += 1
    top = max(bins) or 1
    width, height, bar, gap, base = 460, 180, 36, 8, 150
    yield f'<h2 id="histogram">{_e(words["histogram"])}</h2>'
    yield (f'<svg class="hist" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
           f'aria-label="{_e(words["histogram"])}">')
    for i, count in enumerate(bins):
        x = 20 + i * (bar + gap)
        h = round(120 * count / top)
        label = f"{i * 10}–{i * 10 + 9}" if i < 9 else "90–100"
        yield (f'<rect x="{x}" y="{base - h}" width="{bar}" height="{h}"><title>{_e(label)}: {count}</title></rect>'
               f'<text x="{x + bar / 2}" y="{base - h - 4}" text-anchor="middle">{count}</text>'
               f'<text x="{x + bar / 2}" y="{base + 14}" text-anchor="middle">{_e(label)}</text>')
    yield "</svg>"


def _ranking(summary: BatchSummary, lang: str) -> Iterable[str]:
    words = labels(lang)
    headers = [words["rank"], words["file"], words["agency"], words["year"], words["score"], words["grade"],
               words["verdict"], words["missing"], words["similar"], words["yoy"], words["published"], words["flags"]]
    yield f'<h2 id="ranking">{_e(words["ranking"])} <span class="muted">（{_e(words["sort_hint"])}）</span></h2>'
    yield '<table class="sortable" id="ranking-table"><thead><tr>'
    yield "".join(f"<th>{_e(h)}</th>" for h in headers) + "</tr></thead><tbody>"
    for index, row in zip(summary.ranking, ranking_rows(summary, lang)):
        rank, path, agency, year, score, grade, verdict, missing, similar, carry, error, published, flags = row
        css = "bad" if error or verdict == words["failed"] else "ok"
        cells = [f'<td class="num" data-sort="{_e(rank if rank is not None else "")}">{_e(rank or "—")}</td>',
                 f'<td><a href="#r{index}">{_e(path)}</a></td>', f"<td>{_e(agency)}</td>",
                 f'<td class="num">{_e(year)}</td>',
                 f'<td class="num" data-sort="{_e(score if score is not None else "")}">{_e(score_text(score))}</td>',
                 f"<td>{_e(grade)}</td>", f'<td class="{css}">{_e(verdict)}</td>',
                 f"<td>{_e(error or missing)}</td>", f"<td>{_e(similar)}</td>", f"<td>{_e(carry)}</td>",
                 f"<td>{_e(published)}</td>", f'<td class="{"bad" if flags else ""}">{_e(flags)}</td>']
        yield "<tr>" + "".join(cells) + "</tr>"
    yield "</tbody></table>"


def _heatmap(summary: BatchSummary, lang: str) -> Iterable[str]:
    words = labels(lang)
    yield (f'<h2 id="heatmap">{_e(words["heatmap"])} <span class="muted">(<span id="heatmap-status">0</span>)'
           f'</span></h2>')
    yield '<table class="heatmap" id="heatmap-table"><thead><tr><th></th>'
    for rule, title in zip(summary.rule_ids, summary.rule_titles):
        short = title if len(title) <= 12 else title[:11] + "…"
        yield f'<th class="rule" title="{_e(title)} ({_e(rule)})"><div>{_e(short)}</div></th>'
    yield "</tr></thead><tbody>"
    for index in summary.ranking:
        report = summary.reports[index]
        row = [f'<td class="name"><a href="#r{index}" title="{_e(report.path)}">{_e(report.path)}</a></td>']
        for rule, title in zip(summary.rule_ids, summary.rule_titles):
            status = summary.status_of(report, rule)
            if status is None:
                row.append(f'<td class="cell s-error" title="{_e(report.error or "")}"></td>')
            else:
                tip = f"{report.path} · {title}: {status_word(status, lang)}"
                row.append(f'<td class="cell s-{status.value}" title="{_e(tip)}">{STATUS_SYMBOLS[status]}</td>')
        yield "<tr>" + "".join(row) + "</tr>"
    yield "</tbody></table>"


def _rules(summary: BatchSummary, lang: str) -> Iterable[str]:
    words = labels(lang)
    yield f'<h2 id="rules">{_e(words["rules"])}</h2><table class="sortable"><thead><tr>'
    for h in (words["rule"], words["title"], words["fail"], words["partial"], words["pass"], words["na"]):
        yield f"<th>{_e(h)}</th>"
    yield "</tr></thead><tbody>"
    for s in summary.rules:
        yield (f"<tr><td>{_e(s.rule)}</td><td>{_e(s.title)}</td><td class=\"num\">{s.fail}</td>"
               f"<td class=\"num\">{s.partial}</td><td class=\"num\">{s.passed}</td><td class=\"num\">{s.na}</td></tr>")
    yield "</tbody></table>"


MEMBERS_INLINE = 8  # a group's first members shown in its row; the rest behind a "show" toggle


def _similar(summary: BatchSummary, lang: str) -> Iterable[str]:
    """The 雷同 groups: one row a group (report groups, then section families), every member with
    its similarity to the representative; linear in the members, never in the pairs."""
    words = labels(lang)
    yield f'<h2 id="similar">{_e(words["similar_title"])}</h2>'
    if not summary.similarity_checked:
        yield f'<p class="muted">{_e(words["similarity_off"])}</p>'
        return
    if not summary.similar_groups:
        yield f"<p>{_e(words['no_similar'])}</p>"
        return
    for kind in ("report", "section"):
        chosen = [g for g in summary.similar_groups if g.kind == kind]
        if not chosen:
            continue
        yield f'<h3>{_e(words["groups_title" if kind == "report" else "families_title"])}</h3>'
        headers = [words["group"], words["size"], words["representative"], words["members"]]
        if kind == "report":
            headers.append(words["shared"])
        yield (f'<table class="groups" id="{kind}-groups"><thead><tr>'
               + "".join(f"<th>{_e(h)}</th>" for h in headers) + "</tr></thead><tbody>")
        for group in chosen:
            with_label = kind == "section"
            shown = "<br>".join(_e(member_text(m, lang, with_label)) for m in group.members[:MEMBERS_INLINE])
            rest = group.members[MEMBERS_INLINE:]
            if rest:
                shown += (f'<details><summary>{_e(words["more_members"].format(count=len(rest)))}</summary>'
                          + "<br>".join(_e(member_text(m, lang, with_label)) for m in rest) + "</details>")
            representative = _e(group.representative.path)
            if with_label:
                representative += f"<br><b>{_e(group.representative.label)}</b>"
                if group.groups:
                    joined = "、".join(group.groups) if lang != "en" else ", ".join(group.groups)
                    representative += f'<br><span class="muted">{_e(words["family_groups"].format(groups=joined))}</span>'
            cells = [f'<td id="{_e(group.id)}"><b>{_e(group.id)}</b></td>', f'<td class="num">{group.size}</td>',
                     f"<td>{representative}</td>", f"<td>{shown}</td>"]
            if kind == "report":
                cells.append("<td>" + "<br>".join(_e(shared_text(section, group.size, lang))
                                                  for section in group.sections) + "</td>")
            yield f'<tr data-group="{_e(group.id)}" data-size="{group.size}">' + "".join(cells) + "</tr>"
        yield "</tbody></table>"


def _yoy(summary: BatchSummary, lang: str) -> Iterable[str]:
    if not summary.yoy:
        return
    words = labels(lang)
    yield f'<h2 id="yoy">{_e(words["yoy_title"])}</h2>'
    yield "<table><thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in (
        words["agency"], words["previous"], words["current"], words["year_similarity"], words["item"],
        words["overlap"], words["carry"])) + "</tr></thead><tbody>"
    css = {"found": "ok", "partial": "", "missing": "bad"}
    for pair in summary.yoy:
        similarity = "" if pair.similarity is None else f"{pair.similarity:.0%}"
        if pair.copied:
            similarity = f'<b class="bad">{similarity} {_e(words["copied"])}</b>'
        for item in pair.items:
            yield (f"<tr><td>{_e(pair.agency)}</td><td>{_e(pair.previous)}</td><td>{_e(pair.current)}</td>"
                   f"<td class=\"num\">{similarity}</td>"
                   f"<td>{_e(item.item)}</td><td class=\"num\">{item.overlap:.0%}</td>"
                   f"<td class=\"{css[item.status]}\">{_e(words[CARRY_WORDS[item.status]])}</td></tr>")
    yield "</tbody></table>"


def _gaps(summary: BatchSummary, lang: str) -> Iterable[str]:
    words = labels(lang)
    yield f'<h2 id="gaps">{_e(words["gaps"])}</h2>'
    for index in summary.ranking:
        yield from _gap_table(index, summary.reports[index], lang)


def _gap_table(index: int, report: Report, lang: str) -> Iterable[str]:
    words = labels(lang)
    if report.error is not None:
        yield (f'<details id="r{index}"><summary>{_e(report.path)} — <span class="bad">{_e(words["unreadable"])}'
               f"</span></summary><p>{_e(error_text(report))}</p></details>")
        return
    meta = report.meta
    title = (meta.title if meta and meta.title else "") or report.path
    score = report.score
    css = "ok" if score.passed else "bad"
    open_attr = "" if score.passed else " open"
    yield (f'<details id="r{index}"{open_attr}><summary><b>{_e(title)}</b> <span class="muted">{_e(report.path)}'
           f'</span> — <span class="{css}">{_e(score_text(score.score))} {_e(score.grade)}</span></summary>')
    gaps = [f for f in report.findings if f.status in (Status.FAIL, Status.PARTIAL)]
    if score.reasons:
        yield f'<p class="bad">{_e("；".join(score.reasons) if lang != "en" else "; ".join(score.reasons))}</p>'
    if not gaps:
        yield "</details>"
        return
    yield ("<table><thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in (
        words["verdict"], words["element"], words["detail"])) + "</tr></thead><tbody>")
    for finding in gaps:
        detail = _e(finding.message)
        if finding.evidence:
            evidence = finding.evidence[0]
            from checker.judge import cite

            where = cite.place(evidence.location, evidence.line, lang)
            detail += f'<br><span class="muted">{_e(cite.cite(where, evidence.text, lang))}</span>'
        if finding.suggestion:
            detail += f"<br><b>{_e('建议：' if lang != 'en' else 'Write: ')}</b>{_e(finding.suggestion)}"
        yield (f'<tr><td class="s-{finding.status.value}">{STATUS_SYMBOLS[finding.status]} '
               f"{_e(status_word(finding.status, lang))}</td><td>{_e(finding.title)}<br>"
               f'<span class="muted">{_e(finding.rule)}</span></td><td>{detail}</td></tr>')
    yield "</tbody></table></details>"
