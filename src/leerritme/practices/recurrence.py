"""Rhythms as RFC 5545 recurrences: build a rule from the form's choices, check it, expand it in local time.

Pure functions, no database: the services store what `build()` returns on a `Rhythm` and materialise
what `expand()` yields as `Occurrence` rows.

What is stored:
- `rrule`: the RRULE value, e.g. ``FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0``. The local wall time is part
  of the rule (BYHOUR/BYMINUTE), so "Monday 9:00" stays 9:00 on the wall whatever the UTC offset, and the
  rule reads the same without its DTSTART. UNTIL is written in UTC, as RFC 5545 requires when DTSTART has
  a TZID: the end of the until-day in the rhythm's time zone. Empty for a rhythm of given dates only.
- `dates`: RDATEs as naive local ISO datetimes ("2026-06-15T14:00:00"), for "after each project".
- `starts_at`: DTSTART, the first time it happens (aware); `time_zone`: an IANA name.

Time zones: rules are expanded with python-dateutil in naive local wall time, then the zone is attached
with zoneinfo. Two local times need a deliberate choice (both happen only on the last Sundays of March
and October in Europe/Amsterdam, between 2:00 and 3:00):
- a time in the spring gap (2:30 on the day the clocks go forward) does not exist; it happens an hour
  later on the wall clock (3:30 summer time), which is how zoneinfo reads it with fold=0;
- a time in the autumn overlap (2:30 on the day the clocks go back) happens twice; we take the first
  (fold=0, still summer time).
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Cadence(TextChoices):
    WEEKLY = "weekly", _("Weekly")
    BIWEEKLY = "biweekly", _("Every two weeks")
    MONTHLY_WEEKDAY = "monthly_weekday", _("Monthly, on a weekday (e.g. the first Monday)")
    MONTHLY_DAY = "monthly_day", _("Monthly, on a day of the month (e.g. the 15th)")
    DATES = "dates", _("On given dates (e.g. after each project)")


WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# BYSETPOS values the form offers for "monthly on the n-th weekday"; -1 is the last one.
WEEKS_OF_MONTH = (1, 2, 3, 4, -1)
# Months between two times for the monthly cadences: every month, two months, quarter, half year.
MONTH_INTERVALS = (1, 2, 3, 6)
MIN_DURATION = 5
MAX_DURATION = 480
MAX_DATES = 100
# Occurrences are kept materialised this far ahead (the daily due work extends open-ended rhythms).
HORIZON = relativedelta(months=13)

_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # February can have 29
_SUPPORTED_FREQ = ("WEEKLY", "MONTHLY", "YEARLY")
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")


@dataclass(frozen=True)
class RhythmSpec:
    """The choices of the rhythm form, before they become a rule."""

    cadence: str
    start_date: date
    at: time
    duration_minutes: int
    weekdays: tuple[int, ...] = ()  # 0 = Monday
    week_of_month: int | None = None  # 1-4, or -1 for the last
    month_day: int | None = None  # 1-31, or -1 for the last day
    month_interval: int = 1
    until: date | None = None
    dates: tuple[datetime, ...] = ()  # naive local datetimes, for the dates cadence
    time_zone: str = "Europe/Amsterdam"


@dataclass(frozen=True)
class Recurrence:
    """What a `Rhythm` stores: the rule, the given dates, the first time, its zone, length and end."""

    rrule: str
    dates: list[str]
    starts_at: datetime
    time_zone: str
    duration_minutes: int
    until: date | None = None


@dataclass(frozen=True)
class Instance:
    """One time a recurrence happens: aware start and end; `original_start` is its RECURRENCE-ID."""

    original_start: datetime
    start: datetime
    end: datetime


@dataclass
class _Rule:
    parts: dict[str, str] = field(default_factory=dict)

    def ints(self, key: str) -> list[int]:
        return [int(v) for v in self.parts[key].split(",")] if key in self.parts else []

    def days(self) -> list[tuple[int | None, int]]:
        found = []
        for value in self.parts.get("BYDAY", "").split(","):
            if value:
                match = _BYDAY.match(value)
                found.append((int(match.group(1)) if match.group(1) else None, WEEKDAY_CODES.index(match.group(2))))
        return found


# --- Time zones ----------------------------------------------------------------------------------------

def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("Unknown time zone: %(zone)s."), code="time_zone", params={"zone": name}) from None


def local_to_aware(naive: datetime, tz: ZoneInfo) -> datetime:
    """A local wall time as an aware datetime in `tz`; a time in the spring gap moves forward by an hour,
    a time in the autumn overlap is the first of the two (fold=0). See the module's docstring."""
    aware = naive.replace(tzinfo=tz, fold=0)
    # Round trip through UTC: a non-existent wall time comes back as the real one (an hour later).
    return aware.astimezone(UTC).astimezone(tz)


