import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"


def run_cli(*args, input=None, cwd=None, env=None):
    """Run the real program in a subprocess, as a user would."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    full_env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, input=input,
                          cwd=cwd or ROOT, env=full_env)


@pytest.fixture
def cli():
    return run_cli
