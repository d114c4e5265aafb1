"""Property tests of the pure matching algorithms (no database)."""

import random
import time
from collections import Counter
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leerritme.matching.algorithms import (
    Infeasible,
    MatchInputError,
    Sizes,
    TooFewPeople,
    best_construction,
    clean_prefix,
    coaching_score,
    cyclic,
    designs,
    doubled_planes,
    group_sizes,
    history_counts,
    match_coaching,
    plan_round,
    propose_buddies,
    rotate_facilitators,
    schedule,
    upper_bound,
)


def assert_partition(rounds, n, s):
    for rnd in rounds:
        assert sorted(p for g in rnd for p in g) == list(range(n))
        assert all(len(g) == s for g in rnd)


@pytest.mark.parametrize(("n", "s", "rounds"), [
    (20, 2, 19), (16, 4, 5), (25, 5, 6), (9, 3, 4), (27, 3, 13), (64, 4, 21), (15, 3, 7),
    (40, 4, 13), (32, 4, 10), (18, 3, 8), (40, 5, 8), (49, 7, 8), (24, 4, 7), (30, 5, 6),
])
def test_constructions_reach_their_known_number_of_rounds_without_a_repeat(n, s, rounds):
    built = best_construction(n, s)
    assert len(built) == rounds
    assert_partition(built, n, s)
    assert clean_prefix(built) == rounds


@pytest.mark.parametrize("q", [3, 4])
def test_doubled_planes_meet_the_bound_and_only_the_two_of_a_level_never_meet(q):
    n = 2 * q * q
    rounds = doubled_planes(q)
    assert len(rounds) == 2 * (q + 1) == upper_bound(n, q)
    assert_partition(rounds, n, q)
    met = Counter(pair for rnd in rounds for g in rnd for pair in combinations(sorted(g), 2))
    assert max(met.values()) == 1
    never = set(combinations(range(n), 2)) - set(met)
    assert never == {(2 * a, 2 * a + 1) for a in range(q * q)}
    assert doubled_planes(q) == rounds  # a fixed seed: always the same design


def test_32_people_in_groups_of_4_get_the_optimal_10_rounds_at_once():
    started = time.monotonic()
    result = schedule(32, 4, 12, seconds=0.5)
    assert result.constructed_rounds == result.clean_rounds == 10 == upper_bound(32, 4)
    assert len(result.rounds) == 12 and time.monotonic() - started < 5
    assert_partition(result.rounds, 32, 4)


@given(half=st.integers(1, 30))
def test_pairs_of_an_even_number_meet_everyone_once_in_n_minus_one_rounds(half):
    n = 2 * half
    result = schedule(n, 2, n - 1, seconds=0.5)
    assert_partition(result.rounds, n, 2)
    assert result.clean_rounds == n - 1
    met = Counter(frozenset(g) for rnd in result.rounds for g in rnd)
    assert len(met) == n * (n - 1) // 2


@settings(max_examples=25, deadline=None)
@given(s=st.integers(2, 5), groups=st.integers(1, 6), w=st.integers(1, 8), seed=st.integers(0, 5))
def test_every_schedule_round_is_a_partition_and_the_clean_prefix_is_honest(s, groups, w, seed):
    n = s * groups
    result = schedule(n, s, w, seconds=0.2, seed=seed)
    assert len(result.rounds) == w
    assert_partition(result.rounds, n, s)
    assert result.clean_rounds == clean_prefix(result.rounds)
    assert result.clean_rounds <= upper_bound(n, s)


def test_search_extends_where_no_construction_exists():
    # It stops as soon as the six rounds asked for are clean (a fraction of a second on a quiet machine).
    result = schedule(36, 3, 6, seconds=30, seed=1)
    assert result.constructed_rounds == 1
    assert result.clean_rounds == 6


