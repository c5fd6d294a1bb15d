"""The project config .fzcheck.yaml: discovery, validation, precedence, include/exclude, init, config show."""
import json
import shutil
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_cli
from checker.ci import config

GAPS = FIXTURES / "ci" / "gaps.txt"  # 2 blocking errors: section.leader, plan.year; score below 100
COMPLETE = FIXTURES / "ci" / "complete.txt"  # every rule passes


def project(tmp_path: Path, config_text: str | None, files=None) -> Path:
    """A folder with a config and report drafts copied from the fixtures."""
    if config_text is not None:
        (tmp_path / ".fzcheck.yaml").write_text(config_text, encoding="utf-8")
    for name, source in (files or {}).items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(Path(source).read_bytes())
    return tmp_path


def one_line_error(result) -> str:
    err = result.stderr.decode()
    assert result.returncode == 2, (result.returncode, err)
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    return err


def show(cwd, *args):
    result = run_cli("config", "show", "--format", "json", *args, cwd=cwd)
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def test_config_is_found_from_a_subfolder(tmp_path):
    root = project(tmp_path, "gate:\n  fail_under: 99.5\n", {"drafts/2025/a.txt": GAPS})
    sub = root / "drafts" / "2025"
    data = show(sub)
    assert Path(data["config"]).name == ".fzcheck.yaml"
    assert data["settings"]["gate.fail_under"]["value"] == 99.5
    assert "gate.fail_under" in data["settings"]["gate.fail_under"]["source"]
    # and check uses it: the gate mark in the reasons is the config's
    result = run_cli("--lang", "en", "check", "a.txt", cwd=sub)
    assert result.returncode == 1
    assert "below the pass mark 99.5" in result.stdout.decode()


def test_nearest_config_wins_and_config_option_overrides(tmp_path):
    project(tmp_path, "gate:\n  fail_on: warning\n")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / ".fzcheck.yaml").write_text("gate:\n  fail_under: 42\n", encoding="utf-8")
    assert show(inner)["settings"]["gate.fail_on"]["value"] == "error"  # the nearer file, not merged
    assert show(inner)["settings"]["gate.fail_under"]["value"] == 42
    data = show(inner, "--config", str(tmp_path / ".fzcheck.yaml"))
    assert data["settings"]["gate.fail_on"]["value"] == "warning"


def test_no_config_means_defaults(tmp_path):
    data = show(tmp_path)
    assert data["config"] is None
    assert data["settings"]["pack"]["value"].startswith("fazhi ")
    assert data["settings"]["gate.fail_under"]["value"] == 60
    assert all(row["source"].startswith("默认") for row in data["settings"].values())


def test_command_line_wins_over_config(tmp_path):
    root = project(tmp_path, "gate:\n  fail_under: 100\n  fail_on: warning\n", {"a.txt": GAPS})
    data = show(root, "--fail-under", "10", "--fail-on", "error")
    assert data["settings"]["gate.fail_under"] == {"value": 10, "source": "命令行 --fail-under"}
    assert data["settings"]["gate.fail_on"]["source"] == "命令行 --fail-on"
    assert run_cli("check", "a.txt", cwd=root).returncode == 1
    # with both blocking rules waived through the command line's weaker gate, only the score counts
    (root / ".fzcheck.yaml").write_text("gate:\n  fail_under: 100\n", encoding="utf-8")
    assert run_cli("check", str(COMPLETE), cwd=root).returncode == 0  # a perfect score meets 100
    assert run_cli("check", "--fail-under", "100", "a.txt", cwd=root).returncode == 1


def test_fail_on_warning(tmp_path):
    # the rule overrides make the two errors warnings: with fail_on error it passes, with warning it fails
    overrides = "rules:\n  section.leader: {severity: warning}\n  plan.year: {severity: warning}\n"
    root = project(tmp_path, overrides, {"a.txt": GAPS})
    passed = run_cli("check", "--format", "json", "a.txt", cwd=root)
    assert passed.returncode == 0, passed.stdout.decode()
    report = json.loads(passed.stdout)["reports"][0]
    assert {f["rule"]: f["severity"] for f in report["findings"]}["section.leader"] == "warning"
    (root / ".fzcheck.yaml").write_text(overrides + "gate:\n  fail_on: warning\n", encoding="utf-8")
    failed = run_cli("--lang", "en", "check", "a.txt", cwd=root)
    assert failed.returncode == 1
    assert "(section.leader) failed" in failed.stdout.decode()
    assert "(shortcomings.reasons) failed" in failed.stdout.decode()


