"""Architecture checks: the import direction, and a lean start-up."""
import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "checker"

# A module may import only modules of its own layer or below.
LAYERS = [
    {"model", "errors"},
    {"analysis.text"},
    {"analysis.segment", "analysis.facts", "analysis.parts", "judge.scoring", "kinds"},
    {"judge.engine", "judge.packs", "readers", "render", "ci.baseline", "ci.gate", "ci.config", "authoring",
     "review.batch", "review.model", "review.similarity", "review.yoy", "regex_screen", "server", "serve",
     "judge.placement"},
    {"cli", "commands", "__main__"},
]


def _layer(module: str) -> int:
    for index, names in enumerate(LAYERS):
        if any(module == name or module.startswith(name + ".") for name in names):
            return index
    return len(LAYERS)  # unknown modules (new ones) sit at the top


def test_imports_point_downwards():
    problems = []
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        own = _layer(module)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("checker."):
                names = [f"{node.module[len('checker.'):]}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name[len("checker."):] for a in node.names if a.name.startswith("checker.")]
            for name in names:
                if _layer(name) > own and own < len(LAYERS):
                    problems.append(f"{module} imports {name}")
    assert not problems, problems


def test_check_does_not_import_jieba_or_heavy_readers(tmp_path):
    code = (
        "import sys, runpy\n"
        "sys.argv = ['fzcheck', 'check', '--format', 'json', 'fixtures/complete.txt']\n"
        "try:\n    runpy.run_module('checker', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = [m for m in ('jieba', 'docx', 'pypdfium2', 'openpyxl', 'lxml', 'trafilatura') if m in sys.modules]\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=PACKAGE.parent)
    assert "HEAVY=" in result.stderr.decode()
    assert result.stderr.decode().split("HEAVY=")[-1].strip() == ""