def test_the_symmetric_search_reaches_the_bound_for_24_people_in_groups_of_4():
    # 7 rounds: everybody meets 21 of the 23 others; the plain search found 5 or 6 in 10 seconds.
    rounds = cyclic.search(24, 4, 7, random.Random(3), time.monotonic() + 60)
    assert rounds is not None
    assert_partition(rounds, 24, 4)
    assert clean_prefix(rounds) == 7 == upper_bound(24, 4)


def test_the_symmetric_search_finds_six_rounds_for_30_people_in_groups_of_5():
    rounds = cyclic.search(30, 5, 6, random.Random(2), time.monotonic() + 60)
    assert rounds is not None
    assert_partition(rounds, 30, 5)
    assert clean_prefix(rounds) == 6


@pytest.mark.parametrize(("n", "s", "best"), [(24, 4, 7), (30, 5, 6)])
def test_the_stored_symmetric_schedules_give_the_best_at_once_whatever_the_time(n, s, best):
    # Before they were stored, 30 people in groups of 5 got 4 or 5 rounds instead of 6 on a busy machine.
    for seconds in (0.001, 2):
        started = time.monotonic()
        result = schedule(n, s, best + 2, seconds=seconds, seed=7)
        assert time.monotonic() - started < seconds + 3
        assert result.constructed_rounds == result.clean_rounds == best == upper_bound(n, s)
        assert len(result.rounds) == best + 2
        assert_partition(result.rounds, n, s)
    assert designs.rotational(n, s)[:best] == result.rounds[:best]


def test_a_wrong_stored_base_round_is_refused_not_used(monkeypatch):
    k, base = designs._BASE_ROUNDS[30, 5]
    first = base[0]
    # Two people of different groups swapped: the turned rounds are still partitions but repeat pairs.
    swapped = ((first[0][:4] + first[1][:1], first[0][4:] + first[1][1:], *first[2:]),)
    monkeypatch.setitem(designs._BASE_ROUNDS, (30, 5), (k, swapped))
    assert not designs.repeat_free(designs.turned([list(map(list, swapped[0]))], 30, k), 30, 5)
    with pytest.raises(RuntimeError, match="repeat a pair"):
        designs.rotational(30, 5)


def test_repeat_free_catches_repeats_and_rounds_that_are_not_partitions():
    assert designs.repeat_free([[[0, 1], [2, 3]], [[0, 2], [1, 3]]], 4, 2)
    assert not designs.repeat_free([[[0, 1], [2, 3]], [[1, 0], [2, 3]]], 4, 2)
    assert not designs.repeat_free([[[0, 1], [2, 2]]], 4, 2)
    assert not designs.repeat_free([[[0, 1, 2], [3]]], 4, 2)


def test_the_bound_drops_below_the_count_only_where_that_is_proven():
    assert upper_bound(30, 5) == 6 and upper_bound(36, 6) == 3  # counting: 7 and 7
    assert upper_bound(25, 5) == 6 and upper_bound(40, 5) == 9
    result = schedule(36, 6, 4, seconds=5, seed=1)
    assert result.clean_rounds == 3
    assert_partition(result.rounds, 36, 6)


@pytest.mark.parametrize(("n", "k"), [(24, 7), (30, 6), (32, 10), (13, 4), (9, 9)])
def test_pairs_in_one_orbit_are_the_rotations_of_each_other(n, k):
    table, allowed = cyclic.orbit_table(n, k)
    moving = n - n % k

    def turn(p):
        return p if p >= moving else p // k * k + (p % k + 1) % k

    for a, b in combinations(range(n), 2):
        orbit = {frozenset((a, b))}
        x, y = a, b
        for _ in range(k - 1):
            x, y = turn(x), turn(y)
            orbit.add(frozenset((x, y)))
            assert table[x][y] == table[a][b]
        # A full orbit has k pairs; a shorter one would repeat its pair within the k turns.
        assert allowed[table[a][b]] == (len(orbit) == k)
    members = Counter(table[a][b] for a, b in combinations(range(n), 2))
    assert all(size <= k for size in members.values())


