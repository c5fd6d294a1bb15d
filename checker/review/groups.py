"""雷同 as groups: candidate edges joined into groups, each member verified against its group's
representative. Pure (reads a ``similarity.CandidateFinder``; no files, no jieba).

A supervisor wants "these 212 reports were written from one template", not 22,366 pairs, and
verifying every pair of a family of n near-copies costs n²/2 comparisons. So:

1. the candidate edges (LSH buckets, k − 1 edges for a bucket of k, estimate near the threshold)
   are joined into connected components (union–find);
2. in each component the members are ordered by centrality — how many bins of their signature
   agree with the component's per-bin most common value, the signature of "the template" —
   the earliest file first on a tie;
3. leader clustering in that order: a member joins the first group whose representative its
   sample verifies against (Jaccard ≥ the pack's threshold; of the clusters of its candidate
   neighbours and the largest clusters, those whose representatives have the best signature
   estimates are tried, at most ``TRIES``), else it starts a group of its own. Every
   member is compared with a representative, never with every other member: linear in the
   component's size for a template family.

Report groups come first. Their members' sections are paired with the representative's
(same heading, else the best estimate), which gives the sections the group shares; a member's
section that matches its representative's is then left out of the section-level search, where the
representative stands for the whole group. Section families — one part lifted into otherwise
unrelated reports — are found the same way over the remaining sections; a family of
sub-sections whose every member lies inside one family of enclosing sections says nothing more
and is dropped. Small groups (``SMALL_GROUP`` reports or fewer) also list every pair.
"""
from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from operator import eq
from typing import Callable, Sequence

from checker.review.model import GroupMember, SectionMatch, SharedSection, SimilarGroup, SimilarPair
from checker.review.similarity import CandidateFinder, Settings, jaccard

SMALL_GROUP = 5  # groups of at most this many reports list every pair
TRIES = 2  # representatives verified for one member at most (the best estimates first)
MAX_REPRESENTATIVES = 64  # a member is estimated against the largest clusters, at most this many, and its neighbours'


@dataclass
class _Cluster:
    representative: int
    members: list[tuple[int, float]] = field(default_factory=list)  # (item, similarity to the representative)


@dataclass(frozen=True)
class Found:
    """What the grouping found, by item (the caller turns items into paths)."""

    groups: tuple[SimilarGroup, ...]
    report_group: dict[int, str]  # report index -> id of its report group
    similarity: Callable[[int, int], float]  # whole-report similarity of two report indexes


