"""The same report printed to PDF by LibreOffice reads as its .txt does.

LibreOffice (`soffice --headless --convert-to pdf`) is the usual way an office turns a report
into a PDF; its output carries a space at every boundary between a Chinese character and a
digit or Latin letter ("四、2024 年工作打算", "2024 年 12 月 18 日"), hard wraps and, for a run-on
web page, headings inside wrapped lines. Every rule's status and the gate must not change.
Skipped (with the reason) where LibreOffice is not installed; `.ci/run` installs it.
"""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, SHARED

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
SETS = [FIXTURES / "labelled", FIXTURES / "labelled2", FIXTURES / "labelled3", FIXTURES / "labelled4", FIXTURES / "variants",
        SHARED / "seeds", SHARED / "real" / "reports"]

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")


def _utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False  # LibreOffice guesses a GB18030 text's encoding; that is not what is tested here


def _check(files):
    out = subprocess.run([sys.executable, "-m", "checker", "check", "--format", "json", *map(str, files)],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode in (0, 1), out.stderr
    return {Path(r["path"]).stem: r for r in json.loads(out.stdout)["reports"]}


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("printed")
    for source in SETS:
        for path in sorted(source.glob("*.txt")) if source.exists() else ():
            if _utf8(path):
                shutil.copy(path, folder / f"{source.name}__{path.name}")
    texts = sorted(folder.glob("*.txt"))
    profile = tmp_path_factory.mktemp("lo-profile")
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), *map(str, texts)], capture_output=True, timeout=600, check=True)
    return texts


def test_pdf_statuses_and_gates_match_the_txt(printed):
    pdfs = [t.with_suffix(".pdf") for t in printed if t.with_suffix(".pdf").exists()]
    assert len(pdfs) == len(printed)
    txt, pdf = _check(printed), _check(pdfs)
    cells = same = 0
    gates, differing = [], []
    for name, report in txt.items():
        other = pdf[name]
        assert other["error"] is None, (name, other["error"])
        theirs = {f["rule"]: f["status"] for f in other["findings"]}
        for finding in report["findings"]:
            cells += 1
            if theirs[finding["rule"]] == finding["status"]:
                same += 1
            else:
                differing.append((name, finding["rule"], finding["status"], theirs[finding["rule"]]))
        if report["passed"] != other["passed"]:
            gates.append(name)
    assert not gates, (gates, differing)
    assert same / cells >= 0.99, differing
