"""The demo-data registry: each part registers how it fills the demo organisation.

`leerritme demo` runs every registered part in order of registration and dependencies. A part that
has already run for an organisation (recorded in orgs.DemoPart) is skipped, so a database made before
a later part existed gets that part's data on the next run, and nothing is added twice.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

SIZES = {"small": 120, "medium": 2_000, "large": 20_000}


@dataclass
class DemoContext:
    """What a demo part gets: the organisation, the wanted size, a seeded random source and 'now'."""

    organisation: object
    size: str
    people: int
    rng: random.Random
    now: datetime
    log: Callable[[str], None] = print


@dataclass(frozen=True)
class DemoDataPart:
    name: str
    run: Callable[[DemoContext], None]
    after: tuple[str, ...] = field(default_factory=tuple)


_parts: dict[str, DemoDataPart] = {}


def register_demo_part(part: DemoDataPart) -> DemoDataPart:
    _parts[part.name] = part
    return part


def registered_demo_parts() -> list[DemoDataPart]:
    """Parts in an order that respects `after`; unknown dependencies are ignored."""
    ordered: list[DemoDataPart] = []
    placed: set[str] = set()

    def place(part: DemoDataPart, trail: tuple[str, ...] = ()):
        if part.name in placed or part.name in trail:
            return
        for dependency in part.after:
            if dependency in _parts:
                place(_parts[dependency], (*trail, part.name))
        placed.add(part.name)
        ordered.append(part)

    for part in _parts.values():
        place(part)
    return ordered