def find(finder: CandidateFinder, settings: Settings, paths: Sequence[str]) -> Found:
    """Report groups and section families of everything ``finder`` holds. ``paths[index]`` is the
    path of the report at ``index`` (the batch position)."""
    index_of = finder.report_index
    item_of = {index: item for item, index in enumerate(index_of)}

    def path(item: int) -> str:
        return paths[index_of[item]]

    clusters = _clusters(finder.reports, finder.report_edges(), finder.report_signature,
                         lambda item: (index_of[item],), finder.report_estimate, finder.report_set,
                         settings.report_threshold, settings.report_floor)
    report_groups = []
    covered: set[int] = set()  # member sections that match their representative's
    group_of: dict[int, int] = {}  # report item -> position in report_groups
    for cluster in clusters:
        shared, matched = _shared_sections(finder, cluster, settings)
        covered.update(matched)
        for item in [cluster.representative] + [m for m, _ in cluster.members]:
            group_of[item] = len(report_groups)
        report_groups.append((cluster, shared))

    # the covered sections take no part (their bucket-mates are linked through the others)
    edges = [(a, b, value) for a, b, value in finder.section_edges(covered.__contains__)
             if group_of.get(finder.section_report[a], -1) == -1
             or group_of.get(finder.section_report[a]) != group_of.get(finder.section_report[b])]
    section_order = lambda item: (index_of[finder.section_report[item]], item)  # noqa: E731
    families = _clusters(finder.sections, edges, finder.section_signature, section_order, finder.section_estimate,
                         finder.section_set, settings.section_threshold, settings.section_floor)
    families = _without_nested(families, finder)

    report_ids = {}
    groups: list[SimilarGroup] = []
    for number, (cluster, shared) in enumerate(sorted(report_groups, key=lambda g: (-1 - len(g[0].members),
                                                                                    index_of[g[0].representative])),
                                               start=1):
        gid = f"G{number}"
        for item in [cluster.representative] + [m for m, _ in cluster.members]:
            report_ids[index_of[item]] = gid
        members = tuple(GroupMember(path(m), round(value, 3)) for m, value in cluster.members)
        pairs = _report_pairs(finder, cluster, path, settings) if 1 + len(cluster.members) <= SMALL_GROUP else None
        groups.append(SimilarGroup(gid, "report", GroupMember(path(cluster.representative), 1.0), members, shared, pairs))
    rep_ids = {index_of[c.representative]: report_ids[index_of[c.representative]] for c, _ in report_groups}

    def section_member(item: int, value: float) -> GroupMember:
        return GroupMember(path(finder.section_report[item]), round(value, 3), finder.section_label[item],
                           finder.section_line[item])

    def whole(a_index: int, b_index: int) -> float:
        a, b = item_of.get(a_index), item_of.get(b_index)
        if a is None or b is None:
            return 0.0
        return round(jaccard(finder.report_set(a), finder.report_set(b)), 3)

    for number, cluster in enumerate(sorted(families, key=lambda c: (-1 - len(c.members),
                                                                    section_order(c.representative))), start=1):
        items = [cluster.representative] + [m for m, _ in cluster.members]
        also = tuple(sorted({rep_ids[index_of[finder.section_report[i]]] for i in items
                             if index_of[finder.section_report[i]] in rep_ids}, key=lambda g: int(g[1:])))
        pairs = _section_pairs(finder, items, path, whole) if len(items) <= SMALL_GROUP else None
        groups.append(SimilarGroup(f"S{number}", "section", section_member(cluster.representative, 1.0),
                                   tuple(section_member(m, v) for m, v in cluster.members), (), pairs, also))
    return Found(tuple(groups), report_ids, whole)


# --- clustering -------------------------------------------------------------------------------------

def _clusters(count: int, edges, signature_of, order_key, estimate, exact_set, threshold: float,
              floor: float) -> list[_Cluster]:
    """Verified clusters (of two or more) over the components of ``edges``."""
    neighbours: dict[int, list[int]] = {}
    for a, b, _value in edges:
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    found: list[_Cluster] = []
    for component in _components(count, edges, order_key):
        found.extend(_leaders(_central_first(component, signature_of), estimate, exact_set, threshold, floor,
                              neighbours))
    return found


def _components(count: int, edges, order_key) -> list[list[int]]:
    parent = list(range(count))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _value in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[int, list[int]] = {}
    for a, b, _value in edges:
        for x in (a, b):
            members.setdefault(root(x), [])
    for x in range(count):
        r = root(x)
        if r in members:
            members[r].append(x)
    return [sorted(group, key=order_key) for group in members.values() if len(group) > 1]


def _central_first(members: list[int], signature_of) -> list[int]:
    """``members`` (in file order) by how close their signature is to the component's per-bin
    most common values; a stable sort keeps file order on a tie."""
    rows = [signature_of(m) for m in members]
    mode = [Counter(column).most_common(1)[0][0] for column in zip(*rows)]
    score = {m: sum(map(eq, row, mode)) for m, row in zip(members, rows)}
    return sorted(members, key=lambda m: -score[m])


