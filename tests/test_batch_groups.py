"""雷同 as groups: report groups, section families, representatives, linear cost (no timing: the
benchmark measures speed; these count the work)."""
from __future__ import annotations

import os
import random

import pytest

import batch_helper
import reportgen
from checker.analysis.text import to_key
from checker.review import batch, groups, similarity as sim


def _rel(root, path):
    return os.path.relpath(path, root).replace(os.sep, "/")


@pytest.fixture(scope="module")
def grouped(tmp_path_factory):
    root = tmp_path_factory.mktemp("groups")
    names = batch_helper.build_groups(str(root))
    return str(root), names, batch_helper.review(str(root))


def test_a_template_family_is_one_group_verified_against_its_representative(grouped):
    root, names, summary = grouped
    report_groups = summary.report_groups()
    family = report_groups[0]  # the largest first
    assert family.id == "G1" and family.kind == "report"
    assert sorted(_rel(root, m.path) for m in family.everyone()) == sorted(names["family"])
    assert family.representative.similarity == 1.0
    threshold = batch.similarity_settings("fazhi").report_threshold
    assert all(m.similarity >= threshold for m in family.members)
    assert [m.similarity for m in family.members] == sorted((m.similarity for m in family.members), reverse=True)
    assert family.pairs is None  # 7 reports: 21 pairs, not listed
    shared = {s.label for s in family.sections}
    assert any("不足" in label for label in shared) and all(s.members <= family.size - 1 for s in family.sections)


def test_a_small_group_lists_its_pairs(grouped):
    root, names, summary = grouped
    pair_group = next(g for g in summary.report_groups() if _rel(root, g.representative.path) in names["pair"])
    assert pair_group.size == 2 and pair_group.pairs is not None and len(pair_group.pairs) == 1
    pair = pair_group.pairs[0]
    assert {_rel(root, pair.a), _rel(root, pair.b)} == set(names["pair"]) and pair.whole and pair.sections
    assert pair in summary.similar  # the flat pair list holds the small groups' pairs only
    assert not any(_rel(root, p.a) in names["family"] for p in summary.similar)


def test_reports_sharing_only_one_paragraph_are_a_section_family_not_a_report_group(grouped):
    root, names, summary = grouped
    in_report_groups = {_rel(root, m.path) for g in summary.report_groups() for m in g.everyone()}
    assert not in_report_groups & set(names["shared"])
    families = summary.section_families()
    assert len(families) == 1, [(g.id, [m.path for m in g.everyone()]) for g in families]
    family = families[0]
    assert family.id == "S1" and family.size == 2
    assert {_rel(root, m.path) for m in family.everyone()} == set(names["shared"])
    assert all(batch_helper.SHARED_HEADING in m.label for m in family.everyone())
    assert family.members[0].similarity >= 0.9
    assert not in_report_groups & {_rel(root, m.path) for m in family.everyone()}


def test_unrelated_reports_are_in_no_group(grouped):
    root, names, summary = grouped
    everyone = {_rel(root, m.path) for g in summary.similar_groups for m in g.everyone()}
    assert not everyone & set(names["other"])


def test_the_ranking_column_names_the_group(grouped):
    from checker.render.batch_labels import similar_cell

    root, names, summary = grouped
    family = summary.report_groups()[0]
    member = family.members[0].path
    assert similar_cell(summary, member, "zh").startswith("G1 · 7份 · 与代表")
    assert similar_cell(summary, family.representative.path, "zh") == "G1 · 7份 · 代表"
    shared = os.path.join(root, names["shared"][1])
    assert "S1 部分雷同" in similar_cell(summary, shared, "zh")
    assert similar_cell(summary, os.path.join(root, names["other"][0]), "zh") == ""


# --- at scale, on sketches alone ------------------------------------------------------------------

def _report_sketch(text: str) -> sim.Sketch:
    return sim.sketch(to_key(text), [], 200)


def test_a_planted_family_of_30_among_1000_comes_out_as_one_group():
    rng = random.Random(5)
    template = reportgen.make_report(900, target_chars=1500)
    planted = set(rng.sample(range(1000), 30))
    finder = sim.CandidateFinder(sim.Settings(report_threshold=0.5, section_threshold=0.7))
    for index in range(1000):
        if index in planted:
            text = reportgen.edited_copy(template, index, edits=5).text
        else:
            text = reportgen.make_report(1000 + index, target_chars=1500).text
        finder.add(index, _report_sketch(text))
    found = groups.find(finder, finder.settings, [f"r{i}" for i in range(1000)])
    assert [g.size for g in found.groups if g.kind == "report"] == [30]
    assert {int(m.path[1:]) for m in found.groups[0].everyone()} == planted


