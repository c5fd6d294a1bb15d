"""Words shared by the batch renderers (terminal, xlsx, csv, html), in Chinese and English."""
from __future__ import annotations

from checker.model import Status

LABELS = {
    "zh": {
        "rank": "排名", "file": "文件", "agency": "单位", "year": "年度", "score": "得分", "grade": "等级",
        "verdict": "结论", "missing": "缺少的必备要素", "error": "无法检查的原因", "similar": "雷同",
        "yoy": "上年计划落实", "published": "发布日期", "flags": "审阅提示", "flags_totals": "审阅提示：{items}",
        "flag_count": "{name} {count} 份", "passed": "通过", "failed": "未通过", "unreadable": "无法检查",
        "rule": "规则", "title": "要素", "severity": "严重程度", "fail": "不符合", "partial": "部分符合",
        "pass": "符合", "na": "不适用", "fail_rate": "不符合或部分符合比例",
        "ranking": "报告排名", "rules": "各规则不符合情况（最差在前）", "similar_title": "雷同报告",
        "yoy_title": "逐年对比：上年“下一年度主要安排”在本年“主要举措和成效”中的体现（仅供参考）",
        "pair_a": "报告甲", "pair_b": "报告乙", "similarity": "相似度", "whole": "全文雷同", "sections": "雷同的部分",
        "section_similarity": "该部分相似度",
        "previous": "上年报告", "current": "本年报告", "item": "上年计划事项", "overlap": "词语重合度",
        "carry": "体现情况", "found": "已体现", "partly": "部分体现", "not_found": "未见体现",
        "totals": ("共 {files} 个文件：{checked} 份已检查（{passed} 份通过，{failed} 份未通过），"
                   "{errors} 份无法检查；平均分 {mean}；雷同组 {groups} 个（{grouped} 份报告），部分雷同 {families} 处"),
        "no_similar": "未发现雷同报告。", "similarity_off": "未检查雷同（规则包关闭了 similarity 或使用了 --no-similarity）。",
        "groups_title": "雷同报告（按组，份数多的在前）", "families_title": "部分雷同（同一部分出现在多份报告中）",
        "group": "组", "kind": "类型", "kind_report": "全文雷同", "kind_section": "部分雷同", "size": "份数",
        "representative": "代表报告", "members": "成员（与代表的相似度）", "member": "报告",
        "shared": "共同部分（成员份数）", "section": "部分", "to_rep": "与代表相似度", "is_rep": "代表",
        "more_groups": "另有 {count} 组未列出，见导出文件（--out .xlsx / .html / .json）。",
        "more_members": "… 另 {count} 份", "group_cell": "{id} · {size}份 · 与代表 {value}",
        "group_cell_rep": "{id} · {size}份 · 代表", "family_cell": "{id} 部分雷同：{label} {value}",
        "family_groups": "（{groups} 组的全部报告都有此部分）", "copied": "沿用上年报告",
        "year_similarity": "与上年相似度", "pairs": "两两相似度",
        "more_years": "另有 {count} 个单位未列出，见导出文件。",
        "yes": "是", "no": "否", "none": "—",
        "sheet_ranking": "总表", "sheet_matrix": "明细", "sheet_rules": "规则统计", "sheet_similar": "雷同",
        "sheet_yoy": "逐年对比",
        "html_title": "法治政府建设年度报告批量检查结果", "summary": "概况", "heatmap": "报告 × 规则",
        "histogram": "得分分布", "gaps": "各报告缺项", "count": "份数", "sort_hint": "点击表头排序",
        "element": "要素", "detail": "说明 / 建议", "generated": "由 fzcheck batch 生成",
        "pack": "规则包", "show": "展开",
    },
    "en": {
        "rank": "Rank", "file": "File", "agency": "Agency", "year": "Year", "score": "Score", "grade": "Grade",
        "verdict": "Verdict", "missing": "Missing required elements", "error": "Why it could not be checked",
        "similar": "Similar to", "yoy": "Last year's plan taken up", "published": "Published",
        "flags": "Review notes", "flags_totals": "Review notes: {items}", "flag_count": "{name}: {count}", "passed": "passed", "failed": "not passed",
        "unreadable": "could not be checked", "rule": "Rule", "title": "Element", "severity": "Severity",
        "fail": "Fail", "partial": "Partial", "pass": "Pass", "na": "N/A", "fail_rate": "Fail or partial",
        "ranking": "Reports by score", "rules": "Rules by how many reports miss them (worst first)",
        "similar_title": "Similar reports",
        "yoy_title": ("Year over year: last year's plan items found in this year's measures "
                      "(informational)"),
        "pair_a": "Report A", "pair_b": "Report B", "similarity": "Similarity", "whole": "Whole report",
        "sections": "Similar sections", "section_similarity": "Section similarity", "previous": "Last year's report", "current": "This year's report",
        "item": "Last year's plan item", "overlap": "Term overlap", "carry": "Found",
        "found": "found", "partly": "partly", "not_found": "not found",
        "totals": ("{files} files: {checked} checked ({passed} passed, {failed} not passed), "
                   "{errors} could not be checked; mean score {mean}; similar groups: {groups} ({grouped} reports), "
                   "section families: {families}"),
        "no_similar": "No similar reports found.",
        "similarity_off": "Similarity not checked (off in the pack, or --no-similarity).",
        "groups_title": "Similar reports (groups, largest first)",
        "families_title": "Shared sections (one section in several reports)",
        "group": "Group", "kind": "Kind", "kind_report": "whole report", "kind_section": "section", "size": "Reports",
        "representative": "Representative", "members": "Members (similarity to the representative)",
        "member": "Report", "shared": "Shared sections (members)", "section": "Section",
        "to_rep": "Similarity to the representative", "is_rep": "representative",
        "more_groups": "{count} more groups not listed: see the exports (--out .xlsx / .html / .json).",
        "more_members": "… {count} more", "group_cell": "{id} · {size} reports · {value} to the representative",
        "group_cell_rep": "{id} · {size} reports · representative", "family_cell": "{id} section: {label} {value}",
        "family_groups": " (every report of {groups} has it)", "copied": "last year's report carried over",
        "year_similarity": "Similarity to last year", "pairs": "Pairs",
        "more_years": "{count} more agencies not listed: see the exports.",
        "yes": "yes", "no": "no", "none": "—",
        "sheet_ranking": "Ranking", "sheet_matrix": "Matrix", "sheet_rules": "Rules", "sheet_similar": "Similar",
        "sheet_yoy": "Year over year",
        "html_title": "Rule-of-law government reports: batch review", "summary": "Summary",
        "heatmap": "Reports × rules", "histogram": "Score distribution", "gaps": "Gaps by report",
        "count": "Reports", "sort_hint": "click a header to sort", "element": "Element", "detail": "Note / what to write",
        "generated": "generated by fzcheck batch", "pack": "Pack", "show": "show",
    },
}

