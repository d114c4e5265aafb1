"""Schedules without a repeated pair that a rotation of the people maps onto themselves.

The people are split into ``levels`` blocks of ``k`` people plus ``f`` fixed people (``n = levels*k + f``);
the rotation ``sigma`` moves person ``(level, x)`` to ``(level, x+1 mod k)`` and leaves the fixed people
where they are. A schedule of ``m*k`` rounds is ``m`` base rounds and their images under ``sigma``,
``sigma**2``, ... ``sigma**(k-1)``. Every pair of people lies in an orbit of pairs under ``sigma``; the
images of one base pair meet each pair of its orbit exactly once when the orbit has ``k`` pairs, so the
whole schedule repeats no pair exactly when

- no base pair lies in a short orbit (two fixed people; ``(level, x)`` and ``(level, x + k/2)``), and
- the base rounds use every full orbit at most once.

That is the same problem as the social golfer problem, ``k`` times smaller: the base rounds are found by
the tabu search of Dotú and Van Hentenryck ("Scheduling social golfers locally", CPAIOR 2005: swap two
people of different groups in one round, the cost counts the orbits used too often, a tabu list on
recent swaps, random restarts), on orbits instead of pairs. Imposing a symmetry to shrink the search is
the classic way designs are found by computer (Colbourn and Dinitz, *Handbook of Combinatorial Designs*,
"difference families" and "1-rotational designs"). It finds, for example, 7 rounds for 24 people in
groups of 4 (rotation of order 7, three fixed people) in well under a second, and 6 rounds for 30
people in groups of 5 (order 6), where the plain search needs far longer.
"""

from __future__ import annotations

import random
import time
from itertools import combinations

from leerritme.matching.algorithms.designs import Round, turned

# A restart after this many moves without a solution; the base problem is small, so fresh starts pay.
_MOVES_PER_START = 160
# The orbit table has n*n entries, built in Python: beyond this many people it would eat the time budget.
MAX_PEOPLE = 100
# Each move looks at the swaps of at most this many people in conflict (as the plain search does).
_SAMPLE = 24
_TENURE_LOW, _TENURE_HIGH = 5, 15


