"""Regex safety: pack regexes are bounded in size before they are compiled, screened for
exponential and polynomial backtracking as they are used by `rules validate` (and `check`
refuses a pack it rejects), the built-ins' proven linear and run without a time limit; a
user's pattern the screen cannot see through runs under a generous budget, and stopping names
the rule — a bad pack never hangs a batch, and a verdict never depends on machine load."""
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


def _small_budget(monkeypatch):
    monkeypatch.setattr(text, "USER_REGEX_BUDGET", 0.2)
    monkeypatch.setattr(text, "USER_REGEX_SECONDS_PER_MCHAR", 0.0)


def _bad_document(n=70):
    return Document(path="x.txt", lines=("某县2025年度法治政府建设情况报告", "a" * n + "b", "全文完。"))


def test_loaded_anyway_it_times_out_naming_the_rule(tmp_path, monkeypatch):
    _small_budget(monkeypatch)
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_PACK, encoding="utf-8")
    pack = packs.load(str(path))  # the screen is validate's; loading does not refuse it
    started = time.perf_counter()
    with pytest.raises(RegexTimeout) as error:
        evaluate(_bad_document(), pack)
    assert time.perf_counter() - started < 5
    assert "bad.pattern" in error.value.zh and "(a|aa)+$" in error.value.zh and "回溯" in error.value.zh
    assert "bad.pattern" in error.value.en and "without finishing" in error.value.en


