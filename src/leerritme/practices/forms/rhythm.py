"""Forms of rhythms: set or change an adopted practice's rhythm, and move one occurrence."""

import re
from datetime import date, datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from leerritme.people.forms.admin import BootstrapForm
from leerritme.practices import recurrence
from leerritme.practices.models import TypicalCadence
from leerritme.practices.recurrence import Cadence

WEEK_OF_MONTH_CHOICES = [("1", _("first")), ("2", _("second")), ("3", _("third")), ("4", _("fourth")),
                         ("-1", _("last"))]
MONTH_INTERVAL_CHOICES = [("1", _("every month")), ("2", _("every two months")), ("3", _("every three months")),
                          ("6", _("every six months"))]
MONTH_DAY_CHOICES = [(str(d), str(d)) for d in range(1, 32)] + [("-1", _("the last day"))]
WEEKDAY_CHOICES = [(str(d), WEEKDAYS[d]) for d in range(7)]
# Fields that only matter for some cadences; the page hides the others (the server ignores them).
CADENCE_FIELDS = {
    "weekdays": (Cadence.WEEKLY, Cadence.BIWEEKLY),
    "week_of_month": (Cadence.MONTHLY_WEEKDAY,),
    "month_weekday": (Cadence.MONTHLY_WEEKDAY,),
    "month_day": (Cadence.MONTHLY_DAY,),
    "month_interval": (Cadence.MONTHLY_WEEKDAY, Cadence.MONTHLY_DAY),
    "until": (Cadence.WEEKLY, Cadence.BIWEEKLY, Cadence.MONTHLY_WEEKDAY, Cadence.MONTHLY_DAY),
    "start_date": (Cadence.WEEKLY, Cadence.BIWEEKLY, Cadence.MONTHLY_WEEKDAY, Cadence.MONTHLY_DAY),
    "dates": (Cadence.DATES,),
}
_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y")
_LINE = re.compile(r"^(?P<date>[0-9./-]+)(?:[ T]+(?P<time>\d{1,2}[:.]\d{2}))?$")


def _date_input() -> forms.DateInput:
    # A native date picker needs ISO dates, whatever the language's own format.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def parse_dates(text: str, at: time | None) -> list[datetime]:
    """Given dates, one per line ("2026-06-15" or "15-6-2026", optionally with a time "14:00")."""
    found, errors = [], []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip().rstrip(",;")
        if not line:
            continue
        match = _LINE.match(line)
        day = when = None
        if match:
            for fmt in _DATE_FORMATS:
                try:
                    day = datetime.strptime(match.group("date"), fmt).date()
                    break
                except ValueError:
                    continue
            if match.group("time"):
                try:
                    when = datetime.strptime(match.group("time").replace(".", ":"), "%H:%M").time()
                except ValueError:
                    day = None
        if day is None:
            errors.append(ValidationError(
                _("Line %(line)s is not a date we can read: “%(value)s”. Write dates as 2026-06-15 or 15-06-2026, "
                  "optionally with a time: 2026-06-15 14:00."), params={"line": number, "value": line[:40]}))
            continue
        if when is None and at is None:
            continue  # the time field has its own error
        found.append(datetime.combine(day, when or at))
    if errors:
        raise ValidationError(errors)
    return sorted(set(found))


