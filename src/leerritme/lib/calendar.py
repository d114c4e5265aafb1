"""The calendar-entry seam: anything with a time exposes itself to the calendar feeds through here.

A source is a function `(subject, start, end) -> iterable of CalendarEntry` that returns the entries
the subject should see in that window. The subject is a person (`orgs.Person`: their own calendar)
or a team (`orgs.Team`: the team's calendar); a source returns nothing for a subject it has no
entries for. Rhythm occurrences, knowledge sessions, coaching meetings,
circle meetings and learning-time blocks each register one source; the feeds collect from all of
them through `entries_for()` and never query those parts directly.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class CalendarEntry:
    uid: str  # stable across feeds and updates, e.g. "knowledge-session-<uuid>@leerritme"
    title: str
    start: datetime
    end: datetime
    description: str = ""
    location: str = ""
    url: str = ""
    source: str = ""
    # RFC 5545: raised on every change so calendar programs update their copy; a cancelled entry stays
    # in the feed with STATUS:CANCELLED so they remove it.
    sequence: int = 0
    cancelled: bool = False
    updated_at: datetime | None = None

    def __post_init__(self):
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("Calendar entries need aware datetimes.")
        if self.end < self.start:
            raise ValueError("A calendar entry cannot end before it starts.")


CalendarSource = Callable[[object, datetime, datetime], Iterable[CalendarEntry]]

_sources: dict[str, CalendarSource] = {}


def register_calendar_source(name: str, source: CalendarSource) -> None:
    _sources[name] = source


def unregister_calendar_source(name: str) -> None:
    _sources.pop(name, None)


def entries_for(person, start: datetime, end: datetime) -> list[CalendarEntry]:
    """Every entry from every registered source that overlaps [start, end), sorted by start.

    An entry overlaps when it starts before the window ends and ends after it starts; a
    zero-length entry (a deadline) counts when it falls inside the window.
    """
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("Calendar windows need aware datetimes.")
    if end <= start:
        return []
    found: list[CalendarEntry] = []
    for name, source in _sources.items():
        for entry in source(person, start, end):
            if entry.start < end and (entry.end > start or entry.start == entry.end == start):
                found.append(entry if entry.source else _with_source(entry, name))
    return sorted(found, key=lambda e: (e.start, e.title, e.uid))


def _with_source(entry: CalendarEntry, name: str) -> CalendarEntry:
    from dataclasses import replace

    return replace(entry, source=name)
