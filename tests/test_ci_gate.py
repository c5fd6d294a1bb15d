"""The gate step: waivers (valid, expired, malformed, unused), fail_on, and agreement with scoring."""
import json
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli
from checker.ci import gate
from checker.judge import packs
from checker.judge.engine import evaluate
from checker.readers import read_path

GAPS = FIXTURES / "ci" / "gaps.txt"  # blocking: section.leader, plan.year
COMPLETE = FIXTURES / "ci" / "complete.txt"


def project(tmp_path: Path, config_text: str, drafts=("drafts/a.txt",)) -> Path:
    (tmp_path / ".fzcheck.yaml").write_text(config_text, encoding="utf-8")
    for name in drafts:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(GAPS.read_bytes())
    return tmp_path


def run_json(root: Path, *paths, lang="zh"):
    result = run_cli("--lang", lang, "check", "--format", "json", *paths, cwd=root)
    assert result.returncode in (0, 1), result.stderr.decode()
    return result, json.loads(result.stdout)


def findings(data, index=0):
    return {f["rule"]: f for f in data["reports"][index]["findings"]}


WAIVE_BOTH = """\
waivers:
  - rule: section.leader
    paths: ["drafts/*.txt"]
    reason: 部门报告，第一责任人履职情况另行专题报告
    until: 2999-12-31
  - rule: plan.year
    reason: 年度计划另文印发
"""


def test_valid_waivers_accept_the_gaps_without_changing_status_or_score(tmp_path):
    root = project(tmp_path, WAIVE_BOTH)
    plain = json.loads(run_cli("check", "--format", "json", str(GAPS)).stdout)["reports"][0]
    result, data = run_json(root, "drafts/a.txt")
    assert result.returncode == 0, result.stdout.decode()
    report = data["reports"][0]
    assert report["passed"] is True
    assert report["score"] == plain["score"]  # waivers never change the score
    leader = findings(data)["section.leader"]
    assert leader["status"] == "fail" and leader["earned"] == 0
    assert leader["waived"]["reason"] == "部门报告，第一责任人履职情况另行专题报告"
    assert leader["waived"]["until"] == "2999-12-31" and leader["waived"]["index"] == 1
    assert findings(data)["plan.year"]["waived"]["until"] is None
    assert "waived" not in findings(data)["report.title"]
    assert "notices" not in data  # both used, none expired
    assert "2 处缺项已豁免" in result.stderr.decode()


def test_a_waiver_only_covers_its_paths(tmp_path):
    root = project(tmp_path, WAIVE_BOTH, drafts=("drafts/a.txt", "other/b.txt"))
    result, data = run_json(root, "drafts/a.txt", "other/b.txt")
    assert result.returncode == 1
    assert data["reports"][0]["passed"] is True
    assert data["reports"][1]["passed"] is False
    assert "waived" not in findings(data, 1)["section.leader"]
    assert "waived" in findings(data, 1)["plan.year"]  # no paths: every file


def test_expired_waiver_stops_applying_and_says_so(tmp_path):
    root = project(tmp_path, WAIVE_BOTH.replace("2999-12-31", "2020-06-30"))
    result, data = run_json(root, "drafts/a.txt")
    assert result.returncode == 1
    assert "waived" not in findings(data)["section.leader"]
    notice = next(n for n in data["notices"] if n["code"] == "waiver.expired")
    assert "豁免 #1（section.leader）已于 2020-06-30 到期" in notice["message"]
    assert notice["message"] in result.stderr.decode()
    assert data["reports"][0]["passed"] is False


def test_waiver_valid_through_its_last_day(tmp_path):
    import datetime

    root = project(tmp_path, WAIVE_BOTH.replace("2999-12-31", datetime.date.today().isoformat()))
    result, data = run_json(root, "drafts/a.txt")
    assert result.returncode == 0
    assert "waived" in findings(data)["section.leader"]


