"""Repository integration: the pre-commit hook (a real `pre-commit try-repo` in a temporary git
repository) and the GitHub Actions workflow documented in docs/ci.md."""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT

GAPS = FIXTURES / "ci" / "gaps.txt"
COMPLETE = FIXTURES / "ci" / "complete.txt"
DOC = ROOT / "docs" / "ci.md"


def yaml_blocks(text):
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", text, re.S)]


def test_pre_commit_hooks_manifest():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "fzcheck")
    assert hook["language"] == "python" and hook["entry"].split()[:2] == ["fzcheck", "check"]
    assert "--force-exclude" in hook["entry"]
    files = re.compile(hook["files"])
    for name in ("报告.txt", "draft.md", "a/b.docx", "x.pdf", "page.html", "page.htm"):
        assert files.search(name), name
    for name in ("setup.py", "a.docx.bak", "image.png", "notes.txt.orig"):
        assert not files.search(name), name


def test_the_docs_snippets_name_the_hook_and_the_formats():
    blocks = yaml_blocks(DOC.read_text(encoding="utf-8"))
    pre_commit = [b for b in blocks if isinstance(b, dict) and "repos" in b]
    assert pre_commit and pre_commit[0]["repos"][0]["hooks"][0]["id"] == "fzcheck"
    workflow = next(b for b in blocks if isinstance(b, dict) and "jobs" in b)
    assert workflow["permissions"]["security-events"] == "write"
    steps = workflow["jobs"]["fzcheck"]["steps"]
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif"))
    assert upload["with"]["sarif_file"] == "fzcheck.sarif"
    assert any("GITHUB_STEP_SUMMARY" in str(s.get("run", "")) for s in steps)


def test_the_documented_workflow_command_works(tmp_path):
    """Run the workflow's check step as GitHub Actions would, in a repository of drafts."""
    workflow = next(b for b in yaml_blocks(DOC.read_text(encoding="utf-8")) if isinstance(b, dict) and "jobs" in b)
    steps = workflow["jobs"]["fzcheck"]["steps"]
    command = next(s["run"] for s in steps if str(s.get("run", "")).startswith("fzcheck check"))
    argv = shlex.split(command)
    (tmp_path / ".fzcheck.yaml").write_text("include: ['drafts/**/*.txt']\n", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    shutil.copy(GAPS, tmp_path / "drafts" / "2025年度报告.txt")
    shutil.copy(COMPLETE, tmp_path / "drafts" / "完整报告.txt")
    env = {**os.environ, "GITHUB_ACTIONS": "true", "NO_COLOR": "1"}
    result = subprocess.run([sys.executable, "-m", "checker", *argv[1:]], capture_output=True, cwd=tmp_path, env=env)
    assert result.returncode == 1, result.stderr.decode()
    out = result.stdout.decode()
    assert out.startswith("::error file=drafts/2025年度报告.txt,line=")
    sarif = json.loads((tmp_path / "fzcheck.sarif").read_text(encoding="utf-8"))
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} >= {"section.leader", "plan.year"}
    summary = (tmp_path / "fzcheck.md").read_text(encoding="utf-8")
    assert summary.startswith("## fzcheck 检查结果") and "drafts/完整报告.txt" in summary


# --- pre-commit try-repo ---------------------------------------------------------------------------

def _pre_commit() -> str | None:
    found = shutil.which("pre-commit")
    local = Path(sys.executable).parent / "pre-commit"
    return str(local) if local.exists() else found


def _git(*args, cwd):
    subprocess.run(["git", "-c", "user.name=fzcheck test", "-c", "user.email=test@example.invalid",
                    "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                   cwd=cwd, check=True, capture_output=True)


def _copy_project(target: Path) -> None:
    """The project as it is in the working tree (tracked and new files, not ignored ones)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file() and not name.startswith(("tests/", "fixtures/")):
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


@pytest.mark.skipif(not _pre_commit() or not shutil.which("git"), reason="pre-commit or git is not installed")
def test_pre_commit_try_repo_runs_the_hook_on_a_draft(tmp_path):
    tool = tmp_path / "fazhi-checker"
    tool.mkdir()
    _copy_project(tool)
    _git("init", "-q", cwd=tool)
    _git("add", "-A", cwd=tool)
    _git("commit", "-q", "-m", "fazhi-checker as under test", cwd=tool)

    drafts = tmp_path / "office"
    drafts.mkdir()
    _git("init", "-q", cwd=drafts)
    (drafts / ".fzcheck.yaml").write_text("exclude: ['README.md']\n", encoding="utf-8")
    (drafts / "README.md").write_text("# 本仓库存放法治政府建设年度报告草稿\n", encoding="utf-8")
    shutil.copy(GAPS, drafts / "2025年度报告.txt")
    shutil.copy(COMPLETE, drafts / "2025年度报告-定稿.txt")
    _git("add", "-A", cwd=drafts)

    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1",
           "PRE_COMMIT_COLOR": "never"}
    env.pop("GITHUB_ACTIONS", None)

    def try_repo(*files):
        return subprocess.run([_pre_commit(), "try-repo", str(tool), "fzcheck", "--files", *files],
                              cwd=drafts, capture_output=True, env=env, timeout=1200)

    failing = try_repo("2025年度报告.txt", "README.md")
    out = failing.stdout.decode() + failing.stderr.decode()
    if failing.returncode not in (0, 1) or "An error has occurred" in out or "An unexpected error" in out:
        if re.search(r"Could not find a version|No matching distribution|Failed to establish|Temporary failure in name"
                     r"|Network is unreachable|ProxyError", out):
            pytest.skip("pre-commit could not install the hook's environment (no package index here)")
        pytest.fail(out)
    assert failing.returncode == 1, out
    assert "- hook id: fzcheck" in out and "- exit code: 1" in out
    assert "section.leader" in out and "结论：未通过" in out
    assert "README.md" not in out.split("- exit code: 1", 1)[1]  # excluded by the drafts' config

    passing = try_repo("2025年度报告-定稿.txt", "README.md")
    out = passing.stdout.decode() + passing.stderr.decode()
    assert passing.returncode == 0, out
    assert re.search(r"fzcheck.*Passed", out)
