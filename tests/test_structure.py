"""Architecture checks: the layers and their import direction, no import cycles, a lean start-up."""
import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "checker"

# The layers, bottom to top, by the first part of a module's name under checker/. A module may
# import only modules of its own layer or below. (The package itself, checker/__init__.py, holds
# only __version__ and sits at the bottom.)
LAYERS = [
    {"model", "errors"},
    {"readers"},
    {"analysis"},
    {"kinds"},
    {"judge"},
    {"review", "ci", "render", "authoring", "serve"},
    {"cli", "commands", "__main__"},
]
# Top-level files of checker/: the entry points and the shared model; everything else is in a package.
TOP_LEVEL_FILES = {"__init__.py", "__main__.py", "cli.py", "model.py", "errors.py"}


def _modules() -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its own name)."""
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ("checker",) + path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def _layer(module: str) -> int | None:
    """The layer of ``checker.x…`` (None: a module that no layer names)."""
    if module == "checker":
        return 0
    top = module.split(".")[1]
    return next((index for index, names in enumerate(LAYERS) if top in names), None)


def _resolve(name: str, modules) -> str | None:
    """The module ``name`` is, or the nearest package above it that is one (``checker.x.y.Z``
    names the module ``checker.x.y``); None outside the package."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str, path: Path, modules) -> set[str]:
    """The checker modules ``module`` imports, at the top or inside functions; also
    ``importlib.import_module("checker.…")`` with a literal name. (A name built at run time,
    like the reader dispatch's, is not seen.)"""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # `from checker.x import y` imports the module checker.x.y when there is one
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        elif isinstance(node, ast.Call) and isinstance(node.func, (ast.Attribute, ast.Name)) \
                and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module" \
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            names = [node.args[0].value]
        for name in names:
            if name == "checker" or name.startswith("checker."):
                target = _resolve(name, modules)
                if target is not None and target != module:
                    found.add(target)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {module: _imports(module, path, modules) for module, path in modules.items()}


def test_every_module_has_a_layer():
    unknown = [module for module in _modules() if _layer(module) is None]
    assert not unknown, f"modules in no layer (add their package to LAYERS): {unknown}"


def test_top_level_holds_only_entry_points_and_the_shared_model():
    files = {path.name for path in PACKAGE.glob("*.py")}
    assert files == TOP_LEVEL_FILES, sorted(files ^ TOP_LEVEL_FILES)
    folders = {path.name for path in PACKAGE.iterdir() if path.is_dir() and path.name != "__pycache__"}
    packages = {name for layer in LAYERS for name in layer} - {file[:-3] for file in TOP_LEVEL_FILES}
    assert folders == packages, sorted(folders ^ packages)


def test_imports_point_downwards():
    problems = []
    for module, targets in _graph().items():
        own = _layer(module)
        if own is None:
            problems.append(f"{module} is in no layer")
            continue
        for target in sorted(targets):
            theirs = _layer(target)
            if theirs is None or theirs > own:
                problems.append(f"{module} (layer {own + 1}) imports {target} "
                                f"(layer {'none' if theirs is None else theirs + 1})")
    assert not problems, problems


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index, low, on_stack, stack, components = {}, {}, set(), [], []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def test_no_import_cycles():
    cycles = _cycles(_graph())
    assert not cycles, cycles


def test_the_cycle_check_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_check_does_not_import_jieba_or_heavy_readers(tmp_path):
    code = (
        "import sys, runpy\n"
        "sys.argv = ['fzcheck', 'check', '--format', 'json', 'fixtures/complete.txt']\n"
        "try:\n    runpy.run_module('checker', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        # jsonschema and yaml: a built-in pack is read from its validated copy (rules/validated.json)
        # zipfile, tempfile, importlib.resources, the pack validator: ~7 ms of a cold check that
        # reads no zip package, writes no file and uses a built-in pack (bench_check's 1.5× goal)
        "heavy = [m for m in ('jieba', 'docx', 'pypdfium2', 'openpyxl', 'lxml', 'trafilatura', 'jsonschema',"
        " 'yaml', 'zipfile', 'tempfile', 'importlib.resources', 'checker.authoring.validate') if m in sys.modules]\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=PACKAGE.parent)
    assert "HEAVY=" in result.stderr.decode()
    assert result.stderr.decode().split("HEAVY=")[-1].strip() == ""