def _leaders(order: list[int], estimate, exact_set, threshold: float, floor: float,
             neighbours: dict[int, list[int]]) -> list[_Cluster]:
    """Leader clustering of one component, in ``order``. A member is estimated against the
    clusters of its candidate neighbours (what the LSH buckets say it resembles) and the largest
    clusters (at most ``MAX_REPRESENTATIVES``): bounded work per member, however many clusters a
    component holds, and a family that starts late in a component of many unrelated reports still
    finds its representative through its own edges."""
    clusters: list[_Cluster] = []
    cluster_of: dict[int, int] = {}  # item placed -> position of its cluster
    largest: list[int] = []  # positions of the largest clusters (at most MAX_REPRESENTATIVES)
    in_largest: set[int] = set()
    sets: dict[int, set[int]] = {}  # representative -> its set (only while it may still be tried)
    for item in order:
        candidates = set(largest)
        candidates.update(cluster_of[n] for n in neighbours.get(item, ()) if n in cluster_of)
        scored = sorted(((estimate(item, clusters[k].representative), -k) for k in candidates), reverse=True)
        mine = None
        joined = -1
        for value, negative in scored[:TRIES]:
            if value < floor:
                break
            cluster = clusters[-negative]
            if mine is None:
                mine = exact_set(item)
            theirs = sets.get(cluster.representative)
            if theirs is None:
                theirs = sets[cluster.representative] = exact_set(cluster.representative)
            similarity = jaccard(mine, theirs)
            if similarity >= threshold:
                cluster.members.append((item, similarity))
                joined = -negative
                break
        if joined < 0:
            joined = len(clusters)
            clusters.append(_Cluster(item))
            if len(largest) < MAX_REPRESENTATIVES:
                largest.append(joined)
                in_largest.add(joined)
        elif joined not in in_largest:  # a cluster outside the largest grew: it may overtake the smallest
            smallest = min(largest, key=lambda k: (len(clusters[k].members), -k))
            if len(clusters[joined].members) > len(clusters[smallest].members):
                largest[largest.index(smallest)] = joined
                in_largest.discard(smallest)
                in_largest.add(joined)
        cluster_of[item] = joined
        if len(sets) > 2 * MAX_REPRESENTATIVES:  # keep the sets of the largest clusters only
            keep = {clusters[k].representative for k in largest}
            sets = {rep: s for rep, s in sets.items() if rep in keep}
    kept = [c for c in clusters if c.members]
    for cluster in kept:
        cluster.members.sort(key=lambda m: -m[1])
    return kept


# --- what a report group shares ---------------------------------------------------------------------

def _pair_sections(finder: CandidateFinder, a: int, b: int, settings: Settings, sets: dict[int, set[int]]):
    """(section of a, section of b, similarity) for the sections of reports a and b that match:
    each section of a paired with b's section of the same heading, else with b's best estimate."""
    mine = finder.report_sections[a]
    theirs = list(finder.report_sections[b])
    if not mine or not theirs:
        return []
    by_label: dict[str, list[int]] = {}
    for s in theirs:
        by_label.setdefault(finder.section_label[s], []).append(s)
    sample_a = finder.sample(a)
    used: set[int] = set()
    found = []
    for s in mine:
        options = [t for t in by_label.get(finder.section_label[s], ()) if t not in used]
        if options:
            partner = options[0]
        else:
            scored = [(finder.section_estimate(s, t), t) for t in theirs if t not in used]
            value, partner = max(scored, default=(0.0, None))
            if partner is None or value < settings.section_floor:
                continue
        # near-copies share many sections sample for sample (digits read as 0, so new figures
        # change nothing): equal slices are a Jaccard of 1 without building either set
        mine_sample = finder.section_sample(s)
        if mine_sample and mine_sample == finder.section_sample(partner):
            similarity = 1.0
        else:
            if partner not in sets:
                sets[partner] = finder.section_set(partner)
            similarity = jaccard(finder.section_set(s, sample_a), sets[partner])
        if similarity >= settings.section_threshold:
            used.add(partner)
            found.append((s, partner, similarity))
    return found