def test_verification_is_linear_in_the_size_of_a_family(monkeypatch):
    """200 near-copies: each is verified against its representative, not against every other
    member (19,900 pairs)."""
    template = reportgen.make_report(901, target_chars=2000)
    finder = sim.CandidateFinder(sim.Settings(report_threshold=0.5, section_threshold=0.7))
    for index in range(200):
        finder.add(index, _report_sketch(reportgen.edited_copy(template, index, edits=4).text))
    calls = []
    real = groups.jaccard
    monkeypatch.setattr(groups, "jaccard", lambda a, b: calls.append(1) or real(a, b))
    found = groups.find(finder, finder.settings, [f"r{i}" for i in range(200)])
    assert [g.size for g in found.groups] == [200]
    assert len(calls) <= 2 * 200


def test_a_bucket_of_k_items_gives_k_minus_1_edges():
    bands = sim._Bands(4)
    signature = bytes(range(64))
    for item in range(500):
        bands.add(item, signature)
    edges = list(bands.edges())
    assert len(edges) == 4 * 499  # not 4 × 124,750
    assert {a for a, _ in edges} == {0}


def test_the_sample_is_the_same_eighth_of_4_grams_in_every_text():
    text = to_key(reportgen.make_report(902, target_chars=3000).text)
    hashes = sim.shingle_hashes(text)
    shifted = sim.shingle_hashes("前言" + text)
    assert list(shifted[2:]) == list(hashes)  # a 4-gram's hash does not depend on where it is
    sample = sim.sample_of(hashes)
    assert all(value < 1 << 29 for value in sample)
    assert 0.09 < len(sample) / len(hashes) < 0.16
    assert sim.jaccard(sim.hash_set(sample), sim.hash_set(sample)) == 1.0


def test_jaccard_from_the_intersection_alone():
    assert sim.jaccard({1, 2, 3}, {2, 3, 4}) == 0.5
    assert sim.jaccard(set(), {1}) == 0.0


def test_a_section_is_the_slice_of_its_report_sample_inside_it():
    from array import array

    key = to_key(reportgen.make_report(903, target_chars=4000).text)
    sections = [("甲", 1, 0, 900, None), ("乙", 5, 900, 2500, None), ("丙", 9, 1000, 1800, 1)]
    made = sim.sketch(key, sections, 200)
    sample = array("I")
    sample.frombytes(made.sample)
    hashes = sim.shingle_hashes(sim.shingle_key(key))
    for (_label, _line, start, end, _parent), part in zip(sections, made.sections):
        inside = [h for h in hashes[start:end - sim.CHAR_SHINGLE + 1] if h < 1 << 29]
        assert list(sample[part.start:part.end]) == inside
    assert made.sections[2].parent == 1



def test_a_family_starting_late_in_a_component_of_many_clusters_still_forms(monkeypatch):
    """A component whose first 104 members (in central order) are unrelated reports, then two
    families of 30 near-copies. Beyond MAX_REPRESENTATIVES clusters a member is still estimated
    against its own candidate neighbours' clusters (the first version tried only the 64 largest,
    so a family whose first member came after 64 singletons never grew), and the work per member
    stays bounded (no re-sort of every cluster for every member)."""
    singletons, family = groups.MAX_REPRESENTATIVES + 40, 30
    sets, family_of, first = {}, {}, {}
    for item in range(singletons):
        sets[item] = set(range(6)) | {10_000 + 100 * item + k for k in range(20)}
    for name, base in (("A", 1_000_000), ("B", 2_000_000)):
        for _ in range(family):
            item = len(sets)
            first.setdefault(name, item)
            sets[item] = {base + k for k in range(40)} | {base + 1000 + item}
            family_of[item] = name
    edges = [(i, i + 1, 0.4) for i in range(singletons - 1)]  # a chain: one component
    edges += [(0, first[name], 0.4) for name in first]
    edges += [(first[family_of[item]], item, 0.9) for item in family_of if item not in first.values()]

    def signature_of(item):  # the unrelated reports agree with the per-bin mode: they come first
        return (0,) * 8 if item < singletons else (item,) * 8

    calls = []

    def estimate(a, b):
        calls.append(1)
        return 0.9 if a in family_of and family_of.get(a) == family_of.get(b) else 0.4

    clusters = groups._clusters(len(sets), edges, signature_of, lambda item: (item,), estimate, sets.__getitem__,
                                0.5, 0.35)
    assert sorted(1 + len(c.members) for c in clusters) == [family, family]
    for cluster in clusters:
        assert len({family_of[i] for i in [cluster.representative] + [m for m, _ in cluster.members]}) == 1
    assert len(calls) <= (groups.MAX_REPRESENTATIVES + 2) * len(sets)
