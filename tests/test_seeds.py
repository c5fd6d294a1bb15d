"""The seed reports in ../shared/seeds against their hand-made verdicts (skipped without ../shared).

The same measure is taken on reports we do not have, so this guards generality, not a target
to tune for: nothing in the checker may special-case a seed.
"""
import subprocess
import sys

import pytest

from conftest import ROOT, SHARED

AGREEMENT = SHARED / "tools" / "agreement.py"
LABELS = SHARED / "seeds" / "expected.yaml"


@pytest.mark.skipif(not AGREEMENT.exists() or not LABELS.exists(), reason="../shared is not beside the project")
def test_seed_agreement():
    command = f"{sys.executable} -m checker check --format json --pack fazhi"
    result = subprocess.run([sys.executable, str(AGREEMENT), str(LABELS), str(SHARED / "seeds"), "--cmd", command,
                             "--min", "0.95", "--show-misses"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert "false passes: 0" in last
    meta = last.split("meta ")[1].split(",")[0]
    agreed, total = meta.split("/")
    assert agreed == total, last
