"""The calendar-entry seam: sources register; entries_for() collects, filters by window and sorts."""

from datetime import UTC, datetime, timedelta

import pytest

from leerritme.lib import calendar
from leerritme.lib.calendar import (
    CalendarEntry,
    entries_for,
    register_calendar_source,
    unregister_calendar_source,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(hours: float, length: float = 1, title: str = "Entry", **kwargs) -> CalendarEntry:
    start = T0 + timedelta(hours=hours)
    end = start + timedelta(hours=length)
    return CalendarEntry(uid=f"{title}-{hours}@test", title=title, start=start, end=end, **kwargs)


@pytest.fixture(autouse=True)
def no_other_sources(monkeypatch):
    """Each test sees only the sources it registers."""
    monkeypatch.setattr(calendar, "_sources", {})


def test_it_collects_from_every_source_and_names_the_source():
    register_calendar_source("sessions", lambda person, start, end: [at(1, title="Lunch & learn")])
    register_calendar_source("coaching", lambda person, start, end: [at(2, title="Coaching")])

    found = entries_for(None, T0, T0 + timedelta(days=1))

    assert [(e.title, e.source) for e in found] == [("Lunch & learn", "sessions"), ("Coaching", "coaching")]


def test_it_keeps_a_source_set_by_the_entry_itself():
    register_calendar_source("rhythm", lambda person, start, end: [at(1, source="rhythm.retro")])

    assert entries_for(None, T0, T0 + timedelta(days=1))[0].source == "rhythm.retro"


def test_it_passes_the_person_and_window_to_each_source():
    seen = []
    register_calendar_source("spy", lambda person, start, end: seen.append((person, start, end)) or [])

    entries_for("alice", T0, T0 + timedelta(hours=8))

    assert seen == [("alice", T0, T0 + timedelta(hours=8))]


def test_it_keeps_only_entries_that_overlap_the_window():
    entries = [
        at(-3, title="Long before"),
        at(-1, length=1, title="Ends as the window starts"),
        at(-1, length=2, title="Runs into the window"),
        at(2, title="Inside"),
        at(7, length=3, title="Runs past the end"),
        at(8, title="Starts as the window ends"),
        at(20, title="Long after"),
    ]
    register_calendar_source("all", lambda person, start, end: entries)

    found = entries_for(None, T0, T0 + timedelta(hours=8))

    assert [e.title for e in found] == ["Runs into the window", "Inside", "Runs past the end"]


def test_it_keeps_a_zero_length_entry_at_the_start_of_the_window():
    register_calendar_source("marks", lambda person, start, end: [at(0, length=0, title="Deadline")])

    assert [e.title for e in entries_for(None, T0, T0 + timedelta(hours=1))] == ["Deadline"]


def test_it_sorts_by_start_then_title():
    register_calendar_source("a", lambda person, start, end: [at(3, title="Late"), at(1, title="Zeta")])
    register_calendar_source("b", lambda person, start, end: [at(1, title="Alpha"), at(2, title="Middle")])

    found = entries_for(None, T0, T0 + timedelta(days=1))

    assert [e.title for e in found] == ["Alpha", "Zeta", "Middle", "Late"]


def test_an_empty_or_reversed_window_has_no_entries():
    register_calendar_source("all", lambda person, start, end: [at(1)])

    assert entries_for(None, T0, T0) == []
    assert entries_for(None, T0 + timedelta(hours=2), T0) == []


def test_it_refuses_naive_datetimes():
    naive = datetime(2026, 3, 2, 9, 0)
    with pytest.raises(ValueError, match="aware"):
        CalendarEntry(uid="x", title="Naive", start=naive, end=naive + timedelta(hours=1))
    with pytest.raises(ValueError, match="aware"):
        entries_for(None, naive, naive + timedelta(hours=1))


def test_an_entry_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="end before"):
        CalendarEntry(uid="x", title="Backwards", start=T0, end=T0 - timedelta(minutes=1))


def test_a_source_can_be_withdrawn():
    register_calendar_source("temporary", lambda person, start, end: [at(1)])
    unregister_calendar_source("temporary")
    unregister_calendar_source("never-there")

    assert entries_for(None, T0, T0 + timedelta(days=1)) == []


def test_it_passes_a_team_as_the_subject_like_a_person():
    seen = []
    team = object()  # an orgs.Team: the seam passes any subject through untouched
    register_calendar_source("spy", lambda subject, start, end: seen.append(subject) or [at(1)])

    assert len(entries_for(team, T0, T0 + timedelta(days=1))) == 1
    assert seen == [team]


def test_an_entry_is_confirmed_at_sequence_zero_unless_it_says_otherwise():
    entry = at(1)

    assert (entry.sequence, entry.cancelled, entry.updated_at) == (0, False, None)


def test_it_keeps_each_entrys_sequence_cancellation_and_update_time():
    changed = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    register_calendar_source("rhythm", lambda subject, start, end: [
        at(1, title="Moved", sequence=3, updated_at=changed),
        at(2, title="Skipped", sequence=1, cancelled=True),
    ])

    moved, skipped = entries_for(None, T0, T0 + timedelta(days=1))

    # The source name is added to entries without one; nothing else about them changes.
    assert (moved.source, moved.sequence, moved.cancelled, moved.updated_at) == ("rhythm", 3, False, changed)
    assert (skipped.source, skipped.sequence, skipped.cancelled) == ("rhythm", 1, True)


def test_cancelled_entries_stay_in_the_window_so_feeds_can_send_them_as_cancelled():
    register_calendar_source("rhythm", lambda subject, start, end: [
        at(-5, title="Cancelled long ago", cancelled=True),
        at(1, title="Cancelled today", cancelled=True),
        at(2, title="Planned"),
    ])

    found = entries_for(None, T0, T0 + timedelta(hours=8))

    assert [(e.title, e.cancelled) for e in found] == [("Cancelled today", True), ("Planned", False)]


def test_entries_with_equal_start_and_title_are_ordered_by_uid():
    register_calendar_source("teams", lambda subject, start, end: [
        CalendarEntry(uid="b@test", title="Retro", start=T0, end=T0 + timedelta(hours=1)),
        CalendarEntry(uid="a@test", title="Retro", start=T0, end=T0 + timedelta(hours=1)),
    ])

    assert [e.uid for e in entries_for(None, T0, T0 + timedelta(days=1))] == ["a@test", "b@test"]
