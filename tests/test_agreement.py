"""Agreement of the checker with hand-made verdicts, measured by the shared tool
(../shared/tools/agreement.py; skipped when ../shared is not beside the project).

- the seed reports in ../shared/seeds — real published reports; the same measure is taken on
  reports we do not have, so this guards generality and nothing may special-case a seed;
- fixtures/labelled and fixtures/labelled2 — 24 synthetic reports of our own writing, each set
  written and labelled by hand by someone other than the checker's author, labels first and the
  checker run after, on the variants of shared/domain.md and on wording a careful engineer might
  not anticipate.

Each case asserts: exit 0 at its floor, no false pass (a labelled fail reported as pass), and
every labelled meta value (year, agency, date) right. Do not lower a floor, and do not edit
labels to fit the checker.

History of the labelled sets:
- labelled: first measured 136/144 (0.944): the 第一部分/第二部分 part headings (02, fixed in the
  segmenter: 第X部分 now ranks above 一、), a closing agency not found above a placeholder date
  (12, fixed in facts), and two cells of report 10 labelled against the ⚑ statuses contract of
  shared/design.md (a preface mention is partial, a rule inside an absent part is na), which
  were relabelled by that contract. Now 144/144.
- labelled2: first measured 139/144 (0.965): "问题及原因分析" headings (02, 08) not recognised as
  the shortcomings part (fixed: a heading pattern of the part); the title "……工作总结" (12) is
  labelled fail on the literal rule (no 报告/情况) where the checker gives partial. Now 143/144.
"""
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT, SHARED

AGREEMENT = SHARED / "tools" / "agreement.py"

CASES = [
    pytest.param(SHARED / "seeds", 0.95, id="seeds"),
    pytest.param(FIXTURES / "labelled", 0.95, id="labelled"),
    pytest.param(FIXTURES / "labelled2", 0.95, id="labelled2"),
]


@pytest.mark.skipif(not AGREEMENT.exists(), reason="../shared/tools/agreement.py is not beside the project")
@pytest.mark.parametrize("folder,floor", CASES)
def test_agreement(folder, floor):
    labels = folder / "expected.yaml"
    if not labels.exists():
        pytest.skip(f"{labels} is absent")
    command = f"{sys.executable} -m checker check --format json --pack fazhi"
    result = subprocess.run([sys.executable, str(AGREEMENT), str(labels), str(folder), "--cmd", command,
                             "--min", str(floor), "--show-misses"], capture_output=True, text=True, cwd=ROOT)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    last = result.stdout.strip().splitlines()[-1]
    assert "false passes: 0" in last, output
    ratio = float(last.split("agreement: ")[1].split()[0])
    assert ratio >= floor, output
    agreed, total = last.split("meta ")[1].split(",")[0].split("/")
    assert agreed == total, output