@settings(max_examples=30, deadline=None)
@given(s=st.integers(2, 5), groups=st.integers(1, 7), rounds=st.integers(1, 8), seed=st.integers(0, 9))
def test_a_symmetric_schedule_is_always_valid_and_repeats_no_pair(s, groups, rounds, seed):
    n = s * groups
    found = cyclic.search(n, s, rounds, random.Random(seed), time.monotonic() + 0.3)
    if found is not None:
        assert len(found) == rounds
        assert_partition(found, n, s)
        assert clean_prefix(found) == rounds
    for k, m in cyclic.options(n, s, rounds):
        assert k * m == rounds
        assert n % k <= groups


def test_many_people_get_clean_rounds_within_the_time():
    # The greedy round is taken as it is when it repeats nobody; before, 1,000 people took 15 s or more.
    start = time.monotonic()
    result = schedule(1000, 4, 10, seconds=1, seed=2)
    assert time.monotonic() - start < 8
    assert_partition(result.rounds, 1000, 4)
    assert result.clean_rounds == 10


def test_the_same_seed_gives_the_same_symmetric_schedule():
    first = cyclic.search(24, 4, 7, random.Random(5), time.monotonic() + 60)
    second = cyclic.search(24, 4, 7, random.Random(5), time.monotonic() + 60)
    assert first is not None and first == second


@pytest.mark.parametrize(("n", "s", "w"), [(3, 4, 1), (10, 4, 2), (8, 1, 2), (8, 2, 0)])
def test_schedule_refuses_bad_sizes(n, s, w):
    with pytest.raises(ValueError):
        schedule(n, s, w, seconds=0.1)


