"""Data-driven rule tests: tests/cases/<rule id>.yaml holds the cases of one rule.

Each case is inline ``text`` or a ``fixture`` (path under fixtures/), the expected ``status``
and, where given, the ``line`` of the first evidence. ``pytest -k section.plan`` runs one rule.
"""
from pathlib import Path

import pytest
import yaml

from checker.judge import packs
from checker.judge.engine import evaluate
from checker.readers import read_bytes, read_path

CASES = Path(__file__).parent / "cases"
FIXTURES = Path(__file__).parent.parent / "fixtures"


def _cases():
    for path in sorted(CASES.glob("*.yaml")):
        rule_id = path.stem
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            yield pytest.param(rule_id, case, id=f"{rule_id}:{case['name']}")


@pytest.fixture(scope="module")
def fazhi():
    return packs.load("fazhi")


@pytest.mark.parametrize("rule_id,case", list(_cases()))
def test_rule_case(rule_id, case, fazhi):
    if "fixture" in case:
        document = read_path(str(FIXTURES / case["fixture"]))
    else:
        document = read_bytes("case.txt", case["text"].encode("utf-8"))
    report = evaluate(document, fazhi)
    finding = next(f for f in report.findings if f.rule == rule_id)
    assert finding.status.value == case["status"], finding.message
    if "line" in case:
        assert finding.evidence, "expected evidence"
        assert finding.evidence[0].line == case["line"], finding.evidence
    if "message_has" in case:  # what the message names (a regex term as the text it matched)
        assert case["message_has"] in finding.message, finding.message


def test_every_rule_of_the_pack_has_a_case_file(fazhi):
    assert {rule.id for rule in fazhi.rules} <= {path.stem for path in CASES.glob("*.yaml")}