def aware_to_local(value: datetime, tz: ZoneInfo) -> datetime:
    """An aware datetime as a naive local wall time in `tz`."""
    return value.astimezone(tz).replace(tzinfo=None)


# --- Building and checking -------------------------------------------------------------------------------

def rule_for(spec: RhythmSpec) -> str:
    """The RRULE for a spec (empty for given dates), without checking it: see `build()`."""
    if spec.cadence == Cadence.DATES:
        return ""
    days = ",".join(WEEKDAY_CODES[d] for d in sorted(set(spec.weekdays)))
    if spec.cadence == Cadence.WEEKLY:
        parts = ["FREQ=WEEKLY", f"BYDAY={days}"]
    elif spec.cadence == Cadence.BIWEEKLY:
        parts = ["FREQ=WEEKLY", "INTERVAL=2", "WKST=MO", f"BYDAY={days}"]
    elif spec.cadence == Cadence.MONTHLY_WEEKDAY:
        parts = ["FREQ=MONTHLY", f"BYDAY={days}", f"BYSETPOS={spec.week_of_month}"]
    elif spec.cadence == Cadence.MONTHLY_DAY:
        parts = ["FREQ=MONTHLY", f"BYMONTHDAY={spec.month_day}"]
    else:
        raise ValueError(f"Unknown cadence {spec.cadence!r}")
    if spec.cadence in (Cadence.MONTHLY_WEEKDAY, Cadence.MONTHLY_DAY) and spec.month_interval != 1:
        parts.insert(1, f"INTERVAL={spec.month_interval}")
    parts += [f"BYHOUR={spec.at.hour}", f"BYMINUTE={spec.at.minute}"]
    if spec.until is not None:
        parts.append(f"UNTIL={_until_utc(spec.until, zone(spec.time_zone)):%Y%m%dT%H%M%SZ}")
    return ";".join(parts)


def _until_utc(until: date, tz: ZoneInfo) -> datetime:
    return local_to_aware(datetime.combine(until, time(23, 59, 59)), tz).astimezone(UTC)


