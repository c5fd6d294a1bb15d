"""Baselines: gaps keyed by content, surviving text inserted above them; only new gaps fail."""
import json
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli
from checker.ci.baseline import fingerprint, normalise
from checker.model import Evidence, Finding, Severity, Status

GAPS = FIXTURES / "ci" / "gaps.txt"  # blocking: section.leader, plan.year (heading "三、2025年工作安排", line 14)


def draft(root: Path, name="drafts/a.txt", text=None) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text is not None else GAPS.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def insert_above_the_gaps(path: Path) -> None:
    """A new top-level part before the others: every line below moves, every heading is renumbered."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index("一、主要举措和成效")
    renumber = {"一、": "二、", "二、": "三、", "三、": "四、"}
    moved = [renumber.get(line[:2], "") + line[2:] if line[:2] in renumber else line for line in lines[start:]]
    added = ["一、深入学习贯彻习近平法治思想", "局党组理论学习中心组开展法治专题学习6次，举办法治讲座2场。", ""]
    path.write_text("\n".join(lines[:start] + added + moved), encoding="utf-8")


def check(root, *args, lang="zh"):
    result = run_cli("--lang", lang, "check", "--format", "json", *args, cwd=root)
    assert result.returncode in (0, 1), result.stderr.decode()
    return result, json.loads(result.stdout)


def test_write_baseline_then_check_against_it(tmp_path):
    draft(tmp_path)
    written = run_cli("check", "--write-baseline", "fz-baseline.json", "drafts/a.txt", cwd=tmp_path)
    assert written.returncode == 0, written.stdout.decode()  # judged against what it just recorded
    data = json.loads((tmp_path / "fz-baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["tool"] == "fzcheck" and data["pack"]["id"] == "fazhi"
    entry = data["reports"]["drafts/a.txt"]
    assert {g["rule"] for g in entry["gaps"]} >= {"section.leader", "plan.year", "shortcomings.reasons"}
    plan = next(g for g in entry["gaps"] if g["rule"] == "plan.year")
    assert plan["section"] == "2025年工作安排" and plan["evidence"] == "三、2025年工作安排"
    assert "line" not in json.dumps(data)

    result, report = check(tmp_path, "--baseline", "fz-baseline.json", "drafts/a.txt")
    assert result.returncode == 0
    findings = {f["rule"]: f for f in report["reports"][0]["findings"]}
    assert findings["plan.year"]["baselined"] is True and findings["plan.year"]["status"] == "fail"
    assert "baselined" not in findings["report.title"]
    assert "基线中已有" in result.stderr.decode()


def test_a_baseline_survives_lines_inserted_above_a_gap(tmp_path):
    path = draft(tmp_path)
    assert run_cli("check", "--write-baseline", "b.json", "drafts/a.txt", cwd=tmp_path).returncode == 0
    before = json.loads(run_cli("check", "--format", "json", "drafts/a.txt", cwd=tmp_path).stdout)
    insert_above_the_gaps(path)
    result, after = check(tmp_path, "--baseline", "b.json", "drafts/a.txt")
    line = {f["rule"]: f["evidence"][0]["line"] for f in after["reports"][0]["findings"] if f["evidence"]}
    old_line = {f["rule"]: f["evidence"][0]["line"] for f in before["reports"][0]["findings"] if f["evidence"]}
    assert line["plan.year"] == old_line["plan.year"] + 3  # the gap moved down ...
    assert result.returncode == 0, result.stdout.decode()  # ... and is still known
    gaps = [f for f in after["reports"][0]["findings"] if f["status"] in ("fail", "partial")]
    assert gaps and all(f.get("baselined") for f in gaps)


def test_a_new_gap_fails_and_an_edited_gap_is_new(tmp_path):
    path = draft(tmp_path)
    run_cli("check", "--write-baseline", "b.json", "drafts/a.txt", cwd=tmp_path)
    text = path.read_text(encoding="utf-8")
    # the plan heading changes: the plan.year gap is a different gap now
    path.write_text(text.replace("三、2025年工作安排", "三、2025年工作打算"), encoding="utf-8")
    result, data = check(tmp_path, "--baseline", "b.json", "drafts/a.txt", lang="en")
    assert result.returncode == 1
    findings = {f["rule"]: f for f in data["reports"][0]["findings"]}
    assert "baselined" not in findings["plan.year"]
    assert findings["section.leader"]["baselined"] is True
    # a gap that did not exist: template remnants added to the draft
    path.write_text(text.replace("二、存在的不足", "二、存在的不足\n【待补充】"), encoding="utf-8")
    result, data = check(tmp_path, "--baseline", "b.json", "drafts/a.txt")
    assert result.returncode == 1
    findings = {f["rule"]: f for f in data["reports"][0]["findings"]}
    assert findings["draft.remnants"]["status"] == "fail" and "baselined" not in findings["draft.remnants"]


def test_a_report_not_in_the_baseline_is_judged_normally(tmp_path):
    draft(tmp_path)
    draft(tmp_path, "drafts/b.txt")
    run_cli("check", "--write-baseline", "b.json", "drafts/a.txt", cwd=tmp_path)
    result, data = check(tmp_path, "--baseline", "b.json", "drafts/a.txt", "drafts/b.txt")
    assert result.returncode == 1
    assert [r["passed"] for r in data["reports"]] == [True, False]


def test_baseline_paths_are_relative_to_the_baseline_file(tmp_path):
    draft(tmp_path)
    run_cli("check", "--write-baseline", "ci/baseline.json", "drafts/a.txt", cwd=tmp_path)
    data = json.loads((tmp_path / "ci" / "baseline.json").read_text(encoding="utf-8"))
    assert list(data["reports"]) == ["../drafts/a.txt"]
    # run from a subfolder with the paths written differently: the same reports
    result, _ = check(tmp_path / "drafts", "--baseline", "../ci/baseline.json", "a.txt")
    assert result.returncode == 0


def test_baseline_from_the_config(tmp_path):
    draft(tmp_path)
    run_cli("check", "--write-baseline", "known-gaps.json", "drafts/a.txt", cwd=tmp_path)
    (tmp_path / ".fzcheck.yaml").write_text("baseline: known-gaps.json\ninclude: ['drafts/*.txt']\n", encoding="utf-8")
    result = run_cli("check", cwd=tmp_path / "drafts")
    assert result.returncode == 0, result.stdout.decode()


def test_write_baseline_keeps_other_reports_and_refuses_foreign_files(tmp_path):
    draft(tmp_path)
    draft(tmp_path, "drafts/b.txt")
    run_cli("check", "--write-baseline", "b.json", "drafts/a.txt", "drafts/b.txt", cwd=tmp_path)
    run_cli("check", "--write-baseline", "b.json", "drafts/a.txt", cwd=tmp_path)
    data = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert sorted(data["reports"]) == ["drafts/a.txt", "drafts/b.txt"]
    foreign = tmp_path / "notes.json"
    foreign.write_text('{"我的": "数据"}', encoding="utf-8")
    result = run_cli("check", "--write-baseline", "notes.json", "drafts/a.txt", cwd=tmp_path)
    assert result.returncode == 2 and "notes.json" in result.stderr.decode()
    assert foreign.read_text(encoding="utf-8") == '{"我的": "数据"}'


@pytest.mark.parametrize("content,needle", [
    (None, "baseline"),
    ("not json", "JSON"),
    ('{"version": 1, "tool": "other", "reports": {}}', "fzcheck"),
    ('{"version": 9, "tool": "fzcheck", "reports": {}}', "9"),
    ('{"version": 1, "tool": "fzcheck", "reports": {"a.txt": {"gaps": [1]}}}', "a.txt"),
])
def test_bad_baseline_is_exit_2(tmp_path, content, needle):
    draft(tmp_path)
    if content is not None:
        (tmp_path / "b.json").write_text(content, encoding="utf-8")
    result = run_cli("--lang", "en", "check", "--baseline", "b.json", "drafts/a.txt", cwd=tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert needle in err


def test_fingerprint_ignores_numbering_width_and_punctuation_not_words():
    def gap(text, section="2025年工作安排", rule="plan.year"):
        return Finding(rule=rule, title="t", severity=Severity.ERROR, status=Status.FAIL, weight=1, earned=0,
                       message="m", evidence=(Evidence(line=14, text=text),), section=section)

    base = fingerprint(gap("三、2025年工作安排"))
    assert fingerprint(gap("四、2025年工作安排")) == base
    assert fingerprint(gap("（三）2025年 工作安排。")) == base
    assert fingerprint(gap("三、２０２５年工作安排")) == base
    assert fingerprint(Finding(**{**gap("三、2025年工作安排").__dict__, "evidence": (Evidence(line=99, text="三、2025年工作安排"),)})) == base
    assert fingerprint(gap("三、2026年工作安排")) != base
    assert fingerprint(gap("三、2025年工作安排", section="存在的不足")) != base
    assert fingerprint(gap("三、2025年工作安排", rule="section.plan")) != base
    assert normalise("1. 加强执法…") == normalise("2、加强执法") == "加强执法"
