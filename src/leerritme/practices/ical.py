"""iCalendar (RFC 5545) documents from calendar entries, for feeds and single-event downloads.

The calendar head and the VTIMEZONE are built with the `icalendar` library. The events are written by `_vevent()`, which
produces byte for byte what `icalendar.Event.to_ical()` produces for the same properties (a test holds
it to that): icalendar needs about two seconds for the 10,000 events of a person in 200 teams, this
writer a tenth of that, and feeds have a one-second budget.

Times are written as local times with a TZID and a VTIMEZONE for that zone, so a weekly 9:00 stays
9:00 across daylight-saving changes in every calendar program. The VTIMEZONE is worked out from the
zone's transitions rather than taken from icalendar's `add_missing_timezones()`: that one lists every
change as an RDATE, which Outlook misreads (summer-time events shift by an hour), and it loses
changes in irregular zones (Africa/Casablanca in 2027). Here a zone with a yearly rule gets yearly
RRULEs (the form Google Calendar publishes); only irregular zones get RDATE lists.
"""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.utils.translation import gettext
from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard, vText

from leerritme.lib.calendar import CalendarEntry

PRODID = "-//Leerritme//Leerritme calendar//NL"
# How often calendar programs should fetch a feed again (Apple and Outlook read one of these two;
# Google Calendar refreshes on its own schedule, every few hours).
REFRESH_INTERVAL = timedelta(hours=1)
_END = b"END:VCALENDAR\r\n"
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def calendar_document(
    entries: Iterable[CalendarEntry],
    *,
    name: str,
    time_zone: str = "Europe/Amsterdam",
    description: str = "",
    now: datetime | None = None,
) -> bytes:
    """A VCALENDAR (METHOD:PUBLISH) with one VEVENT per entry, in the given time zone.

    Text that depends on the language (the "Cancelled:" prefix) is written in the active language;
    callers activate the language the calendar is for.
    """
    entries = list(entries)
    zone = ZoneInfo(time_zone)
    stamp = _utc_stamp(now or datetime.now(UTC))

    head = Calendar()
    head.add("prodid", PRODID)
    head.add("version", "2.0")
    head.add("calscale", "GREGORIAN")
    head.add("method", "PUBLISH")
    # NAME (RFC 7986) for current programs, X-WR-CALNAME for Outlook and older Apple Calendar.
    head.add("name", vText(name))
    head.add("x-wr-calname", vText(name))
    if description:
        head.add("description", vText(description))
        head.add("x-wr-caldesc", vText(description))
    head.add("x-wr-timezone", time_zone)
    head.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    head.add("x-published-ttl", "PT1H")
    document = head.to_ical()[: -len(_END)]

    if entries:
        first_year = min(e.start for e in entries).astimezone(zone).year
        last_year = max(e.end for e in entries).astimezone(zone).year
        # A year of margin on both sides: the first onset of each observance precedes every event.
        document += vtimezone(time_zone, first_year - 1, last_year + 1)
        texts: dict[tuple[str, str], str] = {}
        cancelled = gettext("Cancelled: %(title)s")
        events = [_vevent(entry, zone, time_zone, stamp, texts, cancelled) for entry in entries]
        document += "".join(events).encode()
    return document + _END


def single_event_document(entry: CalendarEntry, *, time_zone: str = "Europe/Amsterdam") -> bytes:
    """One entry as a downloadable .ics file (for "add to my calendar")."""
    return calendar_document([entry], name=entry.title, time_zone=time_zone)


# Events ---------------------------------------------------------------------------------------------


def _vevent(entry: CalendarEntry, zone: ZoneInfo, tzid: str, stamp: str, texts: dict, cancelled: str) -> str:
    # Properties in icalendar's canonical order (SUMMARY, DTSTART, DTEND, DTSTAMP, UID, SEQUENCE, then
    # alphabetical), so the output equals icalendar's for the same event.
    title = cancelled % {"title": entry.title} if entry.cancelled else entry.title
    lines = [
        "BEGIN:VEVENT",
        _text("SUMMARY", title, texts),
        f"DTSTART;TZID={tzid}:{entry.start.astimezone(zone):%Y%m%dT%H%M%S}",
        f"DTEND;TZID={tzid}:{entry.end.astimezone(zone):%Y%m%dT%H%M%S}",
        f"DTSTAMP:{stamp}",
        _text("UID", entry.uid, texts),
        f"SEQUENCE:{entry.sequence}",
    ]
    if entry.description:
        lines.append(_text("DESCRIPTION", entry.description, texts))
    if entry.updated_at is not None:
        lines.append(f"LAST-MODIFIED:{_utc_stamp(entry.updated_at)}")
    if entry.location:
        lines.append(_text("LOCATION", entry.location, texts))
    lines.append("STATUS:CANCELLED" if entry.cancelled else "STATUS:CONFIRMED")
    if entry.url:
        lines.append(_fold(f"URL:{entry.url}"))
    lines.append("END:VEVENT\r\n")
    return "\r\n".join(lines)