def build(spec: RhythmSpec) -> Recurrence:
    """Check the form's choices and turn them into what a rhythm stores.

    Raises ValidationError with a message per field (or a general one) when the choices make no rhythm:
    a duration outside 5-480 minutes, no weekday, an end before the start, no dates, or a rule that never
    happens before its end.
    """
    errors: dict[str, list] = {}

    def fail(name, message, **params):
        errors.setdefault(name, []).append(ValidationError(message, params=params or None))

    tz = zone(spec.time_zone)
    if not MIN_DURATION <= spec.duration_minutes <= MAX_DURATION:
        fail("duration_minutes", _("The duration must be between %(low)s and %(high)s minutes."),
             low=MIN_DURATION, high=MAX_DURATION)
    if spec.cadence not in Cadence.values:
        fail("cadence", _("Choose how often it happens."))
    elif spec.cadence == Cadence.DATES:
        if not spec.dates:
            fail("dates", _("Give at least one date."))
        elif len(set(spec.dates)) > MAX_DATES:
            fail("dates", _("Give at most %(max)s dates."), max=MAX_DATES)
    else:
        if not spec.weekdays and spec.cadence != Cadence.MONTHLY_DAY:
            fail("weekdays", _("Choose at least one weekday."))
        if spec.cadence == Cadence.MONTHLY_WEEKDAY:
            if len(set(spec.weekdays)) > 1:
                fail("weekdays", _("Choose one weekday for a monthly rhythm."))
            if spec.week_of_month not in WEEKS_OF_MONTH:
                fail("week_of_month", _("Choose which one of the month: first, second, third, fourth or last."))
        if spec.cadence == Cadence.MONTHLY_DAY and (spec.month_day is None or not (
                1 <= spec.month_day <= 31 or spec.month_day == -1)):
            fail("month_day", _("Choose a day of the month from 1 to 31, or the last day."))
        monthly = spec.cadence in (Cadence.MONTHLY_WEEKDAY, Cadence.MONTHLY_DAY)
        if monthly and spec.month_interval not in MONTH_INTERVALS:
            fail("month_interval", _("Choose every month, every two, three or six months."))
        if spec.until is not None and spec.until < spec.start_date:
            fail("until", _("The rhythm ends before it starts: choose an end date on or after the start date."))
    if errors:
        raise ValidationError(errors)

    if spec.cadence == Cadence.DATES:
        wanted = sorted(set(spec.dates))
        return Recurrence(rrule="", dates=[d.isoformat(timespec="seconds") for d in wanted],
                          starts_at=local_to_aware(wanted[0], tz), time_zone=spec.time_zone,
                          duration_minutes=spec.duration_minutes, until=None)

    rule = rule_for(spec)
    check_rule(rule)
    begin = spec.start_date
    if spec.cadence in (Cadence.WEEKLY, Cadence.BIWEEKLY):
        # Every two weeks counts from the week of the first chosen weekday on or after the start date,
        # so "every other Monday from Wednesday 1 April" starts on Monday 6 April, not 13 April.
        begin += timedelta(days=min((d - begin.weekday()) % 7 for d in spec.weekdays))
    first = _first_local(rule, datetime.combine(begin, spec.at), tz)
    if first is None:
        # The rule happens (check_rule said so), just not between the start date and the end date.
        raise ValidationError({"until": ValidationError(
            _("The end date comes before the first time this rhythm happens: choose a later end date."))})
    return Recurrence(rrule=rule, dates=[], starts_at=local_to_aware(first, tz), time_zone=spec.time_zone,
                      duration_minutes=spec.duration_minutes, until=spec.until)


def parse_rule(rule: str) -> _Rule:
    """The parts of an RRULE value; raises ValidationError when it is not one we can keep."""
    parts: dict[str, str] = {}
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    for piece in filter(None, text.split(";")):
        key, sep, value = piece.partition("=")
        key, value = key.strip().upper(), value.strip().upper()
        if not sep or not value or key in parts:
            raise _bad_rule()
        parts[key] = value
    allowed = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "BYHOUR", "BYMINUTE",
               "UNTIL", "COUNT", "WKST"}
    if parts.get("FREQ") not in _SUPPORTED_FREQ or set(parts) - allowed or ("UNTIL" in parts and "COUNT" in parts):
        raise _bad_rule()
    parsed = _Rule(parts)
    try:
        ranges = {"INTERVAL": (1, 99), "BYMONTH": (1, 12), "BYHOUR": (0, 23), "BYMINUTE": (0, 59), "COUNT": (1, 9999)}
        for key, (low, high) in ranges.items():
            if any(not low <= v <= high for v in parsed.ints(key)):
                raise ValueError(key)
        if any(v == 0 or abs(v) > 31 for v in parsed.ints("BYMONTHDAY")):
            raise ValueError("BYMONTHDAY")
        if any(v == 0 or abs(v) > 366 for v in parsed.ints("BYSETPOS")):
            raise ValueError("BYSETPOS")
        days = parsed.days()
        if any(n is not None and (n == 0 or abs(n) > 53) for n, _d in days):
            raise ValueError("BYDAY")
        if "WKST" in parts and parts["WKST"] not in WEEKDAY_CODES:
            raise ValueError("WKST")
        if "UNTIL" in parts:
            _parse_until(parts["UNTIL"])
    except (ValueError, AttributeError):
        raise _bad_rule() from None
    return parsed


def _bad_rule() -> ValidationError:
    return ValidationError(_("This is not a rhythm Leerritme can keep."), code="unsupported")


def _parse_until(value: str) -> datetime:
    for fmt in ("%Y%m%dT%H%M%SZ", "%Y%m%dT%H%M%S", "%Y%m%d"):
        try:
            parsed = datetime.strptime(value, fmt)
        except ValueError:
            continue
        return parsed.replace(tzinfo=UTC) if value.endswith("Z") else parsed
    raise ValueError("UNTIL")