def test_weight_override_changes_the_score(tmp_path):
    root = project(tmp_path, "rules:\n  section.leader: {weight: 0}\n  plan.year: {weight: 0}\n", {"a.txt": GAPS})
    plain = json.loads(run_cli("check", "--format", "json", str(GAPS)).stdout)["reports"][0]
    tuned = json.loads(run_cli("check", "--format", "json", "a.txt", cwd=root).stdout)["reports"][0]
    weights = {f["rule"]: f["weight"] for f in tuned["findings"]}
    assert weights["section.leader"] == 0 and weights["plan.year"] == 0
    assert tuned["score"] > plain["score"]


@pytest.mark.parametrize("text,key", [
    ("gaet:\n  fail_under: 70\n", "gaet"),
    ("gate:\n  fial_on: error\n", "fial_on"),
    ("rules:\n  section.leader: {severty: info}\n", "severty"),
])
def test_unknown_key_is_exit_2_naming_it(tmp_path, text, key):
    project(tmp_path, text, {"a.txt": GAPS})
    err = one_line_error(run_cli("check", "a.txt", cwd=tmp_path))
    assert f"“{key}”" in err and ".fzcheck.yaml" in err
    err_en = one_line_error(run_cli("--lang", "en", "check", "a.txt", cwd=tmp_path))
    assert f"unknown key '{key}'" in err_en


def test_unknown_key_suggests_the_close_one(tmp_path):
    project(tmp_path, "gate:\n  fial_on: error\n", {"a.txt": GAPS})
    err = one_line_error(run_cli("--lang", "en", "check", "a.txt", cwd=tmp_path))
    assert "gate: unknown key 'fial_on' (did you mean 'fail_on'?)" in err


@pytest.mark.parametrize("text,needle", [
    ("gate:\n  fail_on: info\n", "gate.fail_on"),
    ("gate:\n  fail_under: 120\n", "gate.fail_under"),
    ("include: drafts/*.txt\n", "include"),
    ("gate: [\n", "YAML"),
    ("- just\n- a list\n", "mapping"),
    ("rules:\n  section.leadr: {severity: info}\n", "section.leadr"),
    ("pack: no-such-pack\n", "no-such-pack"),
])
def test_bad_config_is_one_line_exit_2(tmp_path, text, needle):
    project(tmp_path, text, {"a.txt": GAPS})
    err = one_line_error(run_cli("--lang", "en", "check", "a.txt", cwd=tmp_path))
    assert needle in err


def test_missing_config_option_file_is_exit_2(tmp_path):
    err = one_line_error(run_cli("check", "--config", "nope.yaml", str(GAPS), cwd=tmp_path))
    assert "nope.yaml" in err


def test_pack_path_in_config_is_relative_to_the_config(tmp_path):
    packs_dir = tmp_path / "packs"
    packs_dir.mkdir()
    (packs_dir / "local.yaml").write_text(
        "id: local\nversion: '1'\ntitle: 本地规则包\nextends: fazhi\nrules:\n  - id: section.leader\n    disabled: true\n",
        encoding="utf-8")
    root = project(tmp_path, "pack: packs/local.yaml\n", {"sub/a.txt": GAPS})
    result = run_cli("check", "--format", "json", "a.txt", cwd=root / "sub")
    assert result.returncode == 1, result.stderr.decode()  # plan.year still fails
    data = json.loads(result.stdout)
    assert data["pack"]["id"] == "local"
    assert "section.leader" not in {f["rule"] for f in data["reports"][0]["findings"]}


# --- include / exclude --------------------------------------------------------------------------

