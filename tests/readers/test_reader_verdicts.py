"""Whatever the format, the verdicts are those of the same text in .txt.

Each synthetic report is written in every format, all files are checked with one call of
the stable contract (`fzcheck check --format json`, run as `python -m checker`), and every
rule's status and the extracted meta must equal the .txt file's.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import formats_helper as fh

pytest.importorskip("checker.judge.engine")
pytest.importorskip("docx")
pytest.importorskip("reportlab")

REPO = Path(__file__).resolve().parents[2]


def builders(report):
    return {
        "txt": lambda: fh.to_txt(report),
        "typed.docx": lambda: fh.to_docx(False, report),
        "auto.docx": lambda: fh.to_docx(True, report),
        "pdf": lambda: fh.to_pdf(report=report),
        "utf8.html": lambda: fh.to_html("utf-8", report=report),
        "gb2312.html": lambda: fh.to_html("gb2312", report=report),
        "mht": lambda: fh.to_mht(fh.to_html("gb2312", report=report)),
        "ofd": lambda: fh.to_ofd(report=report),
    }


def run_json(paths: list[Path]) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    result = subprocess.run([sys.executable, "-m", "checker", "check", "--format", "json", *map(str, paths)],
                            capture_output=True, text=True, cwd=REPO, env=env, timeout=300)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("formats")
    paths = []
    for report_name, report in (("complete", fh.REPORT), ("defective", fh.DEFECTIVE)):
        for suffix, build in builders(report).items():
            path = folder / f"{report_name}.{suffix}"
            path.write_bytes(build())
            paths.append(path)
    output = run_json(paths)
    by_name = {}
    for report in output["reports"]:
        assert report["error"] is None, report
        by_name[Path(report["path"]).name] = report
    return by_name


def _statuses(report: dict) -> dict[str, str]:
    return {finding["rule"]: finding["status"] for finding in report["findings"]}


@pytest.mark.parametrize("report_name", ["complete", "defective"])
@pytest.mark.parametrize("suffix", [s for s in builders(fh.REPORT) if s != "txt"])
def test_every_rule_status_as_in_txt(verdicts, report_name, suffix):
    expected = verdicts[f"{report_name}.txt"]
    actual = verdicts[f"{report_name}.{suffix}"]
    if actual["meta"].get("published") and not expected["meta"].get("published"):
        # a saved web page states when it was published (its metadata cells, outside the article):
        # publication.timely judges that fact, which the .txt does not carry; all else is the same
        assert _statuses(actual).pop("publication.timely") in ("pass", "fail")
        drop = lambda d: {k: v for k, v in d.items() if k not in ("publication.timely", "published")}  # noqa: E731
        assert drop(_statuses(actual)) == drop(_statuses(expected))
        assert drop(actual["meta"]) == drop(expected["meta"])
        return
    assert _statuses(actual) == _statuses(expected)
    assert actual["meta"] == expected["meta"]
    assert actual["score"] == expected["score"]


def test_the_two_reports_differ(verdicts):
    """The comparison has teeth: the defective report does not pass everything."""
    complete = _statuses(verdicts["complete.txt"])
    defective = _statuses(verdicts["defective.txt"])
    assert complete != defective
    assert {"fail", "partial"} <= set(defective.values())
