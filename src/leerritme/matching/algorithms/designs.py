"""Algebraic constructions of schedules without a repeated pair (resolvable designs).

A schedule is a list of rounds; a round is a list of groups (lists of people 0..n-1) that partition the
people. Each construction here gives rounds in which no two people meet twice:

- ``round_robin``: pairs of an even number n, n-1 rounds (the circle method, a 1-factorisation of K_n).
- ``affine_geometry``: n = q**k people in groups of q (q a prime power): the parallel classes of the lines
  of AG(k, q), (n-1)/(q-1) rounds; everybody meets everybody (k = 2 is the affine plane).
- ``transversal``: n = s*g people in groups of s with g a prime power >= s: the resolvable transversal
  design from GF(g), g rounds, plus the rounds of a schedule for g people in groups of s inside each of the
  s "rows" when s divides g.
- ``doubled_planes``: n = 2*q**2 people in groups of q (q = 3, 4): 2*(q+1) rounds, two copies of the
  affine plane AG(2, q) on q**2 pairs of people, the two of a pair never meeting (32 people in groups of 4:
  10 rounds, the optimum).
- ``projective_packing``: n = q**3+q**2+q+1 people in groups of q+1 (q = 2, 3): a packing of PG(3, q),
  a partition of its lines into spreads, so q**2+q+1 rounds and everybody meets everybody (q = 2 is
  Kirkman's schoolgirl problem, q = 3 is 40 people in groups of 4: a resolvable (40, 4, 1) design).
- ``rotational``: stored base rounds of a schedule that a rotation of the people maps onto itself, found
  once by the symmetric search (``cyclic``) and checked at use: 7 rounds for 24 people in groups of 4,
  6 for 30 in groups of 5 (both the most possible).

``best_construction(n, s)`` returns the longest of those that applies.
"""

from __future__ import annotations

import random
from functools import cache
from itertools import combinations, product

from leerritme.matching.algorithms.fields import field, prime_power

Round = list[list[int]]