def never_happens() -> ValidationError:
    return ValidationError(_("This rhythm never happens: no month has that day, or no time fits the rule."),
                           code="never")


def check_rule(rule: str) -> _Rule:
    """Parse the rule and refuse one that can never happen, before anything iterates it.

    dateutil searches up to the year 9999 for a rule without instances (seconds of work), so impossible
    combinations are recognised from the rule itself: days of the month that none of the chosen months
    has (BYMONTHDAY=30;BYMONTH=2, or the 31st only in months of 30 days), the n-th weekday beyond the
    fifth of a month, and a BYSETPOS beyond the largest set one period can give.
    """
    parsed = parse_rule(rule)
    freq = parsed.parts["FREQ"]
    months = parsed.ints("BYMONTH") or list(range(1, 13))
    month_days = parsed.ints("BYMONTHDAY")
    if month_days and not any(abs(d) <= _DAYS_IN_MONTH[m - 1] for d in month_days for m in months):
        raise never_happens()
    days = parsed.days()
    if days:
        limit = 5 if freq == "MONTHLY" or (freq == "YEARLY" and "BYMONTH" in parsed.parts) else 53
        if all(n is not None and abs(n) > limit for n, _d in days):
            raise never_happens()
    positions = parsed.ints("BYSETPOS")
    if positions:
        per_day = max(1, len(parsed.ints("BYHOUR"))) * max(1, len(parsed.ints("BYMINUTE")))
        if freq == "WEEKLY":
            largest_days = len(days) or 1
        elif month_days:
            largest_days = len(month_days) * (len(months) if freq == "YEARLY" else 1)
        elif days:
            largest_days = sum(1 if n is not None else (53 if freq == "YEARLY" else 5) for n, _d in days)
        else:
            largest_days = 1
        if all(abs(p) > largest_days * per_day for p in positions):
            raise never_happens()
    return parsed


def check_times(start: datetime, end: datetime) -> None:
    """An occurrence's own start and end (when it is moved): aware, end after start, 5 to 480 minutes."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("Occurrence times must be aware.")
    if end <= start:
        raise ValidationError({"end": ValidationError(_("The end is before the start."), code="end_before_start")})
    minutes = (end - start).total_seconds() / 60
    if not MIN_DURATION <= minutes <= MAX_DURATION:
        raise ValidationError({"end": ValidationError(
            _("The duration must be between %(low)s and %(high)s minutes."),
            params={"low": MIN_DURATION, "high": MAX_DURATION})})


# --- Expanding -------------------------------------------------------------------------------------------

def _dateutil_rule(rule: str, dtstart_local: datetime, tz: ZoneInfo):
    parsed = check_rule(rule)
    without_until = ";".join(f"{k}={v}" for k, v in parsed.parts.items() if k != "UNTIL")
    # The wall time is in the rule (BYHOUR/BYMINUTE): start the search at midnight, so a first time that
    # fell in the spring gap (and so was stored an hour later) is still found on its own day.
    if "BYHOUR" in parsed.parts:
        dtstart_local = datetime.combine(dtstart_local.date(), time())
    result = rrulestr(without_until, dtstart=dtstart_local)
    if "UNTIL" in parsed.parts:
        until = _parse_until(parsed.parts["UNTIL"])
        until_local = aware_to_local(until, tz) if until.tzinfo else until
        result = result.replace(until=until_local)
    return result


def _first_local(rule: str, start_local: datetime, tz: ZoneInfo) -> datetime | None:
    found = _dateutil_rule(rule, start_local, tz).after(datetime.combine(start_local.date(), time()), inc=True)
    return found


def expand(*, rrule: str, dates, starts_at: datetime, time_zone: str, duration_minutes: int,
           start: datetime, end: datetime) -> list[Instance]:
    """The instances whose (original) start lies in [start, end), in order; aware, in the rhythm's zone.

    The rule and the given dates are expanded in naive local wall time and get their zone afterwards,
    so a weekly 9:00 is 9:00 local in winter and summer (its UTC offset changes). The end is the start
    plus the duration in real minutes.
    """
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("Expansion windows must be aware.")
    tz = zone(time_zone)
    found: set[datetime] = set()
    # A day's margin on both sides: the window is compared exactly once the zone is attached.
    local_from = aware_to_local(max(start, starts_at), tz) - timedelta(days=1)
    local_to = aware_to_local(end, tz) + timedelta(days=1)
    if rrule and local_from <= local_to:
        rule = _dateutil_rule(rrule, aware_to_local(starts_at, tz), tz)
        found.update(rule.between(local_from, local_to, inc=True))
    for value in dates or ():
        found.add(datetime.fromisoformat(value) if isinstance(value, str) else value)
    length = timedelta(minutes=duration_minutes)
    instances = []
    for local in sorted(found):
        begins = local_to_aware(local, tz)
        if start <= begins < end:
            instances.append(Instance(original_start=begins, start=begins,
                                      end=(begins.astimezone(UTC) + length).astimezone(tz)))
    return instances


def expand_rhythm(rhythm, start: datetime, end: datetime) -> list[Instance]:
    """`expand()` for anything with a rhythm's attributes (a `Rhythm` or a `Recurrence`)."""
    return expand(rrule=rhythm.rrule, dates=rhythm.dates, starts_at=rhythm.starts_at, time_zone=rhythm.time_zone,
                  duration_minutes=rhythm.duration_minutes, start=start, end=end)


