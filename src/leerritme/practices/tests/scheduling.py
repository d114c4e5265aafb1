"""Rows for the reminder and digest tests: a practice adopted by a team with a rhythm and occurrences.

Made directly (the rhythm services generate occurrences; these tests need them at exact times).
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django_scopes import scopes_disabled

from leerritme.practices.models import (
    Adoption,
    AdoptionStatus,
    Occurrence,
    OccurrenceStatus,
    Practice,
    Rhythm,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(*args) -> datetime:
    """An aware datetime in Amsterdam: local(2026, 12, 7, 9) is Monday 7 December 2026 09:00."""
    return datetime(*args, tzinfo=AMSTERDAM)


def make_practice(org, *, key="check-out", name_nl="Check-out in het werkoverleg",
                  name_en="Check-out in the team meeting", purpose_nl="Samen terugkijken op hoe het overleg ging.",
                  purpose_en="Look back together on how the meeting went."):
    with scopes_disabled():
        return Practice.objects.create(
            organisation=org, key=key, name_nl=name_nl, name_en=name_en, purpose_nl=purpose_nl,
            purpose_en=purpose_en, howto_nl="Ieder noemt één woord.", howto_en="Everyone says one word.",
            participants_nl="Het team", participants_en="The team", duration_minutes=10,
            typical_cadence="weekly", kolb_phase="reflect", level="team",
        )


def make_adoption(team, practice, *, status=AdoptionStatus.ACTIVE, purpose="", owner=None, proposed_by=None):
    with scopes_disabled():
        return Adoption.objects.create(organisation_id=team.organisation_id, team=team, practice=practice,
                                       status=status, purpose=purpose, owner=owner, proposed_by=proposed_by)


def make_rhythm(adoption, *, starts_at, minutes=30, location="", meeting=""):
    with scopes_disabled():
        return Rhythm.objects.create(organisation_id=adoption.organisation_id, adoption=adoption,
                                     rrule="FREQ=WEEKLY;BYDAY=MO", starts_at=starts_at, duration_minutes=minutes,
                                     location=location, meeting=meeting)


def make_occurrence(rhythm, start, *, status=OccurrenceStatus.PLANNED, minutes=None):
    minutes = minutes or rhythm.duration_minutes
    with scopes_disabled():
        return Occurrence.objects.create(organisation_id=rhythm.organisation_id, rhythm=rhythm, original_start=start,
                                         start=start, end=start + timedelta(minutes=minutes), status=status)


def weekly(team, practice=None, *, first, count=1, **rhythm_fields):
    """A team's adopted practice with `count` weekly occurrences from `first`; returns (rhythm, occurrences)."""
    practice = practice or make_practice(team.organisation)
    rhythm = make_rhythm(make_adoption(team, practice), starts_at=first, **rhythm_fields)
    return rhythm, [make_occurrence(rhythm, first + timedelta(weeks=i)) for i in range(count)]
