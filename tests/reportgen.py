"""Synthetic 法治政府建设年度报告 for batch tests and the batch benchmark.

Our own writing: fictional places and agencies, sentences assembled at random from short
fragments and figures, so two generated reports share stock phrases (as real ones do) but no
long runs of text. Nothing here comes from real reports or the seed files.

    make_report(seed, agency=None, year=2024, target_chars=3000, carried=()) -> Generated

``carried`` are plan items of the agency's previous report that this year's measures take up
(for the year-over-year view). ``Generated.plan_items`` are this report's own plan items.
"""
from __future__ import annotations

import importlib.util
import os
import random
from dataclasses import dataclass
from functools import lru_cache

_PLACE_FIRST = "青禾云岭松溪梅川石泉桂湖柳江兰山枫林金沙白鹭东阳南屏北塘西岗临河望海"
_PLACE_SECOND = "川宁安平源丰城阳州溪坪浦桥台陵江口湾山"
_LEVELS = ("县", "市", "区")
_AGENCY_TYPES = ("市场监督管理局", "司法局", "生态环境局", "交通运输局", "人力资源和社会保障局", "自然资源局",
                 "卫生健康委员会", "应急管理局", "住房和城乡建设局", "农业农村局", "文化和旅游局", "人民政府")
_LEADERS = ("局党组书记、局长", "主要负责同志", "党组书记", "局长", "主任")

_AREAS = (
    "深入学习贯彻习近平法治思想", "依法全面履行政府职能", "完善依法行政制度体系", "推进重大行政决策科学化民主化法治化",
    "严格规范公正文明执法", "强化行政权力制约和监督", "依法有效化解社会矛盾纠纷", "加强法治宣传教育",
    "优化法治化营商环境", "推进数字法治政府建设", "加强执法队伍建设", "提升突发事件依法处置能力",
)
_SUBJECTS = ("我局", "局机关", "执法支队", "法规科", "各基层所", "政策法规股", "办公室", "执法大队", "审批科", "信用监管科",
             "综合执法队", "各业务科室", "法制审核机构", "局党组", "派出机构")
_ACTIONS = ("全面梳理", "修订完善", "集中清理", "专项检查", "逐项评估", "动态调整", "分类指导", "统筹推进", "常态化开展",
            "组织编制", "严格落实", "健全完善", "研究制定", "持续深化", "规范运行", "联合开展", "试点推行", "督促整改")
_OBJECTS = ("权责清单", "规范性文件", "行政许可事项", "执法检查计划", "涉企收费目录", "行政裁量权基准", "执法案卷",
            "投诉举报线索", "信用修复申请", "行政复议案件", "法律顾问意见", "普法责任清单", "执法文书模板",
            "证明事项清单", "涉企检查事项", "随机抽查名录库", "执法人员资格", "公平竞争审查台账", "轻微违法免罚清单",
            "政务服务事项", "重大行政决策目录", "行政应诉案件", "执法监督意见", "案件移送记录")
_RESULTS = ("群众满意度明显提升", "办理时限平均压缩三成", "未发生被纠错案件", "整改到位率达到百分之百",
            "企业获得感持续增强", "执法争议明显减少", "制度执行更加规范", "基层执法能力稳步提高",
            "案件质量评查优良率提高", "涉企投诉同比下降", "审核把关作用充分发挥", "社会监督渠道更加畅通")
_LINKS = ("同时", "在此基础上", "与此同时", "此外", "针对薄弱环节", "围绕年度目标", "结合工作实际", "按照上级部署",
          "对照考核要求", "着眼长效机制")
_UNITS = ("件", "项", "次", "份", "场", "人次", "家", "条", "个")
_SHORT = ("执法人员法律素养参差不齐", "案件办理质量不够均衡", "数字化执法手段运用不足", "普法形式较为单一",
          "重大决策公众参与度不高", "基层法治力量相对薄弱", "执法监督覆盖面不够广", "规范性文件备案不够及时")
_CAUSES = ("主要原因是专业培训投入不足", "原因在于人员编制紧张、新进人员较少", "主要是信息系统建设滞后",
           "根源在于考核激励机制不够健全", "主要因为部门之间协作机制尚未理顺", "原因是经费保障不够充分")
_PLAN = ("加强执法队伍专业化建设", "推进执法办案系统与上级平台对接", "完善重大行政决策程序", "深化公平竞争审查",
         "扩大轻微违法免罚清单适用范围", "健全行政执法监督机制", "推行说理式执法文书", "开展法治宣传进企业活动",
         "完善法律顾问参与决策机制", "推进信用修复一件事改革", "规范涉企行政检查", "提升行政复议应诉能力")
_PLAN_DETAIL = ("分批次组织全员轮训", "年底前实现数据互联互通", "制定年度决策事项目录", "建立第三方评估机制",
                "编制新的清单并向社会公布", "每季度开展案卷评查", "在三个执法领域先行试点", "组织专题宣讲十场以上")
_FIRST_RESP = ("亲自部署、亲自过问、亲自协调、亲自督办", "召开党组会议专题研究法治工作", "落实会前学法制度",
               "年终述职中专项述法", "带头出庭应诉", "把法治建设纳入年度目标考核")

_CN_NUM = "一二三四五六七八九十"


@dataclass(frozen=True)
class Generated:
    agency: str
    year: int
    lines: tuple[str, ...]
    plan_items: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def agency_name(rng: random.Random) -> str:
    place = rng.choice(_PLACE_FIRST) + rng.choice(_PLACE_SECOND)
    return place + rng.choice(_LEVELS) + rng.choice(_AGENCY_TYPES)