def _utc_stamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("Calendar times need aware datetimes.")
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def _text(name: str, value: str, memo: dict) -> str:
    """A TEXT property line, escaped (RFC 5545 3.3.11) and folded; the same text is escaped once."""
    key = (name, value)
    line = memo.get(key)
    if line is None:
        escaped = (
            value.replace("\\", "\\\\")
            .replace(";", "\\;")
            .replace(",", "\\,")
            .replace("\r\n", "\\n")
            .replace("\n", "\\n")
            .replace("\r", "\\n")
        )
        line = memo[key] = _fold(f"{name}:{escaped}")
    return line


def _fold(line: str, limit: int = 75) -> str:
    """Fold a content line into pieces under 75 octets (RFC 5545 3.1), as icalendar does.

    Never splits a UTF-8 character, nor a backslash from the character it escapes (some programs
    read a fold right after a backslash wrongly).
    """
    if line.isascii():
        if len(line) < limit:
            return line
        # One character is one octet: cut in slices (the common case: long links and texts).
        pieces, position, width = [], 0, limit - 1
        while len(line) - position > width:
            cut = position + width
            if line[cut - 1] in "\\^":
                cut -= 1
            pieces.append(line[position:cut])
            position = cut
        pieces.append(line[position:])
        return "\r\n ".join(pieces)
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode())
        if current and size + width >= limit:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                pieces.append("".join(current))
                current, size = [carried], len(carried.encode())
            else:
                pieces.append("".join(current))
                current, size = [], 0
        current.append(char)
        size += width
    if current:
        pieces.append("".join(current))
    return "\r\n ".join(pieces)


# Time zones -----------------------------------------------------------------------------------------


@lru_cache(maxsize=32)
def vtimezone(tzid: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE for `tzid`, correct for every moment from first_year to last_year (inclusive).

    Built from the zone's own transitions: yearly RRULEs when they follow a yearly weekday rule
    (Europe/Amsterdam: the last Sunday of March and of October), otherwise every onset listed.
    """
    zone = ZoneInfo(tzid)
    start = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    transitions = _transitions(zone, start, end)
    groups: dict[tuple, list[datetime]] = {}
    for instant, before, after in transitions:
        # The onset is given in the local time that was in force before the change (RFC 5545 3.6.5).
        onset = (instant + before[0]).replace(tzinfo=None)
        groups.setdefault((after[1], before[0], after[0], after[2]), []).append(onset)

    timezone = Timezone()
    timezone.add("tzid", tzid)
    timezone.add("x-lic-location", tzid)
    years = list(range(first_year, last_year + 1))
    rules = {key: _yearly_byday(onsets, years) for key, onsets in groups.items()}
    if not transitions or None in rules.values():
        # What holds from the start until the first listed change (or throughout, without changes).
        offset, is_dst, name = _state(zone, start)
        timezone.add_component(_observance(is_dst, datetime(first_year, 1, 1), offset, offset, name))
    for (is_dst, offset_from, offset_to, name), onsets in groups.items():
        observance = _observance(is_dst, onsets[0], offset_from, offset_to, name)
        if None not in rules.values():
            observance.add("rrule", {"freq": "yearly", "bymonth": onsets[0].month,
                                     "byday": rules[(is_dst, offset_from, offset_to, name)]})
        elif len(onsets) > 1:
            observance.add("rdate", onsets[1:])
        timezone.add_component(observance)
    return timezone.to_ical()


def _observance(is_dst: bool, onset: datetime, offset_from: timedelta, offset_to: timedelta, name: str):
    observance = TimezoneDaylight() if is_dst else TimezoneStandard()
    observance.add("dtstart", onset)
    observance.add("tzname", name)
    observance.add("tzoffsetfrom", offset_from)
    observance.add("tzoffsetto", offset_to)
    return observance


def _state(zone: ZoneInfo, moment: datetime) -> tuple[timedelta, bool, str]:
    local = moment.astimezone(zone)
    return local.utcoffset(), bool(local.dst()), local.tzname()


def _transitions(zone: ZoneInfo, start: datetime, end: datetime) -> list[tuple[datetime, tuple, tuple]]:
    """(instant in UTC, state before, state after) for each change of offset or name in [start, end)."""
    found = []
    day = timedelta(days=1)
    moment, state = start, _state(zone, start)
    while moment < end:
        following = min(moment + day, end)
        next_state = _state(zone, following)
        if next_state != state:
            # Narrow down to the second: zones change at most once a day.
            low, high = moment, following
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _state(zone, middle) == state:
                    low = middle
                else:
                    high = middle
            found.append((high.replace(microsecond=0), state, next_state))
        moment, state = following, next_state
    return found


def _yearly_byday(onsets: list[datetime], years: list[int]) -> str | None:
    """"-1SU" or "2SU" when every year has one onset in the same month at the same time on the same
    weekday, all last or all the same nth of the month; None otherwise."""
    if [onset.year for onset in onsets] != years:
        return None
    first = onsets[0]
    if any((o.month, o.time(), o.weekday()) != (first.month, first.time(), first.weekday()) for o in onsets):
        return None
    weekday = _WEEKDAYS[first.weekday()]
    if all((o + timedelta(days=7)).month != o.month for o in onsets):
        return f"-1{weekday}"
    nth = {(o.day - 1) // 7 + 1 for o in onsets}
    if len(nth) == 1:
        return f"{nth.pop()}{weekday}"
    return None
