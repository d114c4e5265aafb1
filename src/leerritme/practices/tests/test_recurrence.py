"""Recurrence rules: built from the form's choices, checked, and expanded in local time (no database)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from leerritme.practices import recurrence
from leerritme.practices.recurrence import Cadence, RhythmSpec, build, check_rule, expand_rhythm, next_instances
from leerritme.practices.recurrence_text import describe, describe_rhythm, minutes_text

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def spec(**kwargs):
    values = {"cadence": Cadence.WEEKLY, "start_date": date(2026, 3, 2), "at": time(9, 0), "duration_minutes": 30,
              "weekdays": (0,)}
    return RhythmSpec(**(values | kwargs))


def between(rec, start, end):
    return expand_rhythm(rec, datetime.combine(start, time(), AMS), datetime.combine(end, time(), AMS))


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


# --- Building ---------------------------------------------------------------------------------------------

def test_it_writes_a_weekly_rule_with_its_wall_time():
    rec = build(spec(weekdays=(0, 3)))
    assert rec.rrule == "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9;BYMINUTE=0"
    assert rec.starts_at == datetime(2026, 3, 2, 9, 0, tzinfo=AMS)
    assert rec.dates == []


def test_it_writes_until_in_utc_as_rfc_5545_asks():
    rec = build(spec(until=date(2026, 12, 31)))
    # The end of 31 December in Amsterdam (winter time, UTC+1) is 22:59:59 UTC.
    assert rec.rrule.endswith(";UNTIL=20261231T225959Z")
    assert rec.until == date(2026, 12, 31)


def test_it_starts_every_two_weeks_on_the_first_chosen_weekday_after_the_start_date():
    rec = build(spec(cadence=Cadence.BIWEEKLY, start_date=date(2026, 4, 1)))  # a Wednesday
    assert rec.rrule == "FREQ=WEEKLY;INTERVAL=2;WKST=MO;BYDAY=MO;BYHOUR=9;BYMINUTE=0"
    starts = [i.start.date() for i in next_instances(rec, rec.starts_at, 4)]
    assert starts == [date(2026, 4, 6), date(2026, 4, 20), date(2026, 5, 4), date(2026, 5, 18)]


def test_it_keeps_every_two_weeks_in_step_across_a_long_time():
    rec = build(spec(cadence=Cadence.BIWEEKLY, start_date=date(2026, 1, 5)))
    instances = between(rec, date(2026, 1, 1), date(2027, 1, 1))
    gaps = {(b.start.date() - a.start.date()).days for a, b in zip(instances, instances[1:], strict=False)}
    assert gaps == {14}
    assert len(instances) == 26


def test_it_plans_the_first_monday_of_each_month():
    rec = build(spec(cadence=Cadence.MONTHLY_WEEKDAY, weekdays=(0,), week_of_month=1, start_date=date(2026, 1, 1)))
    assert rec.rrule == "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1;BYHOUR=9;BYMINUTE=0"
    assert [i.start.date() for i in next_instances(rec, rec.starts_at, 3)] == [
        date(2026, 1, 5), date(2026, 2, 2), date(2026, 3, 2)]


def test_it_plans_the_last_friday_of_every_quarter():
    rec = build(spec(cadence=Cadence.MONTHLY_WEEKDAY, weekdays=(4,), week_of_month=-1, month_interval=3,
                     start_date=date(2026, 1, 1)))
    assert "INTERVAL=3" in rec.rrule
    assert [i.start.date() for i in next_instances(rec, rec.starts_at, 3)] == [
        date(2026, 1, 30), date(2026, 4, 24), date(2026, 7, 31)]


def test_it_skips_months_without_a_31st():
    rec = build(spec(cadence=Cadence.MONTHLY_DAY, month_day=31, start_date=date(2026, 1, 1)))
    assert [i.start.date() for i in between(rec, date(2026, 1, 1), date(2027, 1, 1))] == [
        date(2026, m, 31) for m in (1, 3, 5, 7, 8, 10, 12)]


def test_it_plans_the_last_day_of_every_month():
    rec = build(spec(cadence=Cadence.MONTHLY_DAY, month_day=-1, start_date=date(2026, 1, 1)))
    assert [i.start.day for i in between(rec, date(2026, 1, 1), date(2026, 5, 1))] == [31, 28, 31, 30]


def test_it_keeps_given_dates_with_their_own_times():
    rec = build(spec(cadence=Cadence.DATES, weekdays=(), dates=(
        datetime(2026, 9, 1, 14, 0), datetime(2026, 6, 15, 9, 0), datetime(2026, 6, 15, 9, 0))))
    assert rec.rrule == ""
    assert rec.dates == ["2026-06-15T09:00:00", "2026-09-01T14:00:00"]
    assert rec.starts_at == datetime(2026, 6, 15, 9, 0, tzinfo=AMS)
    assert [i.start for i in between(rec, date(2026, 1, 1), date(2027, 1, 1))] == [
        datetime(2026, 6, 15, 9, 0, tzinfo=AMS), datetime(2026, 9, 1, 14, 0, tzinfo=AMS)]


def test_it_stops_at_the_until_date_including_that_day():
    rec = build(spec(start_date=date(2026, 3, 2), until=date(2026, 3, 16)))
    assert [i.start.date() for i in between(rec, date(2026, 1, 1), date(2027, 1, 1))] == [
        date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16)]


# --- Daylight saving time ---------------------------------------------------------------------------------

def test_a_monday_nine_oclock_stays_nine_local_when_summer_time_starts():
    rec = build(spec(start_date=date(2026, 3, 16)))
    # Summer time starts on Sunday 29 March 2026.
    before, after = between(rec, date(2026, 3, 23), date(2026, 4, 1))
    assert before.start.astimezone(AMS).time() == after.start.astimezone(AMS).time() == time(9, 0)
    assert before.start.astimezone(UTC).time() == time(8, 0)
    assert after.start.astimezone(UTC).time() == time(7, 0)
    assert after.end - after.start == timedelta(minutes=30)


def test_a_monday_nine_oclock_stays_nine_local_when_summer_time_ends():
    rec = build(spec(start_date=date(2026, 10, 19)))
    # Winter time starts on Sunday 25 October 2026.
    before, after = between(rec, date(2026, 10, 19), date(2026, 10, 27))
    assert before.start.astimezone(AMS).time() == after.start.astimezone(AMS).time() == time(9, 0)
    assert before.start.utcoffset() == timedelta(hours=2)
    assert after.start.utcoffset() == timedelta(hours=1)


def test_a_time_in_the_spring_gap_happens_an_hour_later_that_day_only():
    rec = build(spec(weekdays=(6,), at=time(2, 30), start_date=date(2026, 3, 22), duration_minutes=60))
    first, gap_day, after = between(rec, date(2026, 3, 22), date(2026, 4, 6))
    assert first.start == datetime(2026, 3, 22, 2, 30, tzinfo=AMS)
    # 2:30 does not exist on 29 March: it happens at 3:30 summer time, and lasts its real hour.
    assert gap_day.start.astimezone(AMS).replace(tzinfo=None) == datetime(2026, 3, 29, 3, 30)
    assert gap_day.end - gap_day.start == timedelta(hours=1)
    assert after.start.astimezone(AMS).replace(tzinfo=None) == datetime(2026, 4, 5, 2, 30)


def test_a_first_time_in_the_spring_gap_still_starts_that_day():
    rec = build(spec(weekdays=(6,), at=time(2, 30), start_date=date(2026, 3, 29)))
    assert rec.starts_at.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert [i.start.date() for i in next_instances(rec, rec.starts_at, 2)] == [date(2026, 3, 29), date(2026, 4, 5)]


def test_a_time_in_the_autumn_overlap_is_the_first_of_the_two():
    rec = build(spec(weekdays=(6,), at=time(2, 30), start_date=date(2026, 10, 25), duration_minutes=60))
    instance = next_instances(rec, rec.starts_at, 1)[0]
    assert instance.start.utcoffset() == timedelta(hours=2)  # still summer time
    assert instance.start.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert instance.end.astimezone(UTC) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)


# --- Bad input --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("rule", [
    "FREQ=MONTHLY;BYMONTHDAY=30;BYMONTH=2",
    "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4,6,9,11",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6",
    "FREQ=MONTHLY;BYDAY=6MO",
    "FREQ=WEEKLY;BYDAY=MO,TU;BYSETPOS=3",
])
def test_it_says_an_impossible_rule_never_happens_without_searching_forever(rule):
    with pytest.raises(ValidationError) as excinfo:
        check_rule(rule)
    assert excinfo.value.code == "never"
    assert "never happens" in excinfo.value.messages[0]


@pytest.mark.parametrize("rule", ["FREQ=MONTHLY;BYMONTHDAY=29;BYMONTH=2", "FREQ=MONTHLY;BYMONTHDAY=31",
                                  "FREQ=MONTHLY;BYDAY=5FR", "FREQ=WEEKLY;BYDAY=MO;UNTIL=20261231T225959Z"])
def test_it_accepts_rules_that_happen_sometimes(rule):
    check_rule(rule)


@pytest.mark.parametrize("rule", ["FREQ=DAILY", "FREQ=WEEKLY;BYDAY=XX", "FREQ=WEEKLY;BYHOUR=25", "nonsense",
                                  "FREQ=WEEKLY;COUNT=3;UNTIL=20261231", "FREQ=WEEKLY;BYSECOND=5"])
def test_it_refuses_rules_it_cannot_keep(rule):
    with pytest.raises(ValidationError) as excinfo:
        check_rule(rule)
    assert excinfo.value.code == "unsupported"


def test_it_refuses_an_end_before_the_start():
    with pytest.raises(ValidationError) as excinfo:
        build(spec(start_date=date(2026, 4, 1), until=date(2026, 3, 1)))
    assert "ends before it starts" in errors_of(excinfo)["until"][0]


def test_it_refuses_an_end_before_the_first_time():
    # Monthly on the 31st from 1 April until 30 April: April has no 31st.
    with pytest.raises(ValidationError) as excinfo:
        build(spec(cadence=Cadence.MONTHLY_DAY, month_day=31, start_date=date(2026, 4, 1), until=date(2026, 4, 30)))
    assert "before the first time" in errors_of(excinfo)["until"][0]


@pytest.mark.parametrize("minutes", [0, 4, 481, 1000])
def test_it_refuses_a_duration_outside_five_minutes_to_eight_hours(minutes):
    with pytest.raises(ValidationError) as excinfo:
        build(spec(duration_minutes=minutes))
    assert errors_of(excinfo)["duration_minutes"] == ["The duration must be between 5 and 480 minutes."]


def test_it_asks_for_weekdays_and_for_dates():
    with pytest.raises(ValidationError) as excinfo:
        build(spec(weekdays=()))
    assert "weekdays" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        build(spec(cadence=Cadence.DATES, weekdays=(), dates=()))
    assert errors_of(excinfo)["dates"] == ["Give at least one date."]


def test_it_refuses_a_monthly_rhythm_on_two_weekdays_and_an_unknown_week():
    with pytest.raises(ValidationError) as excinfo:
        build(spec(cadence=Cadence.MONTHLY_WEEKDAY, weekdays=(0, 1), week_of_month=7))
    assert set(errors_of(excinfo)) == {"weekdays", "week_of_month"}


def test_moving_checks_the_end_comes_after_the_start():
    start = datetime(2026, 5, 4, 9, 0, tzinfo=AMS)
    with pytest.raises(ValidationError) as excinfo:
        recurrence.check_times(start, start - timedelta(minutes=30))
    assert errors_of(excinfo)["end"] == ["The end is before the start."]
    with pytest.raises(ValidationError):
        recurrence.check_times(start, start + timedelta(hours=9))
    recurrence.check_times(start, start + timedelta(minutes=45))


# --- Reading back and words ------------------------------------------------------------------------------

@pytest.mark.parametrize("choices", [
    {"weekdays": (0, 2)},
    {"cadence": Cadence.BIWEEKLY, "weekdays": (4,), "until": date(2026, 12, 1)},
    {"cadence": Cadence.MONTHLY_WEEKDAY, "weekdays": (1,), "week_of_month": -1, "month_interval": 2},
    {"cadence": Cadence.MONTHLY_DAY, "weekdays": (), "month_day": 15, "month_interval": 6},
    {"cadence": Cadence.DATES, "weekdays": (), "dates": (datetime(2026, 6, 1, 9, 0), datetime(2026, 7, 1, 9, 0))},
])
def test_a_stored_rhythm_reads_back_into_the_same_choices(choices):
    original = spec(**choices)
    rec = build(original)
    again = recurrence.spec_from(rrule=rec.rrule, dates=rec.dates, starts_at=rec.starts_at, time_zone=rec.time_zone,
                                 duration_minutes=rec.duration_minutes, until=rec.until)
    assert build(again) == rec


def test_it_describes_rhythms_in_words():
    assert describe(spec(weekdays=(0,))) == "Every Monday at 09:00, 30 minutes"
    assert describe(spec(cadence=Cadence.BIWEEKLY, weekdays=(0, 3), duration_minutes=90,
                         until=date(2026, 12, 31))) == (
        "Every two weeks on Monday and Thursday at 09:00, 1 hour 30 minutes, until 31 December 2026")
    assert describe(spec(cadence=Cadence.MONTHLY_WEEKDAY, week_of_month=1), duration=False) == (
        "Every month on the first Monday at 09:00")
    assert describe(spec(cadence=Cadence.MONTHLY_DAY, month_day=-1, month_interval=3), duration=False) == (
        "Every three months on the last day of the month at 09:00")
    assert describe(spec(cadence=Cadence.DATES, dates=(datetime(2026, 6, 15, 14, 0),)), duration=False) == (
        "On 15 June 2026 at 14:00")
    assert minutes_text(60) == "1 hour"


def test_it_describes_in_dutch():
    rec = build(spec(weekdays=(0,)))
    with translation.override("nl"):
        text = describe_rhythm(rec)
    assert "maandag" in text.lower()
    assert "09:00" in text
