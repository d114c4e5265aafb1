"""Setting and changing rhythms, and generating their occurrences (real database)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from leerritme.practices.models import (
    Adoption,
    AdoptionStatus,
    KolbPhase,
    Occurrence,
    OccurrenceStatus,
    Practice,
    PracticeLevel,
    TypicalCadence,
)
from leerritme.practices.recurrence import Cadence
from leerritme.practices.services.rhythm import occurrences_generate, rhythm_set

AMS = ZoneInfo("Europe/Amsterdam")


def at(year, month, day, hour=9, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMS)


# Monday 2 March 2026, 8:00 in Amsterdam: just before the first Monday meeting.
NOW = at(2026, 3, 2, 8)


def make_practice(org, name="Check-out in the team meeting", *, kolb=KolbPhase.REFLECT, minutes=15) -> Practice:
    with scopes_disabled():
        return Practice.objects.create(
            organisation=org, name_nl=f"{name} (nl)", name_en=name, purpose_nl="Doel.", purpose_en="Purpose.",
            howto_nl="Stap een.\nStap twee.", howto_en="Step one.\nStep two.", participants_nl="Het team",
            participants_en="The team", duration_minutes=minutes, typical_cadence=TypicalCadence.WEEKLY,
            kolb_phase=kolb, level=PracticeLevel.TEAM,
        )


def make_adoption(org, team, name="Check-out in the team meeting", *, status=AdoptionStatus.ACTIVE, owner=None,
                  kolb=KolbPhase.REFLECT) -> Adoption:
    practice = make_practice(org, name, kolb=kolb)
    with scopes_disabled():
        return Adoption.objects.create(organisation=org, team=team, practice=practice, status=status, owner=owner)


def weekly(adoption, by, *, now=NOW, **kwargs):
    values = {"cadence": Cadence.WEEKLY, "starts_at": datetime(2026, 3, 2, 9, 0), "duration_minutes": 15,
              "weekdays": (0,)}
    return rhythm_set(adoption=adoption, by=by, now=now, **(values | kwargs))


def occurrences(rhythm):
    return list(Occurrence.objects.filter(rhythm=rhythm).order_by("original_start"))


@pytest.fixture
def adoption(org, team):
    return make_adoption(org, team)


# --- Setting a rhythm -------------------------------------------------------------------------------------

def test_it_sets_a_weekly_rhythm_and_plans_thirteen_months_ahead(in_org, adoption, bob):
    change = weekly(adoption, bob, location="Kantine", meeting="Werkoverleg")
    rhythm = change.rhythm
    assert change.created
    assert rhythm.rrule == "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0"
    assert (rhythm.location, rhythm.meeting, rhythm.duration_minutes) == ("Kantine", "Werkoverleg", 15)
    found = occurrences(rhythm)
    assert change.added == len(found) == 57  # every Monday from 2 March 2026 to 29 March 2027
    assert found[0].start == at(2026, 3, 2) and found[-1].start == at(2027, 3, 29)
    assert all(o.start.astimezone(AMS).time() == time(9, 0) and o.end - o.start == timedelta(minutes=15)
               for o in found)
    assert rhythm.generated_until == NOW + (at(2027, 4, 2, 8) - NOW)


def test_its_occurrences_keep_nine_local_and_change_utc_offset_with_summer_time(in_org, adoption, bob):
    found = {o.start.date(): o.start.astimezone(UTC).time() for o in occurrences(weekly(adoption, bob).rhythm)}
    assert found[date(2026, 3, 23)] == time(8, 0)
    assert found[date(2026, 3, 30)] == time(7, 0)
    assert found[date(2026, 10, 19)] == time(7, 0)
    assert found[date(2026, 10, 26)] == time(8, 0)


def test_it_plans_no_times_before_now(in_org, adoption, bob):
    rhythm = weekly(adoption, bob, starts_at=datetime(2026, 1, 5, 9, 0)).rhythm
    assert occurrences(rhythm)[0].start == at(2026, 3, 2)


def test_it_only_gives_an_adopted_practice_a_rhythm(in_org, org, team, bob):
    proposed = make_adoption(org, team, "Proposed", status=AdoptionStatus.PROPOSED)
    with pytest.raises(ValidationError):
        weekly(proposed, bob)
    assert not Occurrence.objects.exists()


def test_bad_choices_store_nothing(in_org, adoption, bob):
    with pytest.raises(ValidationError) as excinfo:
        weekly(adoption, bob, until=date(2026, 2, 1))
    assert "until" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        weekly(adoption, bob, cadence=Cadence.MONTHLY_DAY, month_day=31, until=date(2026, 3, 30),
               starts_at=datetime(2026, 3, 1, 9, 0))
    adoption.refresh_from_db()
    assert not hasattr(adoption, "rhythm") or adoption.rhythm is None
    assert not Occurrence.objects.exists()


def test_it_stops_at_the_until_date(in_org, adoption, bob):
    rhythm = weekly(adoption, bob, until=date(2026, 3, 23)).rhythm
    assert [o.start.date() for o in occurrences(rhythm)] == [
        date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16), date(2026, 3, 23)]


def test_it_plans_every_given_date_even_beyond_the_horizon(in_org, adoption, bob):
    dates = (datetime(2026, 4, 10, 14, 0), datetime(2028, 1, 14, 14, 0))
    rhythm = weekly(adoption, bob, cadence=Cadence.DATES, weekdays=(), dates=dates).rhythm
    assert [o.start for o in occurrences(rhythm)] == [at(2026, 4, 10, 14), at(2028, 1, 14, 14)]


def test_monthly_on_the_31st_skips_the_shorter_months(in_org, adoption, bob):
    rhythm = weekly(adoption, bob, cadence=Cadence.MONTHLY_DAY, weekdays=(), month_day=31,
                    starts_at=datetime(2026, 3, 1, 9, 0), until=date(2026, 9, 30)).rhythm
    assert [o.start.date() for o in occurrences(rhythm)] == [
        date(2026, 3, 31), date(2026, 5, 31), date(2026, 7, 31), date(2026, 8, 31)]


# --- Generating -------------------------------------------------------------------------------------------

def test_generating_again_adds_nothing(in_org, adoption, bob):
    rhythm = weekly(adoption, bob).rhythm
    before = Occurrence.objects.count()
    assert occurrences_generate(rhythm, now=NOW) == 0
    assert occurrences_generate(rhythm, NOW + timedelta(days=390), since=NOW, now=NOW) == 0
    assert Occurrence.objects.count() == before


def test_generating_later_extends_the_horizon(in_org, adoption, bob):
    rhythm = weekly(adoption, bob).rhythm
    later = NOW + timedelta(days=28)
    assert occurrences_generate(rhythm, now=later) == 4
    rhythm.refresh_from_db()
    assert occurrences(rhythm)[-1].start == at(2027, 4, 26)
    assert occurrences_generate(rhythm, now=later) == 0


def test_generating_uses_bulk_queries(in_org, adoption, bob, django_assert_max_num_queries):
    rhythm = weekly(adoption, bob).rhythm
    Occurrence.objects.filter(rhythm=rhythm).delete()
    with django_assert_max_num_queries(4):
        assert occurrences_generate(rhythm, since=NOW, now=NOW) == 57


# --- Changing a rhythm ------------------------------------------------------------------------------------

def test_changing_the_day_keeps_history_and_replaces_future_planned_times(in_org, adoption, bob):
    rhythm = weekly(adoption, bob).rhythm
    found = occurrences(rhythm)
    found[0].status, found[1].status = OccurrenceStatus.HELD, OccurrenceStatus.SKIPPED
    Occurrence.objects.bulk_update(found[:2], ["status"])
    later_skip = found[5]
    later_skip.status = OccurrenceStatus.SKIPPED
    later_skip.save(update_fields=["status"])

    now = at(2026, 3, 12, 12)  # Thursday after the second Monday
    change = weekly(adoption, bob, now=now, weekdays=(1,))  # Tuesdays from now on
    assert not change.created
    rows = {o.pk: o for o in occurrences(rhythm)}
    assert rows[found[0].pk].status == OccurrenceStatus.HELD
    assert rows[found[1].pk].status == OccurrenceStatus.SKIPPED
    assert rows[found[0].pk].sequence == 0
    assert rows[later_skip.pk].status == OccurrenceStatus.SKIPPED  # decided by the team: kept
    future_mondays = [o for o in rows.values() if o.start > now and o.start.weekday() == 0 and o.pk != later_skip.pk]
    assert future_mondays and all(o.status == OccurrenceStatus.CANCELLED and o.sequence == 1 for o in future_mondays)
    tuesdays = [o for o in rows.values() if o.status == OccurrenceStatus.PLANNED]
    assert tuesdays[0].start == at(2026, 3, 17)
    assert all(o.start.weekday() == 1 for o in tuesdays)
    assert change.cancelled == len(future_mondays)
    assert change.added == len(tuesdays)
    change.rhythm.refresh_from_db()
    assert change.rhythm.sequence == 1


def test_changing_the_time_moves_each_future_time_on_its_own_day(in_org, adoption, bob):
    rhythm = weekly(adoption, bob).rhythm
    before = occurrences(rhythm)
    skipped = before[3]
    skipped.status = OccurrenceStatus.SKIPPED
    skipped.save(update_fields=["status"])
    now = at(2026, 3, 3, 12)
    change = weekly(adoption, bob, now=now, starts_at=datetime(2026, 3, 2, 10, 30))
    after = {o.pk: o for o in occurrences(rhythm)}
    assert len(after) == len(before)
    assert after[before[0].pk].start == at(2026, 3, 2)  # the past stays as it was
    assert after[before[1].pk].start == at(2026, 3, 9, 10, 30)
    assert after[before[1].pk].original_start == at(2026, 3, 9, 10, 30)
    assert after[before[1].pk].sequence == 1
    assert after[skipped.pk].status == OccurrenceStatus.SKIPPED
    assert after[skipped.pk].start == at(2026, 3, 23, 10, 30)
    assert change.cancelled == 0
    assert change.added == 0
    assert change.changed == len(before) - 1


def test_changing_it_back_plans_the_cancelled_times_again(in_org, adoption, bob):
    rhythm = weekly(adoption, bob).rhythm
    now = at(2026, 3, 3, 12)
    weekly(adoption, bob, now=now, weekdays=(2,))
    weekly(adoption, bob, now=now, weekdays=(0,))
    mondays = [o for o in occurrences(rhythm) if o.start.weekday() == 0 and o.start > now]
    assert mondays and all(o.status == OccurrenceStatus.PLANNED and o.sequence == 2 for o in mondays)
    assert Occurrence.objects.filter(rhythm=rhythm, original_start=at(2026, 3, 9)).count() == 1


def test_changing_the_duration_or_place_raises_the_sequence_of_future_times(in_org, adoption, bob):
    rhythm = weekly(adoption, bob).rhythm
    now = at(2026, 3, 3, 12)
    change = weekly(adoption, bob, now=now, duration_minutes=45)
    future = [o for o in occurrences(rhythm) if o.start > now]
    assert all(o.end - o.start == timedelta(minutes=45) and o.sequence == 1 for o in future)
    assert change.changed == len(future) and change.added == 0 and change.cancelled == 0
    weekly(adoption, bob, now=now, duration_minutes=45, location="Zaal 2")
    assert all(o.sequence == 2 for o in occurrences(rhythm) if o.start > now)
    assert occurrences(rhythm)[0].sequence == 0


def test_saving_the_same_rhythm_changes_nothing(in_org, adoption, bob):
    rhythm = weekly(adoption, bob).rhythm
    change = weekly(adoption, bob, now=at(2026, 3, 3, 12))
    assert (change.added, change.changed, change.cancelled) == (0, 0, 0)
    rhythm.refresh_from_db()
    assert rhythm.sequence == 0
    assert {o.sequence for o in occurrences(rhythm)} == {0}


def test_a_moved_time_stays_where_it_was_put_when_the_rhythm_changes(in_org, adoption, bob):
    rhythm = weekly(adoption, bob).rhythm
    moved = occurrences(rhythm)[2]
    moved.start, moved.end = at(2026, 3, 18, 14), at(2026, 3, 18, 14, 15)
    moved.save(update_fields=["start", "end"])
    weekly(adoption, bob, now=at(2026, 3, 3, 12), weekdays=(3,))
    moved.refresh_from_db()
    assert moved.status == OccurrenceStatus.PLANNED
    assert moved.start == at(2026, 3, 18, 14)
