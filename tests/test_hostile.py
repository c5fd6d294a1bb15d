"""Hostile input and faults, tried as an attacker and as an unlucky user would (issue 11).

Every probe runs the real program in a subprocess (tests/hostile_helper.py) with a timeout guard
and its peak memory measured: it must end with exit 2 and one clear line (or an error row), no
traceback, within 10 s, below 1 GB, and touch no file but the named new output. The bounds are
generous on purpose: they catch a hang or a blow-up (minutes, gigabytes), never a slow machine.
"""
from __future__ import annotations

import json
import os
import socket
import stat
import sys

import pytest

from hostile_helper import FIXTURES, GIB_KB, probe, unprivileged

COMPLETE = str(FIXTURES / "complete.txt")
LIMIT_S = 10.0


def _refused(result, *needles: str) -> str:
    """Exit 2, one line on stderr containing every needle, no traceback, quick and small."""
    assert result.code == 2, (result.code, result.stderr[-500:])
    assert "Traceback" not in result.stderr
    lines = result.err_lines
    assert len(lines) == 1, lines
    for needle in needles:
        assert needle in lines[0], lines[0]
    assert result.seconds < LIMIT_S and result.max_rss_kb < GIB_KB, (result.seconds, result.max_rss_kb)
    return lines[0]


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "p.txt"
    os.mkfifo(path)
    return str(path)


@pytest.fixture
def unix_socket(tmp_path):
    path = tmp_path / "s.txt"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    yield str(path)
    server.close()


# --- 1. bounded reading: only regular files, never more than a bound -------------------------

def test_a_fifo_report_is_refused_not_waited_on(fifo):
    _refused(probe("check", fifo), "命名管道", "不是普通文件")
    _refused(probe("--lang", "en", "check", fifo), "named pipe", "not a regular file")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_as_report_is_refused(device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    _refused(probe("check", device), "设备文件")


def test_a_socket_as_report_is_refused(unix_socket):
    _refused(probe("check", unix_socket), "套接字")


@pytest.mark.parametrize("option", ["--pack", "--config", "--baseline"])
@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
def test_special_files_as_pack_config_or_baseline(option, special, fifo):
    target = fifo if special == "fifo" else special
    _refused(probe("check", option, target, COMPLETE), "不是普通文件")


def test_fifo_pack_in_rules_validate(fifo):
    result = probe("rules", "validate", fifo)
    assert result.code == 2 and "不是普通文件" in result.stdout and result.seconds < LIMIT_S


def test_a_fifo_in_a_batch_folder_is_an_error_row(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes((FIXTURES / "complete.txt").read_bytes())
    os.mkfifo(folder / "p.txt")
    os.mkfifo(folder / "q.html")  # the export sniffing of .html files must not open it either
    result = probe("batch", "--no-similarity", "-q", "--out", str(tmp_path / "out.json"), str(folder))
    assert result.code == 1 and result.seconds < LIMIT_S, result.stderr
    rows = {os.path.basename(r["path"]): r for r in json.loads((tmp_path / "out.json").read_text())["reports"]}
    assert rows["a.txt"]["error"] is None
    assert "命名管道" in rows["p.txt"]["error"] and "命名管道" in rows["q.html"]["error"]


def test_standard_input_is_read_with_a_bound(monkeypatch):
    import io

    from checker import readers
    from checker.errors import InputError

    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 5000)))
    with pytest.raises(InputError) as caught:
        readers.read_path("-")
    assert "过大" in caught.value.zh


def test_a_file_that_grows_past_the_limit_is_refused(tmp_path):
    from checker.errors import InputError
    from checker.readers.bounded import read_regular

    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2000)
    with pytest.raises(InputError) as caught:
        read_regular(str(path), 1000)
    assert "过大" in caught.value.zh and "too large" in caught.value.en


def test_symlink_loop_and_broken_link_say_so(tmp_path):
    os.symlink(tmp_path / "b.txt", tmp_path / "a.txt")
    os.symlink(tmp_path / "a.txt", tmp_path / "b.txt")
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "broken.txt")
    assert "不存在" not in _refused(probe("check", str(tmp_path / "a.txt")), "符号链接循环")
    _refused(probe("check", str(tmp_path / "broken.txt")), "符号链接指向的文件不存在")
    _refused(probe("--lang", "en", "check", str(tmp_path / "a.txt")), "symbolic link loop")
    for option in ("--pack", "--config", "--baseline"):
        _refused(probe("check", option, str(tmp_path / "a.txt"), COMPLETE), "符号链接循环")


