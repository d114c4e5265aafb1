"""A rhythm in words, in the reader's language: "Every Monday at 09:00, 15 minutes, until 31 December 2026"."""

from datetime import date, datetime

from django.utils import formats
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leerritme.practices.recurrence import Cadence, RhythmSpec, aware_to_local, spec_from, zone


def _ordinal(week: int) -> str:
    return {
        1: _("first"), 2: _("second"), 3: _("third"), 4: _("fourth"), -1: _("last"),
    }.get(week, str(week))


def _period(months: int) -> str:
    return {
        1: _("Every month"), 2: _("Every two months"), 3: _("Every three months"), 6: _("Every six months"),
    }.get(months) or ngettext("Every %(count)s month", "Every %(count)s months", months) % {"count": months}


def join_words(words: list[str]) -> str:
    """"a", "a and b", "a, b and c" in the reader's language."""
    words = [str(w) for w in words]
    if len(words) <= 1:
        return "".join(words)
    return _("%(items)s and %(last)s") % {"items": ", ".join(words[:-1]), "last": words[-1]}


def weekday_names(days) -> str:
    return join_words([WEEKDAYS[d] for d in sorted(set(days))])


def _day(value: date) -> str:
    return formats.date_format(value, "j F Y")


def _clock(value) -> str:
    return formats.time_format(value, "H:i")


def describe(spec: RhythmSpec, *, duration: bool = True, until: bool = True) -> str:
    """The rhythm the form's choices make, as one sentence."""
    at = _clock(spec.at)
    if spec.cadence == Cadence.WEEKLY:
        text = _("Every %(days)s at %(time)s") % {"days": weekday_names(spec.weekdays), "time": at}
    elif spec.cadence == Cadence.BIWEEKLY:
        text = _("Every two weeks on %(days)s at %(time)s") % {"days": weekday_names(spec.weekdays), "time": at}
    elif spec.cadence == Cadence.MONTHLY_WEEKDAY:
        text = _("%(period)s on the %(nth)s %(day)s at %(time)s") % {
            "period": _period(spec.month_interval), "nth": _ordinal(spec.week_of_month or 1),
            "day": weekday_names(spec.weekdays), "time": at}
    elif spec.cadence == Cadence.MONTHLY_DAY:
        if spec.month_day == -1:
            text = _("%(period)s on the last day of the month at %(time)s") % {
                "period": _period(spec.month_interval), "time": at}
        else:
            text = _("%(period)s on day %(day)s of the month at %(time)s") % {
                "period": _period(spec.month_interval), "day": spec.month_day, "time": at}
    else:
        text = _describe_dates(sorted(set(spec.dates)))
    if duration:
        text = _("%(when)s, %(duration)s") % {"when": text, "duration": minutes_text(spec.duration_minutes)}
    if until and spec.until is not None and spec.cadence != Cadence.DATES:
        text = _("%(when)s, until %(date)s") % {"when": text, "date": _day(spec.until)}
    return text


def _describe_dates(dates: list[datetime]) -> str:
    if not dates:
        return _("On given dates, none yet")
    if len(dates) <= 3:
        same_time = len({d.time() for d in dates}) == 1
        if same_time:
            return _("On %(dates)s at %(time)s") % {"dates": join_words([_day(d.date()) for d in dates]),
                                                    "time": _clock(dates[0].time())}
        return _("On %(dates)s") % {"dates": join_words(
            [_("%(date)s at %(time)s") % {"date": _day(d.date()), "time": _clock(d.time())} for d in dates])}
    return ngettext(
        "On %(count)s given date, from %(first)s to %(last)s",
        "On %(count)s given dates, from %(first)s to %(last)s",
        len(dates),
    ) % {"count": len(dates), "first": _day(dates[0].date()), "last": _day(dates[-1].date())}


def minutes_text(minutes: int) -> str:
    """"45 minutes", "1 hour", "1 hour 30 minutes"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return ngettext("%(count)s minute", "%(count)s minutes", rest) % {"count": rest}
    hour_text = ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours}
    if not rest:
        return hour_text
    return _("%(hours)s %(minutes)s") % {
        "hours": hour_text, "minutes": ngettext("%(count)s minute", "%(count)s minutes", rest) % {"count": rest}}


def describe_rhythm(rhythm, *, duration: bool = True, until: bool = True, meeting: bool = False) -> str:
    """A stored rhythm (a `Rhythm`, or anything with its attributes) as one sentence."""
    spec = spec_from(rrule=rhythm.rrule, dates=rhythm.dates, starts_at=rhythm.starts_at,
                     time_zone=rhythm.time_zone, duration_minutes=rhythm.duration_minutes, until=rhythm.until)
    if spec is None:
        local = aware_to_local(rhythm.starts_at, zone(rhythm.time_zone))
        text = _("A custom rhythm from %(date)s at %(time)s") % {"date": _day(local.date()),
                                                                  "time": _clock(local.time())}
    else:
        text = describe(spec, duration=duration, until=until)
    if meeting and getattr(rhythm, "meeting", ""):
        text = _("%(when)s, in %(meeting)s") % {"when": text, "meeting": rhythm.meeting}
    return text
