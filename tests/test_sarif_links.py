"""SARIF for code scanning: the tool's informationUri, each rule's helpUri (docs/rules.md, generated
from the built-in packs), and the snippets shown beside a finding (region and context region).

The log validates against the OASIS SARIF 2.1.0 schema here; with the SARIF multitool on this
machine (SARIF_MULTITOOL=path, or sarif-multitool on PATH: `npm install @microsoft/sarif-multitool`)
its validate command must report no error and no warning on the output for the fixtures and seeds.
"""
import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from checker.authoring import kinds_doc
from conftest import FIXTURES, ROOT, SHARED, run_cli
from test_ci_formats import validate_sarif

DOCS = ROOT / "docs" / "rules.md"


def _sarif(tmp_path, *paths, lang="zh"):
    target = tmp_path / "out.sarif"
    result = run_cli("check", "--lang", lang, "--format", f"sarif:{target}", *map(str, paths))
    assert result.returncode in (0, 1), result.stderr
    return json.loads(target.read_text(encoding="utf-8")), target


def _inputs():
    paths = [FIXTURES / "ci" / "gaps.txt", FIXTURES / "variants" / "no_closing.txt", FIXTURES / "typeset" / "short_parts.txt"]
    if (SHARED / "seeds").is_dir():
        paths += sorted((SHARED / "seeds").glob("*.txt"))
    return paths


def test_rules_doc_is_current():
    assert DOCS.read_text(encoding="utf-8") == kinds_doc.rules_markdown(), \
        "run: python -m checker.authoring --rules-doc docs/rules.md"


def test_information_and_help_uris(tmp_path):
    data, _ = _sarif(tmp_path, *_inputs())
    validate_sarif(data)
    driver = data["runs"][0]["tool"]["driver"]
    assert driver["informationUri"].startswith("https://")
    text = DOCS.read_text(encoding="utf-8")
    for rule in driver["rules"]:
        uri = rule["helpUri"]
        assert uri.startswith(driver["informationUri"] + "/blob/main/docs/rules.md#"), uri
        assert f'<a id="{uri.rsplit("#", 1)[1]}"></a>' in text  # the anchor exists


def test_a_rule_of_your_own_pack_links_to_how_packs_work(tmp_path):
    pack = tmp_path / "mine.yaml"
    pack.write_text("id: mine\nversion: '1'\ntitle: 我的\nextends: fazhi\nrules:\n"
                    "  - {id: mine.sunshine, kind: keywords, title: 阳光执法, severity: warning, weight: 3,"
                    " terms: [阳光执法]}\n", encoding="utf-8")
    target = tmp_path / "out.sarif"
    run_cli("check", "--pack", str(pack), "--format", f"sarif:{target}", str(FIXTURES / "complete.txt"))
    rules = {r["id"]: r for r in json.loads(target.read_text(encoding="utf-8"))["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["mine.sunshine"]["helpUri"].endswith("/docs/packs.md#rules")
    assert rules["section.plan"]["helpUri"].endswith("/docs/rules.md#fazhi-section-plan")


def test_snippets_are_the_files_own_text_with_the_whole_line_as_context(tmp_path):
    data, _ = _sarif(tmp_path, *_inputs())
    artifacts = [a["location"]["uri"] for a in data["runs"][0]["artifacts"]]
    with_snippet = 0
    for result in data["runs"][0]["results"]:
        physical = result["locations"][0]["physicalLocation"]
        region = physical["region"]
        uri = artifacts[physical["artifactLocation"]["index"]]
        path = Path(unquote(urlparse(uri).path)) if uri.startswith("file:") else ROOT / unquote(uri)
        lines = path.read_text(encoding="utf-8-sig").split("\n")
        line = lines[region["startLine"] - 1]
        if "snippet" in region:
            with_snippet += 1
            snippet = region["snippet"]["text"]
            assert "…" not in snippet
            assert line[region["startColumn"] - 1:region["endColumn"] - 1] == snippet  # the file's own text
            context = physical["contextRegion"]
            assert context["startLine"] <= region["startLine"] <= context["endLine"]
            assert context["snippet"]["text"] == "\n".join(lines[context["startLine"] - 1:context["endLine"]])
    assert with_snippet >= 5


def _multitool():
    found = os.environ.get("SARIF_MULTITOOL") or shutil.which("sarif-multitool")
    if not found:
        for candidate in (ROOT / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool",):
            if candidate.exists():
                return str(candidate)
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sarif_multitool_finds_no_error_or_warning(tmp_path, lang):
    tool = _multitool()
    if not tool:
        pytest.skip("the SARIF multitool is not installed (npm install @microsoft/sarif-multitool)")
    _, target = _sarif(tmp_path, *_inputs(), lang=lang)
    result = subprocess.run([tool, "validate", "--level", "Error;Warning", str(target)], capture_output=True,
                            text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert ": error " not in output and ": warning " not in output, output