@given(n=st.integers(2, 60))
def test_pairs_sizes_give_one_trio_for_an_odd_number(n):
    sizes = group_sizes(n, Sizes.pairs())
    assert sum(sizes) == n
    assert sorted(sizes) == [2] * (n // 2 - (n % 2)) + [3] * (n % 2)


@given(n=st.integers(4, 200), target=st.integers(4, 7))
def test_circle_sizes_stay_within_four_to_seven_and_spread_the_remainder(n, target):
    sizes = group_sizes(n, Sizes.circles(target))
    assert sum(sizes) == n
    assert all(4 <= s <= 7 for s in sizes)
    assert max(sizes) - min(sizes) <= 1


@pytest.mark.parametrize("n", [0, 1])
def test_too_few_people_for_a_pair(n):
    with pytest.raises(TooFewPeople):
        group_sizes(n, Sizes.pairs())


def test_too_few_people_for_a_circle():
    with pytest.raises(TooFewPeople):
        plan_round(["a", "b", "c"], sizes=Sizes.circles())


people_lists = st.lists(st.integers(0, 10_000), min_size=2, max_size=40, unique=True)


@settings(max_examples=60, deadline=None)
@given(people=people_lists, data=st.data())
def test_a_round_is_a_partition_of_everyone_who_did_not_opt_out(people, data):
    opted_out = set(data.draw(st.lists(st.sampled_from(people), max_size=len(people) - 2)))
    present = [p for p in people if p not in opted_out]
    groups = plan_round(people, sizes=Sizes.pairs(), opted_out=opted_out, seed=data.draw(st.integers(0, 9)))
    assert sorted(p for g in groups for p in g) == sorted(present)
    assert sorted(len(g) for g in groups) == sorted(group_sizes(len(present), Sizes.pairs()))


@settings(max_examples=60, deadline=None)
@given(people=st.lists(st.integers(0, 10_000), min_size=6, max_size=40, unique=True), data=st.data())
def test_forbidden_pairs_never_meet(people, data):
    # Each person forbids at most one other (e.g. their own team lead): always possible from 6 people.
    shuffled = data.draw(st.permutations(people))
    forbidden = {frozenset(shuffled[i:i + 2]) for i in range(0, len(shuffled) - 1, 2)
                 if data.draw(st.booleans())}
    sizes = data.draw(st.sampled_from([Sizes.pairs(), Sizes.circles(4)])) if len(people) >= 8 else Sizes.pairs()
    groups = plan_round(people, sizes=sizes, forbidden=forbidden, seed=3)
    for g in groups:
        for a, b in combinations(g, 2):
            assert frozenset((a, b)) not in forbidden


def test_impossible_forbidden_pairs_are_reported():
    with pytest.raises(Infeasible):
        plan_round(["a", "b"], sizes=Sizes.pairs(), forbidden={frozenset(("a", "b"))})


def test_earlier_pairs_are_avoided_round_after_round():
    people = list(range(12))
    earlier: list[list[int]] = []
    for _ in range(11):
        groups = plan_round(people, sizes=Sizes.pairs(), history=history_counts(earlier), seed=len(earlier))
        earlier.extend(groups)
    # 11 rounds of 12 people: everybody meets everybody exactly once (a round robin).
    counts = Counter(frozenset(g) for g in earlier)
    assert max(counts.values()) == 1
    assert len(counts) == 66


def test_groups_mix_teams_when_they_can():
    people = list(range(16))
    team = {p: p % 4 for p in people}
    groups = plan_round(people, sizes=Sizes.circles(4), team=team, seed=1)
    assert all(len({team[p] for p in g}) == len(g) for g in groups)


def test_skill_affinity_brings_learner_and_teacher_together():
    affinity = {frozenset(("ann", "ben")): 500}
    groups = plan_round(["ann", "cor", "ben", "dirk"], sizes=Sizes.pairs(), affinity=affinity)
    assert ["ann", "ben"] in [sorted(g) for g in groups]


def test_facilitator_is_whoever_led_least():
    assert rotate_facilitators([["a", "b", "c"], ["d", "e"]], {"a": 2, "b": 1, "d": 0, "e": 0}) == ["c", "d"]


coaching_inputs = st.integers(1, 12).flatmap(lambda nl: st.integers(1, 6).flatmap(lambda nc: st.tuples(
    st.just(nl),
    st.lists(st.integers(1, 3), min_size=nc, max_size=nc),
    st.sets(st.tuples(st.integers(0, nl - 1), st.integers(0, nc - 1)), max_size=nl * nc),
    st.lists(st.integers(0, 1000), min_size=nl * nc, max_size=nl * nc),
)))


def brute_force(n_learners, caps, pairs, scores):
    best = (0, 0)
    pairs = sorted(pairs)

    def go(i, used, chosen, total):
        nonlocal best
        if i == n_learners:
            best = max(best, (chosen, total))
            return
        go(i + 1, used, chosen, total)
        for learner, coach in pairs:
            if learner == i and used[coach] < caps[coach]:
                used[coach] += 1
                go(i + 1, used, chosen + 1, total + scores[(learner, coach)])
                used[coach] -= 1

    go(0, [0] * len(caps), 0, 0)
    return best


@settings(max_examples=80, deadline=None)
@given(coaching_inputs)
def test_coaching_match_is_valid_and_lexicographically_optimal(args):
    n_learners, caps, pairs, score_list = args
    if n_learners > 7:
        n_learners = 7
        pairs = {(learner, c) for learner, c in pairs if learner < 7}
    scores = {p: score_list[i] for i, p in enumerate(sorted(pairs))}
    learners = [f"l{i}" for i in range(n_learners)]
    capacity = {f"c{j}": cap for j, cap in enumerate(caps)}
    plan = match_coaching(learners, capacity, [(f"l{a}", f"c{b}", s) for (a, b), s in scores.items()])
    matched = [learner for learner, _ in plan.pairs]
    assert len(matched) == len(set(matched))
    load = Counter(coach for _, coach in plan.pairs)
    assert all(load[c] <= capacity[c] for c in load)
    allowed = {(f"l{a}", f"c{b}") for a, b in scores}
    assert set(plan.pairs) <= allowed
    assert sorted(matched + plan.unmatched) == sorted(learners)
    assert (len(plan.pairs), plan.total_score) == brute_force(n_learners, caps, scores, scores)


def test_more_learners_matched_beats_a_higher_score():
    plan = match_coaching(["a", "b"], {"x": 1, "y": 1}, [("a", "x", 1000), ("a", "y", 0), ("b", "x", 0)])
    assert sorted(plan.pairs) == [("a", "y"), ("b", "x")]


def test_learners_without_candidates_are_named():
    plan = match_coaching(["a", "b"], {"x": 1}, [("a", "x", 10)])
    assert plan.without_candidates == ["b"]
    assert plan.unmatched == ["b"]


@pytest.mark.parametrize(("learners", "capacity", "candidates"), [
    (["a"], {"x": 0}, []),
    (["a"], {"x": -1}, []),
    (["a", "a"], {"x": 1}, []),
    (["a"], {"x": 1}, [("b", "x", 1)]),
    (["a"], {"x": 1}, [("a", "y", 1)]),
    (["a"], {"x": 1}, [("a", "x", 1001)]),
    (["a"], {"x": 1}, [("a", "x", 5), ("a", "x", 6)]),
])
def test_bad_coaching_input_is_refused(learners, capacity, candidates):
    with pytest.raises(MatchInputError):
        match_coaching(learners, capacity, candidates)


def test_coaching_score_never_allows_the_own_team_lead_or_no_shared_language():
    kwargs = {"wanted": {"presenteren": 1}, "offered": {"presenteren": 4}, "same_team": True}
    assert coaching_score(**kwargs, is_own_lead=True, languages_shared=True) is None
    assert coaching_score(**kwargs, is_own_lead=False, languages_shared=False) is None
    assert coaching_score(**kwargs, is_own_lead=False, languages_shared=True, require_other_team=True) is None
    score, reasons = coaching_score(**kwargs, is_own_lead=False, languages_shared=True)
    assert 0 < score <= 1000
    assert ("shared_skill", "presenteren") in reasons
    assert ("level_difference", ("presenteren", 3)) in reasons


def test_coaching_score_prefers_another_team_and_a_bigger_level_difference():
    def score(offered, same_team):
        return coaching_score(wanted={"x": 1}, offered={"x": offered}, same_team=same_team,
                              is_own_lead=False, languages_shared=True)[0]
    assert score(4, False) > score(4, True)
    assert score(4, True) > score(2, True)


def test_buddies_come_from_another_team_and_spread_the_load():
    team = {"n1": "A", "n2": "A", "b1": "A", "b2": "B", "b3": "C"}
    buddies = propose_buddies(["n1", "n2"], ["n1", "n2", "b1", "b2", "b3"], team=team, load={"b2": 3})
    assert set(buddies) == {"n1", "n2"}
    assert {team[b] for b in buddies.values()} <= {"B", "C"}
    assert len(set(buddies.values())) == 2


def test_a_newcomer_without_anyone_from_another_team_gets_no_buddy():
    assert propose_buddies(["n1"], ["b1"], team={"n1": "A", "b1": "A"}) == {}


@settings(max_examples=30, deadline=None)
@given(half=st.integers(1, 10), seed=st.integers(0, 10_000), shuffle=st.randoms(use_true_random=False))
def test_duo_rounds_one_after_another_meet_everyone_once(half, seed, shuffle):
    """n - 1 rounds of duos for an even team that stays the same, each planned from the history alone, repeat
    nobody: the round-robin start keeps the round-by-round search out of dead ends (six people whose first
    three rounds leave two triangles of unmet pairs have no clean fourth round)."""
    people = [f"p{i}" for i in range(2 * half)]
    shuffle.shuffle(people)  # the order the people come in does not matter
    earlier: list[list[str]] = []
    met: set[frozenset] = set()
    for number in range(len(people) - 1):
        groups = plan_round(people, sizes=Sizes.pairs(), history=history_counts(earlier), seed=seed + number)
        for group in groups:
            assert frozenset(group) not in met
            met.add(frozenset(group))
        earlier.extend(groups)
    assert len(met) == len(people) * (len(people) - 1) // 2