class RhythmForm(BootstrapForm):
    cadence = forms.ChoiceField(label=_("How often"), choices=Cadence.choices, widget=forms.RadioSelect)
    weekdays = forms.MultipleChoiceField(label=_("On"), choices=WEEKDAY_CHOICES, required=False,
                                         widget=forms.CheckboxSelectMultiple)
    week_of_month = forms.ChoiceField(label=_("Which one of the month"), choices=WEEK_OF_MONTH_CHOICES,
                                      required=False)
    month_weekday = forms.ChoiceField(label=_("Weekday"), choices=WEEKDAY_CHOICES, required=False)
    month_day = forms.ChoiceField(
        label=_("Day of the month"), choices=MONTH_DAY_CHOICES, required=False,
        help_text=_("Months without this day are skipped: the 31st skips February, April, June, September and "
                    "November. Choose “the last day” to have it every month."))
    month_interval = forms.ChoiceField(label=_("Every"), choices=MONTH_INTERVAL_CHOICES, required=False,
                                       initial="1")
    dates = forms.CharField(
        label=_("Dates"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One date per line, e.g. 2026-06-15 or 15-06-2026; add a time to differ from the usual one: "
                    "2026-06-15 14:00."))
    start_date = forms.DateField(label=_("From"), widget=_date_input(),
                                 help_text=_("The first time is the first day on or after this date that fits."))
    at = forms.TimeField(label=_("At"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"), min_value=recurrence.MIN_DURATION, max_value=recurrence.MAX_DURATION,
        widget=forms.NumberInput(attrs={"step": 5}),
        error_messages={
            "min_value": _("The duration must be between 5 and 480 minutes."),
            "max_value": _("The duration must be between 5 and 480 minutes."),
        })
    until = forms.DateField(label=_("Until"), required=False, widget=_date_input(),
                            help_text=_("Leave empty to keep it going."))
    meeting = forms.CharField(label=_("Part of the meeting"), required=False, max_length=150,
                              help_text=_("The existing meeting it belongs to, e.g. “werkoverleg, every Monday "
                                          "9:00”."))
    location = forms.CharField(label=_("Location"), required=False, max_length=250,
                               help_text=_("A room, a site or a video link."))

    def __init__(self, *args, time_zone: str, **kwargs):
        self.time_zone = time_zone
        self.spec: recurrence.RhythmSpec | None = None
        self.built: recurrence.Recurrence | None = None
        super().__init__(*args, **kwargs)
        if self.is_bound and self.data.get(self.add_prefix("cadence")) == Cadence.DATES:
            self.fields["start_date"].required = False  # the first given date is the start

    def clean(self):
        data = super().clean()
        cadence = data.get("cadence")
        if not cadence:
            return data
        dates = []
        if cadence == Cadence.DATES and "dates" not in self.errors:
            try:
                dates = parse_dates(data.get("dates", ""), data.get("at"))
            except ValidationError as error:
                self.add_error("dates", error)
        if self.errors:
            return data

        def number(name, default=None):
            return int(data[name]) if data.get(name) not in (None, "") else default

        weekdays = tuple(int(d) for d in data.get("weekdays") or ())
        if cadence == Cadence.MONTHLY_WEEKDAY:
            weekdays = (number("month_weekday", 0),)
        start_date = data.get("start_date") or (dates[0].date() if dates else None)
        spec = recurrence.RhythmSpec(
            cadence=cadence, start_date=start_date, at=data["at"].replace(second=0, microsecond=0),
            duration_minutes=data["duration_minutes"], weekdays=weekdays,
            week_of_month=number("week_of_month"), month_day=number("month_day"),
            month_interval=number("month_interval", 1), until=data.get("until") if cadence != Cadence.DATES else None,
            dates=tuple(dates), time_zone=self.time_zone,
        )
        try:
            self.built = recurrence.build(spec)
        except ValidationError as error:
            self._attach(error, cadence)
            return data
        self.spec = spec
        return data

    def _attach(self, error: ValidationError, cadence: str) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            if name == "weekdays" and cadence == Cadence.MONTHLY_WEEKDAY:
                name = "month_weekday"
            self.add_error(name if name in self.fields else None, errors)

    def service_arguments(self) -> dict:
        """The keyword arguments of `rhythm_set` for a valid form."""
        spec = self.spec
        return {
            "cadence": spec.cadence, "starts_at": datetime.combine(spec.start_date, spec.at),
            "duration_minutes": spec.duration_minutes, "weekdays": spec.weekdays,
            "week_of_month": spec.week_of_month, "month_day": spec.month_day,
            "month_interval": spec.month_interval, "until": spec.until, "dates": spec.dates,
            "meeting": self.cleaned_data.get("meeting", ""), "location": self.cleaned_data.get("location", ""),
            "time_zone": self.time_zone,
        }

    def fields_for(self, cadence: str) -> list[str]:
        return [name for name, cadences in CADENCE_FIELDS.items() if cadence in cadences]


def initial_for(*, rhythm, practice, today: date) -> dict:
    """The form's starting values: the rhythm as it is, or a sensible one for the practice's typical cadence."""
    if rhythm is not None:
        spec = recurrence.spec_from(rrule=rhythm.rrule, dates=rhythm.dates, starts_at=rhythm.starts_at,
                                    time_zone=rhythm.time_zone, duration_minutes=rhythm.duration_minutes,
                                    until=rhythm.until)
        base = {"meeting": rhythm.meeting, "location": rhythm.location}
        if spec is not None:
            return base | _initial_from_spec(spec)
        base |= {"duration_minutes": rhythm.duration_minutes}
    else:
        base = {"duration_minutes": practice.duration_minutes or 30}
    next_monday = today + timedelta(days=(7 - today.weekday()) % 7)
    cadence = {
        TypicalCadence.WEEKLY: Cadence.WEEKLY, TypicalCadence.BIWEEKLY: Cadence.BIWEEKLY,
        TypicalCadence.MONTHLY: Cadence.MONTHLY_WEEKDAY, TypicalCadence.QUARTERLY: Cadence.MONTHLY_WEEKDAY,
        TypicalCadence.PER_PROJECT: Cadence.DATES, TypicalCadence.ONCE: Cadence.DATES,
    }.get(practice.typical_cadence, Cadence.WEEKLY)
    return {
        "cadence": cadence, "weekdays": ["0"], "month_weekday": "0", "week_of_month": "1", "month_day": "1",
        "month_interval": "3" if practice.typical_cadence == TypicalCadence.QUARTERLY else "1",
        "start_date": next_monday, "at": time(9, 0),
    } | base


def _initial_from_spec(spec: recurrence.RhythmSpec) -> dict:
    values = {
        "cadence": spec.cadence, "start_date": spec.start_date, "at": spec.at,
        "duration_minutes": spec.duration_minutes, "until": spec.until,
        "month_interval": str(spec.month_interval), "week_of_month": "1", "month_day": "1", "month_weekday": "0",
        "weekdays": [str(d) for d in spec.weekdays] or ["0"],
    }
    if spec.cadence == Cadence.MONTHLY_WEEKDAY:
        values |= {"month_weekday": str(spec.weekdays[0]), "week_of_month": str(spec.week_of_month)}
    elif spec.cadence == Cadence.MONTHLY_DAY:
        values["month_day"] = str(spec.month_day)
    elif spec.cadence == Cadence.DATES:
        values["dates"] = "\n".join(
            d.strftime("%Y-%m-%d") if d.time() == spec.at else d.strftime("%Y-%m-%d %H:%M") for d in spec.dates)
    return values


class OccurrenceMoveForm(BootstrapForm):
    day = forms.DateField(label=_("Date"), widget=_date_input())
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    note = forms.CharField(label=_("Note"), required=False, max_length=500,
                           help_text=_("Why it moved, for the team (optional)."))

    def __init__(self, *args, time_zone: str, **kwargs):
        self.time_zone = time_zone
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        tz = recurrence.zone(self.time_zone)
        data["start_at"] = recurrence.local_to_aware(datetime.combine(data["day"], data["start"]), tz)
        data["end_at"] = recurrence.local_to_aware(datetime.combine(data["day"], data["end"]), tz)
        try:
            recurrence.check_times(data["start_at"], data["end_at"])
        except ValidationError as error:
            self.add_error("end", error.error_dict["end"])
        return data

    @classmethod
    def initial_for(cls, occurrence) -> dict:
        tz = recurrence.zone(occurrence.rhythm.time_zone)
        start, end = occurrence.start.astimezone(tz), occurrence.end.astimezone(tz)
        return {"day": start.date(), "start": start.time(), "end": end.time(), "note": occurrence.note}
