"""fzcheck batch: collection, the worker, aggregation, similarity and year over year (in process)."""
from __future__ import annotations

import os
import pickle

import pytest

import batch_helper
import reportgen
from checker.judge import packs
from checker.model import Status
from checker.review import batch, similarity as sim, yoy
from checker.review.model import EXPORT_MARKER


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch")
    names = batch_helper.build(str(root))
    return str(root), names


@pytest.fixture(scope="module")
def summary(folder):
    root, _ = folder
    pack = packs.load("fazhi")
    settings = batch.similarity_settings("fazhi")
    files = batch.collect([root]).files
    config = batch.WorkerConfig(pack_ref="fazhi", min_section_chars=settings.min_section_chars)
    results = list(batch.run(files, config, jobs=1))
    return batch.aggregate(results, pack, settings, second_look=batch.mapper(config, 1))


def _rel(root, path):
    return os.path.relpath(path, root).replace(os.sep, "/")


# --- collecting ------------------------------------------------------------------------------

def test_collect_walks_folders_and_skips_what_is_not_a_report(folder):
    root, names = folder
    found = sorted(_rel(root, p) for p in batch.collect([root]).files)
    expected = sorted(v for k, v in names.items())
    assert found == expected  # no .xlsx, no hidden file or folder, no ~$ lock file


def test_collect_globs_plain_paths_and_duplicates(folder):
    root, names = folder
    pattern = os.path.join(root, "**", "*.txt")
    plain = os.path.join(root, names["copy"])
    collected = batch.collect([pattern, plain, plain, os.path.join(root, "2024")])
    rel = [_rel(root, p) for p in collected.files]
    assert len(rel) == len(set(rel))
    assert names["copy"] in rel and names["base"] in rel
    assert "2024/.隐藏.txt" not in rel
    nothing = batch.collect([os.path.join(root, "*.nothing")])
    assert nothing.files == () and nothing.unmatched == (os.path.join(root, "*.nothing"),)


def test_a_missing_plain_path_is_kept_to_become_an_error_row(tmp_path):
    missing = str(tmp_path / "没有这个文件.txt")
    assert batch.collect([missing]).files == (missing,)


def test_own_html_export_is_not_taken_for_a_report(tmp_path):
    (tmp_path / "a.txt").write_text(reportgen.make_report(1).text, encoding="utf-8")
    (tmp_path / "summary.html").write_text(f"<!DOCTYPE html><html><head>{EXPORT_MARKER}</head></html>",
                                           encoding="utf-8")
    (tmp_path / "report.html").write_text("<html><body>报告</body></html>", encoding="utf-8")
    names = sorted(os.path.basename(p) for p in batch.collect([str(tmp_path)]).files)
    assert names == ["a.txt", "report.html"]


# --- the summary ------------------------------------------------------------------------------

def test_unreadable_files_become_error_rows_with_reasons(folder, summary):
    root, names = folder
    by_path = {_rel(root, r.path): r for r in summary.reports}
    assert "为空" in by_path[names["empty"]].error
    assert "损坏" in by_path[names["corrupt"]].error
    assert summary.totals.errors == 2
    assert summary.totals.checked == len(summary.reports) - 2
    # errors come last in the ranking; checked reports by score, best first
    ranked = [summary.reports[i] for i in summary.ranking]
    assert all(r.error for r in ranked[-2:])
    scores = [r.score.score for r in ranked[:-2]]
    assert scores == sorted(scores, reverse=True)


def test_mixed_formats_are_checked(folder, summary):
    root, names = folder
    by_path = {_rel(root, r.path): r for r in summary.reports}
    for key in ("base", "copy", "current") + (("pdf",) if "pdf" in names else ()):
        report = by_path[names[key]]
        assert report.error is None, report.error
        assert report.score.score > 50


def test_near_duplicates_are_found_with_their_sections(folder, summary):
    root, names = folder
    pairs = {frozenset((_rel(root, p.a), _rel(root, p.b))): p for p in summary.similar}
    pair = pairs.get(frozenset((names["base"], names["copy"])))
    assert pair is not None, [(p.a, p.b) for p in summary.similar]
    assert pair.whole and pair.similarity >= 0.9
    assert pair.sections and all(m.similarity >= 0.7 for m in pair.sections)
    assert any("存在的不足" in m.a_label for m in pair.sections)


