"""`fzcheck rules list | explain | validate | test`, --pack-path and extends across folders,
the pack-level checks of validate, and the built-in packs' own examples."""
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker import __version__
from checker.authoring import examples, explain, kinds_doc, validate
from checker.cli import cli
from checker.errors import PackError
from checker.judge import packs

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "docs" / "examples"


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- every built-in pack validates, passes its own examples, and has both kinds of example -------

@pytest.mark.parametrize("name", packs.builtin_names())
def test_builtin_pack_validates(name):
    result = validate.validate(name)
    assert result.valid, [p.message() for p in result.errors]
    assert not result.warnings, [p.message() for p in result.warnings]
    assert result.total_weight > 0


@pytest.mark.parametrize("name", packs.builtin_names())
def test_builtin_pack_examples_all_as_expected(name):
    _, results = examples.run_examples(name)
    failures = [f"{r.rule}#{r.index + 1}: expected {r.expect}, got {r.got} ({r.message})" for r in results if not r.ok]
    assert results and not failures, failures


@pytest.mark.parametrize("name", packs.builtin_names())
def test_every_builtin_rule_has_a_passing_and_a_failing_example(name):
    from checker.judge.scoring import is_optional

    for rule in packs.load(name).rules:
        expects = {example["expect"] for example in rule.examples}
        absent = "na" if is_optional(rule) else "fail"  # an optional element not written is na
        assert {"pass", absent} <= expects, f"{name}: {rule.id} needs a pass and a {absent} example"


@pytest.mark.parametrize("name", packs.builtin_names())
def test_cli_validate_and_test_succeed_on_builtins(name):
    result = invoke("rules", "validate", name)
    assert result.exit_code == 0, result.output
    assert "有效" in result.output
    result = invoke("rules", "test", name)
    assert result.exit_code == 0, result.output
    assert "全部符合" in result.output


def test_base_packs_declare_the_six_keys():
    for name in packs.builtin_names():
        data = packs.read_file(packs.locate(name))
        if "extends" not in data:
            assert set(packs.BASE_PACK_REQUIRED) <= set(data), name


# --- list -----------------------------------------------------------------------------------------

def test_list_shows_kind_weight_and_origin():
    result = invoke("rules", "list")
    assert result.exit_code == 0
    assert "section.plan" in result.output and "下一年度主要安排" in result.output
    assert "本包" in result.output and "共 22 条规则" in result.output


def test_list_json_marks_inherited_rules():
    result = invoke("rules", "list", "--pack", "market", "--format", "json")
    data = json.loads(result.output)
    by_id = {r["id"]: r for r in data["rules"]}
    assert by_id["section.plan"]["status"] == "inherited" and by_id["section.plan"]["origin"] == "fazhi"
    assert by_id["market.fair-competition"]["status"] == "own"
    assert by_id["plan.year"]["kind"] == "year" and by_id["plan.year"]["weight"] == 8


def test_list_english():
    result = invoke("--lang", "en", "rules", "list", "--pack", "gov-info")
    assert result.exit_code == 0
    assert "Overview" in result.output and "own" in result.output


# --- explain --------------------------------------------------------------------------------------

def test_explain_shows_basis_help_and_examples():
    result = invoke("rules", "explain", "shortcomings.reasons")
    assert result.exit_code == 0
    out = result.output
    assert "不足部分分析原因" in out and "依据" in out and "怎么写" in out
    assert "通过（pass）的示例" in out and "不通过（fail）的示例" in out and "部分（partial）的示例" in out
    assert "主要原因是编制紧张" in out  # the pack's own passing example


def test_explain_json_and_english():
    data = json.loads(invoke("rules", "explain", "gov-info.section.requests", "--pack", "gov-info", "--format", "json").output)
    assert data["kind"] == "section" and data["options"] == {"part": "requests"}
    assert any(e["expect"] == "fail" for e in data["examples"])
    result = invoke("--lang", "en", "rules", "explain", "plan.year")
    assert "Basis:" in result.output and "Examples that fail:" in result.output


def test_explain_unknown_rule_is_one_line_and_exit_2():
    result = CliRunner().invoke(cli, ["rules", "explain", "section.plam"])
    assert result.exit_code == 2
    assert "section.plan" in result.output  # did you mean
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_explain_disabled_rule_says_so():
    result = invoke("rules", "explain", "structure.order", "--pack-path", str(EXAMPLES), "--pack", "fazhi-province")
    assert result.exit_code == 0 and "停用" in result.output


# --- --pack-path, extends across files: the worked example of docs/packs.md ----------------------