def test_check_stops_cleanly_with_one_line(tmp_path):
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
    _small_budget(monkeypatch)
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_PACK.replace('"aaaa"', '"' + "a" * 70 + 'b"'), encoding="utf-8")
    result = CliRunner().invoke(cli, ["rules", "test", str(path), "--rule", "bad.pattern", "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    errors = [r for r in data["results"] if r["got"] == "error"]
    assert errors and "bad.pattern" in errors[0]["message"]


def test_timeout_in_a_part_pattern_names_the_part(tmp_path, monkeypatch):
    _small_budget(monkeypatch)
    path = tmp_path / "part.yaml"
    path.write_text("id: p\nversion: '1'\ntitle: t\nextends: fazhi\nparts:\n  plan:\n    name: 安排\n"
                    "    heading: [安排]\n    heading_patterns: ['(a|aa)+$']\n", encoding="utf-8")
    document = Document(path="x.txt", lines=("一、主要举措", "二、" + "a" * 55 + "b"))  # a heading title is at most 60 characters
    with pytest.raises(RegexTimeout) as error:
        evaluate(document, packs.load(str(path)))
    assert "plan" in error.value.zh and "部分" in error.value.zh


def test_timeout_in_debris_names_the_debris(monkeypatch):
    _small_budget(monkeypatch)
    debris = Debris.compile(["x", "(a|aa)+$"], [])
    with pytest.raises(RegexTimeout) as error:
        NormText(["a" * 70 + "b"], debris)
    assert error.value.pattern == "(a|aa)+$"  # the joined scan names the pattern that ran away


class _Exhaustive(Debris):
    """Every pattern on every line: what the whole-text scan must agree with."""

    def candidates(self, lines, around=None):  # every line, the prose too: NormText keeps only what is outside it
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


# --- polynomial backtracking, as the pattern is used (issue 11) ---------------------------------

QUADRATIC = [  # (pattern, usage): each once made a built-in pack slow on an ordinary-looking file
    (r"[\s|\-:]*[|\-][\s|\-:]*", "line"),  # the old table-rule debris: 10,000 blank lines timed out
    (r"附件\s*:?\s*", "line"), (r"[\s|\-:]*", "line"), (r"^\s*\|", "search"), (r"\s*x", "search"),
    (r"\d+(?:\.\d+)?\s*(?:件|次)", "search"), (r"[×xX]{2,}(?:局|市)", "search"), (r"\s*\s*y", "match"),
]
LINEAR = [
    (r"(?::[^\S\n]*)*[|\-](?:[^\S\n]*[|\-:])*", "line"), (r"附件(?:[^\S\n]*:)?", "line"), (r"当前位置.*", "line"),
    (r"^[^\S\n]*\|", "search"), (r"\|\s*$", "search"), (r"(?<!\d)\d+(?:\.\d+)?\s*(?:件|次)", "search"),
    (r"主要负责(人|同志).{0,12}(职责|履职|责任)", "search"), (r"x\s*y", "search"),
]


@pytest.mark.parametrize("pattern, usage", QUADRATIC)
def test_screen_flags_polynomial_patterns(pattern, usage):
    assert regex_screen.polynomial_risk(pattern, usage) is not None


@pytest.mark.parametrize("pattern, usage", LINEAR)
def test_screen_passes_linear_patterns(pattern, usage):
    assert regex_screen.polynomial_risk(pattern, usage) is None


def test_builtin_regexes_are_linear_as_they_are_used():
    """The proof behind running the built-in packs without a time limit."""
    for name in packs.builtin_names():
        data = packs.read_file(packs.locate(name))
        flagged = [(where, p) for where, p in packs.pack_regexes(data)
                   if regex_screen.polynomial_risk(p, regex_screen.usage_of(where))]
        assert not flagged, (name, flagged)


def test_the_old_table_rule_is_slow_and_the_new_one_is_not():
    """What the screen stands for, measured once with a wide margin: the old pattern is
    quadratic on a run of blank lines (about 0.7 s for 8,000 on this machine, ×4 per ×2), the
    rewritten one linear (about 0.013 s for 25 times as many). The test compares the two on the
    same machine — a ratio of ~50, asserted at 5 — so neither a fast nor a loaded machine flips it."""
    import regex

    shape = text._LINE_SHAPE
    blank = "\n" * 8_000
    old = regex.compile(shape.format(r"[\s|\-:]*[|\-][\s|\-:]*"), regex.MULTILINE)
    new = regex.compile(shape.format(r"(?::[^\S\n]*)*[|\-](?:[^\S\n]*[|\-:])*"), regex.MULTILINE)
    started = time.perf_counter()
    assert not list(new.finditer(blank * 25))  # 200,000 blank lines
    linear = time.perf_counter() - started
    started = time.perf_counter()
    assert not list(old.finditer(blank))
    quadratic = time.perf_counter() - started
    assert linear < 2.0 and quadratic > 5 * linear, (linear, quadratic)


def test_builtin_patterns_run_without_a_budget():
    packs.load("fazhi")
    for name in packs.builtin_names():
        for _, pattern in packs.pack_regexes(packs.read_file(packs.locate(name))):
            assert text._budget(text.compile_pattern(pattern), 10 ** 8) is None, pattern
    assert text._budget(text.compile_pattern("(?:用户)自己的(?:写法)"), 1_000_000) >= 20


def test_validate_rejects_a_quadratic_pattern_naming_the_rule(tmp_path):
    path = tmp_path / "slow.yaml"
    path.write_text(BAD_PACK.replace("'(a|aa)+$'", r"'\d+\s*件'"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["rules", "validate", str(path)])
    assert result.exit_code == 2 and "bad.pattern" in result.output and "平方" in result.output
    check = CliRunner().invoke(cli, ["check", "--pack", str(path), str(ROOT / "fixtures" / "complete.txt")])
    assert check.exit_code == 2 and "bad.pattern" in check.output and "rules validate" in check.output


def test_a_pattern_the_screen_cannot_see_through_stops_on_its_budget(tmp_path, monkeypatch):
    """Loaded without the screen (as a back-reference would slip past it): the generous user
    budget is the guard, and its message names the rule, the true cause and a remedy that works
    (rewriting the pattern — not `rules validate`, which may pass it)."""
    _small_budget(monkeypatch)
    path = tmp_path / "slow.yaml"
    path.write_text(BAD_PACK, encoding="utf-8")
    pack = packs.load(str(path))
    with pytest.raises(RegexTimeout) as error:
        evaluate(_bad_document(70), pack)
    assert "bad.pattern" in error.value.zh and "反向引用" in error.value.zh and "validate" not in error.value.zh.split("；")[-1]


@pytest.mark.parametrize("pattern, needle", [("a{1000000000}", "重复次数"), ("(?:(?:a{900}){900}){900}", "展开后过大"),
                                             ("a" * 3000, "过长")])
def test_oversized_patterns_are_refused_before_compiling(pattern, needle):
    assert needle in text.pattern_limits(pattern)[0]
    with pytest.raises(ValueError):
        text.compile_pattern(pattern)


def test_every_regex_key_is_screened():
    data = {"parts": {"p": {"name": "p", "opens": ["甲.{0,3}"]}}, "problems": {"concrete": r"\d"},
            "rules": [{"id": "r", "figure": r"\d+次", "doubtful": ["截至(20\\d\\d)年"]}]}
    assert dict(packs.pack_regexes(data)) == {"parts.p.opens[0]": "甲.{0,3}", "problems.concrete": r"\d",
                                              "rules[0].figure": r"\d+次", "rules[0].doubtful[0]": "截至(20\\d\\d)年"}
    assert regex_screen.usage_of("parts.p.opens[0]") == "match"
    assert regex_screen.polynomial_risk(r"\d+次", "search") is not None