def next_instances(rhythm, after: datetime, count: int = 5) -> list[Instance]:
    """The next `count` instances from `after` on (the form's preview), looking at most five years ahead."""
    found: list[Instance] = []
    # Widen the window step by step: a weekly rule needs weeks, a half-yearly one years.
    for days in (62, 400, 1900):
        found = expand_rhythm(rhythm, after, after + timedelta(days=days))
        if len(found) >= count:
            break
    return found[:count]


# --- Reading a rhythm back into the form's choices -------------------------------------------------------

def spec_from(*, rrule: str, dates, starts_at: datetime, time_zone: str, duration_minutes: int,
              until: date | None) -> RhythmSpec | None:
    """The form's choices for a stored rhythm, or None when the rule is one the form cannot show."""
    tz = zone(time_zone)
    local_start = aware_to_local(starts_at, tz)
    common = {"start_date": local_start.date(), "duration_minutes": duration_minutes, "time_zone": time_zone,
              "until": until}
    if not rrule:
        given = tuple(datetime.fromisoformat(v) for v in dates or ())
        at = given[0].time() if given else local_start.time()
        return RhythmSpec(cadence=Cadence.DATES, at=at, dates=given, **common)
    try:
        parsed = parse_rule(rrule)
    except ValidationError:
        return None
    hours, minutes = parsed.ints("BYHOUR"), parsed.ints("BYMINUTE")
    at = time(hours[0], minutes[0] if minutes else 0) if len(hours) == 1 else local_start.time()
    freq, interval = parsed.parts["FREQ"], (parsed.ints("INTERVAL") or [1])[0]
    days = parsed.days()
    weekdays = tuple(d for _n, d in days)
    extra = set(parsed.parts) - {"FREQ", "INTERVAL", "WKST", "BYDAY", "BYHOUR", "BYMINUTE", "UNTIL", "BYSETPOS",
                                 "BYMONTHDAY"}
    if extra or len(hours) > 1 or len(minutes) > 1:
        return None
    if freq == "WEEKLY" and interval in (1, 2) and days and all(n is None for n, _d in days):
        cadence = Cadence.WEEKLY if interval == 1 else Cadence.BIWEEKLY
        return RhythmSpec(cadence=cadence, at=at, weekdays=weekdays, **common)
    if freq == "MONTHLY" and interval in MONTH_INTERVALS:
        positions = parsed.ints("BYSETPOS")
        if len(days) == 1 and not parsed.ints("BYMONTHDAY"):
            n, day = days[0]
            week = n if n is not None and not positions else (positions[0] if len(positions) == 1 else None)
            if week in WEEKS_OF_MONTH and (n is None or not positions):
                return RhythmSpec(cadence=Cadence.MONTHLY_WEEKDAY, at=at, weekdays=(day,), week_of_month=week,
                                  month_interval=interval, **common)
        month_days = parsed.ints("BYMONTHDAY")
        if not days and not positions and len(month_days) == 1:
            return RhythmSpec(cadence=Cadence.MONTHLY_DAY, at=at, month_day=month_days[0],
                              month_interval=interval, **common)
    return None