def options(n: int, s: int, rounds: int) -> list[tuple[int, int]]:
    """The (rotation order k, base rounds m) with ``k*m == rounds`` that can work, largest k first."""
    found = []
    for k in range(rounds, 1, -1):
        if rounds % k:
            continue
        fixed = n % k
        # Fixed people never move: two of them in one group would meet every round.
        if fixed <= n // s and k <= n:
            found.append((k, rounds // k))
    return found


def orbit_table(n: int, k: int) -> tuple[list[list[int]], list[int]]:
    """``table[a][b]``: the orbit of the pair (a, b); ``allowed[o]``: 1 for a full orbit, 0 for a short one."""
    fixed = n % k
    moving = n - fixed
    ids: dict[tuple[int, ...], int] = {}
    allowed: list[int] = []
    table = [[-1] * n for _ in range(n)]

    def orbit(a: int, b: int) -> tuple[tuple[int, ...], int]:
        if a >= moving and b >= moving:
            return (0, min(a, b), max(a, b)), 0
        if a >= moving:
            a, b = b, a
        if b >= moving:
            return (1, a // k, b), 1
        (i, x), (j, y) = divmod(a, k), divmod(b, k)
        if i == j:
            d = (y - x) % k
            d = min(d, k - d)
            return (2, i, d), int(2 * d != k)
        if i > j:
            i, j, x, y = j, i, y, x
        return (3, i, j, (y - x) % k), 1

    for a in range(n):
        for b in range(a + 1, n):
            key, full = orbit(a, b)
            if key not in ids:
                ids[key] = len(ids)
                allowed.append(full)
            table[a][b] = table[b][a] = ids[key]
    return table, allowed


def search(n: int, s: int, rounds: int, rng: random.Random, deadline: float) -> list[Round] | None:
    """``rounds`` rounds without a repeated pair, invariant under a rotation; None when time is up."""
    found = longest(n, s, rounds, rounds, rng, deadline)
    return found if found is not None and len(found) == rounds else None


def longest(n: int, s: int, low: int, high: int, rng: random.Random, deadline: float) -> list[Round] | None:
    """The most rounds (between low and high) without a repeated pair this search finds before the deadline.

    Two of every three restarts try the fewest rounds still open (usually quick, so the result grows
    early), the third the most (perhaps impossible with this symmetry, but found at once when it is easy);
    a success drops every number of rounds up to it.
    """
    if n > MAX_PEOPLE:
        return None
    plans = {t: options(n, s, t) for t in range(low, high + 1)}
    plans = {t: choices for t, choices in plans.items() if choices}
    tables: dict[int, tuple[list[list[int]], list[int]]] = {}
    starts = dict.fromkeys(plans, 0)
    best: list[Round] | None = None
    turn = 0
    while plans and time.monotonic() < deadline:
        rounds = max(plans) if turn % 3 == 2 else min(plans)
        turn += 1
        choices, start = plans[rounds], starts[rounds]
        starts[rounds] += 1
        # Mostly the largest rotation (the smallest problem), every fourth start one of the others.
        if start % 4 == 3 and len(choices) > 1:
            k, m = choices[1 + (start // 4) % (len(choices) - 1)]
        else:
            k, m = choices[0]
        if k not in tables:
            tables[k] = orbit_table(n, k)
        table, allowed = tables[k]
        base = _Base(n, s, m, table, allowed, rng).run(deadline, _MOVES_PER_START)
        if base is not None:
            best = turned(base, n, k)
            plans = {t: choices for t, choices in plans.items() if t > rounds}
    return best


class _Base:
    """Tabu search over ``m`` base rounds; ``count[o]`` is how often orbit ``o`` is used."""

    def __init__(self, n: int, s: int, m: int, table: list[list[int]], allowed: list[int],
                 rng: random.Random):
        self.n, self.s, self.m, self.table, self.allowed, self.rng = n, s, m, table, allowed, rng
        self.groups: list[list[list[int]]] = []
        self.where = [[0] * n for _ in range(m)]
        self.count = [0] * len(allowed)
        for r in range(m):
            people = list(range(n))
            rng.shuffle(people)
            rnd = [people[i:i + s] for i in range(0, n, s)]
            self.groups.append(rnd)
            for gi, group in enumerate(rnd):
                for p in group:
                    self.where[r][p] = gi
                for a, b in combinations(group, 2):
                    self.count[table[a][b]] += 1
        self.cost = sum(max(0, c - cap) for c, cap in zip(self.count, allowed, strict=True))

    def _conflicts(self) -> list[tuple[int, int]]:
        count, allowed, table = self.count, self.allowed, self.table
        found = []
        for r, rnd in enumerate(self.groups):
            for group in rnd:
                for a in group:
                    row = table[a]
                    if any(x != a and count[row[x]] > allowed[row[x]] for x in group):
                        found.append((r, a))
        return found

    def _move(self, r: int, a: int, b: int, sign: int) -> int:
        """Swap a and b in round r in the counts (sign 1) or undo it (sign -1); the change in cost."""
        count, allowed, table = self.count, self.allowed, self.table
        ga = self.groups[r][self.where[r][a]]
        gb = self.groups[r][self.where[r][b]]
        row_a, row_b = table[a], table[b]
        removed = [row_a[x] for x in ga if x != a] + [row_b[y] for y in gb if y != b]
        added = [row_b[x] for x in ga if x != a] + [row_a[y] for y in gb if y != b]
        if sign < 0:
            removed, added = added, removed
        delta = 0
        for o in removed:
            delta -= count[o] > allowed[o]
            count[o] -= 1
        for o in added:
            delta += count[o] >= allowed[o]
            count[o] += 1
        return delta

    def _deltas(self, r: int, a: int):
        """(b, change in cost) for every swap of a with someone b of another group in round r.

        The parts that depend on a only, or on b's group only, are counted once; a swap whose orbits
        are not all different is counted step by step (``_move``).
        """
        count, allowed, table = self.count, self.allowed, self.table
        rnd = self.groups[r]
        home = self.where[r][a]
        row_a = table[a]
        others = [x for x in rnd[home] if x != a]
        removed_a = [row_a[x] for x in others]
        loss_a = sum(count[o] > allowed[o] for o in removed_a)
        for gi, group in enumerate(rnd):
            if gi == home:
                continue
            joined = [row_a[y] for y in group]
            gain_joined = [count[o] >= allowed[o] for o in joined]
            total_joined = sum(gain_joined)
            for i, b in enumerate(group):
                row_b = table[b]
                added_b = [row_b[x] for x in others]
                removed_b = [row_b[y] for y in group if y != b]
                added_a = joined[:i] + joined[i + 1:]
                every = removed_a + removed_b + added_a + added_b
                if len(set(every)) < len(every):
                    delta = self._move(r, a, b, 1)
                    self._move(r, a, b, -1)
                else:
                    delta = (total_joined - gain_joined[i] - loss_a
                             + sum(count[o] >= allowed[o] for o in added_b)
                             - sum(count[o] > allowed[o] for o in removed_b))
                yield b, delta

    def _swap(self, r: int, a: int, b: int) -> None:
        self.cost += self._move(r, a, b, 1)
        ia, ib = self.where[r][a], self.where[r][b]
        ga, gb = self.groups[r][ia], self.groups[r][ib]
        ga[ga.index(a)] = b
        gb[gb.index(b)] = a
        self.where[r][a], self.where[r][b] = ib, ia

    def run(self, deadline: float, moves: int) -> list[Round] | None:
        rng = self.rng
        tabu: dict[tuple[int, int, int], int] = {}
        best_cost = self.cost
        for move in range(1, moves + 1):
            if self.cost == 0:
                break
            if time.monotonic() > deadline:
                return None
            chosen: list[tuple[int, int, int]] = []
            chosen_delta = 0
            conflicts = self._conflicts()
            if len(conflicts) > _SAMPLE:
                conflicts = rng.sample(conflicts, _SAMPLE)
            for r, a in conflicts:
                for b, delta in self._deltas(r, a):
                    key = (r, a, b) if a < b else (r, b, a)
                    if tabu.get(key, 0) > move and self.cost + delta >= best_cost:
                        continue
                    if not chosen or delta < chosen_delta:
                        chosen, chosen_delta = [(r, a, b)], delta
                    elif delta == chosen_delta:
                        chosen.append((r, a, b))
            if not chosen:
                tabu.clear()
                continue
            r, a, b = rng.choice(chosen)
            self._swap(r, a, b)
            tabu[(r, min(a, b), max(a, b))] = move + rng.randint(_TENURE_LOW, _TENURE_HIGH)
            best_cost = min(best_cost, self.cost)
        if self.cost:
            return None
        return [[sorted(g) for g in rnd] for rnd in self.groups]