STATUS_WORDS = {
    "zh": {Status.PASS: "符合", Status.PARTIAL: "部分符合", Status.FAIL: "不符合", Status.NA: "不适用"},
    "en": {Status.PASS: "pass", Status.PARTIAL: "partial", Status.FAIL: "fail", Status.NA: "n/a"},
}
STATUS_SYMBOLS = {Status.PASS: "✔", Status.PARTIAL: "△", Status.FAIL: "✘", Status.NA: "–"}
SEVERITY_WORDS = {"zh": {"error": "错误", "warning": "警告", "info": "提示"},
                  "en": {"error": "error", "warning": "warning", "info": "info"}}
# Colours of the status matrix (xlsx fills, html heatmap)
STATUS_COLOURS = {Status.PASS: "C6EFCE", Status.PARTIAL: "FFEB9C", Status.FAIL: "FFC7CE", Status.NA: "EDEDED"}
CARRY_WORDS = {"found": "found", "partial": "partly", "missing": "not_found"}


def labels(lang: str) -> dict:
    return LABELS["en" if lang == "en" else "zh"]


def status_word(status, lang: str) -> str:
    return STATUS_WORDS["en" if lang == "en" else "zh"].get(status, "")


def severity_word(severity, lang: str) -> str:
    """错误 / 警告 / 提示 (error / warning / info) for a Severity or its value."""
    value = getattr(severity, "value", severity)
    return SEVERITY_WORDS["en" if lang == "en" else "zh"].get(value, str(value))


def yoy_cell(pair, lang: str) -> str:
    """"2/4 已体现，1 部分体现" for the ranking column."""
    if pair is None:
        return ""
    words = labels(lang)
    text = f"{pair.found}/{len(pair.items)} {words['found']}"
    if pair.partial:
        text += (f"，{pair.partial} {words['partly']}" if lang != "en" else f", {pair.partial} {words['partly']}")
    return text