def test_worked_example_overrides_adds_and_disables():
    base = {rule.id: rule for rule in packs.load("fazhi").rules}
    pack = packs.load("fazhi-province", search=[EXAMPLES])
    rules = {rule.id: rule for rule in pack.rules}
    assert rules["section.leader"].weight == 15 and base["section.leader"].weight == 12
    assert rules["section.leader"].kind == "section" and rules["section.leader"].basis == base["section.leader"].basis
    assert "structure.order" not in rules
    assert rules["province.fair-competition"].origin == "fazhi-province"
    assert set(rules) == (set(base) - {"structure.order"}) | {"province.fair-competition"}
    assert pack.document_type == "fazhi" and pack.detect is not None


def test_worked_example_through_the_cli():
    path = ["--pack-path", str(EXAMPLES)]
    result = invoke("rules", "validate", "fazhi-province", *path)
    assert result.exit_code == 0, result.output
    assert invoke("rules", "test", "fazhi-province", *path).exit_code == 0
    data = json.loads(invoke("rules", "list", "--pack", "fazhi-province", "--format", "json", *path).output)
    status = {r["id"]: r["status"] for r in data["rules"]}
    assert status["section.leader"] == "overridden" and status["structure.order"] == "disabled"
    assert status["province.fair-competition"] == "own" and status["section.plan"] == "inherited"
    text = invoke("rules", "list", "--pack", "fazhi-province", *path).output
    assert "覆盖（fazhi-province）" in text and "已停用（fazhi-province）" in text and "共 22 条规则，权重合计 128" in text


def test_check_with_pack_path(tmp_path):
    report = ROOT / "fixtures" / "complete.txt"
    result = CliRunner().invoke(cli, ["check", "--pack-path", str(EXAMPLES), "--pack", "fazhi-province",
                                      "--format", "json", str(report)])
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.output)
    assert data["pack"]["id"] == "fazhi-province"
    findings = {f["rule"]: f for f in data["reports"][0]["findings"]}
    assert "province.fair-competition" in findings and "structure.order" not in findings
    assert findings["section.leader"]["weight"] == 15


def test_pack_in_another_folder_extends_across_files(tmp_path):
    """A city pack in one folder extends the province pack (by name, via --pack-path), which
    extends the built-in fazhi: weights, additions and disabled rules all carry through."""
    province_dir, city_dir = tmp_path / "province", tmp_path / "city"
    province_dir.mkdir()
    city_dir.mkdir()
    shutil.copy(EXAMPLES / "fazhi-province.yaml", province_dir)
    write(city_dir, "fazhi-city.yaml", """
id: fazhi-city
version: "1"
title: 某市补充要求
extends: fazhi-province
rules:
  - id: plan.year
    weight: 10
  - id: measures.figures
    disabled: true
  - id: city.hotline
    kind: keywords
    terms: [12345热线]
    title: 12345热线办理
    severity: info
    weight: 2
    basis: 某市规定
    help: 写明12345热线诉求办理情况
    examples:
      - {text: "办理12345热线诉求860件。", expect: pass}
      - {text: "畅通投诉渠道。", expect: fail}
""")
    search = [str(province_dir)]
    pack = packs.load(str(city_dir / "fazhi-city.yaml"), search=search)
    rules = {rule.id: rule for rule in pack.rules}
    assert rules["plan.year"].weight == 10 and rules["section.leader"].weight == 15
    assert "measures.figures" not in rules and "structure.order" not in rules
    assert {"city.hotline", "province.fair-competition"} <= set(rules)
    rows = {row.id: row for row in explain.rule_rows(str(city_dir / "fazhi-city.yaml"), search)[1]}
    assert rows["section.leader"].status == "overridden" and rows["section.leader"].origin == "fazhi-province"
    assert rows["plan.year"].status == "overridden" and rows["plan.year"].origin == "fazhi-city"
    assert rows["report.title"].status == "inherited" and rows["report.title"].origin == "fazhi"
    result = invoke("rules", "test", str(city_dir / "fazhi-city.yaml"), "--pack-path", str(province_dir))
    assert result.exit_code == 0, result.output
    validation = validate.validate(str(city_dir / "fazhi-city.yaml"), search)
    assert validation.valid and len(validation.files) == 3
    # without the folder, the parent is not found: an error at the key `extends`
    with pytest.raises(PackError) as error:
        packs.load(str(city_dir / "fazhi-city.yaml"))
    assert "extends" in error.value.zh and "fazhi-province" in error.value.zh


def test_a_folder_pack_named_like_a_builtin_extends_the_builtin(tmp_path):
    write(tmp_path, "fazhi.yaml", "id: fazhi-local\nversion: '1'\ntitle: 本地\nextends: fazhi\n"
                                  "rules:\n  - {id: section.plan, weight: 20}\n")
    pack = packs.load("fazhi", search=[tmp_path])
    assert pack.id == "fazhi-local"
    assert {r.id: r.weight for r in pack.rules}["section.plan"] == 20