@pytest.mark.parametrize("waiver,reason", [
    ("  - rule: section.leader\n", "reason"),                                      # no reason
    ("  - rule: section.leader\n    reason: '  '\n", "reason"),                   # empty reason
    ("  - rule: section.leader\n    reason: 专项\n    until: 2026-02-30\n", "2026-02-30"),  # no such day
    ("  - rule: section.leader\n    reason: 专项\n    until: 明年\n", "明年"),      # not a date
    ("  - rule: section.leader\n    reason: 专项\n    paths: []\n", "paths"),       # empty paths
    ("  - rule: section.leader\n    reson: 专项\n", "reson"),                      # unknown key
    ("  - rule: section.leadr\n    reason: 专项\n", "section.leader"),            # unknown rule, with a hint
    ("  - section.leader\n", "映射"),                                              # not a mapping
])
def test_malformed_waiver_stops_applying_and_says_so(tmp_path, waiver, reason):
    root = project(tmp_path, "gate:\n  fail_under: 10\nwaivers:\n" + waiver + WAIVE_BOTH.split("\n", 1)[1]
                   .replace("section.leader", "report.title", 1))
    result, data = run_json(root, "drafts/a.txt")
    malformed = [n for n in data["notices"] if n["code"] == "waiver.malformed"]
    assert len(malformed) == 1, data["notices"]
    assert "豁免 #1" in malformed[0]["message"] and "不生效" in malformed[0]["message"]
    assert reason in malformed[0]["message"]
    assert malformed[0]["message"] in result.stderr.decode()
    assert "waived" not in findings(data)["section.leader"]
    # the rest of the config still applies: the other waivers and the gate
    assert "waived" in findings(data)["plan.year"]
    assert result.returncode == 1  # section.leader still blocks
    assert "Traceback" not in result.stderr.decode()


def test_unused_waivers_are_listed(tmp_path):
    root = project(tmp_path, WAIVE_BOTH + "  - rule: section.measures\n    reason: 不会用到\n"
                                           "  - rule: report.title\n    paths: ['drafts/never-*.txt']\n    reason: 路径不符\n")
    result, data = run_json(root, "drafts/a.txt", lang="en")
    unused = [n["message"] for n in data["notices"] if n["code"] == "waiver.unused"]
    assert len(unused) == 2
    assert "waiver #3 (section.measures) is unused" in unused[0]
    assert "waiver #4 (report.title) is unused" in unused[1]
    assert all(message in result.stderr.decode() for message in unused)
    assert result.returncode == 0


def test_waived_passing_rule_is_not_marked(tmp_path):
    # a waiver never marks a finding that is not a gap (and so stays unused)
    root = project(tmp_path, "waivers:\n  - rule: report.title\n    reason: 标题另行确认\n")
    _, data = run_json(root, "drafts/a.txt")
    assert "waived" not in findings(data)["report.title"]
    assert [n["code"] for n in data["notices"]] == ["waiver.unused"]


@pytest.mark.parametrize("fixture", [GAPS, COMPLETE, FIXTURES / "complete.txt"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_gate_without_config_decides_as_scoring_does(fixture, lang):
    pack = packs.load("fazhi")
    report = evaluate(read_path(str(fixture)), pack, lang)
    gated = gate.apply(report, pack, gate.Policy(), lang)
    assert gated.score.passed == report.score.passed
    assert gated.score.reasons == report.score.reasons
    assert gated.score.score == report.score.score
    assert [f.status for f in gated.findings] == [f.status for f in report.findings]
    for fail_under in (10.0, 99.9):
        report = evaluate(read_path(str(fixture)), pack, lang, fail_under)
        gated = gate.apply(report, pack, gate.Policy(fail_under=fail_under), lang)
        assert (gated.score.passed, gated.score.reasons) == (report.score.passed, report.score.reasons)


def test_blocking_marks_exactly_the_gate_failures():
    pack = packs.load("fazhi")
    report = gate.apply(evaluate(read_path(str(GAPS)), pack), pack)
    assert {f.rule for f in report.findings if f.blocking} == {"section.leader", "plan.year"}
    warning = gate.apply(evaluate(read_path(str(GAPS)), pack), pack, gate.Policy(fail_on="warning"))
    blocking = {f.rule for f in warning.findings if f.blocking}
    assert {"section.leader", "plan.year", "shortcomings.reasons"} <= blocking
    assert all(f.status.value == "fail" and f.severity.value != "info" for f in warning.findings if f.blocking)


def test_json_without_config_is_exactly_the_contract(tmp_path):
    """No config, waivers or baseline: the CI keys are absent and the output is the plain renderer's."""
    from checker.render import json as json_renderer

    result = run_cli("check", "--format", "json", str(GAPS), str(COMPLETE), cwd=tmp_path)
    data = json.loads(result.stdout)
    assert set(data) >= {"version", "pack", "reports"} and "notices" not in data
    for report in data["reports"]:
        assert set(report) >= {"path", "error", "meta", "score", "grade", "passed", "findings"}
        for finding in report["findings"]:
            assert set(finding) >= {"rule", "title", "severity", "status", "weight", "earned", "message",
                                    "suggestion", "basis", "evidence"}
            assert "waived" not in finding and "baselined" not in finding
    pack = packs.load("fazhi")
    direct = json_renderer.render([evaluate(read_path(str(p)), pack) for p in (GAPS, COMPLETE)], pack)
    assert result.stdout.decode() == direct