def round_robin(n: int) -> list[Round]:
    """n-1 rounds of pairs for an even n: person n-1 stays put, the others turn one place each round."""
    if n < 2 or n % 2:
        raise ValueError("round robin needs an even number of people")
    others = list(range(n - 1))
    rounds = []
    for r in range(n - 1):
        circle = others[r:] + others[:r]
        pairs = [[n - 1, circle[0]]]
        pairs += [[circle[i], circle[-i]] for i in range(1, n // 2)]
        rounds.append(pairs)
    return rounds


def affine_geometry(q: int, k: int) -> list[Round]:
    """The parallel classes of lines of AG(k, q) on the people 0..q**k-1."""
    f = field(q)

    def index(v: tuple[int, ...]) -> int:
        return sum(c * q**i for i, c in enumerate(v))

    points = [tuple((x // q**i) % q for i in range(k)) for x in range(q**k)]
    # One direction per 1-dimensional subspace: the first non-zero coordinate is 1.
    directions = [d for d in points if any(d) and d[next(i for i, c in enumerate(d) if c)] == 1]
    rounds = []
    for d in directions:
        seen: set[int] = set()
        groups = []
        for x in points:
            if index(x) in seen:
                continue
            line = [index(tuple(f.add[xi][f.mul[t][di]] for xi, di in zip(x, d, strict=True)))
                    for t in range(q)]
            seen.update(line)
            groups.append(sorted(line))
        rounds.append(groups)
    return rounds


def transversal(s: int, g: int) -> list[Round]:
    """Resolvable transversal design: person i*g + x is (row i, field element x)."""
    f = field(g)
    if s > g:
        raise ValueError("a transversal design needs at least as many groups as the group size")
    rounds = [
        [[i * g + f.add[b][f.mul[m][i]] for i in range(s)] for b in range(g)]
        for m in range(g)
    ]
    # People in the same row never meet above, so a schedule inside the rows adds rounds.
    if g % s == 0:
        for inner in best_construction(g, s):
            rounds.append([[i * g + p for p in group] for i in range(s) for group in inner])
    return rounds


def projective_packing(q: int) -> list[Round]:
    """A packing of PG(3, q) (q = 2 or 3): its q**2+q+1 spreads are the rounds, its lines the groups.

    Every spread is found by backtracking (8,424 for q = 3), then 13 disjoint spreads by exact cover, taking
    first the line with the fewest spreads left (Knuth's rule); both take a fraction of a second.
    """
    if q not in (2, 3):
        raise ValueError("the packing construction is implemented for q = 2 and q = 3")

    def normalise(v: tuple[int, ...]) -> tuple[int, ...]:
        lead = next(c for c in v if c)
        inverse = pow(lead, q - 2, q)
        return tuple(c * inverse % q for c in v)

    points = sorted({normalise(v) for v in product(range(q), repeat=4) if any(v)})
    number = {p: i for i, p in enumerate(points)}

    def span(u: tuple[int, ...], v: tuple[int, ...]) -> frozenset[int]:
        return frozenset(
            number[normalise(tuple((a * x + b * y) % q for x, y in zip(u, v, strict=True)))]
            for a in range(q) for b in range(q) if a or b
        )

    lines = sorted({span(u, v) for u, v in combinations(points, 2)}, key=sorted)
    through = [[i for i, line in enumerate(lines) if p in line] for p in range(len(points))]
    spreads: list[int] = []  # bit masks over the lines

    def spreads_from(covered: frozenset[int], chosen: int) -> None:
        if len(covered) == len(points):
            spreads.append(chosen)
            return
        p = next(p for p in range(len(points)) if p not in covered)
        for i in through[p]:
            if covered.isdisjoint(lines[i]):
                spreads_from(covered | lines[i], chosen | 1 << i)

    spreads_from(frozenset(), 0)
    by_line = [[s for s in spreads if s >> i & 1] for i in range(len(lines))]
    everything = (1 << len(lines)) - 1

    def packing(used: int) -> list[int] | None:
        if used == everything:
            return []
        fewest: list[int] | None = None
        for i in range(len(lines)):
            if not used >> i & 1:
                options = [s for s in by_line[i] if not s & used]
                if fewest is None or len(options) < len(fewest):
                    fewest = options
                if not options:
                    return None
        for s in fewest or []:
            rest = packing(used | s)
            if rest is not None:
                return [s, *rest]
        return None

    found = packing(0)
    if found is None:  # packings of PG(3, q) exist (Denniston 1972): reaching this is a programming mistake
        raise RuntimeError("no packing of PG(3, q) found")
    return [[sorted(lines[i]) for i in range(len(lines)) if s >> i & 1] for s in found]


def _solve_gf2(rows: list[tuple[int, int]], size: int) -> list[int] | None:
    """A solution of the equations ``mask . x = rhs`` over GF(2) (masks as bit sets), or None."""
    pivots: dict[int, tuple[int, int]] = {}
    for mask, rhs in rows:
        for col, (pivot, value) in pivots.items():
            if mask >> col & 1:
                mask, rhs = mask ^ pivot, rhs ^ value
        if not mask:
            if rhs:
                return None
            continue
        col = mask.bit_length() - 1
        for other, (pivot, value) in list(pivots.items()):
            if pivot >> col & 1:
                pivots[other] = (pivot ^ mask, value ^ rhs)
        pivots[col] = (mask, rhs)
    solution = [0] * size
    for col, (_pivot, value) in pivots.items():
        solution[col] = value  # the free variables are 0 and every pivot row is fully reduced
    return solution


def _arc_relabelling(plane: list[Round], q: int, rng) -> list[int]:
    """A relabelling of the plane's points after which no line holds three points of one line of the plane."""
    points = q * q
    line_of = {}
    for li, line in enumerate(group for rnd in plane for group in rnd):
        for a, b in combinations(line, 2):
            line_of[a, b] = li

    def crowding(relabel: list[int]) -> int:
        count = 0
        for rnd in plane:
            for line in rnd:
                on = [line_of[a, b] for a, b in combinations(sorted(relabel[p] for p in line), 2)]
                count += len(on) - len(set(on))
        return count

    while True:
        relabel = list(range(points))
        rng.shuffle(relabel)
        cost = crowding(relabel)
        for _ in range(200 * points):
            if not cost:
                return relabel
            i, j = rng.sample(range(points), 2)
            relabel[i], relabel[j] = relabel[j], relabel[i]
            new = crowding(relabel)
            if new <= cost or rng.random() < 0.02:
                cost = new
            else:
                relabel[i], relabel[j] = relabel[j], relabel[i]


def doubled_planes(q: int) -> list[Round]:
    """2*q**2 people in groups of q: 2*(q+1) rounds in which only the two people of a "level" never meet.

    Level a holds people 2a and 2a+1. The levels carry the affine plane AG(2, q) and a relabelled copy of
    it whose lines are arcs of the first (no three points on one of its lines), so two levels share exactly
    one line of each. A line L becomes two groups, {2a + f_L(a)} and {2a + 1 - f_L(a)} over its levels a;
    the two lines through levels a and b then cover the four pairs between them exactly once when
    f_L(a) + f_L(b) differs from f_L'(a) + f_L'(b): equations over GF(2), solved by elimination, with a
    new relabelling while they have no solution. This is a resolvable group divisible design of type
    2^(q**2) (the Z_2 "doubling" of two orthogonal resolvable designs) and meets the counting bound
    (2*q**2 - 1) // (q - 1): 8 rounds for 18 people in threes, 10 for 32 in fours (the optimum, first
    reached by Aguado in 2004; CSPLib problem 10).
    The relabelling is searched with a fixed seed, so the rounds are always the same.
    """
    rng = random.Random(q)  # nosec B311: a fixed seed for a reproducible design, not a secret
    plane = affine_geometry(q, 2)
    while True:
        relabel = _arc_relabelling(plane, q, rng)
        copy = [[sorted(relabel[p] for p in line) for line in rnd] for rnd in plane]
        lines = [line for rnd in plane + copy for line in rnd]
        bit = {}
        for li, line in enumerate(lines):
            for a in line:
                bit[li, a] = len(bit)
        through: dict[tuple[int, int], list[int]] = {}
        for li, line in enumerate(lines):
            for a, b in combinations(line, 2):
                through.setdefault((a, b), []).append(li)
        rows = []
        for (a, b), (first, second) in through.items():
            rows.append((1 << bit[first, a] ^ 1 << bit[first, b] ^ 1 << bit[second, a] ^ 1 << bit[second, b], 1))
        flips = _solve_gf2(rows, len(bit))
        if flips is None:
            continue
        rounds = []
        for r, rnd in enumerate(plane + copy):
            groups = []
            for i, line in enumerate(rnd):
                li = r * q + i
                for side in (0, 1):
                    groups.append(sorted(2 * a + (flips[bit[li, a]] ^ side) for a in line))
            rounds.append(groups)
        return rounds


def turned(base: list[Round], n: int, k: int) -> list[Round]:
    """The ``len(base)*k`` rounds: every base round turned 0, 1, ..., k-1 times.

    The turn moves person ``level*k + x`` to ``level*k + (x+1) % k`` and leaves the last ``n % k`` people
    where they are (the symmetric schedules of ``cyclic``).
    """
    moving = n - n % k

    def turn(p: int, t: int) -> int:
        if p >= moving:
            return p
        level, x = divmod(p, k)
        return level * k + (x + t) % k

    return [[sorted(turn(p, t) for p in group) for group in rnd] for t in range(k) for rnd in base]


def repeat_free(rounds: list[Round], n: int, s: int) -> bool:
    """Every round a partition of 0..n-1 into groups of s, and no pair of people together twice."""
    seen: set[tuple[int, int]] = set()
    for rnd in rounds:
        if sorted(p for group in rnd for p in group) != list(range(n)) or any(len(g) != s for g in rnd):
            return False
        for group in rnd:
            for pair in combinations(sorted(group), 2):
                if pair in seen:
                    return False
                seen.add(pair)
    return True


# Base rounds for the sizes where only the symmetric search (``cyclic``) reaches the best known number of
# rounds, kept here so that the answer no longer depends on how busy the machine is: (n, s) -> (order k of
# the turn, base rounds), people numbered as in ``turned``. Each was found once, offline, by
# ``cyclic.search(n, s, rounds, random.Random(0), deadline)`` (a fraction of a second on a quiet machine)
# and is checked by ``rotational`` whenever it is used: a wrong entry raises instead of giving repeats.
_BASE_ROUNDS: dict[tuple[int, int], tuple[int, tuple[tuple[tuple[int, ...], ...], ...]]] = {
    # 7 rounds, the counting bound: three levels of seven turn, people 21, 22 and 23 stay put.
    (24, 4): (7, (((0, 2, 3, 17), (5, 11, 14, 22), (1, 10, 19, 23), (6, 13, 18, 21), (9, 15, 16, 20),
                   (4, 7, 8, 12)),)),
    # 6 rounds, the maximum (OEIS A107431: T(6,5) = 6): five levels of six turn, nobody stays put.
    (30, 5): (6, (((3, 5, 15, 16, 21), (6, 12, 14, 24, 29), (2, 10, 17, 19, 25), (8, 9, 13, 20, 22),
                   (4, 18, 23, 26, 28), (0, 1, 7, 11, 27)),)),
}


def rotational(n: int, s: int) -> list[Round]:
    """The stored symmetric schedule for n people in groups of s, checked to be repeat-free."""
    k, base = _BASE_ROUNDS[n, s]
    rounds = turned([[list(group) for group in rnd] for rnd in base], n, k)
    if not repeat_free(rounds, n, s):
        raise RuntimeError(f"the stored base rounds for {n} people in groups of {s} repeat a pair")
    return rounds


# Where the doubled planes are found in under a second (for q = 5 the relabelling search takes minutes).
_DOUBLED = (3, 4)


@cache
def _best(n: int, s: int) -> tuple[tuple[tuple[int, ...], ...], ...]:
    options: list[list[Round]] = []
    if n == s:
        options.append([[list(range(n))]])
    if s == 2 and n % 2 == 0:
        options.append(round_robin(n))
    if s >= 2 and prime_power(s):
        k, size = 1, s
        while size < n:
            size, k = size * s, k + 1
        if size == n and k >= 2:
            options.append(affine_geometry(s, k))
    if n % s == 0 and (g := n // s) >= s and prime_power(g):
        options.append(transversal(s, g))
    if s in _DOUBLED and n == 2 * s * s:
        options.append(doubled_planes(s))
    if (n, s) in _BASE_ROUNDS:
        options.append(rotational(n, s))
    q = s - 1
    if q in (2, 3) and n == q**3 + q**2 + q + 1:
        options.append(projective_packing(q))
    if n % s == 0:
        options.append([[list(range(i, i + s)) for i in range(0, n, s)]])
    if not options:
        return ()
    best = max(options, key=len)
    return tuple(tuple(tuple(group) for group in rnd) for rnd in best)


def best_construction(n: int, s: int) -> list[Round]:
    """The longest known algebraic schedule without repeats for n people in groups of s (maybe empty)."""
    if s < 2 or n < s or n % s:
        return []
    return [[list(group) for group in rnd] for rnd in _best(n, s)]
