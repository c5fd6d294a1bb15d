"""Regex safety: pack regexes are screened for catastrophic backtracking by `rules validate`,
compiled once, and matched under a time bound so that a bad pack stops a run cleanly, naming
the rule — it never hangs a batch."""
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.analysis import text
from checker.analysis.text import Debris, NormText, RegexTimeout
from checker.authoring import regex_screen
from checker.cli import cli
from checker.judge import packs
from checker.judge.engine import evaluate
from checker.model import Document
from checker.readers import read_path

ROOT = Path(__file__).resolve().parent.parent

CATASTROPHIC = [r"(a+)+$", r"(a|aa)+$", r"(x+x+)+y", r"(\w+\s?)+$", r"(.*a){12}", r"(a*)*b", r"(a|a)*",
                r"^(([a-z])+.)+[A-Z]([a-z])+$", r"(\d+(,\d{3})*)+"]
SAFE = [r"(\d+\.)+", r"\d+(?:\.\d+)?\s*(?:件|次)", r"(\s*【?(打印本页|关闭窗口|打印|关闭|收藏|分享|返回顶部)】?)*",
        r"[\s|\-:]*", r"(打印本页|关闭窗口|返回顶部|分享到|字号|字体)[\s:]*(大|中|小|\s)*.*", r"(?:ab)+",
        r"20[0-9][xX×]\s*年", r"(?:[一二三]、)+", r"(?:法治|法)+建设", r"主要负责(人|同志).{0,12}(职责|履职|责任)"]

BAD_PACK = """
id: bad
version: "1"
title: 含灾难性回溯正则的规则包
extends: fazhi
rules:
  - id: bad.pattern
    kind: forbidden
    patterns: ['(a|aa)+$']
    title: 灾难性回溯
    severity: warning
    weight: 1
    basis: 测试
    help: 测试
    examples:
      - {text: "正常文字。", expect: pass}
      - {text: "aaaa", expect: fail}
"""


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_screen_flags_catastrophic_patterns(pattern):
    assert regex_screen.regex_risk(pattern) is not None


@pytest.mark.parametrize("pattern", SAFE)
def test_screen_passes_ordinary_patterns(pattern):
    assert regex_screen.regex_risk(pattern) is None


def test_builtin_regexes_pass_the_screen():
    for name in packs.builtin_names():
        data, _ = packs.load_raw(name)
        flagged = [(where, p) for where, p in packs.pack_regexes(data) if regex_screen.regex_risk(p)]
        assert not flagged, (name, flagged)


def test_pack_regexes_are_found_everywhere():
    data = {"parts": {"p": {"name": "p", "heading": ["甲", "re:乙+"], "heading_patterns": ["丙"]}},
            "debris": {"lines": ["a"], "fragments": ["b"]},
            "rules": [{"id": "r", "pattern": "c", "patterns": ["d"], "terms": ["re:e", "f"], "groups": [["re:g"]],
                       "title": "re:not a regex", "examples": [{"text": "re:no"}]}]}
    found = dict(packs.pack_regexes(data))
    assert found == {"debris.lines[0]": "a", "debris.fragments[0]": "b", "parts.p.heading[1]": "乙+",
                     "parts.p.heading_patterns[0]": "丙", "rules[0].pattern": "c", "rules[0].patterns[0]": "d",
                     "rules[0].terms[0]": "e", "rules[0].groups[0][0]": "g"}


def test_validate_rejects_a_catastrophic_pattern(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_PACK, encoding="utf-8")
    result = CliRunner().invoke(cli, ["rules", "validate", str(path)])
    assert result.exit_code == 2
    assert "bad.yaml：rules[0].patterns[0]" in result.output and "灾难性回溯" in result.output
    en = CliRunner().invoke(cli, ["--lang", "en", "rules", "validate", str(path)])
    assert "catastrophic backtracking" in en.output


def test_a_regex_that_does_not_compile_is_an_error_at_load(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(BAD_PACK.replace("(a|aa)+$", "(unclosed"), encoding="utf-8")
    with pytest.raises(packs.PackError) as error:
        packs.load(str(path))
    assert "rules[0].patterns[0]" in error.value.zh and "无法编译" in error.value.zh


def _bad_document(n=70):
    return Document(path="x.txt", lines=("某县2025年度法治政府建设情况报告", "a" * n + "b", "全文完。"))


def test_loaded_anyway_it_times_out_naming_the_rule(tmp_path, monkeypatch):
    monkeypatch.setattr(text, "REGEX_TIMEOUT", 0.2)
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_PACK, encoding="utf-8")
    pack = packs.load(str(path))  # the screen is validate's; loading does not refuse it
    started = time.perf_counter()
    with pytest.raises(RegexTimeout) as error:
        evaluate(_bad_document(), pack)
    assert time.perf_counter() - started < 5
    assert "bad.pattern" in error.value.zh and "(a|aa)+$" in error.value.zh and "超时" in error.value.zh
    assert "bad.pattern" in error.value.en and "timed out" in error.value.en


