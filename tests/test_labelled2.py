"""The twelve synthetic reports in fixtures/labelled2 (a second, harder set) against their hand-made verdicts.

Written and labelled independently of the checker and of fixtures/labelled (labels first, checker
run after), on variants a careful engineer might not anticipate: titles split over two lines or
called 工作总结, top-level （一） headings, heading words that are not the statutory ones, the
leader part as heading and preface sentence at once, a preface announcing parts the body lacks,
carried-over plan years, 上一篇/下一篇 debris, two agencies on one closing line, dates in Chinese
numerals, partly named enforcement systems. The shared agreement tool scores them; the test is
skipped when ../shared/tools/agreement.py is not beside the project.
"""
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT, SHARED

AGREEMENT = SHARED / "tools" / "agreement.py"
FOLDER = FIXTURES / "labelled2"
LABELS = FOLDER / "expected.yaml"

# The target is 0.95. When this set was first labelled the checker agreed on 139/144 cells
# (0.965), meta 35/35, with no false passes. The misses: the headings "（二）问题及原因分析" (02)
# and "二、问题及原因分析" (08) were not recognised as the shortcomings part (section.shortcomings
# fail, so shortcomings.reasons na, where both are pass by hand); and the title
# "……2021年法治政府建设工作总结" (12) is labelled fail on the literal rule (no 报告/情况) where
# the checker gives partial. The 问题及原因 headings are now recognised (a heading pattern of the
# shortcomings part); 143/144 (0.993). Do not lower FLOOR, and do not edit labels to fit.
FLOOR = 0.95


@pytest.mark.skipif(not AGREEMENT.exists(), reason="../shared/tools/agreement.py is not beside the project")
def test_labelled2_agreement():
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
