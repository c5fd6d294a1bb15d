"""Golden files for the renderers: the table at a fixed width without colour, and the JSON.

Regenerate after an intended change: UPDATE_GOLDEN=1 pytest tests/test_golden.py
"""
import os
from pathlib import Path

import pytest

from checker.judge import packs
from checker.judge.engine import evaluate
from checker.readers import read_path
from checker.render import json as json_renderer
from checker.render import table as table_renderer

GOLDEN = Path(__file__).parent / "golden"
FIXTURES = Path(__file__).parent.parent / "fixtures"
CASES = [("complete.txt", "zh"), ("variants/missing_shortcomings.txt", "zh"), ("variants/missing_shortcomings.txt", "en")]


def _render(fixture, lang, renderer):
    pack = packs.load("fazhi")
    report = evaluate(read_path(f"fixtures/{fixture}" if not os.path.isabs(fixture) else fixture), pack, lang)
    if renderer == "table":
        return table_renderer.render([report], pack, lang=lang, width=100, color=False)
    return json_renderer.render([report], pack)


@pytest.mark.parametrize("fixture,lang", CASES)
@pytest.mark.parametrize("renderer", ["table", "json"])
def test_golden(fixture, lang, renderer, monkeypatch):
    monkeypatch.chdir(FIXTURES.parent)
    name = f"{Path(fixture).stem}.{lang}.{renderer}" + (".txt" if renderer == "table" else ".json")
    got = _render(fixture, lang, renderer)
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") or not path.exists():
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")
