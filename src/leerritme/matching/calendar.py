"""This part's registrations with the shared calendar seam: round starts and coaching meetings.

For a person: the start of each round of a running programme they are grouped in (30 minutes for a duo
or coffee, 90 for a circle session) and the next meeting of each coaching they are in (an hour).
Two queries whatever the number of rounds.
"""

from datetime import datetime, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext

from leerritme.lib.calendar import CalendarEntry, register_calendar_source
from leerritme.matching.models import GroupMember, Match, MatchStatus, ProgrammeKind
from leerritme.orgs.models import Person


def matching_entries(subject, start: datetime, end: datetime) -> list[CalendarEntry]:
    if not isinstance(subject, Person) or not subject.is_active:
        return []
    slug = subject.organisation.slug
    entries = []
    for member in (GroupMember.objects.filter(person=subject, group__round__starts_at__lt=end,
                                              group__round__starts_at__gte=start - timedelta(hours=2),
                                              group__round__programme__is_active=True)
                   .select_related("group__round__programme")):
        rnd = member.group.round
        minutes = 90 if rnd.programme.kind == ProgrammeKind.CIRCLES else 30
        entries.append(CalendarEntry(
            uid=f"matching-group-{member.group.uuid}@leerritme",
            title=gettext("%(programme)s, round %(number)s") % {"programme": rnd.programme.name, "number": rnd.number},
            start=rnd.starts_at, end=rnd.starts_at + timedelta(minutes=minutes),
            url=reverse("matching:group", kwargs={"org": slug, "uuid": member.group.uuid}),
            source="matching", updated_at=rnd.created_at,
        ))
    for match in (Match.objects.filter(Q(learner=subject) | Q(coach=subject), status=MatchStatus.ACTIVE,
                                       next_meeting_at__lt=end, next_meeting_at__gte=start - timedelta(hours=1))
                  .select_related("learner__user", "coach__user")):
        other = match.coach if match.learner_id == subject.pk else match.learner
        entries.append(CalendarEntry(
            uid=f"matching-coaching-{match.uuid}-{match.next_meeting_at:%Y%m%d%H%M}@leerritme",
            title=gettext("Coaching with %(name)s") % {"name": other.display_name},
            start=match.next_meeting_at, end=match.next_meeting_at + timedelta(hours=1),
            url=reverse("matching:match", kwargs={"org": slug, "uuid": match.uuid}), source="matching",
        ))
    return [e for e in entries if e.start < end and e.end > start]


register_calendar_source("matching", matching_entries)
