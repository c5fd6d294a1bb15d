"""fzcheck batch as a real subprocess: exit codes, one-line errors, languages, exports refused."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import batch_helper
import reportgen

ROOT = Path(__file__).resolve().parent.parent


def run(*args, cwd=None, warnings_as_errors=False):
    command = [sys.executable] + (["-W", "error"] if warnings_as_errors else []) + ["-m", "checker", "batch", *args]
    env = dict(os.environ, PYTHONIOENCODING="utf-8", COLUMNS="160")
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", cwd=cwd or ROOT, env=env,
                          timeout=300)


def one_line(stderr: str) -> bool:
    lines = [line for line in stderr.splitlines() if line.strip()]
    return len(lines) == 1 and "Traceback" not in stderr


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    names = batch_helper.build(str(root))
    return root, names


@pytest.fixture()
def good(tmp_path):
    """Two complete reports that pass the base pack."""
    for k in range(2):
        (tmp_path / f"r{k}.txt").write_text(reportgen.make_report(40 + k, target_chars=2000).text, encoding="utf-8")
    return tmp_path


def test_all_passing_exits_0(good):
    result = run(str(good), "--quiet")
    assert result.returncode == 0, result.stderr
    assert "排名" in result.stdout and "共 2 个文件" in result.stdout
    assert result.stderr == ""


def test_a_failing_report_or_an_unreadable_file_exits_1(folder):
    root, names = folder
    result = run(str(root), "--quiet")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "无法检查" in result.stdout and "文件为空" in result.stdout
    assert "雷同报告" in result.stdout and "逐年对比" in result.stdout


def test_unreadable_file_among_good_ones_exits_1(good):
    (good / "empty.txt").write_text("", encoding="utf-8")
    result = run(str(good), "--quiet")
    assert result.returncode == 1
    assert "文件为空" in result.stdout


def test_no_file_could_be_checked_exits_2_with_one_line(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 broken")
    result = run(str(tmp_path))
    assert result.returncode == 2
    assert one_line(result.stderr), result.stderr
    assert result.stderr.startswith("错误：")
    assert result.stdout == ""


@pytest.mark.parametrize("args, words", [
    (["{tmp}/没有这个文件夹"], "文件不存在"),
    (["{tmp}/*.nothing"], "没有找到报告文件"),
    (["{good}", "--pack", "no-such-pack"], "规则包"),
    (["{good}", "--out", "{tmp}/summary.pdf"], "不支持的导出格式"),
    (["{good}", "--out", "{tmp}/no/such/folder/summary.html"], "导出文件夹不存在"),
    (["{good}", "--jobs", "-1"], "jobs"),
])
def test_bad_input_is_one_line_and_exit_2(good, tmp_path, args, words):
    args = [a.format(tmp=tmp_path, good=good) for a in args]
    result = run(*args, "--quiet")
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert words in result.stderr


def test_an_input_report_is_never_overwritten(good):
    target = good / "r0.txt"
    before = target.read_bytes()
    renamed = good / "r0.html"
    target.rename(renamed)
    result = run(str(good), "--out", str(renamed), "--quiet")
    assert result.returncode == 2 and one_line(result.stderr), result.stderr
    assert "不会覆盖要检查的报告" in result.stderr
    assert renamed.read_bytes() == before


def test_an_export_in_the_input_folder_is_not_read_back_as_a_report(good):
    out = good / "summary.html"
    first = run(str(good), "--out", str(out), "--quiet")
    assert first.returncode == 0, first.stderr
    second = run(str(good), "--out", str(out), "--quiet")
    assert second.returncode == 0, second.stderr
    assert "共 2 个文件" in second.stdout


def test_english(folder, tmp_path):
    root, _ = folder
    out = tmp_path / "review.json"
    result = run(str(root), "--lang", "en", "--quiet", "--out", str(out))
    assert result.returncode == 1
    assert "Rank" in result.stdout and "Similar reports" in result.stdout and "could not be checked" in result.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["summary"]["totals"]["errors"] == 2
    assert any("empty" in (r["error"] or "") for r in data["reports"])


def test_fail_under_changes_the_gate(good):
    assert run(str(good), "--quiet", "--fail-under", "100.1").returncode == 2  # out of range: bad option
    assert run(str(good), "--quiet", "--fail-under", "0").returncode == 0


def test_no_warnings_under_w_error(folder):
    """jieba's SyntaxWarnings (Python >= 3.12) must not break a run under -W error."""
    root, _ = folder
    result = run(str(root), "--quiet", warnings_as_errors=True)
    assert result.returncode == 1, result.stderr
    assert "Warning" not in result.stderr
    assert "prefix dict" not in result.stderr  # jieba's start-up chatter is turned down


