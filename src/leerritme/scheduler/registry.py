"""The scheduler seam: every part registers the time-based work it has, and one scheduler runs it.

A piece of due work has a name, how often it is due, and a function `run(now)` that finds what is due
at `now` and enqueues it on the task worker (never sends or writes much itself). The scheduler's tick
(`leerritme scheduler`) claims each piece once per slot in the database, so two schedulers running at
the same time never do the same work twice; the work itself must still be idempotent (e.g. `notify(...,
dedupe_key=...)`), because a claimed slot can be retried after a crash.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class DueWork:
    name: str
    every: timedelta
    run: Callable[[datetime], object]


_work: dict[str, DueWork] = {}


def register_due_work(work: DueWork) -> DueWork:
    if work.every < timedelta(minutes=1):
        raise ValueError("Due work runs at most once a minute.")
    _work[work.name] = work
    return work


def registered_due_work() -> list[DueWork]:
    return sorted(_work.values(), key=lambda w: w.name)


def unregister_due_work(name: str) -> None:
    """Withdraw a piece of due work (tests register their own and clean up after themselves)."""
    _work.pop(name, None)
