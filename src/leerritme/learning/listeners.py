"""Parts that react to learning as it is recorded (celebration cards, badge rules, the xAPI mirror).

A listener is a function taking a list of `LearningEvent`s. It runs in the same transaction as the
recording, so what it stores is kept or rolled back together with the events; work that is slow or talks
to the outside world should be enqueued as a task from the listener, not done in it. Lists arrive in
batches (the demo and imports record thousands at once), so a listener should work per list, not per row.
"""

from collections.abc import Callable, Sequence

Listener = Callable[[Sequence], None]

_recorded: list[Listener] = []
_removed: list[Listener] = []


def on_learning_recorded(listener: Listener) -> Listener:
    """Decorator: call `listener(events)` after events are stored (also for bulk recording)."""
    if listener not in _recorded:
        _recorded.append(listener)
    return listener


def on_learning_removed(listener: Listener) -> Listener:
    """Decorator: call `listener(events)` with events just withdrawn (their fields are still readable)."""
    if listener not in _removed:
        _removed.append(listener)
    return listener


def recorded(events: Sequence) -> None:
    if events:
        for listener in list(_recorded):
            listener(events)


def removed(events: Sequence) -> None:
    if events:
        for listener in list(_removed):
            listener(events)


def registered() -> tuple[list[Listener], list[Listener]]:
    """The listeners now registered (tests save and restore them)."""
    return list(_recorded), list(_removed)


def restore(saved: tuple[list[Listener], list[Listener]]) -> None:
    _recorded[:] = saved[0]
    _removed[:] = saved[1]