@lru_cache(maxsize=1)
def _lexicon() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Nouns and verbs from jieba's own dictionary (read as a file: jieba is not imported), so
    generated reports differ in wording the way real ones do; a fixed pool when it is absent."""
    nouns: list[str] = []
    verbs: list[str] = []
    spec = importlib.util.find_spec("jieba")
    path = os.path.join(os.path.dirname(spec.origin), "dict.txt") if spec and spec.origin else ""
    if path and os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                word, freq, tag = (line.split() + ["", "", ""])[:3]
                if not freq.isdigit() or int(freq) < 20 or not all("\u4e00" <= ch <= "\u9fff" for ch in word):
                    continue
                if tag == "n" and 2 <= len(word) <= 4:
                    nouns.append(word)
                elif tag == "v" and len(word) == 2:
                    verbs.append(word)
    return tuple(nouns) or _OBJECTS, tuple(verbs) or _ACTIONS


def _sentence(rng: random.Random) -> str:
    nouns, verbs = _lexicon()
    number = rng.randint(2, 980)
    parts = [rng.choice(_LINKS) + "，" if rng.random() < 0.4 else "",
             rng.choice(_SUBJECTS), rng.choice(_ACTIONS), rng.choice(nouns), rng.choice(_OBJECTS),
             f"{number}{rng.choice(_UNITS)}", "，", rng.choice(verbs), rng.choice(nouns), rng.choice(nouns),
             f"{rng.randint(2, 99)}{rng.choice(_UNITS)}" if rng.random() < 0.5 else "",
             "，", rng.choice(nouns), rng.choice(_RESULTS), "。"]
    return "".join(parts)


def _paragraph(rng: random.Random, sentences: int) -> str:
    return "".join(_sentence(rng) for _ in range(sentences))


def make_report(seed: int, agency: str | None = None, year: int = 2024, target_chars: int = 3000,
                carried: tuple[str, ...] = (), plan_items: tuple[str, ...] | None = None,
                with_leader: bool = True, with_plan: bool = True) -> Generated:
    rng = random.Random(seed)
    agency = agency or agency_name(rng)
    lines: list[str] = [f"{agency}{year}年度法治政府建设情况报告", ""]
    lines.append(f"{year}年，{agency}在党委、政府的正确领导下，坚持以习近平法治思想为指导，"
                 "扎实推进法治政府建设各项工作。现将有关情况报告如下：")
    lines.append("")
    lines.append(f"一、{year}年推进法治政府建设的主要举措和成效")
    areas = rng.sample(_AREAS, k=min(len(_AREAS), rng.randint(4, 6)))
    # The three enforcement systems, named so the base pack finds them.
    enforcement = ("全面落实行政执法公示制度，执法决定在规定时限内公开；推行执法全过程记录制度，配备执法记录仪"
                   f"{rng.randint(10, 90)}台；严格执行重大执法决定法制审核制度，审核重大案件{rng.randint(5, 80)}件。")
    body_budget = max(300, target_chars - 1500)
    per_area = body_budget // len(areas)
    for index, area in enumerate(areas):
        lines.append(f"（{_CN_NUM[index]}）{area}")
        text = enforcement if index == 0 else ""
        if index == 0:
            for item in carried:
                text += f"{item}，{rng.choice(_PLAN_DETAIL)}，{rng.choice(_RESULTS)}。"
        written = len(text)
        while written < per_area:
            paragraph = _paragraph(rng, rng.randint(2, 4))
            text += paragraph
            written += len(paragraph)
            if written < per_area and rng.random() < 0.5:
                lines.append(text)
                text = ""
        if text:
            lines.append(text)
    lines.append("")
    lines.append(f"二、{year}年推进法治政府建设存在的不足和原因")
    for index, short in enumerate(rng.sample(_SHORT, k=3)):
        lines.append(f"（{_CN_NUM[index]}）{short}。{rng.choice(_CAUSES)}，{_sentence(rng)}")
    if with_leader:
        lines.append("")
        lines.append("三、党政主要负责人履行推进法治建设第一责任人职责情况")
        leader = rng.choice(_LEADERS)
        duties = rng.sample(_FIRST_RESP, k=4)
        lines.append(f"{leader}切实履行推进法治建设第一责任人职责，" + "，".join(duties)
                     + f"，全年研究法治工作{rng.randint(2, 9)}次。" + _sentence(rng))
    items = tuple(plan_items) if plan_items is not None else tuple(rng.sample(_PLAN, k=4))
    if with_plan:
        lines.append("")
        lines.append(f"{'四' if with_leader else '三'}、{year + 1}年推进法治政府建设的主要安排")
        for index, item in enumerate(items):
            lines.append(f"（{_CN_NUM[index]}）{item}。{rng.choice(_PLAN_DETAIL)}，{_sentence(rng)}")
    lines.append("")
    lines.append(agency)
    lines.append(f"{year + 1}年{rng.randint(1, 2)}月{rng.randint(1, 28)}日")
    return Generated(agency=agency, year=year, lines=tuple(lines), plan_items=items)


def edited_copy(report: Generated, seed: int, edits: int = 6) -> Generated:
    """A near-duplicate: the same report with a few small edits (figures, a word, one line)."""
    rng = random.Random(seed)
    lines = list(report.lines)
    body = [i for i, line in enumerate(lines) if len(line) > 40]
    for _ in range(edits):
        i = rng.choice(body)
        line = lines[i]
        digits = [k for k, ch in enumerate(line) if ch.isdigit()]
        if digits and rng.random() < 0.6:
            k = rng.choice(digits)
            line = line[:k] + str((int(line[k]) + 3) % 10) + line[k + 1:]
        else:
            line = line.replace("，", "，进一步", 1)
        lines[i] = line
    return Generated(agency=report.agency, year=report.year, lines=tuple(lines), plan_items=report.plan_items)