def test_unrelated_reports_are_not_flagged(folder, summary):
    root, names = folder
    flagged = {_rel(root, p) for pair in summary.similar for p in (pair.a, pair.b)}
    for key in ("other", "third", "hostile", "previous"):
        assert names[key] not in flagged
    assert len(summary.similar) == 1


def test_year_over_year_shows_which_plan_items_reappear(folder, summary):
    root, names = folder
    assert len(summary.yoy) == 1
    pair = summary.yoy[0]
    assert _rel(root, pair.previous) == names["previous"] and _rel(root, pair.current) == names["current"]
    assert (pair.previous_year, pair.current_year) == (2023, 2024)
    status = {item.item: item.status for item in pair.items}
    assert status[batch_helper.PLAN_2023[0]] == "found"
    assert status[batch_helper.PLAN_2023[1]] == "found"
    assert status[batch_helper.PLAN_2023[2]] == "missing"
    assert status[batch_helper.PLAN_2023[3]] == "missing"


def test_rule_counts_add_up_and_worst_come_first(summary):
    checked = summary.totals.checked
    for stat in summary.rules:
        assert stat.fail + stat.partial + stat.passed + stat.na == checked
    keys = [(s.fail, s.partial) for s in summary.rules]
    assert keys == sorted(keys, key=lambda k: (-k[0], -k[1])) or keys[0] >= keys[-1]
    leader = next(s for s in summary.rules if s.rule == "section.leader")
    assert leader.fail >= 1  # the report written without the leader part


def test_missing_required_elements_are_listed(folder, summary):
    root, names = folder
    index = next(i for i, r in enumerate(summary.reports) if _rel(root, r.path) == names["third"])
    assert any("第一责任人" in title for title in summary.missing[index])


# --- the worker -------------------------------------------------------------------------------

def test_worker_result_is_small_and_holds_no_text(tmp_path):
    report = reportgen.make_report(3, target_chars=15000)
    path = tmp_path / "r.txt"
    path.write_text(report.text, encoding="utf-8")
    batch.init_worker(batch.WorkerConfig(pack_ref="fazhi"))
    result = batch.check_one((0, str(path)))
    assert result.report.error is None
    size = len(pickle.dumps(result))
    # the Report, signatures and the 4-gram sample (~7 KB); the text alone is ~45 KB in UTF-8
    assert size < 24000, size
    body_sentence = report.lines[7][:30]
    assert body_sentence not in pickle.dumps(result).decode("utf-8", "ignore")


def test_pool_gives_the_same_results_as_sequential(folder, monkeypatch):
    root, _ = folder
    files = batch.collect([root]).files
    config = batch.WorkerConfig(pack_ref="fazhi")
    sequential = sorted(batch.run(files, config, jobs=1), key=lambda r: r.index)
    monkeypatch.setattr(batch, "pool_min_files", lambda: 2)
    pooled = sorted(batch.run(files, config, jobs=2), key=lambda r: r.index)
    assert [r.report for r in pooled] == [r.report for r in sequential]
    assert [r.sketch for r in pooled] == [r.sketch for r in sequential]


def test_small_batches_run_in_process():
    threshold = batch.pool_min_files()
    assert threshold in (batch.POOL_MIN_FILES, batch.POOL_MIN_FILES_SPAWNED)
    assert not batch.use_pool(threshold - 1, 2)
    assert batch.use_pool(threshold, 2)
    assert not batch.use_pool(1000, 1)


# --- similarity and year over year, pure -------------------------------------------------------

def _sketch(generated):
    from checker.judge.engine import analyse
    from checker.model import Document

    ctx = analyse(Document(path="x", lines=generated.lines), packs.load("fazhi"))
    return batch._sketch(ctx, 200)


def test_minhash_estimates_track_similarity():
    a = reportgen.make_report(21, target_chars=6000)
    near = _sketch(reportgen.edited_copy(a, 1))
    far = _sketch(reportgen.make_report(22, target_chars=6000))
    mine = _sketch(a)
    assert sim.estimate(mine.signature, near.signature) > 0.85
    assert sim.estimate(mine.signature, far.signature) < 0.35