def test_pool_run_through_the_cli(tmp_path):
    """Enough files for the process pool (--jobs 2): same ranking as --jobs 1."""
    from checker.review import batch

    for k in range(batch.pool_min_files() + 2):
        (tmp_path / f"r{k:02d}.txt").write_text(reportgen.make_report(300 + k, target_chars=1500).text,
                                                encoding="utf-8")
    one = run(str(tmp_path), "--quiet", "--jobs", "1", "--out", str(tmp_path / "one.json"))
    two = run(str(tmp_path), "--quiet", "--jobs", "2", "--out", str(tmp_path / "two.json"))
    assert one.returncode == two.returncode
    first = json.loads((tmp_path / "one.json").read_text(encoding="utf-8"))
    second = json.loads((tmp_path / "two.json").read_text(encoding="utf-8"))
    assert first["reports"] == second["reports"]
    assert first["summary"] == second["summary"]


def test_progress_bar_stays_off_the_pipe(good):
    """stderr is not a terminal here: no progress bar, no control characters."""
    result = run(str(good))
    assert "\x1b[" not in result.stderr and "\r" not in result.stderr


@pytest.mark.parametrize("method", ["forkserver", "spawn"])
def test_pool_with_other_start_methods(tmp_path, method):
    """Python 3.14 starts pool workers with forkserver on Linux (spawn elsewhere): the initializer
    must give every worker its pack, and the second look its jieba, without inheriting anything."""
    from checker.review import batch

    base = reportgen.make_report(500, target_chars=1500)
    (tmp_path / "copy.txt").write_text(reportgen.edited_copy(base, 1).text, encoding="utf-8")
    for k in range(batch.POOL_MIN_FILES_SPAWNED + 1):
        (tmp_path / f"r{k:02d}.txt").write_text(reportgen.make_report(500 + k, target_chars=1500).text,
                                                encoding="utf-8")
    out = tmp_path / "review.json"
    code = ("import multiprocessing, sys\n"
            f"multiprocessing.set_start_method({method!r})\n"
            "from checker.cli import main\n"
            f"sys.argv = ['fzcheck', 'batch', {str(tmp_path)!r}, '--jobs', '2', '--quiet', '--out', {str(out)!r}]\n"
            "main()\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8",
                            cwd=ROOT, timeout=300)
    assert result.returncode in (0, 1), result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["summary"]["totals"]["checked"] == batch.POOL_MIN_FILES_SPAWNED + 2
    assert len(data["summary"]["similar"]) == 1


def test_similarity_can_be_switched_off(folder, tmp_path):
    root, _ = folder
    result = run(str(root), "--quiet", "--no-similarity")
    assert result.returncode == 1
    assert "未检查雷同" in result.stdout and "雷同报告\n" not in result.stdout
    pack = tmp_path / "quiet.yaml"
    pack.write_text("id: quiet\nversion: '1'\ntitle: 不查雷同\nextends: fazhi\nsimilarity:\n  enabled: false\n",
                    encoding="utf-8")
    result = run(str(root), "--quiet", "--pack", str(pack))
    assert result.returncode == 1, result.stderr
    assert "未检查雷同" in result.stdout


def test_no_similarity_skips_year_over_year_too_and_never_loads_jieba(folder):
    """docs/batch.md: --no-similarity skips the similar-report and year-over-year views. (It used
    to run year over year anyway, loading jieba in every worker.)"""
    root, _ = folder
    probe = ("import sys, runpy\n"
             "sys.argv = ['fzcheck', 'batch', sys.argv[1], '--quiet', '--no-similarity']\n"
             "try:\n    runpy.run_module('checker', run_name='__main__')\n"
             "except SystemExit:\n    pass\n"
             "print('JIEBA', 'jieba' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", probe, str(root)], capture_output=True, text=True,
                            encoding="utf-8", cwd=ROOT, env=dict(os.environ, PYTHONIOENCODING="utf-8", COLUMNS="160"),
                            timeout=300)
    assert "逐年对比" not in result.stdout and "上年计划落实" not in result.stdout
    assert "JIEBA False" in result.stdout, result.stdout[-500:] + result.stderr[-500:]
    with_it = run(str(root), "--quiet")
    assert "逐年对比" in with_it.stdout


def test_a_pack_found_through_pack_path_is_used_by_every_worker(good, tmp_path_factory):
    packs_dir = tmp_path_factory.mktemp("packs")
    (packs_dir / "strict.yaml").write_text(
        "id: strict\nversion: '1'\ntitle: 更严格\nextends: fazhi\nrules:\n"
        "  - {id: strict.pledge, kind: keywords, title: 承诺书, severity: error, weight: 1, terms: [法治承诺书],\n"
        "     basis: 某省规定, help: 附上法治承诺书}\n", encoding="utf-8")
    plain = run(str(good), "--quiet", "--no-similarity", "--out", str(packs_dir / "plain.json"))
    strict = run(str(good), "--quiet", "--no-similarity", "--pack", "strict", "--pack-path", str(packs_dir),
                 "--jobs", "2", "--out", str(packs_dir / "strict.json"))
    assert plain.returncode == 0, plain.stderr
    assert strict.returncode == 1, strict.stderr  # the strict pack's own error rule fails every report
    assert json.loads((packs_dir / "strict.json").read_text(encoding="utf-8"))["pack"]["id"] == "strict"
