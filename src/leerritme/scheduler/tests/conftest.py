from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from leerritme.scheduler.registry import DueWork, register_due_work, unregister_due_work


@dataclass
class CountingWork:
    """Records the times it ran; fails while `failing` is set."""

    runs: list = field(default_factory=list)
    failing: bool = False

    def __call__(self, now):
        if self.failing:
            raise RuntimeError("the work broke")
        self.runs.append(now)


@pytest.fixture
def counting_work():
    """A piece of due work every ten minutes."""
    work = CountingWork()
    register_due_work(DueWork("tests.counting", timedelta(minutes=10), work))
    yield work
    unregister_due_work("tests.counting")
