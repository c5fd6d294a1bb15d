"""Baselines and fingerprints: a gap is known by its content, not its line.

A gap is a finding whose status is ``fail`` or ``partial``. Its fingerprint hashes the rule
id, the title of the top-level section the evidence sits in, and the evidence text, each
normalised (full/half width, spaces and punctuation ignored, the heading's own numbering
"三、" / "（二）" dropped). Line numbers are not part of it, so inserting or deleting text above a
gap — even a whole new part that renumbers the headings — does not make the gap new.

The baseline file (``--write-baseline FILE``) records, per report (its path relative to the
baseline file's folder), the score and each gap's fingerprint and status:

    {"version": 1, "tool": "fzcheck", "pack": {"id": "fazhi", "version": "1.0.0"},
     "reports": {"drafts/2025.txt": {"score": 71.3,
                 "gaps": [{"fingerprint": "…", "rule": "plan.year", "status": "fail",
                           "section": "2025年工作安排", "evidence": "三、2025年工作安排"}]}}}

With ``--baseline FILE`` a gap counts as known when the same report has the same fingerprint
recorded with the same status or a worse one (a ``partial`` gap that became ``fail`` is new).

Pure: no printing, no exits; reading and writing the file is the CLI's job.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from checker.errors import CheckerError
from checker.model import Finding, Pack, Report, Status

VERSION = 1
FINGERPRINT_KEY = "fzcheck/gap/v1"
GAP_STATUSES = (Status.FAIL, Status.PARTIAL)
_RANK = {"partial": 1, "fail": 2}

# Heading numbering at the start of an evidence line: 第一部分 / 一、 / （一） / 1. / （1） / ①
_CN = "一二三四五六七八九十〇零"
_LABEL = re.compile(
    rf"^\s*(?:第[{_CN}]{{1,3}}部分[、.．:：\s]?|[{_CN}]{{1,3}}[、.．]|[(（][{_CN}]{{1,3}}[)）][、.．]?"
    rf"|\d{{1,2}}(?:[、]|[.．](?!\d))|[(（]\d{{1,2}}[)）][、.．]?|[\u2460-\u2473])\s*"
)


class BaselineError(CheckerError):
    """A baseline file that cannot be used."""


def is_gap(finding: Finding) -> bool:
    return finding.status in GAP_STATUSES


def normalise(text: str | None) -> str:
    """The match key of a piece of text, without its heading numbering."""
    from checker.analysis.text import to_key

    if not text:
        return ""
    return to_key(_LABEL.sub("", text.replace("…", ""), count=1))


def fingerprint(finding: Finding) -> str:
    evidence = finding.evidence[0].text if finding.evidence else ""
    content = "\x1f".join((finding.rule, normalise(finding.section), normalise(evidence)))
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:32]


# --- the file ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Baseline:
    source: str  # the file, as shown to the user
    root: str  # the folder report paths are relative to
    reports: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # relpath -> {"score", "gaps"}

    def known(self, key: str | None, finding: Finding) -> bool:
        if key is None or key not in self.reports:
            return False
        recorded = {g["fingerprint"]: g.get("status", "fail") for g in self.reports[key].get("gaps", ())}
        status = recorded.get(fingerprint(finding))
        return status is not None and _RANK.get(status, 2) >= _RANK.get(finding.status.value, 2)

    def score(self, key: str | None) -> float | None:
        if key is None or key not in self.reports:
            return None
        value = self.reports[key].get("score")
        return float(value) if isinstance(value, (int, float)) else None


def build(reports: Sequence[Report], keys: Sequence[str | None], pack: Pack) -> dict[str, Any]:
    """The baseline document for today's gaps; ``keys`` are the reports' paths relative to its folder."""
    entries: dict[str, Any] = {}
    for report, key in zip(reports, keys):
        if key is None or report.error is not None:
            continue
        gaps = [{"fingerprint": fingerprint(f), "rule": f.rule, "status": f.status.value,
                 "section": f.section, "evidence": f.evidence[0].text if f.evidence else None}
                for f in report.findings if is_gap(f)]
        entries[key] = {"score": report.score.score if report.score else None, "gaps": gaps}
    return {"version": VERSION, "tool": "fzcheck", "pack": {"id": pack.id, "version": pack.version},
            "reports": dict(sorted(entries.items()))}


def dumps(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def merge(old: Baseline | None, new: Mapping[str, Any]) -> dict[str, Any]:
    """``new`` plus the reports ``old`` recorded that this run did not check (a partial run keeps them)."""
    if old is None:
        return dict(new)
    reports = {**old.reports, **new["reports"]}
    return {**new, "reports": dict(sorted(reports.items()))}


def parse(text: str, source: str, root: str) -> Baseline:
    def bad(reason_zh: str, reason_en: str) -> BaselineError:
        return BaselineError(f"基线文件无效：{source}：{reason_zh}", f"invalid baseline file: {source}: {reason_en}")

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise bad(f"不是 JSON（第{exc.lineno}行：{exc.msg}）", f"not JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:  # json nests by recursion: thousands of "[" are not a baseline
        raise bad("嵌套层数过多，不是 fzcheck 基线", "nested too deeply; not an fzcheck baseline") from None
    if not isinstance(data, dict) or data.get("tool") != "fzcheck" or not isinstance(data.get("reports"), dict):
        raise bad("不是 fzcheck 基线（用 --write-baseline 生成）", "not an fzcheck baseline (write one with --write-baseline)")
    if data.get("version") != VERSION:
        raise bad(f"不支持的版本 {data.get('version')!r}", f"unsupported version {data.get('version')!r}")
    for key, entry in data["reports"].items():
        gaps = entry.get("gaps") if isinstance(entry, dict) else None
        if not isinstance(gaps, list) or not all(isinstance(g, dict) and isinstance(g.get("fingerprint"), str)
                                                 for g in gaps):
            raise bad(f"reports.{key}：gaps 格式不对", f"reports.{key}: malformed gaps")
    return Baseline(source=source, root=root, reports=data["reports"])


def keys_for(paths: Iterable[str], root: str, cwd: str) -> list[str | None]:
    from checker.ci.config import relative

    return [relative(path, root, cwd, outside=True) for path in paths]
