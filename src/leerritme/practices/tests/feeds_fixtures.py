"""Rows for the calendar-feed tests: practices, adoptions, rhythms and occurrences made directly
(the rhythm services that generate occurrences are tested on their own)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django_scopes import scopes_disabled

from leerritme.practices.models import (
    Adoption,
    AdoptionStatus,
    KolbPhase,
    Occurrence,
    OccurrenceStatus,
    Practice,
    PracticeLevel,
    Rhythm,
    TypicalCadence,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(year, month, day, hour=9, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


def make_practice(org, *, name_nl="Check-out in het werkoverleg", name_en="Check-out in the team meeting",
                  key="") -> Practice:
    with scopes_disabled():
        return Practice.objects.create(
            organisation=org,
            key=key,
            name_nl=name_nl,
            name_en=name_en,
            purpose_nl="Afsluiten met wat we leerden.",
            purpose_en="Close with what we learned.",
            howto_nl="Ieder noemt één ding dat hij leerde.\nDe voorzitter vat samen.",
            howto_en="Everyone names one thing they learned.\nThe chair sums up.",
            participants_nl="Het hele team",
            participants_en="The whole team",
            duration_minutes=10,
            typical_cadence=TypicalCadence.WEEKLY,
            kolb_phase=KolbPhase.REFLECT,
            level=PracticeLevel.TEAM,
        )


def make_rhythm(org, team, *, practice=None, starts_at=None, status=AdoptionStatus.ACTIVE, location="Kantine",
                meeting="Werkoverleg", purpose="", duration_minutes=30, rrule="FREQ=WEEKLY;BYDAY=MO") -> Rhythm:
    practice = practice or make_practice(org)
    with scopes_disabled():
        adoption = Adoption.objects.create(organisation=org, team=team, practice=practice, status=status,
                                           purpose=purpose)
        return Rhythm.objects.create(
            organisation=org, adoption=adoption, rrule=rrule, starts_at=starts_at or local(2026, 1, 5),
            duration_minutes=duration_minutes, location=location, meeting=meeting,
        )


def add_occurrence(rhythm, start, *, status=OccurrenceStatus.PLANNED, minutes=None, sequence=0,
                   original_start=None) -> Occurrence:
    with scopes_disabled():
        return Occurrence.objects.create(
            organisation_id=rhythm.organisation_id, rhythm=rhythm, original_start=original_start or start,
            start=start, end=start + timedelta(minutes=minutes or rhythm.duration_minutes), status=status,
            sequence=sequence, updated_at=timezone.now(),
        )


def add_weekly(rhythm, first, count, **kwargs) -> list[Occurrence]:
    """`count` weekly occurrences at the same local time (so across DST changes too)."""
    with scopes_disabled():
        rows = [
            Occurrence(
                organisation_id=rhythm.organisation_id, rhythm=rhythm, original_start=start, start=start,
                end=start + timedelta(minutes=rhythm.duration_minutes), updated_at=timezone.now(), **kwargs,
            )
            # Aware arithmetic in one zone is wall-clock arithmetic: 9:00 stays 9:00 across DST.
            for start in (first + timedelta(weeks=week) for week in range(count))
        ]
        return Occurrence.objects.bulk_create(rows)
