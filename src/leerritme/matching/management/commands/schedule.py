"""`leerritme schedule --people N --size S --rounds W [--seconds T] [--seed K]`: plan rounds of groups.

Prints ``{"rounds": [[[0, 5, 9, 13], ...], ...]}``: W rounds, each a partition of the people 0..N-1
into groups of S, with as many leading rounds without a repeated pair as the constructions and the
search find within T seconds. With ``-v 2`` a summary goes to stderr. Bad sizes: a message on stderr
and exit status 2, nothing on stdout.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from leerritme.matching.algorithms import schedule, upper_bound

MAX_PEOPLE = 2000  # the search keeps an N x N table of meetings


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a pure calculation: no database, no need to check the project
    help = "Plan W rounds of N people in groups of S with as few repeated pairs as possible; prints JSON."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, required=True, help="Number of people N (0..N-1).")
        parser.add_argument("--size", type=int, required=True, help="Group size S; N must be divisible by S.")
        parser.add_argument("--rounds", type=int, required=True, help="Number of rounds W.")
        parser.add_argument("--seconds", type=float, default=10.0, help="Search time limit (default 10).")
        parser.add_argument("--seed", type=int, default=0, help="Random seed, for reproducible plans.")

    def handle(self, *args, people, size, rounds, seconds, seed, verbosity=1, **options):
        problems = []
        if size < 2:
            problems.append(f"the group size must be at least 2 (got {size})")
        elif people < size:
            problems.append(f"{people} people are too few for one group of {size}")
        elif people % size:
            problems.append(f"{people} people cannot be split into groups of {size} "
                            f"({people} is not divisible by {size})")
        if people > MAX_PEOPLE:
            problems.append(f"at most {MAX_PEOPLE} people (got {people})")
        if rounds < 1:
            problems.append(f"at least 1 round (got {rounds})")
        if not seconds > 0:
            problems.append(f"--seconds must be more than 0 (got {seconds})")
        if problems:
            raise CommandError("; ".join(problems), returncode=2)
        result = schedule(people, size, rounds, seconds=seconds, seed=seed)
        self.stdout.write(json.dumps({"rounds": result.rounds}, separators=(",", ":")))
        if verbosity >= 2:
            self.stderr.write(
                f"{result.clean_rounds} of {rounds} leading rounds without a repeated pair "
                f"({result.constructed_rounds} constructed; at most {upper_bound(people, size)} possible)")
