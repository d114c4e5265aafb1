"""One round of duos, circles or coffee pairs for real people, with history and constraints.

Unlike the golfer schedules, real rounds have odd numbers, people who opt out, earlier pairs to avoid,
pairs that must never meet, teams to mix and skills to bring together. ``plan_round`` partitions the
people into groups of the sizes ``group_sizes`` gives, minimising the sum of a cost over every pair that
ends up together (local search: best swaps of two people between groups, seeded restarts).
"""

from __future__ import annotations

import random
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

# Costs of one pair in one group. A repeat weighs more than any number of same-team pairs in a group,
# so "nobody meets the same partner again before it is unavoidable" wins over balance.
REPEAT = 1000
SAME_TEAM = 20
SAME_DEPARTMENT = 5
FORBIDDEN = 10**9


class TooFewPeople(ValueError):
    """Not enough people for even one group of the smallest allowed size."""


class Infeasible(ValueError):
    """No plan avoids the forbidden pairs (or none was found)."""


@dataclass(frozen=True)
class Sizes:
    """Group size: the target, and the smallest and largest allowed."""

    target: int
    smallest: int
    largest: int

    @classmethod
    def pairs(cls) -> Sizes:
        """Duos: pairs, and one trio when the number is odd."""
        return cls(2, 2, 3)

    @classmethod
    def circles(cls, target: int = 5) -> Sizes:
        return cls(target, 4, 7)


def group_sizes(n: int, sizes: Sizes) -> list[int]:
    """The sizes of the groups for n people: as close to the target as possible, remainders spread."""
    if n < sizes.smallest:
        raise TooFewPeople(f"{n} people cannot form a group of at least {sizes.smallest}")
    counts = [g for g in range(1, n // sizes.smallest + 1)
              if sizes.smallest * g <= n <= sizes.largest * g]
    if not counts:
        raise TooFewPeople(f"{n} people cannot be split into groups of {sizes.smallest}-{sizes.largest}")
    if sizes.target == 2 and sizes.largest == 3:
        counts = [n // 2]  # pairs, and the odd one out joins one pair
    g = min(counts, key=lambda c: (abs(n / c - sizes.target), -c))
    base, extra = divmod(n, g)
    return [base + 1] * extra + [base] * (g - extra)


def pair_key(a: Hashable, b: Hashable) -> frozenset:
    return frozenset((a, b))


def history_counts(groups: Iterable[Iterable[Hashable]]) -> dict[frozenset, int]:
    """How often each pair was together in the given earlier groups."""
    counts: dict[frozenset, int] = {}
    for group in groups:
        for a, b in combinations(list(group), 2):
            key = pair_key(a, b)
            counts[key] = counts.get(key, 0) + 1
    return counts


def plan_round(
    people: Sequence[Hashable],
    *,
    sizes: Sizes,
    history: Mapping[frozenset, int] | None = None,
    forbidden: Collection[frozenset] = (),
    opted_out: Collection[Hashable] = (),
    team: Mapping[Hashable, Hashable] | None = None,
    department: Mapping[Hashable, Hashable] | None = None,
    affinity: Mapping[frozenset, int] | None = None,
    seed: int = 0,
    restarts: int = 4,
) -> list[list[Hashable]]:
    """Groups for everybody in ``people`` except ``opted_out``.

    ``history`` counts earlier meetings (avoided, REPEAT per earlier meeting); ``forbidden`` pairs never
    meet (``Infeasible`` otherwise); with ``team``/``department`` the groups mix them; ``affinity`` is a
    bonus (e.g. one wants to learn what the other can teach) subtracted from a pair's cost.
    """
    absent = set(opted_out)
    present = list(dict.fromkeys(p for p in people if p not in absent))
    counts = group_sizes(len(present), sizes)
    history = history or {}
    forbidden_set = {frozenset(f) for f in forbidden}
    affinity = affinity or {}
    n = len(present)
    cost = [[0] * n for _ in range(n)]
    for i, j in combinations(range(n), 2):
        a, b = present[i], present[j]
        key = pair_key(a, b)
        c = REPEAT * history.get(key, 0) - affinity.get(key, 0)
        if team is not None and team.get(a) is not None and team.get(a) == team.get(b):
            c += SAME_TEAM
        if department is not None and department.get(a) is not None and department.get(a) == department.get(b):
            c += SAME_DEPARTMENT
        if key in forbidden_set:
            c = FORBIDDEN
        cost[i][j] = cost[j][i] = c

    rng = random.Random(seed)
    best: list[list[int]] | None = None
    best_total = None
    for _ in range(max(1, restarts)):
        groups = _greedy(n, counts, cost, rng)
        total = _improve(groups, cost, rng)
        if best_total is None or total < best_total:
            best, best_total = groups, total
    assert best is not None and best_total is not None
    if any(cost[a][b] >= FORBIDDEN for g in best for a, b in combinations(g, 2)):
        raise Infeasible("no plan keeps every forbidden pair apart")
    return [[present[i] for i in g] for g in best]


def _greedy(n: int, counts: list[int], cost: list[list[int]], rng: random.Random) -> list[list[int]]:
    order = list(range(n))
    rng.shuffle(order)
    left = set(order)
    groups = []
    for size in counts:
        first = next(p for p in order if p in left)
        left.discard(first)
        group = [first]
        while len(group) < size:
            sample = left if len(left) <= 64 else rng.sample(sorted(left), 64)
            choice = min(sample, key=lambda p: (sum(cost[p][x] for x in group), rng.random()))
            left.discard(choice)
            group.append(choice)
        groups.append(group)
    return groups


def _improve(groups: list[list[int]], cost: list[list[int]], rng: random.Random) -> int:
    """Swap two people of different groups while that lowers the total; return the total."""
    where = {p: gi for gi, g in enumerate(groups) for p in g}
    people = list(where)

    def gain(a: int, b: int) -> int:
        ga, gb = groups[where[a]], groups[where[b]]
        before = sum(cost[a][x] for x in ga if x != a) + sum(cost[b][y] for y in gb if y != b)
        after = sum(cost[b][x] for x in ga if x != a) + sum(cost[a][y] for y in gb if y != b)
        return before - after

    # For big rounds look at a sample of partners per person, so a pass stays near-linear.
    partners = 200
    improved = True
    passes = 0
    while improved and passes < 50:
        improved = False
        passes += 1
        rng.shuffle(people)
        for a in people:
            candidates = people if len(people) <= partners else rng.sample(people, partners)
            best_gain, best_b = 0, None
            for b in candidates:
                if where[b] != where[a]:
                    g = gain(a, b)
                    if g > best_gain:
                        best_gain, best_b = g, b
            if best_b is not None:
                ia, ib = where[a], where[best_b]
                groups[ia][groups[ia].index(a)] = best_b
                groups[ib][groups[ib].index(best_b)] = a
                where[a], where[best_b] = ib, ia
                improved = True
    return sum(cost[a][b] for g in groups for a, b in combinations(g, 2))


def rotate_facilitators(groups: Sequence[Sequence[Hashable]],
                        led: Mapping[Hashable, int]) -> list[Hashable]:
    """Per group, the member who facilitated least often so far (first in the group on a tie)."""
    return [min(group, key=lambda p: led.get(p, 0)) for group in groups]