def test_check_stops_cleanly_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(text, "REGEX_TIMEOUT", 0.2)
    pack = tmp_path / "bad.yaml"
    pack.write_text(BAD_PACK, encoding="utf-8")
    report = tmp_path / "report.txt"
    report.write_text("\n".join(_bad_document().lines), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--pack", str(pack), str(report)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "bad.pattern" in lines[0] and "Traceback" not in result.output


def test_a_bad_pack_cannot_hang_a_real_run(tmp_path):
    """The real program, default time bound: two reports, a runaway pattern, a prompt exit 2."""
    pack = tmp_path / "bad.yaml"
    pack.write_text(BAD_PACK, encoding="utf-8")
    reports = []
    for i in range(2):
        report = tmp_path / f"r{i}.txt"
        report.write_text("\n".join(_bad_document(90).lines), encoding="utf-8")
        reports.append(str(report))
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "checker", "check", "--pack", str(pack), *reports],
                            capture_output=True, cwd=ROOT, timeout=60)
    assert time.perf_counter() - started < 30
    assert result.returncode == 2
    stderr = result.stderr.decode("utf-8")
    assert "bad.pattern" in stderr and "Traceback" not in stderr


def test_rules_test_reports_a_timeout_as_an_example_error(tmp_path, monkeypatch):
    monkeypatch.setattr(text, "REGEX_TIMEOUT", 0.2)
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_PACK.replace('"aaaa"', '"' + "a" * 70 + 'b"'), encoding="utf-8")
    result = CliRunner().invoke(cli, ["rules", "test", str(path), "--rule", "bad.pattern", "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    errors = [r for r in data["results"] if r["got"] == "error"]
    assert errors and "bad.pattern" in errors[0]["message"]


def test_timeout_in_a_part_pattern_names_the_part(tmp_path, monkeypatch):
    monkeypatch.setattr(text, "REGEX_TIMEOUT", 0.2)
    path = tmp_path / "part.yaml"
    path.write_text("id: p\nversion: '1'\ntitle: t\nextends: fazhi\nparts:\n  plan:\n    name: 安排\n"
                    "    heading: [安排]\n    heading_patterns: ['(a|aa)+$']\n", encoding="utf-8")
    document = Document(path="x.txt", lines=("一、主要举措", "二、" + "a" * 55 + "b"))  # a heading title is at most 60 characters
    with pytest.raises(RegexTimeout) as error:
        evaluate(document, packs.load(str(path)))
    assert "plan" in error.value.zh and "部分" in error.value.zh


def test_timeout_in_debris_names_the_debris(monkeypatch):
    monkeypatch.setattr(text, "REGEX_TIMEOUT", 0.2)
    debris = Debris.compile(["x", "(a|aa)+$"], [])
    with pytest.raises(RegexTimeout) as error:
        NormText(["a" * 70 + "b"], debris)
    assert error.value.pattern == "(a|aa)+$"  # the joined scan names the pattern that ran away


class _Exhaustive(Debris):
    """Every pattern on every line: what the whole-text scan must agree with."""

    def candidates(self, lines):
        return ({i: set(range(len(self.lines))) for i in range(len(lines))},
                {i: set(range(len(self.fragments))) for i in range(len(lines))})


@pytest.mark.parametrize("fixture", ["variants/web_debris.txt", "variants/run_on.txt", "complete.txt",
                                     "gov-info/scraped-township.txt", "gov-info/county-complete.txt"])
@pytest.mark.parametrize("pack", ["fazhi", "gov-info"])
def test_debris_scan_finds_what_line_by_line_matching_finds(fixture, pack):
    loaded = packs.load(pack)
    fast = Debris.compile(loaded.debris, loaded.inline_debris)
    slow = _Exhaustive(fast.lines, fast.fragments, fast.line_scans, fast.fragment_scans)
    lines = read_path(str(ROOT / "fixtures" / fixture)).lines
    assert NormText(lines, fast).text == NormText(lines, slow).text


def test_debris_scan_handles_lines_matched_across_line_ends():
    debris = Debris.compile([r"[\s|\-:]*", "当前位置.*", r"共\s*\d+\s*页"], [r"\|\s*$", "【我要纠错】"])
    slow = _Exhaustive(debris.lines, debris.fragments, debris.line_scans, debris.fragment_scans)
    lines = ["当前位置：首页", "", "  | --- |", "正文【我要纠错】第一段 |", "共", "3 页", "当前位置在文中不是整行", "  共 3 页  "]
    assert NormText(lines, debris).text == NormText(lines, slow).text
    assert "当前位置" not in NormText(lines, debris).text.splitlines()[0]
