"""The twelve synthetic reports in fixtures/labelled against their hand-made verdicts.

They were written and labelled independently of the checker (labels first, checker run after),
to measure it on variants it was not tuned on. The shared agreement tool scores them; the test
is skipped when ../shared/tools/agreement.py is not beside the project.
"""
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT, SHARED

AGREEMENT = SHARED / "tools" / "agreement.py"
FOLDER = FIXTURES / "labelled"
LABELS = FOLDER / "expected.yaml"

# The target is 0.95. When this set was first labelled the checker agreed on 136/144 cells
# (0.944), with no false passes; the misses were the 第一部分/第二部分 part headings (02, fixed in
# the segmenter: 第X部分 now ranks above 一、), a closing agency not found above a placeholder date
# (12, fixed in facts), and two cells of report 10 labelled against the ⚑ statuses contract of
# shared/design.md (a preface mention is partial, a rule inside an absent part is na), which
# were relabelled by that contract. Do not lower FLOOR, and do not edit labels to fit.
FLOOR = 0.95


@pytest.mark.skipif(not AGREEMENT.exists(), reason="../shared/tools/agreement.py is not beside the project")
def test_labelled_agreement():
    command = f"{sys.executable} -m checker check --format json --pack fazhi"
    result = subprocess.run([sys.executable, str(AGREEMENT), str(LABELS), str(FOLDER), "--cmd", command,
                             "--min", str(FLOOR), "--show-misses"], capture_output=True, text=True, cwd=ROOT)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    last = result.stdout.strip().splitlines()[-1]
    assert "false passes: 0" in last, output
    ratio = float(last.split("agreement: ")[1].split()[0])
    assert ratio >= FLOOR, output
    # Every labelled meta value (year, agency, date) agreed when measured: keep it so.
    meta = last.split("meta ")[1].split(",")[0]
    agreed, total = meta.split("/")
    assert agreed == total, output