def _shared_sections(finder: CandidateFinder, cluster: _Cluster, settings: Settings):
    """The representative's sections with how many members share them, and the member sections
    that match (left out of the section-level search)."""
    rep = cluster.representative
    sets: dict[int, set[int]] = {}
    values: dict[int, list[float]] = {s: [] for s in finder.report_sections[rep]}
    matched: list[int] = []
    for member, _similarity in cluster.members:
        for mine, theirs, value in _pair_sections(finder, member, rep, settings, sets):
            values[theirs].append(value)
            matched.append(mine)
    widths = {s: len(v) for s, v in values.items()}
    shared = [SharedSection(finder.section_label[s], finder.section_line[s], len(v), round(statistics.median(v), 3))
              for s, v in values.items()
              # a sub-section shared exactly as widely as its enclosing section says nothing more
              if v and not (finder.section_parent[s] >= 0 and widths.get(finder.section_parent[s]) == len(v))]
    shared.sort(key=lambda sec: (-sec.members, sec.line))
    return tuple(shared), matched


def _report_pairs(finder: CandidateFinder, cluster: _Cluster, path, settings: Settings) -> tuple[SimilarPair, ...]:
    items = [cluster.representative] + [m for m, _ in cluster.members]
    pairs = []
    sets = {item: finder.report_set(item) for item in items}
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            x, y = (a, b) if finder.report_index[a] < finder.report_index[b] else (b, a)
            similarity = round(jaccard(sets[x], sets[y]), 3)
            matches = _outermost(finder, _pair_sections(finder, x, y, settings, {}))
            pairs.append(SimilarPair(path(x), path(y), similarity, similarity >= settings.report_threshold, matches))
    pairs.sort(key=lambda p: (-p.similarity, p.a, p.b))
    return tuple(pairs)


def _outermost(finder: CandidateFinder, matches) -> tuple[SectionMatch, ...]:
    """The matching section pairs, less those inside a matching pair of enclosing sections (they
    say nothing more), most similar first."""
    pairs = {(s, t) for s, t, _ in matches}
    kept = [SectionMatch(finder.section_label[s], finder.section_line[s], finder.section_label[t],
                         finder.section_line[t], round(v, 3))
            for s, t, v in matches if (finder.section_parent[s], finder.section_parent[t]) not in pairs]
    return tuple(sorted(kept, key=lambda m: (-m.similarity, m.a_line)))


def _section_pairs(finder: CandidateFinder, items: list[int], path, whole) -> tuple[SimilarPair, ...]:
    sets = {item: finder.section_set(item) for item in items}
    pairs = []
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            ra, rb = finder.section_report[a], finder.section_report[b]
            if ra == rb:
                continue
            x, y = (a, b) if finder.report_index[ra] < finder.report_index[rb] else (b, a)
            rx, ry = finder.section_report[x], finder.section_report[y]
            similarity = round(whole(finder.report_index[rx], finder.report_index[ry]), 3)
            match = SectionMatch(finder.section_label[x], finder.section_line[x], finder.section_label[y],
                                 finder.section_line[y], round(jaccard(sets[x], sets[y]), 3))
            pairs.append(SimilarPair(path(rx), path(ry), similarity, False, (match,)))
    pairs.sort(key=lambda p: (-p.sections[0].similarity, p.a, p.b))
    return tuple(pairs)


def _without_nested(families: list[_Cluster], finder: CandidateFinder) -> list[_Cluster]:
    """Families of sub-sections whose every member lies inside one family of enclosing sections
    are dropped: the enclosing family says it already."""
    family_of: dict[int, int] = {}
    for k, cluster in enumerate(families):
        for item in [cluster.representative] + [m for m, _ in cluster.members]:
            family_of[item] = k
    kept = []
    for k, cluster in enumerate(families):
        items = [cluster.representative] + [m for m, _ in cluster.members]
        parents = {family_of.get(finder.section_parent[i]) if finder.section_parent[i] >= 0 else None for i in items}
        if len(parents) == 1 and None not in parents and parents != {k}:
            continue
        kept.append(cluster)
    return kept