def test_include_and_exclude_select_the_files_without_paths(tmp_path):
    root = project(tmp_path, 'include: ["drafts/**/*.txt", "*.md"]\nexclude: ["drafts/old/", "README.md"]\n', {
        "drafts/a.txt": COMPLETE, "drafts/2025/b.txt": COMPLETE, "drafts/old/c.txt": GAPS,
        "README.md": GAPS, "notes/d.md": COMPLETE, "drafts/e.docx.bak": GAPS,
    })
    result = run_cli("check", "--format", "json", cwd=root / "drafts")
    assert result.returncode == 0, result.stdout.decode()
    paths = [r["path"] for r in json.loads(result.stdout)["reports"]]
    assert paths == ["2025/b.txt", "a.txt", "../notes/d.md"]


def test_no_paths_and_no_include_is_exit_2(tmp_path):
    err = one_line_error(run_cli("check", cwd=tmp_path))
    assert "include" in err
    project(tmp_path, 'include: ["*.docx"]\n')
    err = one_line_error(run_cli("check", cwd=tmp_path))
    assert "include" in err


def test_paths_on_the_command_line_are_checked_unless_force_exclude(tmp_path):
    root = project(tmp_path, 'exclude: ["README.md"]\n', {"README.md": GAPS, "a.txt": COMPLETE})
    assert run_cli("check", "README.md", cwd=root).returncode == 1
    result = run_cli("check", "--force-exclude", "--format", "json", "README.md", "a.txt", cwd=root)
    assert result.returncode == 0
    assert [r["path"] for r in json.loads(result.stdout)["reports"]] == ["a.txt"]
    nothing = run_cli("check", "--force-exclude", "README.md", cwd=root)
    assert nothing.returncode == 0 and nothing.stdout == b""


@pytest.mark.parametrize("pattern,path,expected", [
    ("*.txt", "a.txt", True),
    ("*.txt", "drafts/2025/a.txt", True),
    ("drafts/*.txt", "drafts/a.txt", True),
    ("drafts/*.txt", "drafts/2025/a.txt", False),
    ("drafts/**/*.txt", "drafts/a.txt", True),
    ("drafts/**/*.txt", "drafts/2025/q4/a.txt", True),
    ("drafts/**", "drafts/2025/a.docx", True),
    ("archive/", "archive/2023/a.txt", True),
    ("archive", "x/archive/a.txt", True),
    ("/archive", "x/archive/a.txt", False),
    ("./drafts/*.txt", "drafts/a.txt", True),
    ("草稿/*报告*.docx", "草稿/青禾县2025年度报告.docx", True),
    ("a?.txt", "ab.txt", True),
    ("[ab].txt", "c.txt", False),
])
def test_glob_match(pattern, path, expected):
    assert config.glob_match(pattern, path) is expected


# --- init and the schema ----------------------------------------------------------------------------

