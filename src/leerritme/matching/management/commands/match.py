"""`leerritme match --input FILE`: coaching matches with the most learners, then the highest score.

Reads ``{"learners": [{"id": "l1"}, ...], "coaches": [{"id": "c1", "capacity": 3}, ...],
"candidates": [["l1", "c1", 870], ...]}`` (FILE ``-`` reads standard input) and prints
``{"pairs": [["l1", "c1"], ...]}``.

Exit status: 0 when the plan is complete or learners only miss out because the coaches are full (then
stderr says how many); 1 when some learner has no allowed coach at all: the plan for everyone else is
still printed and stderr names those learners, so a script notices; 2 when the input is unusable
(unreadable file, malformed JSON, a capacity below 1, unknown or repeated ids, a score outside 0-1000):
a message on stderr and nothing on stdout.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from leerritme.matching.algorithms import MatchInputError, match_coaching


def _read(path: str) -> object:
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as f:
                text = f.read()
    except OSError as e:
        raise CommandError(f"cannot read {path}: {e.strerror}", returncode=2) from None
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text", returncode=2) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise CommandError(f"{path} is not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}",
                           returncode=2) from None


def _ident(value: object, where: str) -> str | int:
    """Ids are printed back as they were given (a string stays a string, a number a number)."""
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise CommandError(f"{where}: an id must be a non-empty string or a whole number, got {value!r}", returncode=2)


def parse(data: object) -> tuple[list, dict, list[tuple]]:
    if not isinstance(data, dict):
        raise CommandError("the input must be a JSON object with learners, coaches and candidates", returncode=2)
    missing = [key for key in ("learners", "coaches", "candidates") if not isinstance(data.get(key), list)]
    if missing:
        raise CommandError(f"the input needs a list under {', '.join(repr(k) for k in missing)}", returncode=2)
    learners = []
    for i, item in enumerate(data["learners"]):
        if not isinstance(item, dict) or "id" not in item:
            raise CommandError(f"learners[{i}] must be an object with an id", returncode=2)
        learners.append(_ident(item["id"], f"learners[{i}]"))
    capacity: dict = {}
    for i, item in enumerate(data["coaches"]):
        if not isinstance(item, dict) or "id" not in item or "capacity" not in item:
            raise CommandError(f"coaches[{i}] must be an object with an id and a capacity", returncode=2)
        coach = _ident(item["id"], f"coaches[{i}]")
        if coach in capacity:
            raise CommandError(f"coach {coach!r} is listed twice", returncode=2)
        capacity[coach] = item["capacity"]
    candidates = []
    for i, item in enumerate(data["candidates"]):
        if not isinstance(item, list) or len(item) != 3:
            raise CommandError(f"candidates[{i}] must be [learner, coach, score]", returncode=2)
        candidates.append((_ident(item[0], f"candidates[{i}]"), _ident(item[1], f"candidates[{i}]"), item[2]))
    return learners, capacity, candidates


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a pure calculation: no database, no need to check the project
    help = "Match learners to coaches: most learners first, then the highest total score; prints JSON."

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="JSON input file (- reads stdin).")

    def handle(self, *args, input, verbosity=1, **options):
        learners, capacity, candidates = parse(_read(input))
        try:
            plan = match_coaching(learners, capacity, candidates)
        except MatchInputError as e:
            raise CommandError(str(e), returncode=2) from None
        self.stdout.write(json.dumps({"pairs": [list(p) for p in plan.pairs]}, separators=(",", ":")))
        without = set(plan.without_candidates)
        full = [learner for learner in plan.unmatched if learner not in without]
        if full:
            self.stderr.write(f"{len(full)} learner(s) could not be matched because their coaches are full: "
                              + ", ".join(map(str, full[:20])) + (" ..." if len(full) > 20 else ""))
        if without:
            names = plan.without_candidates
            self.stderr.write(f"{len(names)} learner(s) have no allowed coach and stay unmatched: "
                              + ", ".join(map(str, names[:20])) + (" ..." if len(names) > 20 else ""))
            sys.exit(1)
