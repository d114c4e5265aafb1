"""Knowledge sessions: planning, sign-up with a capacity and a waiting list, attendance, notes, materials,
feedback to the speaker, and the series a team's adopted "lunch & learn" runs as."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from leerritme.knowledge.files import check_upload
from leerritme.knowledge.kinds import SESSION_CHANGED, SESSION_PLACE, SPEAKER_ASKED, SPEAKER_CLAIMED
from leerritme.knowledge.markdown import render_markdown
from leerritme.knowledge.models import (
    Community,
    KnowledgeSession,
    SessionFeedback,
    SessionKind,
    SessionMaterial,
    SessionSeries,
    SessionSignup,
    SessionSkill,
    SessionStatus,
    SignupStatus,
)
from leerritme.knowledge.services.indexing import session_reindex
from leerritme.learning.models import LearningKind, Visibility
from leerritme.learning.services import learning_events_record_many
from leerritme.notifications.services import notify
from leerritme.orgs.models import Person, Team
from leerritme.people.models import Skill

MAX_MINUTES = 8 * 60


@dataclass
class SessionInput:
    title: str
    starts_at: datetime
    duration_minutes: int
    kind: str = SessionKind.LUNCH_AND_LEARN
    description: str = ""
    speaker: Person | None = None
    location: str = ""
    video_url: str = ""
    capacity: int | None = None
    skills: tuple[Skill, ...] = ()
    community: Community | None = None
    series: SessionSeries | None = None
    extra: dict = field(default_factory=dict)


def session_url(session: KnowledgeSession) -> str:
    return reverse("knowledge:session", kwargs={"org": session.organisation.slug, "uuid": session.uuid})


def _clean(values: SessionInput, *, organisation_id: int) -> SessionInput:
    errors = {}
    values.title = " ".join((values.title or "").split())
    if not values.title:
        errors["title"] = _("Give the session a topic.")
    if values.kind not in SessionKind.values:
        errors["kind"] = _("Choose a kind of session.")
    if values.starts_at is None or timezone.is_naive(values.starts_at):
        errors["starts_at"] = _("Give the date and time it starts.")
    if not 5 <= (values.duration_minutes or 0) <= MAX_MINUTES:
        errors["duration_minutes"] = _("A session lasts between 5 minutes and 8 hours.")
    if values.capacity is not None and values.capacity < 1:
        errors["capacity"] = _("Give at least one place, or leave it empty.")
    if values.speaker is not None and (values.speaker.organisation_id != organisation_id
                                       or not values.speaker.is_active):
        errors["speaker"] = _("The speaker must be an active colleague.")
    for related in (*values.skills, values.community, values.series):
        if related is not None and related.organisation_id != organisation_id:
            errors["skills"] = _("Choose from your own organisation.")
    if errors:
        raise ValidationError(errors)
    values.description = (values.description or "").strip()
    values.location = (values.location or "").strip()[:200]
    return values


def _set_skills(session: KnowledgeSession, skills) -> None:
    SessionSkill.objects.filter(session=session).exclude(skill__in=skills).delete()
    have = set(SessionSkill.objects.filter(session=session).values_list("skill_id", flat=True))
    SessionSkill.objects.bulk_create([SessionSkill(organisation_id=session.organisation_id, session=session, skill=s)
                                      for s in dict.fromkeys(skills) if s.pk not in have])


@transaction.atomic
def session_create(*, created_by: Person, values: SessionInput) -> KnowledgeSession:
    values = _clean(values, organisation_id=created_by.organisation_id)
    session = KnowledgeSession.objects.create(
        organisation_id=created_by.organisation_id, kind=values.kind, title=values.title,
        description=values.description, series=values.series, speaker=values.speaker or created_by,
        community=values.community or (values.series.community if values.series else None),
        starts_at=values.starts_at, ends_at=values.starts_at + timedelta(minutes=values.duration_minutes),
        location=values.location, video_url=values.video_url, capacity=values.capacity, created_by=created_by,
    )
    _set_skills(session, values.skills)
    session_reindex(session)
    return session


@transaction.atomic
def session_update(*, session: KnowledgeSession, by: Person, values: SessionInput) -> KnowledgeSession:
    """Change a session; people signed up hear of a new time or place, and a larger room admits the waiting."""
    values = _clean(values, organisation_id=session.organisation_id)
    session = KnowledgeSession.objects.select_for_update().get(pk=session.pk)
    ends_at = values.starts_at + timedelta(minutes=values.duration_minutes)
    moved = (session.starts_at, session.ends_at, session.location, session.video_url) != (
        values.starts_at, ends_at, values.location, values.video_url)
    session.kind, session.title, session.description = values.kind, values.title, values.description
    session.speaker = values.speaker or session.speaker
    session.starts_at, session.ends_at = values.starts_at, ends_at
    session.location, session.video_url, session.capacity = values.location, values.video_url, values.capacity
    session.community = values.community
    session.sequence += 1
    session.updated_at = timezone.now()
    session.save()
    _set_skills(session, values.skills)
    session_reindex(session)
    if moved:
        _tell_signed_up(session, cancelled=False)
    _promote_waiting(session)
    return session


def _tell_signed_up(session: KnowledgeSession, *, cancelled: bool) -> None:
    starts = formats.date_format(timezone.localtime(session.starts_at), "DATETIME_FORMAT")
    url = session_url(session)
    for signup in session.signups.exclude(status=SignupStatus.CANCELLED).select_related("person__user"):
        notify(signup.person, SESSION_CHANGED,
               {"session": session, "cancelled": cancelled, "starts": starts, "place": session.location}, url=url,
               dedupe_key=f"session-changed:{session.uuid}:{session.sequence}")


@transaction.atomic
def session_cancel(*, session: KnowledgeSession, by: Person) -> KnowledgeSession:
    session = KnowledgeSession.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=session.pk)
    if session.status == SessionStatus.HELD:
        raise ValidationError(_("This session took place already; it cannot be cancelled."))
    session.status, session.sequence, session.updated_at = SessionStatus.CANCELLED, session.sequence + 1, timezone.now()
    session.save(update_fields=["status", "sequence", "updated_at"])
    session_reindex(session)
    _tell_signed_up(session, cancelled=True)
    return session


def _confirmed_count(session: KnowledgeSession) -> int:
    return session.signups.filter(status=SignupStatus.CONFIRMED).count()


@transaction.atomic
def session_signup(*, session: KnowledgeSession, person: Person) -> SessionSignup:
    """A place when there is one, else a place on the waiting list (first come, first served)."""
    # Lock the session so two colleagues taking the last place at once cannot both get it.
    session = KnowledgeSession.objects.select_for_update().get(pk=session.pk)
    if session.status != SessionStatus.PLANNED or session.ends_at <= timezone.now():
        raise ValidationError(_("Signing up for this session is closed."))
    signup = SessionSignup.objects.filter(session=session, person=person).first()
    if signup is not None and signup.status != SignupStatus.CANCELLED:
        return signup
    full = session.capacity is not None and _confirmed_count(session) >= session.capacity
    status = SignupStatus.WAITING if full else SignupStatus.CONFIRMED
    now = timezone.now()
    if signup is None:
        return SessionSignup.objects.create(organisation_id=session.organisation_id, session=session, person=person,
                                            status=status, created_at=now, updated_at=now)
    # Signing up again after cancelling joins the back of the queue.
    signup.status, signup.created_at, signup.updated_at = status, now, now
    signup.save(update_fields=["status", "created_at", "updated_at"])
    return signup


@transaction.atomic
def session_signup_cancel(*, session: KnowledgeSession, person: Person) -> SessionSignup | None:
    """Give up a place (or leave the waiting list); the first one waiting gets the place and hears of it."""
    session = KnowledgeSession.objects.select_for_update().get(pk=session.pk)
    signup = SessionSignup.objects.filter(session=session, person=person).exclude(
        status=SignupStatus.CANCELLED).first()
    if signup is None:
        return None
    signup.status, signup.updated_at = SignupStatus.CANCELLED, timezone.now()
    signup.save(update_fields=["status", "updated_at"])
    _promote_waiting(session)
    return signup


def _promote_waiting(session: KnowledgeSession) -> list[SessionSignup]:
    if session.status != SessionStatus.PLANNED:
        return []
    free = None if session.capacity is None else session.capacity - _confirmed_count(session)
    waiting = session.signups.filter(status=SignupStatus.WAITING).select_related("person__user").order_by(
        "created_at", "pk")
    promoted = list(waiting if free is None else waiting[:max(0, free)])
    starts = formats.date_format(timezone.localtime(session.starts_at), "DATETIME_FORMAT")
    for signup in promoted:
        signup.status, signup.updated_at = SignupStatus.CONFIRMED, timezone.now()
        signup.save(update_fields=["status", "updated_at"])
        notify(signup.person, SESSION_PLACE, {"session": session, "starts": starts}, url=session_url(session),
               dedupe_key=f"session-place:{session.uuid}:{signup.pk}:{signup.created_at.timestamp()}")
    return promoted


@transaction.atomic
def session_mark_held(*, session: KnowledgeSession, by: Person, attended: list[int]) -> KnowledgeSession:
    """It took place: attendance noted (person ids), learning recorded for attendees and speaker, and the
    team's lunch & learn occurrence of that day counts as held."""
    session = KnowledgeSession.objects.select_for_update(of=("self",)).select_related("series").get(pk=session.pk)
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError(_("This session was cancelled."))
    if session.starts_at > timezone.now():
        raise ValidationError(_("This session has not started yet."))
    first_time = session.status != SessionStatus.HELD
    attended_set = set(attended)
    signups = list(session.signups.exclude(status=SignupStatus.CANCELLED).select_related("person"))
    newly_attended = []
    for signup in signups:
        was = signup.attended
        signup.attended = signup.person_id in attended_set
        if signup.attended != was:
            signup.save(update_fields=["attended"])
            if signup.attended:
                newly_attended.append(signup.person)
    minutes = max(1, int((session.ends_at - session.starts_at).total_seconds() // 60))
    events = [{"person": p, "kind": LearningKind.SESSION_ATTENDED, "title": session.title, "obj": session,
                   "visibility": Visibility.ORGANISATION, "occurred_at": session.starts_at, "minutes": minutes}
              for p in newly_attended if p.is_active]
    if first_time:
        session.status, session.updated_at = SessionStatus.HELD, timezone.now()
        session.save(update_fields=["status", "updated_at"])
        if session.speaker_id and session.speaker.is_active:
            events.append({"person": session.speaker, "kind": LearningKind.SESSION_GIVEN, "title": session.title,
                           "obj": session, "visibility": Visibility.ORGANISATION,
                           "occurred_at": session.starts_at, "minutes": minutes})
        _mark_occurrence_held(session, by)
    learning_events_record_many(events)
    return session


def _mark_occurrence_held(session: KnowledgeSession, by: Person) -> None:
    """When the series runs a team's adopted practice that has a rhythm, that day's occurrence is held."""
    series = session.series
    if series is None or series.adoption_id is None:
        return
    from leerritme.practices import recurrence
    from leerritme.practices.models import Occurrence, OccurrenceStatus
    from leerritme.practices.services.rhythm import occurrence_mark_held

    candidates = Occurrence.objects.filter(rhythm__adoption_id=series.adoption_id).exclude(
        status=OccurrenceStatus.CANCELLED).select_related("rhythm")
    for occurrence in candidates.filter(start__date__gte=(session.starts_at - timedelta(days=1)).date(),
                                        start__date__lte=(session.starts_at + timedelta(days=1)).date()):
        tz = recurrence.zone(occurrence.rhythm.time_zone)
        if recurrence.aware_to_local(occurrence.start, tz).date() == recurrence.aware_to_local(
                session.starts_at, tz).date():
            occurrence_mark_held(occurrence, by=by, record=session)
            return


def session_notes_save(*, session: KnowledgeSession, by: Person, notes: str) -> KnowledgeSession:
    session.notes = (notes or "").replace("\r\n", "\n").strip()
    session.notes_html = render_markdown(session.notes)
    session.updated_at = timezone.now()
    session.save(update_fields=["notes", "notes_html", "updated_at"])
    session_reindex(session)
    return session


@transaction.atomic
def material_add(*, session: KnowledgeSession, by: Person, title: str, url: str = "", upload=None) -> SessionMaterial:
    title = " ".join((title or "").split())[:200]
    if not title:
        raise ValidationError({"title": _("Give the material a title.")})
    if not url and upload is None:
        raise ValidationError(_("Add a link or a file."))
    material = SessionMaterial(organisation_id=session.organisation_id, session=session, title=title, url=url,
                               added_by=by)
    if upload is not None:
        checked = check_upload(upload)
        material.file_name, material.content_type = checked.name, checked.content_type
        material.file.save(checked.name, upload, save=False)
    material.save()
    return material


def session_feedback_give(*, session: KnowledgeSession, person: Person, rating: int,
                          comment: str = "") -> SessionFeedback:
    """Feedback to the speaker from someone who was there (signed up, once it has started)."""
    if session.starts_at > timezone.now() or session.status == SessionStatus.CANCELLED:
        raise ValidationError(_("Feedback opens when the session has taken place."))
    if not 1 <= int(rating) <= 5:
        raise ValidationError({"rating": _("Choose a score from 1 to 5.")})
    if person.pk == session.speaker_id:
        raise ValidationError(_("Speakers do not rate their own session."))
    if not session.signups.filter(person=person).exclude(attended=False).exclude(
            status=SignupStatus.CANCELLED).exists():
        raise ValidationError(_("Only colleagues who were there give feedback."))
    feedback, _created = SessionFeedback.objects.update_or_create(
        session=session, person=person,
        defaults={"organisation_id": session.organisation_id, "rating": int(rating),
                  "comment": (comment or "").strip()[:2000], "created_at": timezone.now()},
    )
    return feedback


# --- Series -------------------------------------------------------------------------------------------

MAX_WEEKS_AHEAD = 26


@dataclass
class SeriesInput:
    """What an organiser fills in for a series; without `first_starts_at` sessions are planned by hand."""

    title: str
    kind: str = SessionKind.LUNCH_AND_LEARN
    description: str = ""
    interval_weeks: int = 2
    first_starts_at: datetime | None = None
    duration_minutes: int = 45
    location: str = ""
    video_url: str = ""
    capacity: int | None = None
    weeks_ahead: int = 6


def _clean_series(values: SeriesInput) -> SeriesInput:
    errors = {}
    values.title = " ".join((values.title or "").split())[:200]
    if not values.title:
        errors["title"] = _("Give the series a name.")
    if values.kind not in SessionKind.values:
        errors["kind"] = _("Choose a kind of session.")
    if not 1 <= int(values.interval_weeks or 0) <= 12:
        errors["interval_weeks"] = _("Every 1 to 12 weeks.")
    if values.first_starts_at is not None and timezone.is_naive(values.first_starts_at):
        errors["first_starts_at"] = _("Give the date and time it starts.")
    if not 5 <= (values.duration_minutes or 0) <= MAX_MINUTES:
        errors["duration_minutes"] = _("A session lasts between 5 minutes and 8 hours.")
    if values.capacity is not None and values.capacity < 1:
        errors["capacity"] = _("Give at least one place, or leave it empty.")
    if not 1 <= int(values.weeks_ahead or 0) <= MAX_WEEKS_AHEAD:
        errors["weeks_ahead"] = _("Plan 1 to %(n)s weeks ahead.") % {"n": MAX_WEEKS_AHEAD}
    if errors:
        raise ValidationError(errors)
    values.description = (values.description or "").strip()
    values.location = (values.location or "").strip()[:200]
    return values


@transaction.atomic
def series_create(*, organiser: Person | None, organisation_id: int, title: str = "",
                  kind: str = SessionKind.LUNCH_AND_LEARN,
                  description: str = "", interval_weeks: int = 2, team: Team | None = None, adoption=None,
                  community: Community | None = None, values: SeriesInput | None = None) -> SessionSeries:
    """A series; with a first start its sessions (open for a speaker) are planned some weeks ahead at once."""
    values = _clean_series(values or SeriesInput(title=title, kind=kind, description=description,
                                                 interval_weeks=interval_weeks))
    series = SessionSeries.objects.create(
        organisation_id=organisation_id, organiser=organiser, title=values.title, kind=values.kind,
        description=values.description, interval_weeks=values.interval_weeks, team=team, adoption=adoption,
        community=community, first_starts_at=values.first_starts_at, duration_minutes=values.duration_minutes,
        location=values.location, video_url=values.video_url, capacity=values.capacity,
        weeks_ahead=values.weeks_ahead)
    series_plan(series)
    return series


def _slots(series: SessionSeries, after: datetime, until: datetime) -> list[datetime]:
    """The series' starts in (after, until], every interval at the first session's local wall-clock time."""
    tz = timezone.get_current_timezone()
    first = timezone.localtime(series.first_starts_at, tz).replace(tzinfo=None)
    step = timedelta(weeks=series.interval_weeks)
    # Start a step early: a change to or from summer time moves the UTC offset by an hour.
    k = max(0, (after - series.first_starts_at) // step - 1)
    slots = []
    while True:
        start = (first + k * step).replace(tzinfo=tz)
        if start > until:
            return slots
        if start > after:
            slots.append(start)
        k += 1


@transaction.atomic
def series_plan(series: SessionSeries, *, now: datetime | None = None) -> int:
    """Plan the series' sessions up to `weeks_ahead` from now, each open for a speaker; returns how many.

    Idempotent: slots up to `planned_until` are never planned again (so a session the organiser
    cancelled stays cancelled), and the unique (series, slot) key stops a second scheduler.
    """
    now = now or timezone.now()
    series = SessionSeries.objects.select_for_update().get(pk=series.pk)
    if series.ended_at is not None or series.first_starts_at is None:
        return 0
    until = now + timedelta(weeks=series.weeks_ahead)
    after = max(now, series.planned_until) if series.planned_until else now
    if until <= after:
        return 0
    taken = set(series.sessions.exclude(status=SessionStatus.CANCELLED).filter(series_slot__isnull=False)
                .values_list("series_slot", flat=True))
    created = []
    for start in _slots(series, after, until):
        if start in taken:
            continue
        session = KnowledgeSession.objects.create(
            organisation_id=series.organisation_id, kind=series.kind, title=series.title,
            description=series.description, series=series, speaker=None, community=series.community,
            starts_at=start, ends_at=start + timedelta(minutes=series.duration_minutes), location=series.location,
            video_url=series.video_url, capacity=series.capacity, created_by=series.organiser, series_slot=start,
        )
        session_reindex(session)
        created.append(session)
    series.planned_until = until
    series.save(update_fields=["planned_until"])
    return len(created)


def _future_open(series: SessionSeries):
    return series.sessions.filter(status=SessionStatus.PLANNED, speaker__isnull=True,
                                  starts_at__gt=timezone.now())


@transaction.atomic
def series_update(*, series: SessionSeries, by: Person, values: SeriesInput) -> SessionSeries:
    """Change the series. A new rhythm (start, interval, duration) cancels the future sessions nobody has
    claimed and plans new ones; other changes are carried over to those open sessions. Claimed sessions
    stay as they are: their speaker and the organiser move them by hand when needed."""
    values = _clean_series(values)
    series = SessionSeries.objects.select_for_update().get(pk=series.pk)
    if series.ended_at is not None:
        raise ValidationError(_("This series has ended."))
    rhythm_changed = (series.first_starts_at, series.interval_weeks, series.duration_minutes) != (
        values.first_starts_at, values.interval_weeks, values.duration_minutes)
    for name in ("title", "kind", "description", "interval_weeks", "first_starts_at", "duration_minutes",
                 "location", "video_url", "capacity", "weeks_ahead"):
        setattr(series, name, getattr(values, name))
    if rhythm_changed:
        for session in _future_open(series):
            session_cancel(session=session, by=by)
        series.planned_until = None
    series.save()
    if not rhythm_changed:
        for session in _future_open(series).select_for_update():
            session.kind, session.title, session.description = series.kind, series.title, series.description
            moved = (session.location, session.video_url) != (series.location, series.video_url)
            session.location, session.video_url, session.capacity = series.location, series.video_url, series.capacity
            session.sequence += 1
            session.updated_at = timezone.now()
            session.save()
            session_reindex(session)
            if moved:
                _tell_signed_up(session, cancelled=False)
            _promote_waiting(session)
    series_plan(series)
    return series


def series_next_start(series: SessionSeries) -> datetime | None:
    """When the next session of the series would be: one interval after the last one."""
    last = series.sessions.exclude(status=SessionStatus.CANCELLED).order_by("-starts_at").first()
    if last is None:
        return None
    return last.starts_at + timedelta(weeks=series.interval_weeks)


@transaction.atomic
def series_end(*, series: SessionSeries) -> SessionSeries:
    """The series stops: its future sessions nobody has claimed, and the organiser's own, are cancelled
    (whoever signed up hears of it); a session another colleague is preparing goes ahead, unless its
    organiser cancels it by hand."""
    series.ended_at = timezone.now()
    series.save(update_fields=["ended_at"])
    unclaimed = Q(speaker__isnull=True)
    if series.organiser_id:
        unclaimed |= Q(speaker_id=series.organiser_id)
    for session in series.sessions.filter(unclaimed, status=SessionStatus.PLANNED, starts_at__gt=timezone.now()):
        session_cancel(session=session, by=series.organiser)
    return series


# --- Speakers -----------------------------------------------------------------------------------------


@transaction.atomic
def session_claim(*, session: KnowledgeSession, person: Person) -> KnowledgeSession:
    """"I will present": a colleague takes a series' open slot (first come, first served); the series'
    organiser hears who, unless they claimed it themselves."""
    session = KnowledgeSession.objects.select_for_update(of=("self",)).select_related(
        "organisation", "series__organiser__user").get(pk=session.pk)
    if session.series_id is None or session.status != SessionStatus.PLANNED or session.starts_at <= timezone.now():
        raise ValidationError(_("This session has no open place for a speaker."))
    if session.speaker_id is not None:
        if session.speaker_id == person.pk:
            return session
        raise ValidationError(_("A colleague already presents this session."))
    if not person.is_active or person.organisation_id != session.organisation_id:
        raise ValidationError(_("The speaker must be an active colleague."))
    session = _set_speaker(session, person)
    organiser = session.series.organiser
    if organiser is not None and organiser.pk != person.pk:
        starts = formats.date_format(timezone.localtime(session.starts_at), "DATETIME_FORMAT")
        notify(organiser, SPEAKER_CLAIMED, {"session": session, "starts": starts, "speaker_name": person.display_name},
               url=session_url(session), dedupe_key=f"claimed:{session.uuid}:{person.pk}:{session.sequence}")
    return session


@transaction.atomic
def session_assign_speaker(*, session: KnowledgeSession, by: Person, speaker: Person | None) -> KnowledgeSession:
    """The organiser names who presents (or opens the slot again, for a series' session); the speaker hears."""
    session = KnowledgeSession.objects.select_for_update(of=("self",)).select_related("organisation").get(
        pk=session.pk)
    if session.status != SessionStatus.PLANNED or session.ends_at <= timezone.now():
        raise ValidationError(_("This session can no longer be changed."))
    if speaker is None and session.series_id is None:
        raise ValidationError({"speaker": _("Name a speaker.")})
    if speaker is not None and (not speaker.is_active or speaker.organisation_id != session.organisation_id):
        raise ValidationError({"speaker": _("The speaker must be an active colleague.")})
    if (speaker.pk if speaker else None) == session.speaker_id:
        return session
    session = _set_speaker(session, speaker)
    if speaker is not None and speaker.pk != by.pk:
        starts = formats.date_format(timezone.localtime(session.starts_at), "DATETIME_FORMAT")
        notify(speaker, SPEAKER_ASKED, {"session": session, "starts": starts, "organiser_name": by.display_name},
               url=session_url(session), dedupe_key=f"speaker:{session.uuid}:{speaker.pk}:{session.sequence}")
    return session


@transaction.atomic
def session_release(*, session: KnowledgeSession, person: Person) -> KnowledgeSession:
    """The speaker of a series' session cannot after all: the slot is open again."""
    session = KnowledgeSession.objects.select_for_update(of=("self",)).select_related("organisation").get(
        pk=session.pk)
    if session.series_id is None or session.speaker_id != person.pk or session.status != SessionStatus.PLANNED:
        raise ValidationError(_("You do not present this session."))
    return _set_speaker(session, None)


def _set_speaker(session: KnowledgeSession, speaker: Person | None) -> KnowledgeSession:
    session.speaker = speaker
    session.sequence += 1
    session.updated_at = timezone.now()
    session.save(update_fields=["speaker", "sequence", "updated_at"])
    session_reindex(session)
    return session