def test_nul_bytes_are_binary_not_an_encoding_problem(tmp_path):
    page = "某县2025年度法治政府建设情况报告。一、主要举措和成效。".encode("utf-8") * 400  # past the 8 KB sniff
    (tmp_path / "tail.txt").write_bytes(page + b"\0" * 2_000_000)
    (tmp_path / "nul.txt").write_bytes(b"\0" * 5_000_000)
    for name in ("tail.txt", "nul.txt"):
        line = _refused(probe("check", str(tmp_path / name)), "二进制")
        assert "编码" not in line


# --- 3. YAML limits: alias bombs refused before validation -------------------------------------

def _bomb(levels: int = 9, width: int = 9, key: str = "rules") -> str:
    lines = [f'a0: &a0 [{",".join(["lol"] * width)}]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels)]
    return "\n".join(lines) + f"\n{key}: *a{levels - 1}\n"


def test_alias_bomb_pack_is_refused_fast(tmp_path):
    pack = tmp_path / "bomb.yaml"
    pack.write_text('id: bomb\nversion: "1"\ntitle: t\nextends: fazhi\n' + _bomb(), encoding="utf-8")
    _refused(probe("check", "--pack", str(pack), COMPLETE), "别名炸弹")
    _refused(probe("--lang", "en", "check", "--pack", str(pack), COMPLETE), "alias bomb")
    result = probe("rules", "validate", str(pack))
    assert result.code == 2 and "别名炸弹" in result.stdout and result.seconds < LIMIT_S
    assert result.max_rss_kb < GIB_KB


def test_alias_bomb_config_is_refused_fast(tmp_path):
    (tmp_path / ".fzcheck.yaml").write_text("version: 1\n" + _bomb(key="include"), encoding="utf-8")
    _refused(probe("check", COMPLETE, cwd=tmp_path), "别名炸弹", ".fzcheck.yaml")


def test_recursive_alias_and_deep_nesting_are_refused():
    import yaml

    from checker.judge import yaml_limits

    with pytest.raises(yaml_limits.YamlLimitError):
        yaml_limits.load("a: &a [*a]\n", yaml.SafeLoader)
    with pytest.raises(yaml_limits.YamlLimitError):
        yaml_limits.load("a: " + "[" * 200 + "]" * 200 + "\n", yaml.SafeLoader)
    deep_block = "".join("  " * i + f"k{i}:\n" for i in range(300)) + "  " * 300 + "v\n"
    with pytest.raises((yaml_limits.YamlLimitError, yaml.YAMLError)):
        yaml_limits.load(deep_block, yaml.SafeLoader)


def test_a_few_aliases_still_work():
    import yaml

    from checker.judge import yaml_limits

    data = yaml_limits.load("terms: &t [甲, 乙]\nmore: *t\n", getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert data == {"terms": ["甲", "乙"], "more": ["甲", "乙"]}


def test_deep_json_baseline_is_one_line(tmp_path):
    baseline = tmp_path / "b.json"
    baseline.write_text("[" * 100_000 + "]" * 100_000)
    _refused(probe("check", "--baseline", str(baseline), COMPLETE), "基线")


# --- 2. regex limits: sizes bounded before compiling, verdicts independent of load -----------

HUGE_REPEAT = """id: rep
version: "1"
title: 巨大重复次数
extends: fazhi
rules:
  - {id: x.repeat, kind: forbidden, title: t, severity: warning, weight: 1, patterns: ['a{1000000000}'],
     examples: [{text: "a", expect: pass}, {text: "aa", expect: fail}]}
"""


@pytest.mark.parametrize("command", [["check", "--pack", "{pack}", COMPLETE], ["rules", "validate", "{pack}"],
                                     ["rules", "test", "{pack}"]])
def test_a_huge_repeat_is_a_pack_error_naming_the_rule(tmp_path, command):
    pack = tmp_path / "rep.yaml"
    pack.write_text(HUGE_REPEAT, encoding="utf-8")
    result = probe(*[part.format(pack=pack) for part in command])
    assert result.code == 2 and result.seconds < LIMIT_S and result.max_rss_kb < GIB_KB, result
    assert "x.repeat" in result.stdout + result.stderr and "重复次数" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def _statuses(out: str) -> list[tuple[str, str]]:
    report = json.loads(out)["reports"][0]
    return [(f["rule"], f["status"]) for f in report["findings"]]


def _padded(tmp_path, name: str, filler: list[str]) -> str:
    lines = (FIXTURES / "complete.txt").read_text(encoding="utf-8").split("\n")
    middle = len(lines) // 2
    path = tmp_path / name
    path.write_text("\n".join(lines[:middle] + filler + lines[middle:]), encoding="utf-8")
    return str(path)


def test_blank_lines_do_not_change_the_verdict(tmp_path):
    """100,000 blank lines (the issue: 10,000 made the table-rule debris pattern time out)."""
    plain = probe("check", "--format", "json", COMPLETE)
    padded = probe("check", "--format", "json", _padded(tmp_path, "blank.txt", [""] * 100_000))
    assert padded.code == plain.code == 0, padded.stderr
    assert _statuses(padded.stdout) == _statuses(plain.stdout)
    assert padded.seconds < LIMIT_S and padded.max_rss_kb < GIB_KB


def test_a_million_short_lines_do_not_change_the_verdict(tmp_path):
    plain = probe("check", "--format", "json", COMPLETE)
    padded = probe("check", "--format", "json", _padded(tmp_path, "short.txt", ["好"] * 1_000_000), timeout=60)
    assert padded.code == plain.code == 0, padded.stderr
    assert _statuses(padded.stdout) == _statuses(plain.stdout)
    assert padded.max_rss_kb < GIB_KB


def test_tens_of_millions_of_lines_are_refused_at_once(tmp_path):
    """100 MB of newlines (the byte bound) was 100 million lines: minutes and ~12 GB before the
    line bound; now one line and exit 2, before the text is split into lines."""
    path = tmp_path / "padded.txt"
    path.write_bytes(b"\n" * 50_000_000 + "报告".encode())
    line = _refused(probe("check", str(path), timeout=60), "50,000,001 行", "2,000,000")
    assert "不像一份报告" in line


def test_too_many_lines_is_an_error_row_in_a_batch(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text((FIXTURES / "complete.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "padded.txt").write_bytes("好\n".encode() * 3_000_000)
    result = probe("--lang", "en", "batch", "-q", "--no-similarity", "--out", str(tmp_path / "out.json"), str(folder),
                   timeout=60)
    assert result.code == 1, result.stderr
    reports = {os.path.basename(r["path"]): r for r in json.loads((tmp_path / "out.json").read_text())["reports"]}
    assert "over the limit of 2,000,000" in reports["padded.txt"]["error"]
    assert reports["good.txt"]["error"] is None and reports["good.txt"]["findings"]


def test_blank_lines_in_a_parallel_batch(tmp_path):
    """batch -j2 with a pool (16 files: the pool's threshold) and the padded files among them."""
    folder = tmp_path / "in"
    folder.mkdir()
    text = (FIXTURES / "complete.txt").read_text(encoding="utf-8")
    for i in range(14):
        (folder / f"r{i:02}.txt").write_text(text, encoding="utf-8")
    for name in ("pad1.txt", "pad2.txt"):
        os.replace(_padded(tmp_path, name, [""] * 100_000), folder / name)
    result = probe("batch", "-j2", "--no-similarity", "-q", "--out", str(tmp_path / "out.json"), str(folder),
                   timeout=60)
    assert result.code == 0, result.stderr
    reports = json.loads((tmp_path / "out.json").read_text())["reports"]
    statuses = {tuple((f["rule"], f["status"]) for f in r["findings"]) for r in reports}
    assert len(reports) == 16 and len(statuses) == 1


# --- 4. terminal safety: no escape sequence from a document, a file name or a pack -------------

PAYLOAD = "\x1b[2J\x1b]8;;http://evil.invalid\x07点我\x1b]8;;\x07\x1b]0;pwned\x07\x9b31m\r"


def _ansi_report(tmp_path, name: str = "ansi.txt") -> str:
    lines = (FIXTURES / "variants" / "missing_shortcomings.txt").read_text(encoding="utf-8").split("\n")
    lines[0] += PAYLOAD
    lines[5] += "\x1b[2J"  # a heading's line: it is quoted as evidence
    # prose enough that a dozen control characters do not make the file look binary (> 1 in 200)
    lines += ["法治政府建设工作稳步推进，各项制度得到落实。" * 10] * 10
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return str(path)


def _no_foreign_escapes(data: bytes) -> None:
    import re

    own_colours = re.sub(rb"\x1b\[[0-9;]*m", b"", data)  # rich's own SGR colours on a terminal
    assert b"\x1b" not in own_colours and b"\x07" not in own_colours, own_colours[:300]
    assert "\x9b".encode() not in data and b"\r" not in data


def test_escape_sequences_are_shown_not_obeyed_under_a_pty(tmp_path):
    import pty
    import select
    import subprocess

    report = _ansi_report(tmp_path, "name\x1b]0;title\x07.txt")
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(FIXTURES.parent), "COLUMNS": "120"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen([sys.executable, "-m", "checker", "check", report, report + "-missing\x1b[2J"],
                               stdout=slave, stderr=slave, stdin=subprocess.DEVNULL, env=env, cwd=tmp_path)
    os.close(slave)
    output = b""
    while True:
        ready, _, _ = select.select([master], [], [], 20)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=20)
    os.close(master)
    assert "␛".encode() in output and "缺少" in output.decode("utf-8", "replace")  # the payload, visible
    _no_foreign_escapes(output.replace(b"\r\n", b"\n"))  # the pty's own line ends


@pytest.mark.parametrize("fmt", ["table", "markdown", "github", "junit", "json", "sarif"])
def test_no_raw_control_characters_in_any_output(tmp_path, fmt):
    result = probe("check", "--format", fmt, _ansi_report(tmp_path))
    assert result.code == 1 and result.stdout, result.stderr
    _no_foreign_escapes(result.stdout.encode("utf-8"))
    if fmt in ("json", "sarif"):
        json.loads(result.stdout)  # still JSON, the same values


def test_a_file_name_cannot_set_the_window_title_through_stderr(tmp_path):
    result = probe("check", str(tmp_path / "x\x1b]0;pwned\x07\n伪造的第二行.txt"))
    assert len(result.err_lines) == 1 and "␛]0;pwned␇" in result.stderr
    _no_foreign_escapes(result.stderr.encode("utf-8"))


def test_pack_strings_are_cleaned_in_rules_commands(tmp_path):
    pack = tmp_path / "p.yaml"
    pack.write_text('id: p\nversion: "1"\ntitle: "标题\\e[2J"\nextends: fazhi\n', encoding="utf-8")
    for args in (["rules", "list", "--pack", str(pack)], ["rules", "list", "--pack", str(pack), "--format", "json"]):
        result = probe(*args)
        assert result.code == 0, result.stderr
        _no_foreign_escapes(result.stdout.encode("utf-8"))


def test_batch_table_is_cleaned(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    os.replace(_ansi_report(tmp_path, "a\x1b[2J.txt"), folder / "a\x1b[2J.txt")
    result = probe("batch", "--no-similarity", "-q", str(folder))
    assert result.code in (0, 1), result.stderr
    _no_foreign_escapes((result.stdout + result.stderr).encode("utf-8"))


def test_clean_keeps_text_and_shows_controls():
    from checker.render.terminal import clean, clean_json, clean_line

    assert clean("一、主要举措\t表格\n下一行") == "一、主要举措\t表格\n下一行"
    assert clean("a\x1b[2Jb\x07\x7f\x9b") == "a␛[2Jb␇␡\\x9b"
    assert clean_line("a\nb\rc") == "a␊b␍c"
    assert json.loads(clean_json(json.dumps({"t": "x\x9by"}, ensure_ascii=False))) == {"t": "x\x9by"}


# --- 5. outputs that never destroy -------------------------------------------------------------

def _snapshot(folder) -> dict:
    return {p.name: (p.stat().st_mode, p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.iterdir())}


def test_an_output_never_replaces_another_report(tmp_path):
    other = tmp_path / "c.txt"
    other.write_bytes((FIXTURES / "complete.txt").read_bytes())
    before = _snapshot(tmp_path)
    _refused(probe("check", "--format", f"junit:{other}", COMPLETE), "不是 fzcheck 写的文件")
    assert _snapshot(tmp_path) == before


def test_an_earlier_output_is_replaced(tmp_path):
    for fmt in ("json", "sarif", "junit", "markdown", "github", "table"):
        target = tmp_path / f"out.{fmt}"
        assert probe("check", "--format", f"{fmt}:{target}", COMPLETE).code == 0
        again = probe("check", "--format", f"{fmt}:{target}", "--format", f"json:{tmp_path / 'x.json'}", COMPLETE)
        assert again.code == 0, (fmt, again.stderr)
    assert not list(tmp_path.glob(".*fzcheck-tmp"))


def test_a_hard_link_of_an_input_is_refused_in_check_and_batch(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    report = folder / "a.txt"
    report.write_bytes((FIXTURES / "complete.txt").read_bytes())
    os.link(report, tmp_path / "link.json")
    _refused(probe("check", "--format", f"json:{tmp_path / 'link.json'}", str(report)), "硬链接")
    _refused(probe("batch", "-q", "--no-similarity", "--out", str(tmp_path / "link.json"), str(folder)), "硬链接")
    assert report.read_bytes() == (FIXTURES / "complete.txt").read_bytes()


@pytest.mark.parametrize("special", ["fifo", "/dev/full", "/dev/null"])
def test_special_files_are_never_outputs(tmp_path, fifo, special):
    target = fifo if special == "fifo" else special
    if not os.path.exists(target):
        pytest.skip(f"no {target}")
    mode = os.stat(target).st_mode
    _refused(probe("check", "--format", f"json:{target}", COMPLETE), "不是普通文件")
    export = target
    if special == "fifo":
        export = str(tmp_path / "p.json")
        os.mkfifo(export)
    _refused(probe("batch", "-q", "--no-similarity", "--out", export, str(FIXTURES / "variants")), "")
    assert os.stat(target).st_mode == mode  # still a FIFO or a device
    assert not list(tmp_path.glob(".*fzcheck-tmp"))


def test_read_only_outputs_are_refused(tmp_path):
    target = tmp_path / "ro.json"
    assert probe("check", "--format", f"json:{target}", COMPLETE).code == 0
    target.chmod(0o444)
    before = _snapshot(tmp_path)
    _refused(probe("check", "--format", f"json:{target}", COMPLETE), "只读")
    _refused(probe("batch", "-q", "--no-similarity", "--out", str(target), str(FIXTURES / "variants")), "只读")
    assert _snapshot(tmp_path) == before


def test_read_only_targets_as_an_unprivileged_user(tmp_path):
    """What a user without root's powers sees: a read-only earlier output is refused and stays
    read-only; a folder it cannot write gives one line and leaves no temporary file."""
    prefix = unprivileged()
    if prefix is None:
        pytest.skip("no way to drop root's powers here")
    target = tmp_path / "ro.json"
    assert probe("check", "--format", f"json:{target}", COMPLETE).code == 0
    target.chmod(0o444)
    before = _snapshot(tmp_path)
    _refused(probe("check", "--format", f"json:{target}", COMPLETE, prefix=prefix), "只读")
    assert _snapshot(tmp_path) == before
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        _refused(probe("check", "--format", f"json:{locked / 'new.json'}", COMPLETE, prefix=prefix), "无法写入")
        _refused(probe("batch", "-q", "--no-similarity", "--out", str(locked / "b.json"), str(FIXTURES / "variants"),
                       prefix=prefix), "无法写入")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


def test_unreadable_folder_in_a_batch_is_an_error_row(tmp_path):
    prefix = unprivileged()
    if prefix is None:
        pytest.skip("no way to drop root's powers here")
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "a.txt").write_bytes((FIXTURES / "complete.txt").read_bytes())
    (folder / "locked" / "b.txt").write_bytes((FIXTURES / "complete.txt").read_bytes())
    (folder / "locked").chmod(0o000)
    try:
        result = probe("batch", "-q", "--no-similarity", "--out", str(tmp_path / "out.json"), str(folder),
                       prefix=prefix)
    finally:
        (folder / "locked").chmod(0o755)
    assert result.code == 1, result.stderr
    rows = json.loads((tmp_path / "out.json").read_text())["reports"]
    errors = [r for r in rows if r["error"]]
    assert len(rows) == 2 and len(errors) == 1 and "locked" in errors[0]["path"] and "无法打开文件夹" in errors[0]["error"]


def test_a_failed_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    from checker.commands import _outputs
    from checker.errors import CheckerError

    def broken(fd, mode):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fchmod", broken)
    with pytest.raises(CheckerError) as caught:
        _outputs.write(str(tmp_path / "out.json"), b"{}")
    assert "No space left" in caught.value.zh
    assert list(tmp_path.iterdir()) == []


# --- 6. nothing silently skipped ------------------------------------------------------------------

def test_a_pack_that_validate_rejects_is_refused_by_check(tmp_path):
    pack = tmp_path / "empty.yaml"
    pack.write_text('id: empty\nversion: "1"\ntitle: 空\ndocument_type: x\nbasis: 测试\nmin_tool_version: "0.1"\n'
                    "rules: []\n", encoding="utf-8")
    _refused(probe("check", "--pack", str(pack), COMPLETE), "没有启用的规则", "rules validate")
    _refused(probe("batch", "--pack", str(pack), str(FIXTURES / "variants")), "没有启用的规则")


def test_a_config_above_the_repository_root_is_not_used(tmp_path):
    (tmp_path / ".fzcheck.yaml").write_text("version: 1\nrules:\n  section.shortcomings: {severity: info}\n",
                                            encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    report = repo / "r.txt"
    report.write_bytes((FIXTURES / "variants" / "missing_shortcomings.txt").read_bytes())
    result = probe("check", "r.txt", cwd=repo)
    assert result.code == 1, result.stderr  # the gate of the repository, not of the folder above it
    assert "未使用仓库根目录" in result.stderr and "--config" in result.stderr
    used = probe("check", "--config", str(tmp_path / ".fzcheck.yaml"), "r.txt", cwd=repo)
    assert used.code == 0, used.stderr


# --- 7. serve under load -----------------------------------------------------------------------

def _bench():
    sys.path.insert(0, str(FIXTURES.parent / "benchmarks"))
    import bench_serve_load

    return bench_serve_load


def test_200_concurrent_uploads_are_all_answered_none_reset(tmp_path):
    """Before: a listen backlog of 5 lost 62–119 of 200 connections. Now every one gets a result
    (the same statuses as `fzcheck check`) or a 503 with Retry-After."""
    bench = _bench()
    _padded(tmp_path, "pad.txt", [""] * 20_000)
    expected = bench.cli_statuses(COMPLETE)  # the report without its blank lines
    tally = bench.run(200, (tmp_path / "pad.txt").read_bytes(), expected=expected)
    assert tally["reset"] == 0 and tally["other"] == 0, tally
    assert tally["ok"] + tally["busy"] == 200 and tally["ok"] >= 2, tally
    assert tally["busy_with_retry_after"] == tally["busy"] and tally["verdict_differs"] == 0, tally
    assert tally["server_peak_mb"] is None or tally["server_peak_mb"] < 1024, tally


def test_a_full_server_answers_503_with_retry_after(monkeypatch):
    import threading
    import time as clock
    from urllib.parse import quote

    from checker.serve import app as app_module
    from checker.serve import http
    from checker.serve.load import Admission

    assert http.Server.request_queue_size >= 64
    server, app = http.make_server("127.0.0.1", 0)
    app.admission = Admission(running=1, waiting=0)
    release = threading.Event()
    original = app_module.App.check

    def slow(self, *args, **kwargs):
        release.wait(10)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(app_module.App, "check", slow)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    bench = _bench()
    headers = {"X-Fzcheck-Token": app.token, "X-Filename": quote("r.txt")}
    body = (FIXTURES / "complete.txt").read_bytes()
    first: dict = {}
    worker = threading.Thread(target=lambda: first.update(
        answer=bench.request(app.port, "POST", "/api/check", body, headers)))
    worker.start()
    deadline = clock.monotonic() + 10
    while app.admission.requests == 0 and clock.monotonic() < deadline:
        clock.sleep(0.01)
    status, fields, answer = bench.request(app.port, "POST", "/api/check?lang=en", body, headers)
    release.set()
    worker.join(20)
    server.shutdown()
    server.server_close()
    assert status == 503 and fields.get("Retry-After") == "5"
    assert "busy" in json.loads(answer)["error"]
    assert first["answer"][0] == 200


def test_100k_blank_lines_through_serve_with_other_uploads(tmp_path):
    """The same statuses as the report without them, while 15 other uploads run at the same time."""
    bench = _bench()
    _padded(tmp_path, "pad.txt", [""] * 100_000)
    tally = bench.run(16, (tmp_path / "pad.txt").read_bytes(), expected=bench.cli_statuses(COMPLETE))
    assert tally["reset"] == tally["other"] == tally["verdict_differs"] == 0 and tally["ok"] >= 2, tally


# --- 8. readers: deep nesting, content sniffing ----------------------------------------------------

REPORT_LINES = ["某县2025年度法治政府建设情况报告", "一、主要举措和成效。今年我们依法行政，推进法治政府建设。"]


@pytest.mark.parametrize("depth", [255, 1000, 5000])
def test_deeply_nested_html_keeps_its_text(depth):
    from checker.readers import read_bytes

    body = "".join(f"<p>{line}</p>" for line in REPORT_LINES)
    page = "<html><body>" + "<div>" * depth + body + "</div>" * depth + "</body></html>"
    assert read_bytes("deep.html", page.encode("utf-8")).lines[:2] == tuple(REPORT_LINES)


def test_deeply_nested_html_table_cells(tmp_path):
    from checker.readers import read_bytes

    inner = "<table><tr><td>甲</td><td>乙</td></tr></table>"
    for _ in range(400):
        inner = f"<table><tr><td>{inner}</td></tr></table>"
    page = f"<html><body><div id='zoom'><p>{REPORT_LINES[0]}</p>{inner}<p>{REPORT_LINES[1]}</p></div></body></html>"
    lines = read_bytes("tables.html", page.encode("utf-8")).lines
    assert REPORT_LINES[1] in lines and any("甲 | 乙" in line for line in lines)


def _docx(body_xml: str) -> bytes:
    import io
    import zipfile

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                                               'package/2006/content-types"/>')
        archive.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {ns}><w:body>{body_xml}'
                                              f'</w:body></w:document>')
    return buffer.getvalue()


def _paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


@pytest.mark.parametrize("depth", [300, 5000])
def test_deeply_nested_docx_keeps_its_text(depth):
    from checker.readers import read_bytes

    controls = "<w:sdt><w:sdtContent>" * depth + _paragraph(REPORT_LINES[1]) + "</w:sdtContent></w:sdt>" * depth
    links = ("<w:p>" + "<w:hyperlink>" * depth + f"<w:r><w:t>{REPORT_LINES[1]}</w:t></w:r>" + "</w:hyperlink>" * depth
             + "</w:p>")
    table = _paragraph("甲")
    for _ in range(depth // 10):
        table = f"<w:tbl><w:tr><w:tc>{table}</w:tc><w:tc>{_paragraph('乙')}</w:tc></w:tr></w:tbl>"
    document = read_bytes("deep.docx", _docx(_paragraph(REPORT_LINES[0]) + controls + links + table))
    assert document.lines[:3] == (REPORT_LINES[0], REPORT_LINES[1], REPORT_LINES[1])
    assert any(line.startswith("甲") for line in document.lines)


def test_random_bytes_named_html_are_refused(tmp_path):
    import random

    path = tmp_path / "rand.html"
    path.write_bytes(random.Random(11).randbytes(50_000).replace(b"<", b"("))
    _refused(probe("check", str(path)), "不是网页")
    _refused(probe("--lang", "en", "check", str(path)), "not a web page")
