"""The matching algorithms, free of Django: golfer schedules, rounds, coaching matches and buddies.

Everything takes and returns plain Python values (people are any hashable ids), so the web app, the
``schedule`` and ``match`` commands and the benchmarks share one implementation.
"""

from leerritme.matching.algorithms.coaching import (
    CoachingPlan,
    MatchInputError,
    coaching_score,
    match_coaching,
    propose_buddies,
)
from leerritme.matching.algorithms.designs import best_construction, doubled_planes
from leerritme.matching.algorithms.golfer import Schedule, clean_prefix, schedule, upper_bound
from leerritme.matching.algorithms.rounds import (
    Infeasible,
    Sizes,
    TooFewPeople,
    group_sizes,
    history_counts,
    plan_round,
    rotate_facilitators,
)

__all__ = [
    "CoachingPlan",
    "Infeasible",
    "MatchInputError",
    "Schedule",
    "Sizes",
    "TooFewPeople",
    "best_construction",
    "clean_prefix",
    "coaching_score",
    "doubled_planes",
    "group_sizes",
    "history_counts",
    "match_coaching",
    "plan_round",
    "propose_buddies",
    "rotate_facilitators",
    "schedule",
    "upper_bound",
]
