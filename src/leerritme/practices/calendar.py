"""This part's registrations with the shared calendar seam: rhythm occurrences as calendar entries.

A person sees the occurrences of the active adoptions of every team they belong to; a team its own.
Planned and held occurrences are ordinary events; skipped and cancelled ones stay in the window as
cancelled entries, so calendar programs that had them remove them. Two queries whatever the number of
occurrences: the rhythms (with adoption, team and practice), then the occurrences as plain tuples.
"""

import uuid as uuid_module
from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext

from leerritme.lib.calendar import CalendarEntry, register_calendar_source
from leerritme.orgs.models import Person, Team, TeamMembership
from leerritme.practices.models import AdoptionStatus, Occurrence, OccurrenceStatus, Rhythm

SOURCE = "practices.occurrences"
CANCELLED_STATUSES = frozenset({OccurrenceStatus.SKIPPED, OccurrenceStatus.CANCELLED})
_PLACEHOLDER = uuid_module.UUID(int=0)
_PLACEHOLDER_TEXT = str(_PLACEHOLDER)


def occurrence_uid(occurrence_uuid) -> str:
    return f"occurrence-{occurrence_uuid}@leerritme"


def rhythms_for(subject) -> list[Rhythm]:
    """The rhythms of the active adoptions the subject (a person or a team) follows."""
    if isinstance(subject, Person):
        if not subject.is_active:
            return []
        teams = Q(adoption__team_id__in=TeamMembership.objects.filter(person=subject).values("team_id"))
    elif isinstance(subject, Team):
        teams = Q(adoption__team_id=subject.pk)
    else:
        return []
    return list(
        Rhythm.objects.filter(teams, organisation_id=subject.organisation_id, adoption__status=AdoptionStatus.ACTIVE)
        .select_related("organisation", "adoption__team", "adoption__practice")
        .only(
            "location", "meeting", "sequence", "updated_at", "time_zone",
            "organisation__slug",
            "adoption__purpose", "adoption__team__name",
            "adoption__practice__name_nl", "adoption__practice__name_en",
            "adoption__practice__purpose_nl", "adoption__practice__purpose_en",
            "adoption__practice__howto_nl", "adoption__practice__howto_en",
            "adoption__practice__updated_at",
        )
    )


def occurrence_entries(subject, start: datetime, end: datetime) -> list[CalendarEntry]:
    """The calendar source: the subject's occurrences that overlap [start, end)."""
    rhythms = {rhythm.pk: _RhythmText(rhythm) for rhythm in rhythms_for(subject)}
    if not rhythms:
        return []
    rows = (
        Occurrence.objects.filter(rhythm_id__in=list(rhythms), start__lt=end, end__gte=start)
        .order_by("start")
        .values_list("uuid", "rhythm_id", "start", "end", "status", "sequence", "updated_at", "note")
    )
    return [rhythms[row[1]].entry(*row) for row in rows]


def occurrence_entry(occurrence: Occurrence) -> CalendarEntry:
    """One occurrence as a calendar entry (for its own .ics download), the same as in the feeds."""
    text = _RhythmText(occurrence.rhythm)
    return text.entry(
        occurrence.uuid, occurrence.rhythm_id, occurrence.start, occurrence.end, occurrence.status,
        occurrence.sequence, occurrence.updated_at, occurrence.note,
    )


class _RhythmText:
    """What every occurrence of one rhythm shares (title, description, link pattern), worked out once."""

    def __init__(self, rhythm: Rhythm):
        adoption = rhythm.adoption
        practice = adoption.practice
        self.title = f"{practice.name} – {adoption.team.name}"
        self.location = rhythm.location
        self.sequence = rhythm.sequence
        self.updated_at = max(rhythm.updated_at, practice.updated_at)
        self.description = _description(
            purpose=adoption.purpose or practice.purpose, steps=practice.howto_steps, meeting=rhythm.meeting
        )
        # One reverse() per rhythm instead of per occurrence: the uuid is the only part that changes.
        self.url_pattern = settings.SITE_URL + reverse(
            "practices:occurrence", kwargs={"org": rhythm.organisation.slug, "uuid": _PLACEHOLDER}
        )

    def entry(self, uuid, rhythm_id, start, end, status, sequence, updated_at, note) -> CalendarEntry:
        description = self.description
        if note:
            description = f"{note}\n\n{description}" if description else note
        key = str(uuid)
        return CalendarEntry(
            uid=f"occurrence-{key}@leerritme",
            title=self.title,
            start=start,
            end=end,
            description=description,
            location=self.location,
            url=self.url_pattern.replace(_PLACEHOLDER_TEXT, key),
            source=SOURCE,
            # A change to the rhythm (time, place, length) changes every occurrence of it.
            sequence=sequence + self.sequence,
            cancelled=status in CANCELLED_STATUSES,
            updated_at=max(updated_at, self.updated_at),
        )


def _description(*, purpose: str, steps: list[str], meeting: str) -> str:
    parts = []
    if purpose:
        parts.append(purpose.strip())
    if meeting:
        parts.append(gettext("Part of: %(meeting)s") % {"meeting": meeting})
    if steps:
        numbered = "\n".join(f"{number}. {step}" for number, step in enumerate(steps, start=1))
        parts.append(gettext("How it goes:") + "\n" + numbered)
    return "\n\n".join(parts)


register_calendar_source(SOURCE, occurrence_entries)
