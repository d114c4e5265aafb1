"""Rounds of groups with as few repeated pairs as possible: the social golfer problem (CSPLib 10).

``schedule(n, s, w, seconds=, seed=)`` first takes the longest algebraic construction (``designs``). When
that is shorter than ``w`` (and than the counting bound), it spends two thirds of the time on schedules
that a rotation of the people maps onto themselves (``cyclic``: the same search on a problem ``k`` times
smaller; up to 100 people). From the best of those it extends one round at a time: a greedy round (each
place goes to someone who met the group least) that repeats no pair is taken as it is, otherwise a tabu
search over all rounds at once (Dotú and Van Hentenryck, "Scheduling social golfers locally", CPAIOR
2005): a move swaps two people of different groups in one round, the cost is the number of repeated
meetings, the search stops when it reaches zero. The rounds still missing are added with the fewest
repeats a short search finds (only the greedy round once the time is up), so the answer is always ``w``
valid rounds whose leading rounds have no repeated pair. The same seed gives the same plan as long as the
searches end within the time (the time limit only decides when they give up).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from itertools import combinations

from leerritme.matching.algorithms import cyclic
from leerritme.matching.algorithms.designs import Round, best_construction

# Tuned on 24 people in groups of 4 and 30 in groups of 5 (bench/matching_algorithms.py).
_TENURE_LOW, _TENURE_HIGH, _STALE = 10, 30, 1000


@dataclass(frozen=True)
class Schedule:
    """``w`` rounds and how many of them, from the start, repeat no pair."""

    rounds: list[Round]
    clean_rounds: int
    constructed_rounds: int


# Maxima proven below the counting bound. 36 in groups of 6: a fourth round would make two orthogonal Latin
# squares of order 6 (the first two rounds are the rows and columns of a 6 x 6 grid), which do not exist
# (Tarry, 1900). 30 in groups of 5: 6 (OEIS A107431, T(6,5) = 6, after Harvey's results page; Sellmann's
# table already gave the upper bound 6): a seventh round would need a resolvable 5-GDD of type 2^15.
_PROVEN_MAXIMUM = {(36, 6): 3, (30, 5): 6}


def upper_bound(n: int, s: int) -> int:
    """Nobody meets more than n-1 others, s-1 new ones a round: at most (n-1)//(s-1) rounds.

    Lower where the literature proves it (``_PROVEN_MAXIMUM``), so the search does not look for rounds
    that cannot exist.
    """
    bound = (n - 1) // (s - 1)
    # With fewer groups than the group size, a second round puts two people of one group together again
    # (pigeonhole: a group of s draws from fewer than s earlier groups).
    if n // s < s:
        bound = 1
    return min(bound, _PROVEN_MAXIMUM.get((n, s), bound))


def clean_prefix(rounds: list[Round]) -> int:
    """How many leading rounds repeat no pair."""
    seen: set[tuple[int, int]] = set()
    for k, rnd in enumerate(rounds):
        for group in rnd:
            for pair in combinations(sorted(group), 2):
                if pair in seen:
                    return k
                seen.add(pair)
    return len(rounds)


def schedule(n: int, s: int, w: int, *, seconds: float = 10.0, seed: int = 0) -> Schedule:
    if s < 2:
        raise ValueError("groups need at least two people")
    if n < s:
        raise ValueError("fewer people than one group")
    if n % s:
        raise ValueError("the number of people must be divisible by the group size")
    if w < 1:
        raise ValueError("at least one round")
    deadline = time.monotonic() + max(seconds, 0.0)
    rng = random.Random(seed)  # nosec B311: a seeded search for a schedule, not a secret
    constructed = best_construction(n, s)
    best = constructed[:w]
    target_limit = min(w, upper_bound(n, s))
    if len(best) < target_limit:
        # Symmetric schedules first, with two thirds of the time; the plain search below gets the rest.
        found = cyclic.longest(n, s, len(best) + 1, target_limit, rng, time.monotonic() + seconds * 2 / 3)
        if found is not None:
            best = found
    budget = 0.5
    while len(best) < target_limit and time.monotonic() < deadline:
        # Restarts with a growing budget: a run that stalls is often unlucky, not hopeless.
        attempt = best + [_greedy_round(n, s, best, rng)]
        if clean_prefix(attempt) == len(attempt):
            best = attempt  # many people, few rounds: the greedy round is often clean already
            continue
        search = _Tabu(n, s, attempt, rng)
        if search.run(min(deadline, time.monotonic() + budget)):
            best = search.rounds()
        else:
            budget *= 1.5
    clean = len(best)
    rounds = best
    while len(rounds) < w:
        # Fill up with the fewest repeats: a short search per extra round, earlier rounds fixed; once the
        # time is up only the greedy round (the search's n x n table would overrun the time for many people).
        attempt = rounds + [_greedy_round(n, s, rounds, rng)]
        if time.monotonic() < deadline:
            search = _Tabu(n, s, attempt, rng, frozen=len(rounds))
            search.run(min(deadline, time.monotonic() + 0.2))
            attempt = search.rounds()
        rounds = attempt
    return Schedule(rounds=rounds, clean_rounds=clean, constructed_rounds=min(len(constructed), w))


_GREEDY_SAMPLE = 64


def _greedy_round(n: int, s: int, previous: list[Round], rng: random.Random) -> Round:
    """Groups filled one by one, each time with someone who met the group least before.

    Candidates are looked at in random order, at most ``_GREEDY_SAMPLE`` per place, and the first who
    met nobody in the group is taken, so a round of thousands of people takes a moment, not minutes.
    """
    met: set[tuple[int, int]] = set()
    for rnd in previous:
        for group in rnd:
            for a, b in combinations(sorted(group), 2):
                met.add((a, b))

    def repeats(p: int, group: list[int]) -> int:
        return sum(((p, x) if p < x else (x, p)) in met for x in group)

    left = list(range(n))
    rng.shuffle(left)
    groups = []
    while left:
        group = [left.pop()]
        while len(group) < s:
            chosen, fewest = len(left) - 1, None
            for i in range(len(left) - 1, max(-1, len(left) - 1 - _GREEDY_SAMPLE), -1):
                count = repeats(left[i], group)
                if fewest is None or count < fewest:
                    chosen, fewest = i, count
                    if count == 0:
                        break
            group.append(left[chosen])
            left[chosen] = left[-1]
            left.pop()
        groups.append(group)
    return groups


class _Tabu:
    """Tabu search over rounds; the rounds before ``frozen`` never change."""

    def __init__(self, n: int, s: int, rounds: list[Round], rng: random.Random, frozen: int = 0):
        self.n, self.s, self.rng, self.frozen = n, s, rng, frozen
        self.groups = [[list(g) for g in rnd] for rnd in rounds]
        self.where = [[0] * n for _ in rounds]
        self.met = [[0] * n for _ in range(n)]
        for w, rnd in enumerate(self.groups):
            for gi, group in enumerate(rnd):
                for p in group:
                    self.where[w][p] = gi
                for a, b in combinations(group, 2):
                    self.met[a][b] += 1
                    self.met[b][a] += 1
        self.cost = sum(max(0, self.met[a][b] - 1) for a in range(n) for b in range(a + 1, n))

    def rounds(self) -> list[Round]:
        return [[sorted(g) for g in rnd] for rnd in self.groups]

    def _conflicts(self) -> list[tuple[int, int]]:
        met = self.met
        found = []
        for w in range(self.frozen, len(self.groups)):
            for group in self.groups[w]:
                for a in group:
                    if any(met[a][x] > 1 for x in group if x != a):
                        found.append((w, a))
        return found

    def _delta(self, w: int, a: int, b: int) -> int:
        met = self.met
        ga = self.groups[w][self.where[w][a]]
        gb = self.groups[w][self.where[w][b]]
        delta = 0
        for x in ga:
            if x != a:
                delta += (met[b][x] >= 1) - (met[a][x] >= 2)
        for y in gb:
            if y != b:
                delta += (met[a][y] >= 1) - (met[b][y] >= 2)
        return delta

    def _swap(self, w: int, a: int, b: int) -> None:
        met = self.met
        ia, ib = self.where[w][a], self.where[w][b]
        ga, gb = self.groups[w][ia], self.groups[w][ib]
        for x in ga:
            if x != a:
                met[a][x] -= 1
                met[x][a] -= 1
                met[b][x] += 1
                met[x][b] += 1
        for y in gb:
            if y != b:
                met[b][y] -= 1
                met[y][b] -= 1
                met[a][y] += 1
                met[y][a] += 1
        ga[ga.index(a)] = b
        gb[gb.index(b)] = a
        self.where[w][a], self.where[w][b] = ib, ia

    def run(self, deadline: float) -> bool:
        """Search until no pair repeats (True) or the deadline passes (False, best state kept)."""
        rng = self.rng
        tabu: dict[tuple[int, int, int], int] = {}
        best_cost = self.cost
        best_state = [[g[:] for g in rnd] for rnd in self.groups]
        stale = 0
        iteration = 0
        while self.cost > 0:
            iteration += 1
            if iteration % 32 == 0 and time.monotonic() > deadline:
                break
            conflicts = self._conflicts()
            if len(conflicts) > 24:
                conflicts = rng.sample(conflicts, 24)
            chosen: list[tuple[int, int, int]] = []
            chosen_delta = None
            for w, a in conflicts:
                home = self.where[w][a]
                for b in range(self.n):
                    if self.where[w][b] == home:
                        continue
                    delta = self._delta(w, a, b)
                    key = (w, min(a, b), max(a, b))
                    if tabu.get(key, 0) > iteration and self.cost + delta >= best_cost:
                        continue
                    if chosen_delta is None or delta < chosen_delta:
                        chosen, chosen_delta = [(w, a, b)], delta
                    elif delta == chosen_delta:
                        chosen.append((w, a, b))
            if not chosen or chosen_delta is None:
                tabu.clear()
                continue
            w, a, b = rng.choice(chosen)
            self._swap(w, a, b)
            self.cost += chosen_delta
            tabu[(w, min(a, b), max(a, b))] = iteration + rng.randint(_TENURE_LOW, _TENURE_HIGH)
            if self.cost < best_cost:
                best_cost, stale = self.cost, 0
                best_state = [[g[:] for g in rnd] for rnd in self.groups]
            else:
                stale += 1
            if stale > _STALE:
                # Perturb: a few random swaps in the free rounds, then go on from there.
                for _ in range(max(2, self.n // 8)):
                    w = rng.randrange(self.frozen, len(self.groups))
                    a, b = rng.sample(range(self.n), 2)
                    if self.where[w][a] != self.where[w][b]:
                        self.cost += self._delta(w, a, b)
                        self._swap(w, a, b)
                stale = 0
        if self.cost > best_cost:
            self.__init__(self.n, self.s, best_state, rng, self.frozen)
        return self.cost == 0






