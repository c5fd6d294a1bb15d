"""clean_model: every string of the model cleaned at any depth, nothing copied that holds none
(a batch walks every finding of every report once; the faster walk must mean the same)."""
from __future__ import annotations

from checker.model import Evidence, Finding, Report, Severity, Status
from checker.render.terminal import clean_model


def _finding(message: str, evidence_text: str) -> Finding:
    return Finding(rule="parts.shortcomings", title="存在的不足", severity=Severity.ERROR, status=Status.FAIL,
                   weight=1.0, earned=0.0, message=message, evidence=(Evidence(line=3, text=evidence_text),))


def test_strings_at_every_depth_are_cleaned():
    report = Report(path="a\x1b[2J.txt", error=None, findings=(_finding("ok", "证据\x9b31m"), _finding("标题\x07", "多行\n文字")))
    wrapped = {"k\x1b": [report, ("x\x00", 1, 2.5, None, True)]}
    cleaned = clean_model(wrapped)
    (key, (made, row)), = cleaned.items()
    assert key == "k\u241b" and row == ("x\u2400", 1, 2.5, None, True)
    assert made.path == "a\u241b[2J.txt"
    assert made.findings[0].evidence[0].text == "证据\\x9b31m"
    assert made.findings[1].message == "标题\u2407"
    assert made.findings[1].evidence[0].text == "多行\n文字"  # a newline is the output's own layout
    assert made.findings[0].status is Status.FAIL and made.findings[0].weight == 1.0


def test_a_model_without_control_characters_is_not_copied():
    report = Report(path="a.txt", error=None, findings=(_finding("ok", "多行\n文字"),))
    value = (report, [report], {"k": report})
    assert clean_model(value) is value
