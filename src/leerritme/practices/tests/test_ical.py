"""iCalendar documents: valid for the icalendar parser, local times with a VTIMEZONE that calendar
programs read correctly, cancelled entries marked, and events written exactly as icalendar writes them."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event
from icalendar.parser import Contentline

from leerritme.lib.calendar import CalendarEntry
from leerritme.practices.ical import _fold, _transitions, calendar_document, single_event_document, vtimezone

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def entry(start: datetime, minutes: int = 30, **kwargs) -> CalendarEntry:
    values = {
        "uid": f"occurrence-{start:%Y%m%d%H%M}@leerritme",
        "title": "Check-out – Onderhoud",
        "start": start,
        "end": start + timedelta(minutes=minutes),
        "description": "Close with what we learned.\n\nHow it goes:\n1. Everyone names one thing.",
        "location": "Kantine",
        "url": "https://leerritme.example/o/vonk/occurrences/1/",
        "sequence": 2,
        "updated_at": datetime(2026, 2, 1, 10, 30, 15, tzinfo=UTC),
    }
    values.update(kwargs)
    return CalendarEntry(**values)


def parse(document: bytes) -> Calendar:
    return Calendar.from_ical(document)


def test_it_writes_the_calendar_head_calendar_programs_read():
    calendar = parse(calendar_document([], name="My learning rhythm · Vonk", description="From Leerritme."))

    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"].startswith("-//Leerritme//")
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "My learning rhythm · Vonk"
    assert calendar["NAME"] == "My learning rhythm · Vonk"
    assert calendar["X-WR-CALDESC"] == "From Leerritme."
    assert calendar["X-WR-TIMEZONE"] == "Europe/Amsterdam"
    assert calendar["X-PUBLISHED-TTL"] == "PT1H"
    assert calendar["REFRESH-INTERVAL"].dt == timedelta(hours=1)
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert calendar.events == []
    assert calendar.timezones == []


def test_it_writes_every_event_property():
    document = calendar_document([entry(datetime(2026, 3, 9, 9, 0, tzinfo=AMSTERDAM))], name="Rhythm", now=NOW)
    (event,) = parse(document).events

    assert event["UID"] == "occurrence-202603090900@leerritme"
    assert event["SUMMARY"] == "Check-out – Onderhoud"
    assert event["DESCRIPTION"] == "Close with what we learned.\n\nHow it goes:\n1. Everyone names one thing."
    assert event["LOCATION"] == "Kantine"
    assert event["URL"] == "https://leerritme.example/o/vonk/occurrences/1/"
    assert event["SEQUENCE"] == 2
    assert event["STATUS"] == "CONFIRMED"
    assert event["DTSTAMP"].dt == NOW
    assert event["LAST-MODIFIED"].dt == datetime(2026, 2, 1, 10, 30, 15, tzinfo=UTC)
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event["DTEND"].params["TZID"] == "Europe/Amsterdam"
    assert event.start == datetime(2026, 3, 9, 9, 0, tzinfo=AMSTERDAM)
    assert event.end == datetime(2026, 3, 9, 9, 30, tzinfo=AMSTERDAM)


def test_a_cancelled_entry_is_sent_as_cancelled_and_says_so_in_its_title():
    with translation.override("en"):
        document = calendar_document(
            [entry(datetime(2026, 3, 9, 9, 0, tzinfo=AMSTERDAM), cancelled=True, sequence=3)], name="Rhythm"
        )
    (event,) = parse(document).events

    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 3
    # For the programs that show cancelled events anyway.
    assert event["SUMMARY"] == "Cancelled: Check-out – Onderhoud"


def test_local_times_keep_their_wall_clock_time_across_the_spring_change():
    # Europe/Amsterdam moves to summer time on Sunday 29 March 2026.
    before, after = datetime(2026, 3, 23, 9, 0, tzinfo=AMSTERDAM), datetime(2026, 3, 30, 9, 0, tzinfo=AMSTERDAM)
    # Entries arrive in UTC, as they come from the database.
    document = calendar_document([entry(before.astimezone(UTC)), entry(after.astimezone(UTC))], name="Rhythm")

    assert b"DTSTART;TZID=Europe/Amsterdam:20260323T090000\r\n" in document
    assert b"DTSTART;TZID=Europe/Amsterdam:20260330T090000\r\n" in document
    starts = [event.start for event in parse(document).events]
    assert starts == [before, after]
    assert [start.astimezone(UTC).hour for start in starts] == [8, 7]


def test_local_times_keep_their_wall_clock_time_across_the_autumn_change():
    before, after = datetime(2026, 10, 19, 9, 0, tzinfo=AMSTERDAM), datetime(2026, 10, 26, 9, 0, tzinfo=AMSTERDAM)
    document = calendar_document([entry(before.astimezone(UTC)), entry(after.astimezone(UTC))], name="Rhythm")

    assert b"DTSTART;TZID=Europe/Amsterdam:20261019T090000\r\n" in document
    assert b"DTSTART;TZID=Europe/Amsterdam:20261026T090000\r\n" in document
    assert [event.start.astimezone(UTC).hour for event in parse(document).events] == [7, 8]


def test_the_vtimezone_for_amsterdam_uses_yearly_rules_outlook_reads():
    document = calendar_document([entry(datetime(2026, 6, 1, 9, 0, tzinfo=AMSTERDAM))], name="Rhythm")
    (timezone,) = parse(document).timezones

    assert timezone["TZID"] == "Europe/Amsterdam"
    assert b"RDATE" not in document
    observances = {sub.name: sub for sub in timezone.subcomponents}
    summer, winter = observances["DAYLIGHT"], observances["STANDARD"]
    assert summer["RRULE"]["BYMONTH"] == [3] and summer["RRULE"]["BYDAY"] == ["-1SU"]
    assert winter["RRULE"]["BYMONTH"] == [10] and winter["RRULE"]["BYDAY"] == ["-1SU"]
    # Onsets in the local time before the change: 2:00 winter time, 3:00 summer time.
    assert summer["DTSTART"].dt.time().hour == 2 and winter["DTSTART"].dt.time().hour == 3
    assert summer["DTSTART"].dt < datetime(2026, 1, 1)
    assert (summer["TZOFFSETFROM"].td, summer["TZOFFSETTO"].td) == (timedelta(hours=1), timedelta(hours=2))
    assert (winter["TZOFFSETFROM"].td, winter["TZOFFSETTO"].td) == (timedelta(hours=2), timedelta(hours=1))


@pytest.mark.parametrize(
    "tzid, rules",
    [
        ("Europe/Amsterdam", 2),
        ("America/New_York", 2),  # second Sunday of March, first of November
        ("Australia/Sydney", 2),  # southern hemisphere
        ("Asia/Tokyo", 0),  # no daylight saving
        ("Africa/Casablanca", 0),  # moves with Ramadan: every change listed
    ],
)
def test_the_vtimezone_gives_the_zones_own_offsets(tzid, rules):
    zone = ZoneInfo(tzid)
    component = vtimezone(tzid, 2025, 2028)
    parsed = Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + component + b"END:VCALENDAR\r\n").timezones[0]
    described = parsed.to_tz(lookup_tzid=False)
    changes = [instant for instant, _, _ in _transitions(zone, datetime(2025, 1, 1, tzinfo=UTC),
                                                          datetime(2029, 1, 1, tzinfo=UTC))]

    assert component.count(b"RRULE") == rules
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    while moment < datetime(2029, 1, 1, tzinfo=UTC):
        # The parser reads an onset in the new offset, RFC 5545 in the old one: they differ only
        # within the hour of a change, in the night.
        if all(abs(moment - change) > timedelta(hours=2) for change in changes):
            assert moment.astimezone(described).utcoffset() == moment.astimezone(zone).utcoffset(), (tzid, moment)
        moment += timedelta(hours=5)


def test_it_writes_events_exactly_as_icalendar_writes_them():
    tricky = [
        entry(datetime(2026, 3, 9, 9, 0, tzinfo=AMSTERDAM)),
        entry(
            datetime(2026, 7, 1, 14, 15, tzinfo=AMSTERDAM),
            title="Lunch & learn; warmtepompen, deel 2 — één keer per maand",
            description="Regel één\r\nRegel twee, met komma; en puntkomma \\ en backslash\n" + "ë" * 80,
            location="Zaal 3, tweede verdieping",
            url="https://leerritme.example/o/vonk/occurrences/" + "a" * 90 + "/",
            cancelled=True,
            sequence=11,
        ),
        entry(datetime(2026, 12, 1, 8, 0, tzinfo=AMSTERDAM), description="", location="", url="", updated_at=None),
        entry(datetime(2026, 12, 1, 8, 0, tzinfo=AMSTERDAM), minutes=0, title="x" * 73 + "\\" + "y" * 10),
        # An escaped backslash and a caret exactly where a line is folded.
        entry(datetime(2026, 12, 2, 8, 0, tzinfo=AMSTERDAM), description="d" * 61 + "\\" + "e" * 100,
              location="l" * 64 + "^" + "m" * 80),
    ]
    with translation.override("en"):
        ours = calendar_document(tricky, name="Rhythm", now=NOW)
    events = ours[ours.index(b"BEGIN:VEVENT"): ours.rindex(b"END:VCALENDAR")]

    reference = b""
    for item in tricky:
        event = Event()
        event.add("summary", f"Cancelled: {item.title}" if item.cancelled else item.title)
        event.add("dtstart", item.start.astimezone(AMSTERDAM))
        event.add("dtend", item.end.astimezone(AMSTERDAM))
        event.add("dtstamp", NOW)
        event.add("uid", item.uid)
        event.add("sequence", item.sequence)
        if item.description:
            event.add("description", item.description)
        if item.updated_at:
            event.add("last-modified", item.updated_at)
        if item.location:
            event.add("location", item.location)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        if item.url:
            event.add("url", item.url)
        reference += event.to_ical()
    assert events == reference


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab\\^,;é€😀 "), max_size=400))
def test_lines_are_folded_exactly_as_icalendar_folds_them(text):
    line = "DESCRIPTION:" + text

    assert _fold(line) == Contentline(line).to_ical().decode()


def test_long_and_non_ascii_lines_are_folded_without_splitting_a_character():
    text = "Wat we leerden: één ding per persoon, " * 10
    document = calendar_document([entry(datetime(2026, 3, 9, 9, 0, tzinfo=AMSTERDAM), description=text)],
                                 name="Rhythm")

    for line in document.split(b"\r\n"):
        assert len(line) < 76
        line.decode("utf-8")  # a split character would not decode
    assert parse(document).events[0]["DESCRIPTION"] == text


def test_a_zero_length_entry_is_a_valid_event():
    moment = datetime(2026, 5, 4, 17, 0, tzinfo=AMSTERDAM)
    (event,) = parse(calendar_document([entry(moment, minutes=0)], name="Deadlines")).events

    assert event.start == event.end == moment


def test_a_single_event_document_is_named_after_its_event():
    calendar = parse(single_event_document(entry(datetime(2026, 3, 9, 9, 0, tzinfo=AMSTERDAM))))

    assert calendar["X-WR-CALNAME"] == "Check-out – Onderhoud"
    assert len(calendar.events) == 1
    assert len(calendar.timezones) == 1


def test_the_same_entries_give_the_same_document():
    entries = [entry(datetime(2026, 3, 9, 9, 0, tzinfo=AMSTERDAM))]

    assert calendar_document(entries, name="R", now=NOW) == calendar_document(entries, name="R", now=NOW)


def test_it_refuses_a_naive_time_stamp():
    with pytest.raises(ValueError, match="aware"):
        calendar_document([entry(datetime(2026, 3, 9, 9, 0, tzinfo=AMSTERDAM))], name="R", now=datetime(2026, 3, 1))
