"""The rule kinds' documentation in Chinese, for `fzcheck rules explain` (the English is each
kind module's docstring, checker/kinds/<kind>.py; docs/packs.md is generated from that).

For each kind: a one-line summary, what pass / partial / fail / na mean, and the meaning of each
option in the words a pack's maintainer (legal staff, not a programmer) uses. A kind without an
entry here is explained in English (tests/test_rules_cmd.py asks for one for every kind).
"""
from __future__ import annotations

KINDS_ZH: dict[str, dict] = {
    "section": {
        "summary": "报告中有以标题引出的某一部分",
        "text": ("通过：任一级标题写出该部分（合并标题如“三、存在问题和下一步打算”，只要正文写到了，就同时满足所写的各部分；"
                 "设了 fallback: leading_sections 的部分，其他部分之前的一级部分也算；设了 item_leads 的部分，"
                 "以“二是严格落实第一责任人职责，……”这样的引导语开头的条目也算）。部分符合：只是顺带提到（前言、其他部分的正文，"
                 "或合并标题写了而正文没有展开）。不符合：都没有。"),
        "options": {"part": "部分：规则包 parts 中定义的部分编号"},
    },
    "keywords": {
        "summary": "在一定范围内（全文或某一部分）写到某一事项",
        "text": ("通过：范围内出现 terms 中的任一词语。部分符合：只出现 partial_terms 中的词语（如只写“三项制度”这一统称，"
                 "没有分别写明各项制度）；或设了 body_only 时只有该部分的标题提到（heading_partial_terms）。不符合：都没有。"
                 "范围为 document（全文）或某一部分；报告缺少该部分时为不适用（缺项已由该部分自己的规则计入）。"),
        "options": {"scope": "范围：document（全文）或部分编号", "terms": "写到其中任一词语即通过（re: 开头为正则表达式）",
                    "partial_terms": "只写到这些词语：部分符合", "heading_partial_terms": "只有该部分标题提到、正文没有：部分符合",
                    "body_only": "只看该部分的正文，不看标题", "min_count": "至少出现的次数"},
    },
    "year": {
        "summary": "某部分所写的年份：工作安排应写报告年度的下一年（报告年度加 offset）",
        "text": ("通过：该部分写了应有的年份（“2025年”“二〇二五年”），或 relative_terms 中的相对说法（下一年度、明年、下一步）。"
                 "不符合：只写了其他年份（常见于沿用上一年的稿子，如2024年度报告写“四、2024年工作打算”）。部分符合：没有写年份。"
                 "该部分缺失或报告年度不明时为不适用。以该部分标题中的年份为准，标题没有再看正文；规划的年份"
                 "（《……（2021—2025年）》“2021-2025年”）不计。"),
        "options": {"part": "部分：规则包 parts 中定义的部分编号", "offset": "应写年份与报告年度之差（下一年为 1）",
                    "relative_terms": "可以代替具体年份的相对说法"},
    },
    "title": {
        "summary": "报告有写明其性质的标题",
        "text": ("在开头部分查找标题：既有第一组中的词语，稍后又有最后一组中的词语（如“某县人民政府关于2024年度法治政府建设情况的报告”），"
                 "无论它在文号之后、书名号内、分成两行还是与正文连在一起。通过：标题包含每一组的词语（设了 require_year 时还要有年份）。"
                 "部分符合：缺年份或缺某一组。不符合：没有标题（网页上标题常在页头，报送的报告必须有），或标题是别的文件"
                 "（通知、工作总结、其他类型的报告）。"),
        "options": {"groups": "词语组：标题须包含每一组中的一个词语", "require_year": "标题须写明年份"},
    },
    "closing": {
        "summary": "落款：发文单位，以及格式正确的成文日期",
        "text": ("field: agency：报告以单位名称（以局、委员会、人民政府、办公室等结尾）落款即通过。field: date：落款处有格式正确的日期"
                 "（2024年12月18日、二〇二四年一月五日）即通过；“2024130日”这类错误的日期不符合，不会猜测其含义。"),
        "options": {"field": "检查哪一项：agency（落款单位）或 date（成文日期）"},
    },
    "order": {
        "summary": "已有的各部分按规定的顺序排列",
        "text": ("通过：找到的各部分按 parts 的顺序出现（缺少的跳过；同一合并标题下的部分视为顺序正确）。不符合：某部分出现在"
                 "应在其前的部分之前。少于两个部分时为不适用。一般不把主要负责人履职部分列入：实际报告中它可能在第一、二或三部分。"),
        "options": {"parts": "部分编号，按应有的顺序"},
    },
    "forbidden": {
        "summary": "不应出现的文字（草稿中的模板残留）",
        "text": ("通过：既没有 terms 中的词语（忽略标点和空格匹配），也没有 patterns 中的正则表达式（在规范化后的文字上匹配，"
                 "用于“××”这类忽略标点时会丢掉的符号）。不符合：以最先出现的几处为证据。"),
        "options": {"scope": "范围：document（全文）或部分编号", "terms": "不应出现的词语",
                    "patterns": "不应出现的文字的正则表达式"},
    },
    "count": {
        "summary": "某一范围内某种写法出现足够多次（如举措和成效部分的数据）",
        "text": ("通过：pattern（规范化后文字上的正则表达式）至少出现 min_pass 次；部分符合：至少 min_partial 次；不符合：更少。"
                 "该部分缺失时为不适用。"),
        "options": {"scope": "范围：document（全文）或部分编号", "pattern": "要计数的写法（正则表达式）",
                    "min_pass": "通过所需的次数", "min_partial": "部分符合所需的次数"},
    },
    "doctype": {
        "summary": "文件是规则包所针对的报告本身，而不是相似的其他文件",
        "text": ("对报告的解读、相关新闻报道、印发工作要点或工作安排的通知、实施方案、政府信息公开工作年度报告、行政执法年度报告、"
                 "述法报告、普法总结、半年总结、自查整改报告、报告的写作指引：用词和编号与报告相同，但都不是报告。依据规则包的 "
                 "document 设置：文件自身标题和开头中的相似文件用语，以及本类报告的特征（本类报告的标题、“现将……情况报告如下”、"
                 "回顾全年工作的开头）。通过：是本类报告。不符合：是相似的其他文件（说明是哪一种，适用时建议改用的规则包）。"
                 "部分符合：无法确定（没有标题，开头也没有说明）。"),
        "options": {},
    },
}
