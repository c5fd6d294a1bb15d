"""The CI output formats: SARIF (validated against the OASIS schema), JUnit (parsed back), GitHub
workflow commands (within the annotation caps, escaped), Markdown (escaped); several outputs in one
run; goldens.

Regenerate the goldens after an intended change: UPDATE_GOLDEN=1 pytest tests/test_ci_formats.py
"""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_cli
from checker.ci import gate
from checker.judge import packs
from checker.judge.engine import evaluate, fill_help
from checker.model import Evidence, Finding, Meta, Report, Score, Severity, Status, Waiver
from checker.readers import read_path
from checker.render import github, junit, markdown, sarif

GAPS = FIXTURES / "ci" / "gaps.txt"
COMPLETE = FIXTURES / "ci" / "complete.txt"
SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
GOLDEN = Path(__file__).parent / "golden"

# A draft whose text tries to be markup, XML, a workflow command and a mention: all of it is data.
HOSTILE = """\
青禾县市场监督管理局2025年度法治政府建设情况报告

2025年，我局依法履职。

一、主要举措和成效
（一）规范执法。办结案件56件，公示120件，培训3期，覆盖200人，审核率100%。

二、存在的不足
（此处填写）::error file=evil.txt::伪造%0A<b>|x|</b>
执法力量不足。

三、2025年工作安排<script>|@everyone#12[点我](http://x.invalid)*粗*`码`&amp;
（一）继续加强执法。

青禾县市场监督管理局
2026年1月15日
"""


def pipeline(paths, lang="zh", policy=None):
    pack = packs.load("fazhi")
    reports = []
    for path in paths:
        document = read_path(str(path))
        report = evaluate(document, pack, lang)
        reports.append(gate.apply(report, pack, policy or gate.Policy(), lang))
    return reports, pack


def validate_sarif(data):
    from jsonschema import Draft7Validator

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def run_env(*args, cwd=None, env=None):
    full = {**os.environ, "NO_COLOR": "1", **(env or {})}
    if "GITHUB_ACTIONS" not in (env or {}):
        full.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, cwd=cwd or ROOT, env=full)


# --- SARIF ------------------------------------------------------------------------------------------

