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
    n = len(present)
    index = {p: i for i, p in enumerate(present)}
    # Costs are computed when needed, not stored for every pair: a round across an organisation of
    # 20,000 people would need 400 million of them. Only the pairs with a history, an affinity or a ban
    # are kept, per person.
    special: list[dict[int, int]] = [{} for _ in range(n)]

    def add(pair, amount: int) -> None:
        a, b = tuple(pair) if len(pair) == 2 else (None, None)
        if a in index and b in index and a != b:
            i, j = index[a], index[b]
            special[i][j] = special[i].get(j, 0) + amount
            special[j][i] = special[j].get(i, 0) + amount

    for pair, count in (history or {}).items():
        add(pair, REPEAT * count)
    for pair, bonus in (affinity or {}).items():
        add(pair, -bonus)
    for pair in forbidden:
        add(frozenset(pair), FORBIDDEN)
    teams = [team.get(p) if team is not None else None for p in present]
    departments = [department.get(p) if department is not None else None for p in present]

    def cost(i: int, j: int) -> int:
        c = special[i].get(j, 0)
        if teams[i] is not None and teams[i] == teams[j]:
            c += SAME_TEAM
        if departments[i] is not None and departments[i] == departments[j]:
            c += SAME_DEPARTMENT
        return c

    rng = random.Random(seed)  # nosec B311: a seeded search for a grouping, not a secret
    best: list[list[int]] | None = None
    best_total = None
    starts = []
    if sizes.target == 2 and n % 2 == 0 and 2 <= n <= ROUND_ROBIN_UP_TO:
        starts.append(_cheapest_round_robin_round(present, cost))
    # Large rounds get fewer restarts and a bounded number of evaluations (see _improve).
    for attempt in range(max(1, restarts if n <= 400 else 1)):
        groups = starts[attempt] if attempt < len(starts) else _greedy(n, counts, cost, rng)
        total = _improve(groups, cost, rng)
        if best_total is None or total < best_total:
            best, best_total = groups, total
    if best is None or best_total is None:  # the loop runs at least once
        raise RuntimeError("no grouping was made")
    if any(cost(a, b) >= FORBIDDEN // 2 for g in best for a, b in combinations(g, 2)):
        raise Infeasible("no plan keeps every forbidden pair apart")
    return [[present[i] for i in g] for g in best]


# Duos of an even number of people start from the round of a round robin (the circle method) that costs
# least. Round by round, the best pairing against the history alone can walk into a dead end: six people
# whose first three rounds leave two triangles of unmet pairs cannot have a fourth round without a repeat,
# although five are possible. When everyone stays, the rounds taken so far are round-robin rounds, so an
# unused one repeats nobody and all n-1 rounds come out clean; with opt-outs or newcomers it is one more
# starting point for the search. Trying every round-robin round costs n*n/2 pair costs, hence the limit.
ROUND_ROBIN_UP_TO = 400


def _round_robin_round(order: list[int], r: int) -> list[list[int]]:
    """Round r of the circle method on ``order`` (even length): the first stays, the others turn."""
    n = len(order)
    turning = order[1:]
    turned = turning[r % (n - 1):] + turning[:r % (n - 1)]
    ring = [order[0], *turned]
    return [[ring[i], ring[n - 1 - i]] for i in range(n // 2)]


def _cheapest_round_robin_round(present: Sequence[Hashable], cost) -> list[list[int]]:
    """The least costly round of the round robin on the people in a stable order (by their ids)."""
    try:
        order = sorted(range(len(present)), key=lambda i: present[i])
    except TypeError:  # ids that do not compare: the order they came in
        order = list(range(len(present)))
    rounds = (_round_robin_round(order, r) for r in range(len(order) - 1))
    return min(rounds, key=lambda groups: sum(cost(a, b) for a, b in groups))


def _greedy(n: int, counts: list[int], cost, rng: random.Random) -> list[list[int]]:
    """Fill groups one by one with the cheapest of a sample of the people left (O(n) samples)."""
    left = list(range(n))
    rng.shuffle(left)
    where = {p: i for i, p in enumerate(left)}

    def take(p: int) -> None:
        i, last = where.pop(p), left.pop()
        if last != p:
            left[i] = last
            where[last] = i

    groups = []
    for size in counts:
        first = left[-1]
        take(first)
        group = [first]
        while len(group) < size:
            sample = left if len(left) <= 64 else [left[i] for i in rng.sample(range(len(left)), 64)]
            choice = min(sample, key=lambda p: (sum(cost(p, x) for x in group), rng.random()))
            take(choice)
            group.append(choice)
        groups.append(group)
    return groups


def _improve(groups: list[list[int]], cost, rng: random.Random, budget: int = 1_500_000) -> int:
    """Swap two people of different groups while that lowers the total; return the total.

    For big rounds each person looks at a sample of partners, and the whole search stops after
    ``budget`` pair evaluations, so a round of 20,000 people takes seconds, not hours.
    """
    if sum(cost(a, b) for g in groups for a, b in combinations(g, 2)) == 0:
        return 0  # nothing to gain: no repeats, bans or same-team pairs left
    where = {p: gi for gi, g in enumerate(groups) for p in g}
    people = list(where)
    spent = 0
    budget = min(budget, 1_500_000 if len(people) <= 2000 else 25 * len(people))

    def gain(a: int, b: int) -> int:
        ga, gb = groups[where[a]], groups[where[b]]
        before = sum(cost(a, x) for x in ga if x != a) + sum(cost(b, y) for y in gb if y != b)
        after = sum(cost(b, x) for x in ga if x != a) + sum(cost(a, y) for y in gb if y != b)
        return before - after

    partners = 200
    improved = True
    passes = 0
    while improved and passes < 50 and spent < budget:
        improved = False
        passes += 1
        rng.shuffle(people)
        for a in people:
            if spent >= budget:
                break
            candidates = people if len(people) <= partners else rng.sample(people, partners)
            best_gain, best_b = 0, None
            for b in candidates:
                if where[b] != where[a]:
                    spent += 1
                    g = gain(a, b)
                    if g > best_gain:
                        best_gain, best_b = g, b
            if best_b is not None:
                ia, ib = where[a], where[best_b]
                groups[ia][groups[ia].index(a)] = best_b
                groups[ib][groups[ib].index(best_b)] = a
                where[a], where[best_b] = ib, ia
                improved = True
    return sum(cost(a, b) for g in groups for a, b in combinations(g, 2))


def rotate_facilitators(groups: Sequence[Sequence[Hashable]],
                        led: Mapping[Hashable, int]) -> list[Hashable]:
    """Per group, the member who facilitated least often so far (first in the group on a tie)."""
    return [min(group, key=lambda p: led.get(p, 0)) for group in groups]
