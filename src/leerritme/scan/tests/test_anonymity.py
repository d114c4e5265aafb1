"""The anonymity rules as properties: over random hierarchies, team sizes, answers arriving one by one and
separate runs, no number ever shown lets anyone reconstruct a group smaller than the threshold, also not by
subtracting shown groups from each other, along the hierarchy or between two moments.

The check is independent of the code under test: it works on individual responses, not on groups. Every
set ever shown (a node's responses at one publication) is listed explicitly; two responses are in the same
atom when exactly the same shown sets contain them. Anything computable from shown sums (means,
distributions, counts, comments per group) by adding and subtracting is a sum over whole atoms, so it is
enough that every atom touched by a shown set has at least k responses.
"""

import random
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from leerritme.scan.anonymity import ROOT, publish, subtrees, visible_nodes


@st.composite
def organisations(draw):
    """A random tree of departments and teams, and a random stream of answers (by reporting group)."""
    size = draw(st.integers(min_value=1, max_value=12))
    parents = {}
    for node in range(1, size + 1):
        parents[node] = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=node - 1))) if node > 1 else None
    groups = [ROOT, *parents]
    weights = draw(st.lists(st.integers(min_value=0, max_value=9), min_size=len(groups), max_size=len(groups)))
    total = draw(st.integers(min_value=0, max_value=60))
    seed = draw(st.integers(min_value=0, max_value=10_000))
    rng = random.Random(seed)
    candidates = [g for g, w in zip(groups, weights, strict=True) for _ in range(w)] or groups
    stream = [rng.choice(candidates) for _ in range(total)]
    k = draw(st.integers(min_value=3, max_value=10))
    return parents, stream, k


def simulate(parents, stream, k):
    """Answers arrive one at a time; after each the run tries to publish. Returns every shown set, as the
    explicit set of response numbers it summed over."""
    group_of: dict[int, int] = {}
    published_in: dict[int, int | None] = {}
    publications = []
    shown_sets = []
    for number, group in enumerate(stream):
        group_of[number] = group
        published_in[number] = None
        counts = defaultdict(int)
        for r, g in group_of.items():
            counts[(g, published_in[r])] += 1
        cover = publish(counts, publications, parents, k)
        if cover is None:
            continue
        pub = len(publications) + 1
        for r in published_in:
            if published_in[r] is None:
                published_in[r] = pub
        publications.append((pub, cover))
        included = [r for r in published_in if published_in[r] is not None]
        for _node, groups in cover.items():
            shown_sets.append(frozenset(r for r in included if group_of[r] in groups))
    return shown_sets, publications


def assert_no_small_atoms(shown_sets, k):
    membership = defaultdict(list)
    responses = set().union(*shown_sets) if shown_sets else set()
    for r in responses:
        membership[tuple(i for i, s in enumerate(shown_sets) if r in s)].append(r)
    for signature, members in membership.items():
        assert not signature or len(members) >= k, (signature, members)
    for s in shown_sets:
        assert len(s) >= k


@settings(max_examples=300, deadline=None)
@given(organisations())
def test_no_shown_number_reveals_a_small_group_also_by_subtraction_or_over_time(case):
    parents, stream, k = case
    shown_sets, _publications = simulate(parents, stream, k)
    assert_no_small_atoms(shown_sets, k)


@settings(max_examples=200, deadline=None)
@given(organisations(), organisations())
def test_separate_runs_share_no_responses_so_they_cannot_be_subtracted(first, second):
    """Two runs over the same hierarchy: each run's sets are over its own responses only."""
    parents, stream_a, k = first
    _p, stream_b, _k = second
    stream_b = [g if g in parents or g == ROOT else ROOT for g in stream_b]
    sets_a, _ = simulate(parents, stream_a, k)
    sets_b, _ = simulate(parents, stream_b, k)
    # Tag responses by run: no set of one run contains a response of the other, and each run is safe.
    tagged = [frozenset(("a", r) for r in s) for s in sets_a] + [frozenset(("b", r) for r in s) for s in sets_b]
    assert_no_small_atoms(tagged, k)


@settings(max_examples=300, deadline=None)
@given(organisations())
def test_a_single_snapshot_hides_residuals_below_the_threshold(case):
    parents, stream, k = case
    counts = defaultdict(int)
    for g in stream:
        counts[g] += 1
    cover = visible_nodes(parents, counts, k)
    sets = [frozenset(i for i, g in enumerate(stream) if g in groups) for groups in cover.values()]
    assert_no_small_atoms(sets, k)
    # Nothing is hidden without reason: the organisation shows whenever it has k answers.
    assert (ROOT in cover) == (len(stream) >= k)


def test_a_department_minus_its_visible_teams_cannot_expose_a_small_team():
    parents = {1: None, 2: 1, 3: 1}  # department 1 with teams 2 and 3
    cover = visible_nodes(parents, {2: 6, 3: 2}, 5)
    # Showing the department (8) and team 2 (6) would give team 3 (2) by subtraction: team 2 is hidden.
    assert 2 not in cover and 3 not in cover and 1 in cover and ROOT in cover


def test_the_organisation_minus_its_departments_is_protected_too():
    parents = {1: None, 2: None}
    cover = visible_nodes(parents, {1: 7, 2: 5, ROOT: 2}, 5)
    # Two people in no team: organisation (14) minus both departments would give them; one department hides.
    assert ROOT in cover and len([n for n in cover if n != ROOT]) == 1


def test_one_more_answer_in_a_shown_team_waits_until_it_has_company():
    parents = {1: None}
    first = publish({(1, None): 5}, [], parents, 5)
    assert first == {ROOT: frozenset({ROOT, 1}), 1: frozenset({1})}
    earlier = [(1, first)]
    assert publish({(1, 1): 5, (1, None): 1}, earlier, parents, 5) is None
    assert publish({(1, 1): 5, (1, None): 4}, earlier, parents, 5) is None
    assert publish({(1, 1): 5, (1, None): 5}, earlier, parents, 5) is not None


def test_subtrees_follow_the_hierarchy():
    assert subtrees({1: None, 2: 1, 3: 2})[1] == frozenset({1, 2, 3})