def test_candidate_finder_pairs_only_the_similar():
    finder = sim.CandidateFinder(sim.Settings())
    base = reportgen.make_report(31, target_chars=4000)
    finder.add(0, _sketch(base))
    for k in range(1, 6):
        finder.add(k, _sketch(reportgen.make_report(31 + k, target_chars=4000)))
    finder.add(6, _sketch(reportgen.edited_copy(base, 2)))
    edges = [(a, b) for a, b, _estimate in finder.report_edges()]  # items: the order sketches were added
    assert edges == [(0, 6)]


def test_changed_figures_do_not_hide_a_copy():
    key = "全年办理行政许可1234件，同比增长12%，审核重大执法决定56件。" * 20
    changed = key.replace("1234", "9876").replace("56", "77")  # same number of digits
    a = sim.sketch(key, [], 200)
    b = sim.sketch(changed, [], 200)
    assert sim.estimate(a.signature, b.signature) == 1.0


def test_plan_items_split():
    assert yoy.split_items(["加强队伍建设", "推进智慧执法"], "") == ("加强队伍建设", "推进智慧执法")
    items = yoy.split_items([], "2025年，我局将：一是加强执法队伍建设；二是推进执法办案系统对接；三是深化公平竞争审查。")
    assert len(items) == 3 and items[1].startswith("推进执法办案系统对接")


def test_year_pairs_match_agency_and_consecutive_years():
    entries = [(0, "东阳县司法局", 2023), (1, "东阳县 司法局", 2024), (2, "东阳县司法局", 2022),
               (3, "梅川市生态环境局", 2024), (4, None, 2023)]
    assert sorted(yoy.pairs(entries)) == [(0, 1), (2, 0)]


def test_settings_come_from_the_pack():
    settings = batch.similarity_settings("fazhi")
    assert 0 < settings.report_threshold <= 1 and 0 < settings.section_threshold <= 1
    assert settings.min_section_chars >= 20


def test_status_matrix_lookup(summary):
    report = next(r for r in summary.reports if r.error is None)
    assert summary.status_of(report, "section.measures") in (Status.PASS, Status.PARTIAL, Status.FAIL)


def test_second_look_in_a_pool_gives_the_same_answers(folder, summary, monkeypatch):
    """Year over year (the one view that reads files again), run by two workers (each loads jieba
    once), gives the same answers; the groups are built from the sketches alone."""
    root, _ = folder
    pack = packs.load("fazhi")
    settings = batch.similarity_settings("fazhi")
    config = batch.WorkerConfig(pack_ref="fazhi", min_section_chars=settings.min_section_chars)
    monkeypatch.setattr(batch, "SECOND_LOOK_POOL_FROM", 1)
    results = batch.run(batch.collect([root]).files, config, jobs=1)
    pooled = batch.aggregate(results, pack, settings, second_look=batch.mapper(config, 2))
    assert pooled.similar == summary.similar
    assert pooled.similar_groups == summary.similar_groups
    assert pooled.yoy == summary.yoy


@pytest.mark.parametrize("text, expected", [
    # the plan shares a heading with the shortcomings and has numbered items of its own
    ("某局2024年度法治政府建设情况报告\n一、主要举措和成效\n（一）加强执法\n全年办案10件。\n"
     "二、存在问题和下一步打算\n（一）存在问题\n人员不足，主要原因是编制少。\n（二）下一步打算\n"
     "1.推进执法办案系统与上级平台对接。\n2.深化公平竞争审查工作。\n",
     ("推进执法办案系统与上级平台对接", "深化公平竞争审查工作")),
    # items written inside one paragraph
    ("某局2024年度法治政府建设情况报告\n一、主要举措和成效\n全年办案10件。\n二、2025年工作安排\n"
     "2025年，我局将：一是加强执法队伍建设；二是推进执法办案系统对接；三是深化公平竞争审查。\n",
     ("加强执法队伍建设", "推进执法办案系统对接", "深化公平竞争审查")),
])
def test_plan_items_of_a_report(text, expected):
    from checker.judge.engine import analyse
    from checker.model import Document

    ctx = analyse(Document(path="x", lines=tuple(text.splitlines())), packs.load("fazhi"))
    assert batch.plan_items(ctx) == expected
