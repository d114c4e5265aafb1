"""Knowledge sessions and series: plan, sign up or join the waiting list, .ics, attendance, notes,
materials and feedback to the speaker."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from leerritme.knowledge import selectors
from leerritme.knowledge.calendar import session_entry
from leerritme.knowledge.forms import (
    MaterialForm,
    NotesForm,
    SeriesForm,
    SessionFeedbackForm,
    SessionForm,
    SpeakerForm,
)
from leerritme.knowledge.models import (
    KnowledgeSession,
    SessionMaterial,
    SessionSeries,
    SessionStatus,
    SignupStatus,
)
from leerritme.knowledge.services import sessions as services
from leerritme.knowledge.views.articles import _form_errors
from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.rules import can, require
from leerritme.practices.ical import single_event_document


def _session(uuid) -> KnowledgeSession:
    return get_in_organisation(
        KnowledgeSession.objects.select_related("speaker__user", "series", "community", "organisation",
                                                "created_by"),
        uuid=uuid,
    )


def session_list(request, org):
    upcoming = selectors.upcoming_sessions()
    signups = selectors.my_signups(request.person, [s.pk for s in upcoming])
    for session in upcoming:
        session.my_signup = signups.get(session.pk)
    return render(request, "knowledge/sessions/list.html", {
        "upcoming": upcoming, "past": selectors.past_sessions(),
        "series": list(SessionSeries.objects.filter(ended_at__isnull=True).select_related("team").order_by("title")),
    })


def _input(form: SessionForm, series=None) -> services.SessionInput:
    data = form.cleaned_data
    return services.SessionInput(
        kind=data["kind"], title=data["title"], description=data.get("description") or "",
        speaker=data.get("speaker"), starts_at=data["starts_at"], duration_minutes=data["duration_minutes"],
        location=data.get("location") or "", video_url=data.get("video_url") or "", capacity=data.get("capacity"),
        skills=tuple(data.get("skills") or ()), community=data.get("community"), series=series,
    )


def session_create(request, org):
    series = None
    series_uuid = request.GET.get("series") or ""
    if series_uuid and selectors._valid_uuid(series_uuid):
        series = SessionSeries.objects.filter(uuid=series_uuid, ended_at__isnull=True).first()
    initial = {}
    if series is not None:
        start = services.series_next_start(series)
        initial = {"kind": series.kind, "community": series.community,
                   "starts_at": timezone.localtime(start).strftime("%Y-%m-%dT%H:%M") if start else None}
    form = SessionForm(request.POST or None, person=request.person, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(created_by=request.person, values=_input(form, series))
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, gettext("The session is planned. Colleagues can sign up now."))
            return redirect("knowledge:session", org=org, uuid=session.uuid)
    return render(request, "knowledge/sessions/form.html", {"form": form, "session": None, "series": series})


def session_edit(request, org, uuid):
    session = _session(uuid)
    require(request.person, "knowledge.session.manage", session)
    initial = {
        "kind": session.kind, "title": session.title, "description": session.description,
        "speaker": session.speaker.user.email if session.speaker_id else "",
        "starts_at": timezone.localtime(session.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": int((session.ends_at - session.starts_at).total_seconds() // 60),
        "location": session.location, "video_url": session.video_url, "capacity": session.capacity,
        "skills": list(session.skills.all()), "community": session.community,
    }
    form = SessionForm(request.POST or None, person=request.person, initial=initial,
                       open_slot=session.series_id is not None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(session=session, by=request.person, values=_input(form, session.series))
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, gettext("Saved. Colleagues who signed up hear of a new time or place."))
            return redirect("knowledge:session", org=org, uuid=session.uuid)
    return render(request, "knowledge/sessions/form.html", {"form": form, "session": session,
                                                            "series": session.series})


def session_detail(request, org, uuid):
    session = _session(uuid)
    me = request.person
    manage = can(me, "knowledge.session.manage", session)
    signups = list(session.signups.exclude(status=SignupStatus.CANCELLED).select_related("person__user")
                   .order_by("created_at", "pk"))
    confirmed = [s for s in signups if s.status == SignupStatus.CONFIRMED]
    waiting = [s for s in signups if s.status == SignupStatus.WAITING]
    mine = next((s for s in signups if s.person_id == me.pk), None)
    position = waiting.index(mine) + 1 if mine in waiting else None
    feedback = []
    if can(me, "knowledge.session.feedback_read", session):
        feedback = list(session.feedback.select_related("person__user").order_by("-created_at"))
    my_feedback = session.feedback.filter(person=me).first()
    started = session.starts_at <= timezone.now()
    return render(request, "knowledge/sessions/detail.html", {
        "session": session, "can_manage": manage, "confirmed": confirmed, "waiting": waiting,
        "my_signup": mine, "position": position, "skills": list(session.skills.order_by("name")),
        "materials": list(session.materials.all()), "feedback": feedback,
        "feedback_average": (sum(f.rating for f in feedback) / len(feedback)) if feedback else None,
        "my_feedback": my_feedback, "started": started,
        "places_left": None if session.capacity is None else max(0, session.capacity - len(confirmed)),
        "can_give_feedback": started and session.status != SessionStatus.CANCELLED and mine is not None
                             and mine.attended is not False and me.pk != session.speaker_id,
        "feedback_form": SessionFeedbackForm(initial={"rating": my_feedback.rating, "comment": my_feedback.comment}
                                             if my_feedback else None),
        "notes_form": NotesForm(initial={"notes": session.notes}), "material_form": MaterialForm(),
        "can_claim": session.open_slot and session.status == SessionStatus.PLANNED and not started,
        "speaker_form": SpeakerForm(initial={"speaker": session.speaker.user.email if session.speaker_id else ""})
                        if manage and session.series_id and not started else None,
    })


@require_POST
def session_signup(request, org, uuid):
    session = _session(uuid)
    if request.POST.get("action") == "cancel":
        services.session_signup_cancel(session=session, person=request.person)
        messages.success(request, gettext("You are no longer signed up."))
    else:
        try:
            signup = services.session_signup(session=session, person=request.person)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if signup.status == SignupStatus.WAITING:
                messages.info(request, gettext("The session is full: you are on the waiting list. "
                                               "When a place comes free, it is yours and you hear of it."))
            else:
                messages.success(request, gettext("You are signed up. Add it to your calendar below."))
    return redirect("knowledge:session", org=org, uuid=session.uuid)


@require_POST
def session_cancel(request, org, uuid):
    session = _session(uuid)
    require(request.person, "knowledge.session.manage", session)
    try:
        services.session_cancel(session=session, by=request.person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("The session is cancelled; everyone who signed up hears of it."))
    return redirect("knowledge:session", org=org, uuid=session.uuid)


@require_POST
def session_attendance(request, org, uuid):
    session = _session(uuid)
    require(request.person, "knowledge.session.manage", session)
    ids = []
    for value in request.POST.getlist("attended"):
        try:
            ids.append(int(value))
        except ValueError:
            continue
    try:
        services.session_mark_held(session=session, by=request.person, attended=ids)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("Attendance saved; the session counts as held."))
    return redirect("knowledge:session", org=org, uuid=session.uuid)


@require_POST
def session_notes(request, org, uuid):
    session = _session(uuid)
    require(request.person, "knowledge.session.manage", session)
    form = NotesForm(request.POST)
    if form.is_valid():
        services.session_notes_save(session=session, by=request.person, notes=form.cleaned_data["notes"])
        messages.success(request, gettext("Notes saved."))
    return redirect("knowledge:session", org=org, uuid=session.uuid)


@require_POST
def session_material(request, org, uuid):
    session = _session(uuid)
    require(request.person, "knowledge.session.manage", session)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.material_add(session=session, by=request.person, title=form.cleaned_data["title"],
                                  url=form.cleaned_data.get("url") or "", upload=form.cleaned_data.get("file"))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, gettext("Material added."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("knowledge:session", org=org, uuid=session.uuid)


@require_GET
def material_file(request, org, uuid):
    material = get_in_organisation(SessionMaterial.objects, uuid=uuid)
    if not material.file:
        raise Http404
    try:
        handle = material.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=material.content_type or "application/octet-stream",
                            as_attachment=True, filename=material.file_name or "file")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
def session_feedback(request, org, uuid):
    session = _session(uuid)
    form = SessionFeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.session_feedback_give(session=session, person=request.person, rating=form.cleaned_data["rating"],
                                           comment=form.cleaned_data.get("comment") or "")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, gettext("Thank you: the speaker reads your feedback."))
    return redirect("knowledge:session", org=org, uuid=session.uuid)


@require_GET
def session_ics(request, org, uuid):
    """The session as an .ics invitation, for people who add events one at a time."""
    session = _session(uuid)
    body = single_event_document(session_entry(session), time_zone=settings.TIME_ZONE)
    local = timezone.localtime(session.starts_at)
    filename = f"{slugify(session.title) or 'session'}-{local:%Y-%m-%d}.ics"
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, private=True, no_cache=True)
    return response


# --- Series -------------------------------------------------------------------------------------------


def _series(uuid) -> SessionSeries:
    return get_in_organisation(SessionSeries.objects.select_related("team", "organiser__user", "community",
                                                                    "organisation"), uuid=uuid)


def series_create(request, org):
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            series = services.series_create(organiser=request.person, organisation_id=request.organisation.pk,
                                            values=form.to_input())
        except ValidationError as error:
            _form_errors(form, error)
        else:
            if series.first_starts_at:
                messages.success(request, gettext("The series is started and its first sessions are planned. "
                                                  "Colleagues can now say they will present."))
            return redirect("knowledge:series", org=org, uuid=series.uuid)
    return render(request, "knowledge/sessions/series_form.html", {"form": form, "series": None})


def series_edit(request, org, uuid):
    series = _series(uuid)
    require(request.person, "knowledge.series.manage", series)
    if series.ended_at is not None:
        raise Http404
    form = SeriesForm(request.POST or None, initial=SeriesForm.initial_for(series))
    if request.method == "POST" and form.is_valid():
        try:
            services.series_update(series=series, by=request.person, values=form.to_input())
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, gettext("Saved. Sessions nobody has claimed yet follow the change."))
            return redirect("knowledge:series", org=org, uuid=series.uuid)
    return render(request, "knowledge/sessions/series_form.html", {"form": form, "series": series},
                  status=400 if request.method == "POST" else 200)


@require_POST
def series_end(request, org, uuid):
    series = _series(uuid)
    require(request.person, "knowledge.series.manage", series)
    if series.ended_at is None:
        services.series_end(series=series)
        messages.success(request, gettext("The series has ended; its open sessions are cancelled."))
    return redirect("knowledge:series", org=org, uuid=series.uuid)


def series_detail(request, org, uuid):
    series = _series(uuid)
    sessions = list(series.sessions.select_related("speaker__user").order_by("-starts_at"))
    now = timezone.now()
    next_start = services.series_next_start(series)
    return render(request, "knowledge/sessions/series.html", {
        "series": series, "upcoming": [s for s in reversed(sessions) if s.ends_at >= now],
        "past": [s for s in sessions if s.ends_at < now], "next_start": next_start,
        "can_plan": series.ended_at is None,
        "can_manage": can(request.person, "knowledge.series.manage", series),
        "overdue": series.first_starts_at is None and next_start is not None and next_start < now - timedelta(days=1),
    })


# --- Speakers -----------------------------------------------------------------------------------------


@require_POST
def session_claim(request, org, uuid):
    """"I will present" on a series' open session, or "I cannot after all" from its speaker."""
    session = _session(uuid)
    try:
        if request.POST.get("action") == "release":
            services.session_release(session=session, person=request.person)
            messages.success(request, gettext("The place for a speaker is open again."))
        else:
            services.session_claim(session=session, person=request.person)
            messages.success(request, gettext("Thank you: you present this session. Give it your topic now."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("knowledge:session", org=org, uuid=session.uuid)
    if request.POST.get("action") == "release":
        return redirect("knowledge:session", org=org, uuid=session.uuid)
    return redirect("knowledge:session_edit", org=org, uuid=session.uuid)


@require_POST
def session_speaker(request, org, uuid):
    """The organiser names who presents a series' session (the picker fills in the e-mail address)."""
    session = _session(uuid)
    require(request.person, "knowledge.session.manage", session)
    form = SpeakerForm(request.POST)
    if form.is_valid():
        try:
            services.session_assign_speaker(session=session, by=request.person, speaker=form.cleaned_data["speaker"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, gettext("The speaker is saved."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("knowledge:session", org=org, uuid=session.uuid)


# --- Choosing colleagues ------------------------------------------------------------------------------


@require_GET
def people_pick(request, org):
    """The picker's suggestions as one types a name or an e-mail address (an htmx fragment)."""
    q = request.GET.get("q", "")
    people = selectors.people_matching(q)
    response = render(request, "knowledge/_people_options.html", {
        "people": people, "q": q.strip(), "too_short": len(q.strip()) < selectors.PICK_MIN_LENGTH})
    patch_cache_control(response, private=True, no_store=True)
    return response
