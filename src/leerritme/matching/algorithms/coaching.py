"""Coaching matches: the most learners matched, then the highest total score — exactly.

Each coach c with capacity k becomes k identical slots; each learner gets a private "unmatched" slot.
A minimum-cost full matching of the learners (``scipy.sparse.csgraph.min_weight_full_bipartite_matching``,
LAPJVsp on the sparse graph) with cost ``1001 - score`` on a real slot and ``M = 1001*(L+1)`` on the
unmatched slot is lexicographically optimal: one more matched learner saves at least
``M - 1001*L > 0``, more than any difference in scores can add. Ties in cost are ties in the objective.
Candidate pairs in, pairs out; pairs not listed are not allowed.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

MAX_SCORE = 1000


class MatchInputError(ValueError):
    """The matching input is inconsistent (the message says how)."""


@dataclass(frozen=True)
class CoachingPlan:
    """Pairs (learner, coach), the learners left without a coach, and the total score."""

    pairs: list[tuple[Hashable, Hashable]]
    unmatched: list[Hashable]
    without_candidates: list[Hashable]
    total_score: int


def match_coaching(
    learners: Sequence[Hashable],
    capacity: Mapping[Hashable, int],
    candidates: Iterable[tuple[Hashable, Hashable, int]],
) -> CoachingPlan:
    learner_index: dict[Hashable, int] = {}
    for learner in learners:
        if learner in learner_index:
            raise MatchInputError(f"learner {learner!r} is listed twice")
        learner_index[learner] = len(learner_index)
    for coach, cap in capacity.items():
        if isinstance(cap, bool) or not isinstance(cap, int) or cap < 1:
            raise MatchInputError(f"coach {coach!r} has capacity {cap!r}; it must be a whole number of at least 1")
    coaches = list(capacity)
    slot_start = {}
    slots = 0
    for coach in coaches:
        slot_start[coach] = slots
        slots += capacity[coach]

    rows: list[int] = []
    cols: list[int] = []
    vals: list[int] = []
    seen: set[tuple[Hashable, Hashable]] = set()
    score_of: dict[tuple[Hashable, Hashable], int] = {}
    for item in candidates:
        learner, coach, score = item
        if learner not in learner_index:
            raise MatchInputError(f"candidate pair names an unknown learner {learner!r}")
        if coach not in capacity:
            raise MatchInputError(f"candidate pair names an unknown coach {coach!r}")
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= MAX_SCORE:
            raise MatchInputError(f"score {score!r} of ({learner!r}, {coach!r}) must be a whole number 0-1000")
        if (learner, coach) in seen:
            raise MatchInputError(f"the pair ({learner!r}, {coach!r}) is listed twice")
        seen.add((learner, coach))
        score_of[(learner, coach)] = score
        i = learner_index[learner]
        start = slot_start[coach]
        for k in range(capacity[coach]):
            rows.append(i)
            cols.append(start + k)
            vals.append(MAX_SCORE + 1 - score)

    n = len(learner_index)
    with_candidates = set(rows)
    without = [learner for learner, i in learner_index.items() if i not in with_candidates]
    if n == 0:
        return CoachingPlan([], [], [], 0)
    unmatched_cost = (MAX_SCORE + 1) * (n + 1)
    rows.extend(range(n))
    cols.extend(range(slots, slots + n))
    vals.extend([unmatched_cost] * n)
    graph = csr_matrix(
        (np.asarray(vals, dtype=np.float64), (np.asarray(rows), np.asarray(cols))),
        shape=(n, slots + n),
    )
    row_ind, col_ind = min_weight_full_bipartite_matching(graph)
    slot_coach = np.empty(slots, dtype=np.int64)
    for ci, coach in enumerate(coaches):
        slot_coach[slot_start[coach]:slot_start[coach] + capacity[coach]] = ci
    learner_list = list(learner_index)
    pairs: list[tuple[Hashable, Hashable]] = []
    unmatched: list[Hashable] = []
    total = 0
    for r, c in sorted(zip(row_ind.tolist(), col_ind.tolist(), strict=True)):
        learner = learner_list[r]
        if c >= slots:
            unmatched.append(learner)
            continue
        coach = coaches[int(slot_coach[c])]
        pairs.append((learner, coach))
        total += score_of[(learner, coach)]
    return CoachingPlan(pairs=pairs, unmatched=unmatched, without_candidates=without, total_score=total)


@dataclass(frozen=True)
class Offer:
    """What a coach offers: skill -> the coach's level (1-4, or None when not given)."""

    skills: Mapping[Hashable, int | None]


def coaching_score(
    *,
    wanted: Mapping[Hashable, int | None],
    offered: Mapping[Hashable, int | None],
    same_team: bool,
    is_own_lead: bool,
    languages_shared: bool,
    require_other_team: bool = False,
) -> tuple[int, list[tuple[str, object]]] | None:
    """A score 0-1000 and its reasons for learner and coach, or None when the pair is not allowed.

    ``wanted`` maps the skills the learner wants to their current level; ``offered`` the coach's skills
    to the coach's level. Reasons are codes the page turns into sentences: ("shared_skill", skill),
    ("level_difference", skill, levels), ("other_team",), ("same_team",).
    """
    if is_own_lead or not languages_shared or (require_other_team and same_team):
        return None
    shared = [skill for skill in wanted if skill in offered]
    if not shared:
        return None
    reasons: list[tuple[str, object]] = []
    score = 0
    for skill in shared:
        reasons.append(("shared_skill", skill))
        own, theirs = wanted[skill], offered[skill]
        points = 500
        if own is not None and theirs is not None:
            gap = theirs - own
            if gap <= 0:
                points = 100  # the coach is not ahead on this skill: a weak match
            else:
                points = 500 + 100 * min(gap, 3)
                reasons.append(("level_difference", (skill, gap)))
        elif theirs is not None:
            points = 400 + 50 * theirs
        score = max(score, points)
    score += 50 * (len(shared) - 1)
    if same_team:
        reasons.append(("same_team", None))
    else:
        score += 150
        reasons.append(("other_team", None))
    return min(score, MAX_SCORE), reasons


def propose_buddies(
    newcomers: Sequence[Hashable],
    candidates: Sequence[Hashable],
    *,
    team: Mapping[Hashable, Hashable],
    load: Mapping[Hashable, int] | None = None,
    department: Mapping[Hashable, Hashable] | None = None,
) -> dict[Hashable, Hashable]:
    """A buddy from another team per newcomer, each buddy once, the least busy first.

    A minimum-cost assignment (``scipy.optimize.linear_sum_assignment``); newcomers for whom no
    candidate from another team is left get no buddy (absent from the result).
    """
    from scipy.optimize import linear_sum_assignment

    load = load or {}
    pool = [c for c in candidates if c not in set(newcomers)]
    if not newcomers or not pool:
        return {}
    impossible = 10**9
    matrix = np.full((len(newcomers), len(pool)), impossible, dtype=np.int64)
    for i, newcomer in enumerate(newcomers):
        for j, buddy in enumerate(pool):
            if team.get(newcomer) is not None and team.get(newcomer) == team.get(buddy):
                continue
            cost = 10 * load.get(buddy, 0)
            if department is not None and department.get(newcomer) is not None:
                # Same department, other team: close enough to help, far enough to widen the network.
                cost += 0 if department.get(newcomer) == department.get(buddy) else 3
            matrix[i, j] = cost
    rows, cols = linear_sum_assignment(matrix)
    return {newcomers[r]: pool[c] for r, c in zip(rows, cols, strict=True) if matrix[r, c] < impossible}