def test_missing_pack_path_folder_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["rules", "list", "--pack-path", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "规则包目录不存在" in result.output
    result = CliRunner().invoke(cli, ["check", "--pack-path", str(tmp_path / "nope"), str(ROOT / "fixtures" / "complete.txt")])
    assert result.exit_code == 2 and "规则包目录不存在" in result.output


# --- validate: each problem with file and key path, exit 2 ----------------------------------------

def _validate(tmp_path, text, *extra):
    path = write(tmp_path, "pack.yaml", text)
    return CliRunner().invoke(cli, ["rules", "validate", str(path), *extra])


def test_validate_reports_every_problem_with_file_and_key_path(tmp_path):
    result = _validate(tmp_path, """
id: broken
version: "1"
title: 有问题的规则包
extends: fazhi
parts:
  extra: {name: 额外, heading: ['re:(']}
rules:
  - {id: x.one, kind: keywords, title: 一, severity: info, weight: 1, terms: [甲], scope: nowhere}
  - {id: x.one, kind: keywords, title: 二, severity: info, weight: 1, terms: [乙]}
  - {id: x.order, kind: order, title: 顺序, severity: info, weight: 1, parts: [measures, nowhere2]}
""")
    assert result.exit_code == 2
    out = result.output
    assert "pack.yaml：rules[1].id" in out and "重复" in out
    assert "parts.extra.heading[0]" in out and "无法编译" in out
    result = _validate(tmp_path, """
id: broken
version: "1"
title: t
extends: fazhi
rules:
  - {id: x.one, kind: keywords, title: 一, severity: info, weight: 1, terms: [甲], scope: nowhere}
  - {id: x.order, kind: order, title: 顺序, severity: info, weight: 1, parts: [measures, nowhere2]}
""")
    assert result.exit_code == 2
    assert "rules[0].scope" in result.output and "nowhere" in result.output
    assert "rules[1].parts[1]" in result.output and "nowhere2" in result.output


def test_validate_schema_error_names_the_key(tmp_path):
    result = _validate(tmp_path, "id: x\nversion: '1'\ntitle: t\nextends: fazhi\nrules:\n  - {id: section.plan, wieght: 3}\n")
    assert result.exit_code == 2 and "rules[0]" in result.output and "wieght" in result.output


def test_validate_unknown_extends(tmp_path):
    result = _validate(tmp_path, "id: x\nversion: '1'\ntitle: t\nextends: no-such-pack\n")
    assert result.exit_code == 2
    assert "pack.yaml：extends" in result.output and "no-such-pack" in result.output


def test_validate_zero_total_weight(tmp_path):
    result = _validate(tmp_path, """
id: zero
version: "1"
title: 零权重
document_type: zero
basis: 测试
min_tool_version: "0.1.0"
rules:
  - id: zero.a
    kind: keywords
    terms: [甲]
    title: 甲
    severity: info
    weight: 0
    examples: [{text: 甲, expect: pass}, {text: 乙, expect: fail}]
""")
    assert result.exit_code == 2 and "权重之和为 0" in result.output


def test_base_pack_must_declare_the_six_keys(tmp_path):
    result = _validate(tmp_path, "id: lone\nversion: '1'\ntitle: 独立规则包\nrules: []\n")
    assert result.exit_code == 2
    assert "document_type" in result.output
    with pytest.raises(PackError) as error:
        packs.load(str(tmp_path / "pack.yaml"))
    assert "document_type" in error.value.en


def test_min_tool_version_is_checked(tmp_path):
    path = write(tmp_path, "future.yaml", "id: future\nversion: '1'\ntitle: 新版规则包\nextends: fazhi\nmin_tool_version: '99.0'\n")
    with pytest.raises(PackError) as error:
        packs.load(str(path))
    assert "99.0" in error.value.zh and __version__ in error.value.zh and "min_tool_version" in error.value.zh
    result = CliRunner().invoke(cli, ["check", "--pack", str(path), str(ROOT / "fixtures" / "complete.txt")])
    assert result.exit_code == 2 and "99.0" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_validate_warns_about_rules_without_examples(tmp_path):
    result = _validate(tmp_path, """
id: x
version: "1"
title: t
extends: fazhi
rules:
  - {id: x.y, kind: keywords, title: 某项, severity: info, weight: 1, terms: [甲], examples: [{text: 甲, expect: pass}]}
""")
    assert result.exit_code == 0
    assert "警告" in result.output and "x.y" in result.output and "不通过（fail）" in result.output


def test_validate_json(tmp_path):
    result = _validate(tmp_path, "id: x\nversion: '1'\ntitle: t\nextends: no-such-pack\n", "--format", "json")
    data = json.loads(result.stdout)
    assert data["valid"] is False
    assert data["problems"][0]["where"] == "extends" and data["problems"][0]["file"].endswith("pack.yaml")


def test_validate_missing_file():
    result = CliRunner().invoke(cli, ["rules", "validate", "no/such/pack.yaml"])
    assert result.exit_code == 2 and "找不到" in result.output


# --- test: embedded examples ---------------------------------------------------------------------

def test_rules_test_reports_failures_and_exits_1(tmp_path):
    path = write(tmp_path, "pack.yaml", """
id: x
version: "1"
title: t
extends: fazhi
rules:
  - id: section.plan
    examples:
      - {text: "一、主要举措和成效\\n二、2026年主要安排\\n", expect: pass}
      - {text: "一、主要举措和成效\\n二、2026年主要安排\\n", expect: fail}
""")
    result = invoke("rules", "test", str(path))
    assert result.exit_code == 1
    assert "section.plan 示例2" in result.output and "期望 fail，实际 pass" in result.output
    assert "pack.yaml：rules[0].examples[1]" in result.output
    data = json.loads(invoke("rules", "test", str(path), "--format", "json").output)
    assert data["failures"] == 1
    failed = [r for r in data["results"] if not r["ok"]]
    assert failed[0]["rule"] == "section.plan" and failed[0]["where"] == "rules[0].examples[1]"


def test_rules_test_one_rule():
    result = invoke("rules", "test", "fazhi", "--rule", "plan.year")
    assert result.exit_code == 0 and "1 条规则" in result.output
    result = CliRunner().invoke(cli, ["rules", "test", "fazhi", "--rule", "no.such"])
    assert result.exit_code == 2


def test_rules_test_inherited_examples_point_at_their_file():
    _, results = examples.run_examples("market")
    inherited = [r for r in results if r.rule == "section.plan"]
    assert inherited and all(r.source.endswith("fazhi.yaml") for r in inherited)


# --- docs ---------------------------------------------------------------------------------------

def test_docs_kind_section_is_generated_from_the_kinds():
    text = (ROOT / "docs" / "packs.md").read_text(encoding="utf-8")
    start = text.index(kinds_doc.KINDS_BEGIN)
    end = text.index(kinds_doc.KINDS_END) + len(kinds_doc.KINDS_END)
    assert text[start:end] == kinds_doc.kinds_markdown(), "run: python -m checker.authoring --kinds-doc docs/packs.md"


def test_docs_name_every_top_level_and_rule_key():
    text = (ROOT / "docs" / "packs.md").read_text(encoding="utf-8")
    schema = packs.build_schema()
    for key in schema["properties"]:
        assert f"`{key}`" in text, key
    for key in packs.RULE_BASE_KEYS:
        assert f"`{key}`" in text, key
    for key in schema["$defs"]["rule"]["properties"]["kind"]["enum"]:
        assert f"### `{key}`" in text, key


# --- explain and list in the user's language ------------------------------------------------------

def test_every_kind_is_documented_in_chinese():
    from checker.authoring.kinds_zh import KINDS_ZH
    from checker.kinds import KINDS

    for name, module in KINDS.items():
        assert name in KINDS_ZH, f"checker/authoring/kinds_zh.py has no entry for the kind {name}"
        entry = KINDS_ZH[name]
        assert entry["summary"] and entry["text"]
        assert set(module.OPTIONS) <= set(entry["options"]), (name, set(module.OPTIONS) - set(entry["options"]))


@pytest.mark.parametrize("rule", ["section.leader", "enforcement.legal-review", "report.title", "structure.order"])
def test_explain_prints_the_kind_in_chinese_and_options_readably(rule):
    result = invoke("rules", "explain", rule)
    assert result.exit_code == 0, result.output
    text = result.output
    import re

    settings = text.split("设置：")[1].split("\n\n")[0]
    assert not re.search(r"\{\s*\w+:|\[\[|\]\]", settings)  # no raw dicts or lists such as {part: leader}
    kind = next(r for r in packs.load("fazhi").rules if r.id == rule).kind
    from checker.authoring.kinds_zh import KINDS_ZH

    assert KINDS_ZH[kind]["summary"] in text
    assert " pass:" not in text and "fail: " not in text  # the English docstring is not printed
    if rule == "section.leader":
        assert "部分（part）：leader（党政主要负责人" in text


def test_explain_in_english_prints_the_docstring():
    result = invoke("--lang", "en", "rules", "explain", "section.leader")
    assert result.exit_code == 0, result.output
    assert "the kind section: a part of the report is introduced by a heading." in result.output
    assert "part: leader (" in result.output


def test_rules_list_names_a_builtin_pack_without_its_path(tmp_path):
    from conftest import run_cli

    for lang, word in (("zh", "（内置）"), ("en", "(built-in)")):
        result = run_cli("rules", "list", "--lang", lang, cwd=tmp_path)
        head = result.stdout.decode("utf-8").split("\n")[0]
        assert head.endswith(word), head
        assert "site-packages" not in head and "/" not in head and "rules" not in head.split("—")[0]
