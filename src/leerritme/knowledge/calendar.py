"""This part's registration with the calendar seam: the knowledge sessions someone goes to or gives.

A person's calendar holds the sessions they signed up for (also from the waiting list, marked so) and
the ones they present; a team's calendar holds its series' sessions. Cancelled sessions stay in the
window as cancelled entries, so calendar programs remove them. Two queries at most.
"""

from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext

from leerritme.knowledge.models import KnowledgeSession, SessionStatus, SignupStatus
from leerritme.lib.calendar import CalendarEntry, register_calendar_source
from leerritme.orgs.models import Person, Team

SOURCE = "knowledge.sessions"


def session_entry(session: KnowledgeSession, *, waiting: bool = False) -> CalendarEntry:
    description = session.description
    if session.video_url:
        description = f"{description}\n\n{gettext('Video link:')} {session.video_url}".strip()
    if session.speaker_id:
        description = f"{gettext('Speaker:')} {session.speaker.display_name}\n\n{description}".strip()
    title = session.title
    if waiting:
        title = f"{title} ({gettext('waiting list')})"
    return CalendarEntry(
        uid=f"knowledge-session-{session.uuid}@leerritme",
        title=title,
        start=session.starts_at,
        end=session.ends_at,
        description=description,
        location=session.location or session.video_url,
        url=settings.SITE_URL + reverse("knowledge:session", kwargs={"org": session.organisation.slug,
                                                                     "uuid": session.uuid}),
        source=SOURCE,
        sequence=session.sequence,
        cancelled=session.status == SessionStatus.CANCELLED,
        updated_at=session.updated_at,
    )


def session_entries(subject, start: datetime, end: datetime) -> list[CalendarEntry]:
    window = KnowledgeSession.objects.filter(starts_at__lt=end, ends_at__gte=start).select_related(
        "organisation", "speaker__user")
    if isinstance(subject, Person):
        if not subject.is_active:
            return []
        waiting = set()
        sessions = list(window.filter(
            Q(speaker=subject) | Q(signups__person=subject, signups__status__in=[SignupStatus.CONFIRMED,
                                                                                  SignupStatus.WAITING])
        ).filter(organisation_id=subject.organisation_id).distinct())
        if sessions:
            waiting = set(subject.session_signups.filter(session__in=sessions, status=SignupStatus.WAITING)
                          .values_list("session_id", flat=True))
        return [session_entry(s, waiting=s.pk in waiting) for s in sessions]
    if isinstance(subject, Team):
        return [session_entry(s) for s in window.filter(series__team=subject, organisation_id=subject.organisation_id)]
    return []


register_calendar_source(SOURCE, session_entries)