def test_sarif_is_valid_against_the_official_schema(tmp_path):
    (tmp_path / "青禾县 2025 报告.txt").write_bytes(GAPS.read_bytes())
    (tmp_path / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "out.sarif"
    result = run_cli("check", "--format", f"sarif:{out}", "青禾县 2025 报告.txt", "hostile.txt", "empty.txt",
                     str(COMPLETE), cwd=tmp_path)
    assert result.returncode == 2  # one file could not be read
    data = json.loads(out.read_text(encoding="utf-8"))
    validate_sarif(data)
    run = data["runs"][0]
    assert data["version"] == "2.1.0" and run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"][0]["executionSuccessful"] is False
    note = run["invocations"][0]["toolExecutionNotifications"][0]
    assert note["level"] == "error" and note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "empty.txt"
    uris = [a["location"]["uri"] for a in run["artifacts"]]
    assert uris[0] == "%E9%9D%92%E7%A6%BE%E5%8E%BF%202025%20%E6%8A%A5%E5%91%8A.txt"


def test_sarif_rules_levels_and_results():
    reports, pack = pipeline([GAPS, COMPLETE])
    data = json.loads(sarif.render(reports, pack))
    validate_sarif(data)
    run = data["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.id for r in pack.rules]  # stable ruleIds: the pack's ids
    for descriptor, rule in zip(rules, pack.rules):
        assert descriptor["help"]["text"].startswith(fill_help(rule.help))  # the pack's example year and agency
        assert descriptor["shortDescription"]["text"] == rule.title
        assert descriptor["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning", "info": "note"}[rule.severity.value]
    results = run["results"]
    gaps = [(f.rule, f.status.value) for f in reports[0].findings if f.status in (Status.FAIL, Status.PARTIAL)]
    assert [(r["ruleId"], r["properties"]["status"]) for r in results] == gaps  # the complete report adds none
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == rules[result["ruleIndex"]]["defaultConfiguration"]["level"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == str(GAPS)[1:] or location["artifactLocation"]["uri"].endswith("gaps.txt")
        assert location["region"]["startLine"] >= 1
    plan = next(r for r in results if r["ruleId"] == "plan.year")
    assert plan["locations"][0]["physicalLocation"]["region"] == {"startLine": 14, "snippet": {"text": "三、2025年工作安排"}}
    assert plan["locations"][0]["logicalLocations"] == [{"name": "2025年工作安排", "kind": "section"}]
    assert plan["properties"]["blocking"] is True
    assert [s["passed"] for s in run["properties"]["reports"]] == [False, True]


def test_sarif_fingerprints_do_not_depend_on_lines(tmp_path):
    lines = GAPS.read_text(encoding="utf-8").split("\n")
    shifted = lines[:4] + ["", "（一）此前补充的一段说明，共计3件。", "新增一段文字，使后面的行号全部后移。", ""] + lines[4:]
    moved = tmp_path / "moved.txt"
    moved.write_text("\n".join(shifted), encoding="utf-8")

    def prints(path):
        reports, pack = pipeline([path])
        results = json.loads(sarif.render(reports, pack))["runs"][0]["results"]
        return {r["ruleId"]: (r["partialFingerprints"]["fzcheck/gap/v1"],
                              r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results}

    before, after = prints(GAPS), prints(moved)
    assert set(before) == set(after)
    assert {k: v[0] for k, v in before.items()} == {k: v[0] for k, v in after.items()}
    assert before["plan.year"][1] != after["plan.year"][1]  # the line moved, the fingerprint did not


def test_sarif_waived_and_baselined_results(tmp_path):
    from checker.ci.baseline import Baseline, build, keys_for

    waiver = Waiver(rule="section.leader", reason="专项报告不涉及", until="2999-12-31", index=1, source=".fzcheck.yaml")
    reports, pack = pipeline([GAPS])
    data = build(reports, keys_for([str(GAPS)], str(ROOT), str(ROOT)), pack)
    base = Baseline(source="b.json", root=str(ROOT), reports=data["reports"])
    reports, pack = pipeline([GAPS], policy=gate.Policy(waivers=(waiver,), root=str(ROOT), cwd=str(ROOT), baseline=base))
    out = json.loads(sarif.render(reports, pack))
    validate_sarif(out)
    results = {r["ruleId"]: r for r in out["runs"][0]["results"]}
    assert results["section.leader"]["suppressions"][0]["kind"] == "external"
    assert results["section.leader"]["suppressions"][0]["justification"] == "专项报告不涉及"
    assert all(r["baselineState"] == "unchanged" for r in results.values())
    assert reports[0].score.passed


# --- JUnit ------------------------------------------------------------------------------------------

def test_junit_parses_back_one_case_per_report_and_rule(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "out.xml"
    result = run_cli("check", "--format", f"junit:{out}", str(GAPS), str(COMPLETE), "empty.txt", cwd=tmp_path)
    assert result.returncode == 2
    root = ET.parse(out).getroot()
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [str(GAPS), str(COMPLETE), "empty.txt"]
    rules = [r.id for r in packs.load("fazhi").rules]
    for suite in suites[:2]:
        cases = suite.findall("testcase")
        assert [c.get("name").split(" ")[0] for c in cases] == rules + ["score"]
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
        assert int(suite.get("skipped")) == sum(1 for c in cases if c.find("skipped") is not None)
    gaps_cases = {c.get("name").split(" ")[0]: c for c in suites[0].findall("testcase")}
    assert {name for name, c in gaps_cases.items() if c.find("failure") is not None} == {"section.leader", "plan.year"}
    assert gaps_cases["plan.year"].find("failure").get("type") == "error"
    # warnings are kept: a failing warning rule and partly met ones are passing cases with their text
    reasons = gaps_cases["shortcomings.reasons"]
    assert reasons.find("failure") is None
    assert "[warning/fail]" in reasons.find("system-out").text
    props = {p.get("name"): p.get("value") for p in reasons.find("properties")}
    assert props["severity"] == "warning" and props["status"] == "fail"
    partial = [c for c in gaps_cases.values() if c.find("properties") is not None
               and {p.get("name"): p.get("value") for p in c.find("properties")}.get("status") == "partial"]
    assert partial and all(c.find("system-out") is not None for c in partial)
    assert suites[1].get("failures") == "0"
    assert suites[2].find("testcase/error") is not None
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites)
    assert int(root.get("failures")) == 2 and int(root.get("errors")) == 1


def test_junit_score_case_and_xml_safety():
    finding = Finding(rule="section.plan", title="下一年度主要安排", severity=Severity.ERROR, status=Status.FAIL,
                      weight=12, earned=0, message="缺少\x07部分 <b>&</b> ]]>", blocking=True,
                      evidence=(Evidence(line=3, text="控制符\x1b[31m红\x00"),))
    report = Report(path="a<&>.txt", error=None, meta=Meta("标题", None, 2025, None), findings=(finding,),
                    score=Score(score=40, grade="不合格", passed=False, reasons=("得分40低于及格线60",), mark=60,
                                below_mark=True))
    text = junit.render([report], packs.load("fazhi"))
    root = ET.fromstring(text.encode("utf-8"))
    cases = root.findall("testsuite/testcase")
    assert cases[0].find("failure").get("message") == "缺少\ufffd部分 <b>&</b> ]]>"
    assert "\ufffd[31m红\ufffd" in cases[0].find("failure").text
    assert cases[1].get("name").startswith("score") and cases[1].find("failure").get("type") == "score"
    assert root.find("testsuite").get("name") == "a<&>.txt"


# --- GitHub ------------------------------------------------------------------------------------------

def test_github_annotations_stay_within_the_caps(tmp_path):
    names = []
    for i in range(7):
        name = f"草稿{i}.txt"
        (tmp_path / name).write_bytes(GAPS.read_bytes())
        names.append(name)
    result = run_cli("check", "--format", "github", *names, cwd=tmp_path)
    assert result.returncode == 1
    out = result.stdout.decode().splitlines()
    errors = [line for line in out if line.startswith("::error ")]
    warnings = [line for line in out if line.startswith("::warning ")]
    assert len(errors) == 10 and len(warnings) == 10
    reports, _ = pipeline([GAPS])
    per_report_errors = sum(1 for f in reports[0].findings if github.level_of(f) == "error")
    per_report_warnings = sum(1 for f in reports[0].findings if github.level_of(f) == "warning")
    more = [line for line in out if line.startswith("fzcheck：另有")]
    assert more == [f"fzcheck：另有 {7 * per_report_errors - 10} 条错误、{7 * per_report_warnings - 10} 条警告未逐条标注"
                    f"（每步最多标注 10 条），完整结果见下方表格。"]
    # the full table follows, fenced from command parsing
    start = next(i for i, line in enumerate(out) if line.startswith("::stop-commands::"))
    token = out[start].split("::")[2]
    assert out[-1] == f"::{token}::"
    body = "\n".join(out[start + 1:-1])
    assert body.count("草稿6.txt") >= 1 and "section.leader" in body and "结论：未通过" in body
    assert errors[0].startswith("::error file=草稿0.txt,line=1,title=党政主要负责人履行第一责任人职责情况 (section.leader)::")


def test_github_escapes_data_and_properties(tmp_path):
    assert github.escape_data("a%b\r\nc") == "a%25b%0D%0Ac"
    assert github.escape_property("x,y:z%\n") == "x%2Cy%3Az%25%0A"
    assert github.command("error", "a\n::error::b%", file="x,y:z", line=3, title="t:1,2") == \
        "::error file=x%2Cy%3Az,line=3,title=t%3A1%2C2::a%0A::error::b%25"
    (tmp_path / "a,b:c.txt").write_text(HOSTILE, encoding="utf-8")
    result = run_cli("check", "--format", "github", "a,b:c.txt", cwd=tmp_path)
    out = result.stdout.decode().splitlines()
    start = next(i for i, line in enumerate(out) if line.startswith("::stop-commands::"))
    annotations = out[:start]
    assert annotations, out
    for line in annotations:
        if line.startswith("::"):
            assert re.fullmatch(r"::(error|warning|notice)( [a-z]+=[^,:]*(,[a-z]+=[^,:]*)*)?::.*", line), line
            assert "file=a%2Cb%3Ac.txt" in line
    # the document's fake command is only inside the fenced table, never at the start of a line
    assert not any("evil.txt" in line for line in annotations)
    fenced = out[start + 1:]
    assert any("evil.txt" in line for line in fenced)
    assert not any(line.lstrip().startswith("::error") for line in fenced)


def test_github_is_chosen_under_github_actions(tmp_path):
    auto = run_env("check", str(GAPS), env={"GITHUB_ACTIONS": "true"})
    assert auto.returncode == 1
    assert auto.stdout.decode().startswith("::")
    explicit = run_env("check", "--format", "json", str(GAPS), env={"GITHUB_ACTIONS": "true"})
    assert json.loads(explicit.stdout)["version"] == 1
    out = tmp_path / "x.sarif"
    file_only = run_env("check", "--format", f"sarif:{out}", str(GAPS), env={"GITHUB_ACTIONS": "true"})
    assert file_only.stdout.decode().startswith("::") and out.exists()
    local = run_env("check", str(GAPS))
    assert not local.stdout.decode().startswith("::")


# --- Markdown ------------------------------------------------------------------------------------------

def test_markdown_gap_table_escapes_document_text(tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    reports, pack = pipeline([path, COMPLETE])
    text = markdown.render(reports, pack)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "@everyone" not in text and "&#64;everyone" in text
    assert "#12" not in text and "&#35;12" in text
    assert "[点我](" not in text and r"\[点我\]" in text
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith("| ---"):
            # every table row keeps its column count: a "|" from the document is escaped
            cells = re.split(r"(?<!\\)\|", line)[1:-1]
            assert len(cells) == 5, line
    assert text.count("### ") == 2
    assert "`draft.remnants`" in text


def test_markdown_summary_and_gaps():
    reports, pack = pipeline([GAPS, COMPLETE])
    text = markdown.render(reports, pack)
    assert "共 2 份报告：1 份通过，1 份未通过，0 份无法检查。" in text
    assert "| ❌ 错误·未满足 | 党政主要负责人履行第一责任人职责情况<br>`section.leader` |" in text
    en = markdown.render(*pipeline([GAPS], lang="en"), lang="en")
    assert "2 reports" not in en and "1 reports: 0 passed, 1 not passed" in en


# --- several outputs ------------------------------------------------------------------------------------

@pytest.mark.parametrize("fixture,code", [(GAPS, 1), (COMPLETE, 0)])
def test_several_formats_in_one_run_keep_the_exit_code(tmp_path, fixture, code):
    plain = run_cli("check", str(fixture), cwd=tmp_path)
    assert plain.returncode == code
    many = run_cli("check", "--format", "table", "--format", "sarif:out/fz.sarif", "--format", "junit:out/fz.xml",
                   "--format", "markdown:out/fz.md", "--format", "json:out/fz.json", "--format", "github:out/gh.txt",
                   str(fixture), cwd=tmp_path)
    assert many.returncode == code, many.stderr.decode()
    assert many.stdout == plain.stdout
    for name in ("fz.sarif", "fz.xml", "fz.md", "fz.json", "gh.txt"):
        assert (tmp_path / "out" / name).stat().st_size > 0
    validate_sarif(json.loads((tmp_path / "out" / "fz.sarif").read_text(encoding="utf-8")))
    assert json.loads((tmp_path / "out" / "fz.json").read_text(encoding="utf-8")) == json.loads(
        run_cli("check", "--format", "json", str(fixture), cwd=tmp_path).stdout)
    # a file-only run still prints the table, with the same exit code
    quiet = run_cli("check", "--format", "sarif:again.sarif", str(fixture), cwd=tmp_path)
    assert quiet.returncode == code and quiet.stdout == plain.stdout


@pytest.mark.parametrize("args,needle", [
    (["--format", "sarif:a.txt", "a.txt"], "a.txt"),
    (["--format", "markdown:./a.txt", "a.txt"], "a.txt"),
    (["--write-baseline", "a.txt", "a.txt"], "a.txt"),
    (["--format", "json", "--format", "sarif", "a.txt"], "sarif"),
    (["--format", "xml", "a.txt"], "xml"),
    (["--format", "sarif:", "a.txt"], "sarif"),
    (["--format", "sarif:o.json", "--format", "json:o.json", "a.txt"], "same file"),
])
def test_bad_outputs_are_exit_2_and_never_touch_the_report(tmp_path, args, needle):
    report = tmp_path / "a.txt"
    report.write_bytes(GAPS.read_bytes())
    result = run_cli("--lang", "en", "check", *args, cwd=tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert needle in err
    assert report.read_bytes() == GAPS.read_bytes()
    assert not (tmp_path / "o.json").exists()


def test_unwritable_output_is_exit_2(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_cli("check", "--format", f"sarif:{blocker}/out.sarif", str(GAPS), cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr.decode()


def test_default_table_path_stays_lean():
    code = ("import sys, runpy\n"
            "sys.argv = ['fzcheck', 'check', 'fixtures/ci/gaps.txt']\n"
            "try:\n    runpy.run_module('checker', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "loaded = [m for m in ('xml.etree.ElementTree', 'checker.render.sarif', 'checker.render.junit',"
            " 'checker.ci.baseline', 'hashlib') if m in sys.modules]\n"
            "sys.stderr.write('LOADED=' + ','.join(m for m in loaded if m != 'hashlib'))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT,
                            env={**os.environ, "NO_COLOR": "1"})
    assert result.stderr.decode().split("LOADED=")[-1].strip() == ""


# --- goldens ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name,lang,render", [
    ("ci_gaps.zh.sarif.json", "zh", sarif.render),
    ("ci_gaps.zh.junit.xml", "zh", junit.render),
    ("ci_gaps.zh.github.txt", "zh", github.render),
    ("ci_gaps.zh.markdown.md", "zh", markdown.render),
    ("ci_gaps.en.markdown.md", "en", markdown.render),
])
def test_golden(name, lang, render, monkeypatch):
    monkeypatch.chdir(ROOT)
    reports, pack = pipeline([Path("fixtures/ci/gaps.txt")], lang)
    got = render(reports, pack, lang=lang)
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") or not path.exists():
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")