def similar_cell(summary, path: str, lang: str) -> str:
    """The ranking's 雷同 column: the report's group and section families, from the summary's index."""
    words = labels(lang)
    parts = []
    for group, member in summary.groups_of(path):
        if group.kind == "report":
            if member is group.representative:
                parts.append(words["group_cell_rep"].format(id=group.id, size=group.size))
            else:
                parts.append(words["group_cell"].format(id=group.id, size=group.size, value=f"{member.similarity:.0%}"))
        else:
            parts.append(words["family_cell"].format(id=group.id, label=member.label,
                                                     value=f"{member.similarity:.0%}" if member is not
                                                     group.representative else f"({words['is_rep']})"))
    return ("；" if lang != "en" else "; ").join(parts)


def member_text(member, lang: str, with_label: bool = False) -> str:
    """"path 96%" (a section family: "path · 二、… 96%")."""
    label = f" · {member.label}" if with_label and member.label else ""
    return f"{member.path}{label} {member.similarity:.0%}"


def shared_text(section, size: int, lang: str) -> str:
    """"二、存在的不足和原因 (199/199, 100%)": the members (not counting the representative) sharing it."""
    return f"{section.label} ({section.members}/{size - 1}, {section.similarity:.0%})"


def score_text(value) -> str:
    return "" if value is None else f"{value:g}"


def ranking_headers(lang: str) -> list[str]:
    words = labels(lang)
    return [words["rank"], words["file"], words["agency"], words["year"], words["score"], words["grade"],
            words["verdict"], words["missing"], words["similar"], words["yoy"], words["error"], words["published"],
            words["flags"]]


def ranking_rows(summary, lang: str) -> list[list]:
    """Plain values (str, int, float, None) of the ranking, best first, unreadable files last."""
    words = labels(lang)
    joiner = "、" if lang != "en" else ", "
    rows = []
    rank = 0
    for index in summary.ranking:
        report = summary.reports[index]
        similar = similar_cell(summary, report.path, lang)
        if report.error is not None:
            rows.append([None, report.path, None, None, None, None, words["unreadable"], None, similar or None,
                         None, error_text(report), None, None])
            continue
        rank += 1
        meta = report.meta
        rows.append([rank, report.path, meta.agency if meta else None, meta.year if meta else None,
                     report.score.score, report.score.grade,
                     words["passed"] if report.score.passed else words["failed"],
                     joiner.join(summary.missing[index]) or None, similar or None,
                     yoy_cell(summary.year_pair_for(report.path), lang) or None, None,
                     meta.published if meta else None, joiner.join(flags_of(summary, report, lang)) or None])
    return rows


def flags_of(summary, report, lang: str) -> list[str]:
    """The names of the pack's review flags (review.flags) whose rule the report fails."""
    failed = {f.rule for f in report.findings if f.status.value == "fail"}
    return [name_en if lang == "en" else name for rule, name, name_en in summary.pack.review_flags if rule in failed]


def flag_counts(summary) -> list[tuple[str, str, str, int]]:
    """(rule, name, name_en, reports flagged) for each of the pack's review flags."""
    counts = []
    for rule, name, name_en in summary.pack.review_flags:
        count = sum(1 for r in summary.reports if r.error is None
                    and any(f.rule == rule and f.status.value == "fail" for f in r.findings))
        counts.append((rule, name, name_en, count))
    return counts


def error_text(report) -> str:
    """The reason a file could not be checked, without the path it starts with (shown beside it)."""
    error = report.error or ""
    for prefix in (f"{report.path}：", f"{report.path}: "):
        if error.startswith(prefix):
            return error[len(prefix):]
    return error


def totals_line(summary, lang: str) -> str:
    t = summary.totals
    words = labels(lang)
    flagged = [words["flag_count"].format(name=name_en if lang == "en" else name, count=count)
               for _, name, name_en, count in flag_counts(summary) if count]
    notes = (("；" if lang != "en" else "; ") + words["flags_totals"].format(items=("、" if lang != "en" else ", ").join(flagged))
             ) if flagged else ""
    return words["totals"].format(files=t.files, checked=t.checked, passed=t.passed, failed=t.failed,
                                         errors=t.errors, mean=score_text(t.mean_score) or "—",
                                         similar=t.similar_pairs, groups=t.similar_groups,
                                         grouped=t.similar_reports, families=t.section_families) + notes
