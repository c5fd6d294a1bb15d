"""The real program in a subprocess: exit codes 0/1/2, one clear line on bad input."""
import json

import pytest

from conftest import FIXTURES


def test_complete_report_passes(cli):
    result = cli("check", str(FIXTURES / "complete.txt"))
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "主要举措和成效" in out and "结论：通过" in out


def test_missing_part_exits_1_and_names_it(cli):
    result = cli("check", str(FIXTURES / "variants/missing_shortcomings.txt"))
    assert result.returncode == 1
    out = result.stdout.decode()
    assert "缺少“存在的不足和原因”部分" in out
    assert "结论：未通过" in out and "section.shortcomings" in out


def test_python_m_checker_and_console_script_are_the_same(cli):
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    script = shutil.which("fzcheck") or str(Path(sys.executable).parent / "fzcheck")
    if not Path(script).exists():
        pytest.skip("fzcheck console script not installed")
    a = subprocess.run([script, "check", "--format", "json", str(FIXTURES / "complete.txt")], capture_output=True)
    b = cli("check", "--format", "json", str(FIXTURES / "complete.txt"))
    assert a.returncode == b.returncode == 0
    assert json.loads(a.stdout) == json.loads(b.stdout)


def test_json_contract_shape(cli):
    result = cli("check", "--format", "json", str(FIXTURES / "complete.txt"), str(FIXTURES / "variants/no_title.txt"))
    data = json.loads(result.stdout)
    assert data["version"] == 1 and data["pack"]["id"] == "fazhi"
    assert [r["path"] for r in data["reports"]] == [str(FIXTURES / "complete.txt"), str(FIXTURES / "variants/no_title.txt")]
    report = data["reports"][0]
    assert set(report) >= {"path", "error", "meta", "score", "grade", "passed", "findings"}
    assert report["meta"] == {"title": "青川县市场监督管理局2025年度法治政府建设情况报告", "agency": "青川县市场监督管理局",
                              "year": 2025, "date": "2026-01-12", "published": None}
    finding = next(f for f in report["findings"] if f["rule"] == "section.plan")
    assert set(finding) >= {"rule", "title", "severity", "status", "weight", "earned", "message", "suggestion", "basis", "evidence"}
    # the contract's line and text, and the place cited as every output cites it (docs/json.md)
    assert finding["evidence"][0] == {"line": 41, "text": "四、2026年推进法治政府建设的主要安排", "location": "第41行"}
    assert data["reports"][1]["meta"]["title"] is None


def test_stdin(cli):
    text = (FIXTURES / "complete.txt").read_bytes()
    result = cli("check", "--format", "json", "-", input=text)
    assert result.returncode == 0
    assert json.loads(result.stdout)["reports"][0]["path"] == "-"


def test_english(cli):
    result = cli("check", "--lang", "en", str(FIXTURES / "variants/missing_plan.txt"))
    assert result.returncode == 1
    out = result.stdout.decode()
    assert "Verdict: not passed" in out and "Next year's main plans" in out


def test_fail_under_raises_the_gate(cli):
    result = cli("check", "--fail-under", "99", str(FIXTURES / "variants/no_title.txt"))
    assert result.returncode == 1
    assert "低于及格线99" in result.stdout.decode()


def test_gb18030_file(cli):
    result = cli("check", "--format", "json", str(FIXTURES / "variants/gb18030.txt"))
    assert result.returncode == 0
    assert json.loads(result.stdout)["reports"][0]["meta"]["agency"] == "青川县市场监督管理局"


def _bad(cli, *args, expect_in):
    result = cli(*args)
    err = result.stderr.decode().strip()
    assert result.returncode == 2, (result.stdout, err)
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    assert expect_in in err, err
    return err


def test_missing_file(cli):
    _bad(cli, "check", "no/such/report.txt", expect_in="文件不存在")


def test_directory(cli, tmp_path):
    _bad(cli, "check", str(tmp_path), expect_in="文件夹")


def test_empty_file(cli, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    _bad(cli, "check", str(path), expect_in="文件为空")


def test_binary_file(cli, tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(bytes(range(256)) * 20)
    _bad(cli, "check", str(path), expect_in="不是文本文件")


@pytest.mark.parametrize("name,expect", [("report.docx", "不是有效的 Word 文件（文件已损坏"),
                                         ("report.pdf", "不是有效的 PDF 文件（文件已损坏"),
                                         ("report.ofd", "不是有效的 OFD 文件（文件已损坏")])
def test_random_bytes_named_as_a_binary_format_are_a_damaged_file(cli, tmp_path, name, expect):
    path = tmp_path / name
    path.write_bytes(bytes(range(256)) * 20)
    _bad(cli, "check", str(path), expect_in=expect)
    result = cli("check", "--lang", "en", str(path))
    assert "damaged" in result.stderr.decode("utf-8") and "text" not in result.stderr.decode("utf-8")


def test_pack_with_invalid_yaml(cli, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\nrules: [\n", encoding="utf-8")
    _bad(cli, "check", "--pack", str(path), str(FIXTURES / "complete.txt"), expect_in="YAML")


def test_pack_with_unknown_key(cli, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\nversion: '1'\ntitle: t\nextends: fazhi\ncolour: red\n", encoding="utf-8")
    _bad(cli, "check", "--pack", str(path), str(FIXTURES / "complete.txt"), expect_in="colour")


def test_pack_missing_a_required_key_names_the_file_in_chinese(cli, tmp_path):
    """A pack without document_type: the first version said only "'document_type' is a required
    property", in English, without the file."""
    import yaml

    data = yaml.safe_load((FIXTURES.parent / "rules" / "fazhi.yaml").read_text(encoding="utf-8"))
    del data["document_type"]
    data["rules"][0]["wieght"] = 3
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    line = _bad(cli, "check", "--pack", str(path), str(FIXTURES / "complete.txt"), expect_in="mine.yaml")
    assert "缺少必填项：document_type" in line or "不认识的键：wieght" in line
    result = cli("rules", "validate", str(path))
    listed = result.stdout.decode("utf-8") + result.stderr.decode("utf-8")
    assert "缺少必填项：document_type" in listed and "rules[0]：不认识的键：wieght" in listed


def test_bad_option_value(cli):
    result = cli("check", "--fail-under", "120", str(FIXTURES / "complete.txt"))
    assert result.returncode == 2


def test_unreadable_file_among_good_ones_gets_an_error_report(cli, tmp_path):
    result = cli("check", "--format", "json", str(FIXTURES / "complete.txt"), str(tmp_path / "missing.txt"))
    assert result.returncode == 2
    reports = json.loads(result.stdout)["reports"]
    assert reports[0]["error"] is None and "文件不存在" in reports[1]["error"]


def test_english_error_message(cli):
    err = _bad(cli, "check", "--lang", "en", "nope.txt", expect_in="no such file")
    assert err.startswith("error:")


def test_rich_markup_in_a_report_is_printed_as_written(cli, tmp_path):
    path = tmp_path / "markup.txt"
    # (a heading's evidence is quoted as written: markup in it must reach the terminal as text)
    path.write_text("某县2025年度法治政府建设情况报告\n2025年，我局推进工作。\n一、主要举措[bold red]和成效[/]\n",
                    encoding="utf-8")
    result = cli("check", str(path))
    assert "[bold red]和成效[/]" in result.stdout.decode()


def test_debug_shows_traceback(cli):
    result = cli("check", "--debug", "no/such/file.txt")
    assert result.returncode != 0
    assert "Traceback" in result.stderr.decode()