def test_init_writes_a_valid_commented_config_and_never_overwrites(tmp_path):
    result = run_cli("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    target = tmp_path / ".fzcheck.yaml"
    text = target.read_text(encoding="utf-8")
    assert text.count("\n#") > 10 and "waivers" in text and "fail_on" in text
    assert show(tmp_path)["settings"]["gate.fail_on"]["source"].endswith("（gate.fail_on）")

    target.write_text("pack: fazhi\n# 我们自己的设置\n", encoding="utf-8")
    err = one_line_error(run_cli("init", cwd=tmp_path))
    assert "--force" in err
    assert target.read_text(encoding="utf-8") == "pack: fazhi\n# 我们自己的设置\n"
    assert run_cli("init", "--force", cwd=tmp_path).returncode == 0
    assert target.read_text(encoding="utf-8") == text


def test_init_commented_examples_are_valid_when_uncommented():
    import yaml

    text = config.starter_text()
    # uncomment the example lines (a commented key or list item), keep the explanation comments out
    lines = []
    for line in text.splitlines():
        match = re.match(r"^(\s*)# ( *(?:[a-z_.]+:|- ).*)$", line)
        lines.append(match.group(1) + match.group(2) if match else line)
    data = config._plain(yaml.load("\n".join(lines), Loader=config._loader()))
    assert "waivers" in data and "rules" in data and "baseline" in data and data["gate"]["fail_under"] == 70
    config.validate(data, "starter")
    waivers, notices = config.parse_waivers(data["waivers"], __import__("datetime").date(2026, 1, 1), "starter")
    assert len(waivers) == 1 and not notices


def test_init_includes_every_format_the_readers_accept(tmp_path):
    """A PDF (or a saved page, an .ofd, a .doc) in the drafts repository is checked too."""
    import yaml

    from checker.readers import _EXTENSIONS

    assert run_cli("init", cwd=tmp_path).returncode == 0
    data = yaml.safe_load((tmp_path / ".fzcheck.yaml").read_text(encoding="utf-8"))
    assert sorted(data["include"]) == sorted(f"**/*{ext}" for ext in _EXTENSIONS)
    (tmp_path / "drafts").mkdir()
    shutil.copy(ROOT / "fixtures" / "complete.txt", tmp_path / "drafts" / "a.txt")
    (tmp_path / "drafts" / "b.pdf").write_bytes(b"%PDF-1.4 not really")
    result = run_cli("check", "--format", "json", cwd=tmp_path)
    paths = [r["path"] for r in json.loads(result.stdout.decode("utf-8"))["reports"]]
    assert any(path.endswith("b.pdf") for path in paths) and any(path.endswith("a.txt") for path in paths)


def test_schema_is_a_valid_2020_12_schema_and_ships_with_the_packs():
    from jsonschema import Draft202012Validator

    schema = json.loads((ROOT / "rules" / "config.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert config.schema_path().exists()
    assert "rules = *.yaml, *.json" in (ROOT / "setup.cfg").read_text(encoding="utf-8").replace("checker.rules = ", "rules = ")


def test_the_example_config_in_the_docs_is_valid():
    import yaml

    doc = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", doc, re.S) if "waivers:" in b and "gate:" in b)
    data = config._plain(yaml.load(block, Loader=config._loader()))
    config.validate(data, "docs/ci.md")
    waivers, notices = config.parse_waivers(data["waivers"], __import__("datetime").date(2026, 1, 1), "docs")
    assert waivers and not notices


def test_config_show_text_names_every_source(tmp_path):
    root = project(tmp_path, "pack: fazhi\ngate:\n  fail_under: 70\nwaivers:\n  - rule: section.leader\n    reason: 专项报告\n")
    result = run_cli("config", "show", "--fail-on", "warning", cwd=root)
    assert result.returncode == 0
    out = result.stdout.decode()
    assert "配置文件：.fzcheck.yaml" in out
    assert re.search(r"gate\.fail_under\s+70\s+\.fzcheck\.yaml（gate\.fail_under）", out)
    assert re.search(r"gate\.fail_on\s+warning\s+命令行 --fail-on", out)
    assert re.search(r"baseline\s+（无）\s+默认", out)
    assert "#1 section.leader" in out and "专项报告" in out
    en = run_cli("--lang", "en", "config", "show", cwd=root).stdout.decode()
    assert "Config file: .fzcheck.yaml" in en and ".fzcheck.yaml (gate.fail_under)" in en


def test_config_pack_path_finds_a_pack_by_name(tmp_path):
    import subprocess
    import sys

    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "province.yaml").write_text(
        "id: province\nversion: '1'\ntitle: 某省\nextends: fazhi\nrules:\n"
        "  - {id: section.leader, weight: 30}\n", encoding="utf-8")
    (tmp_path / ".fzcheck.yaml").write_text("version: 1\npack: province\npack_path: [packs]\n", encoding="utf-8")
    sub = tmp_path / "drafts"
    sub.mkdir()
    report = Path(__file__).resolve().parent.parent / "fixtures" / "complete.txt"
    result = subprocess.run([sys.executable, "-m", "checker", "check", "--format", "json", str(report)],
                            capture_output=True, text=True, cwd=sub)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["pack"]["id"] == "province"
    leader = next(f for f in data["reports"][0]["findings"] if f["rule"] == "section.leader")
    assert leader["weight"] == 30
    shown = subprocess.run([sys.executable, "-m", "checker", "config", "show"], capture_output=True, text=True, cwd=sub)
    assert "pack_path" in shown.stdout and "packs" in shown.stdout
