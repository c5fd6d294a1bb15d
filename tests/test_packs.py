"""Pack tests: built-in packs validate, ids are unique, the ⚑ rule ids are exact, errors are clear."""
import json
from pathlib import Path

import pytest

from checker.errors import PackError
from checker.judge import packs

CONTRACT_IDS = {
    "report.title", "section.measures", "section.shortcomings", "shortcomings.reasons", "section.leader",
    "section.plan", "plan.year", "enforcement.publicity", "enforcement.recording", "enforcement.legal-review",
    "signature.agency", "signature.date",
}


def test_schema_file_is_generated_from_the_kinds():
    shipped = json.loads((packs.rules_dir() / packs.SCHEMA_FILE).read_text(encoding="utf-8"))
    assert shipped == packs.build_schema(), "run: python -m checker.judge.packs --write-schema"


@pytest.mark.parametrize("name", packs.builtin_names())
def test_builtin_pack_passes_every_check_and_its_validated_copy_is_current(name):
    """A built-in pack is checked here, in full; at load it is read from rules/validated.json,
    which holds its data as validated and the digest of the file it came from."""
    path = packs.rules_dir() / f"{name}.yaml"
    merged, _ = packs.load_raw(str(path), _check_all=True)  # schema, ids, regexes, parents
    assert packs.merged_problems(merged, str(path)) == []
    entry = json.loads((packs.rules_dir() / packs.VALIDATED_FILE).read_text(encoding="utf-8")).get(path.name)
    hint = "run: python -m checker.judge.packs --write-schema"
    assert entry is not None and entry["digest"] == packs.pack_digest(path), hint
    assert entry["data"] == packs.read_file(path), hint
    copy, parsed = packs.validated_data(path), packs.read_file(path)
    assert copy == parsed and packs._same_order(copy, parsed)  # the order of parts is meaningful
    assert list(copy.get("parts", {})) == list(parsed.get("parts", {}))


def test_an_edited_builtin_pack_is_checked_at_load(tmp_path, monkeypatch):
    """A built-in file that is not the one validated (edited in a checkout) is parsed and checked
    like a user's pack."""
    import shutil

    for item in packs.rules_dir().iterdir():
        if item.is_file():
            shutil.copy(item, tmp_path / item.name)
    monkeypatch.setattr(packs, "rules_dir", lambda: tmp_path)
    packs._validated.cache_clear()
    packs._schema_bytes.cache_clear()
    try:
        assert packs.validated_data(tmp_path / "fazhi.yaml") is not None  # the copy as shipped
        text = (tmp_path / "fazhi.yaml").read_text(encoding="utf-8")
        (tmp_path / "fazhi.yaml").write_text(text.replace("\nrules:\n", "\nrulez: 1\nrules:\n", 1), encoding="utf-8")
        assert packs.validated_data(tmp_path / "fazhi.yaml") is None
        with pytest.raises(PackError) as error:
            packs.load("fazhi")
        assert "rulez" in error.value.zh
    finally:
        packs._validated.cache_clear()
        packs._schema_bytes.cache_clear()


def test_a_user_pack_file_is_never_taken_for_a_validated_one(tmp_path):
    copy = tmp_path / "fazhi.yaml"
    copy.write_text((packs.rules_dir() / "fazhi.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert packs.validated_data(copy) is None  # same bytes, but not a built-in


@pytest.mark.parametrize("name", packs.builtin_names())
def test_builtin_pack_loads_with_unique_ids(name):
    pack = packs.load(name)
    ids = [rule.id for rule in pack.rules]
    assert len(ids) == len(set(ids))
    for rule in pack.rules:
        assert rule.title and rule.basis and rule.help, rule.id


def test_fazhi_has_the_contract_rule_ids():
    ids = {rule.id for rule in packs.load("fazhi").rules}
    assert CONTRACT_IDS <= ids


def test_market_extends_fazhi_and_adds_recommended_rules():
    fazhi = {rule.id for rule in packs.load("fazhi").rules}
    market = packs.load("market")
    ids = {rule.id for rule in market.rules}
    assert fazhi < ids
    added = [rule for rule in market.rules if rule.id not in fazhi]
    assert len(added) >= 9
    assert all(rule.severity.value in ("warning", "info") for rule in added)


def _write(tmp_path, text, name="pack.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_invalid_yaml_names_file_and_line(tmp_path):
    path = _write(tmp_path, "id: x\nversion: '1'\ntitle: t\nrules: [\n")
    with pytest.raises(PackError) as error:
        packs.load(path)
    assert "pack.yaml" in error.value.zh and "YAML" in error.value.zh


def test_unknown_key_names_the_key_path(tmp_path):
    path = _write(tmp_path, "id: x\nversion: '1'\ntitle: t\nextends: fazhi\nrules:\n  - id: report.title\n    wieght: 3\n")
    with pytest.raises(PackError) as error:
        packs.load(path)
    assert "rules[0]" in error.value.en and "wieght" in error.value.en


def test_child_pack_overrides_weight_disables_and_adds(tmp_path):
    path = _write(tmp_path, """
id: province
version: "1"
title: 某省
extends: fazhi
rules:
  - id: section.leader
    weight: 20
  - id: measures.figures
    disabled: true
  - id: province.sunshine
    kind: keywords
    title: 阳光执法
    severity: info
    weight: 2
    terms: [阳光执法]
    basis: 某省规定
    help: 写明阳光执法情况
""")
    pack = packs.load(path)
    by_id = {rule.id: rule for rule in pack.rules}
    assert by_id["section.leader"].weight == 20 and by_id["section.leader"].kind == "section"
    assert "measures.figures" not in by_id
    assert by_id["province.sunshine"].origin == "province"


def test_reference_to_undefined_part(tmp_path):
    path = _write(tmp_path, """
id: x
version: "1"
title: t
extends: fazhi
rules:
  - {id: x.y, kind: keywords, title: t, severity: info, weight: 1, terms: [a], scope: nowhere}
""")
    with pytest.raises(PackError) as error:
        packs.load(path)
    assert "nowhere" in error.value.zh


def test_unknown_pack_name_lists_builtins():
    with pytest.raises(PackError) as error:
        packs.load("nosuchpack")
    assert "fazhi" in error.value.zh


def test_extends_cycle(tmp_path):
    _write(tmp_path, "id: a\nversion: '1'\ntitle: a\nextends: b.yaml\n", "a.yaml")
    _write(tmp_path, "id: b\nversion: '1'\ntitle: b\nextends: a.yaml\n", "b.yaml")
    with pytest.raises(PackError):
        packs.load(str(Path(tmp_path) / "a.yaml"))
