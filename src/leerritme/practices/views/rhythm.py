"""Rhythms: a team's rhythm and how it kept it, setting an adopted practice's rhythm, one occurrence and
what the team's lead can do to it (mark held, skip, move, restore)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from leerritme.orgs import rules
from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Team
from leerritme.orgs.rules import require
from leerritme.practices import recurrence
from leerritme.practices import rhythm_selectors as selectors
from leerritme.practices.forms.rhythm import CADENCE_FIELDS, OccurrenceMoveForm, RhythmForm, initial_for
from leerritme.practices.models import Adoption, AdoptionStatus, Occurrence, OccurrenceStatus, PracticePart
from leerritme.practices.parts import has_part_handler
from leerritme.practices.recurrence_text import describe, describe_rhythm
from leerritme.practices.services import rhythm as services

ROW = "practices/rhythm/team.html#occurrence_row"


def _editable(person, team: Team, adoptions) -> set[int]:
    """The adoptions whose rhythm this person may change: one query for the whole team, not one per adoption.

    The rule is asked once about the team (lead, L&D) through an unsaved adoption of it, and once more
    only for adoptions the person owns, where it answers without a query.
    """
    team_wide = rules.can(person, "rhythm.edit", Adoption(team=team, organisation_id=team.organisation_id))
    return {
        a.pk for a in adoptions
        if a.status == AdoptionStatus.ACTIVE
        and (team_wide or (a.owner_id == person.pk and rules.can(person, "rhythm.edit", a)))
    }


def _mark(occ: Occurrence, *, can_edit: bool, today) -> Occurrence:
    occ.can_edit = can_edit and occ.status != OccurrenceStatus.CANCELLED
    occ.can_hold = occ.can_edit and occ.status in (OccurrenceStatus.PLANNED, OccurrenceStatus.SKIPPED) \
        and occ.local_start.date() <= today
    return occ


def team_rhythm(request, org, uuid):
    """The team's rhythm for the coming six weeks, and how it kept it over the last quarter."""
    require(request.person, "people.view")
    team = get_in_organisation(Team.objects, uuid=uuid)
    now = timezone.now()
    today = selectors.local_today(now)
    adoptions = selectors.team_adoptions(team)
    editable = _editable(request.person, team, adoptions)
    weeks = selectors.team_weeks(team, now=now)
    for week in weeks:
        for occ in week.occurrences:
            _mark(occ, can_edit=occ.rhythm.adoption_id in editable, today=today)
    unmarked = []
    if editable:
        unmarked = [_mark(occ, can_edit=occ.rhythm.adoption_id in editable, today=today)
                    for occ in selectors.team_unmarked(team, before=selectors.week_start(now), now=now)]
    rhythms = []
    for adoption in adoptions:
        if adoption.status != AdoptionStatus.ACTIVE:
            continue
        rhythm = selectors.rhythm_of(adoption)
        rhythms.append({
            "adoption": adoption, "rhythm": rhythm, "can_edit": adoption.pk in editable,
            "description": describe_rhythm(rhythm) if rhythm else "",
            # A practice its own part runs (a knowledge-session series, say) is planned there, not here.
            "runs_in_part": rhythm is None and has_part_handler(adoption.practice.part),
        })
    kept = selectors.team_adherence(team, adoptions, now=now)
    return render(request, "practices/rhythm/team.html", {
        "team": team,
        "weeks": weeks,
        "planned_any": any(week.occurrences for week in weeks),
        "rhythms": rhythms,
        "kept": kept,
        "kept_total": selectors.total_of(kept),
        "kept_since": selectors.adherence_since(now),
        "unmarked": unmarked,
        "today": today,
        "next_url": request.get_full_path(),
        "can_adopt": rules.can(request.person, "practices.adopt", team),
    })


def rhythm_edit(request, org, uuid):
    """Set or change the rhythm of an adopted practice, with a live preview of the next five times."""
    adoption = get_in_organisation(Adoption.objects.select_related("practice", "team", "rhythm"), uuid=uuid)
    require(request.person, "rhythm.edit", adoption)
    rhythm = selectors.rhythm_of(adoption)
    time_zone = rhythm.time_zone if rhythm else timezone.get_default_timezone_name()
    now = timezone.now()
    adopted = adoption.status == AdoptionStatus.ACTIVE

    if request.htmx and request.GET.get("preview"):
        form = RhythmForm(request.GET, time_zone=time_zone)
        return render(request, "practices/rhythm/edit.html#preview", _preview(form, now))

    if request.method == "POST" and adopted:
        form = RhythmForm(request.POST, time_zone=time_zone)
        if form.is_valid():
            try:
                change = services.rhythm_set(adoption=adoption, by=request.person, **form.service_arguments())
            except ValidationError as error:
                form._attach(error, form.cleaned_data["cadence"])
            else:
                messages.success(request, _change_message(change))
                return redirect("practices:team_rhythm", org=request.organisation.slug, uuid=adoption.team.uuid)
    else:
        form = RhythmForm(initial=initial_for(rhythm=rhythm, practice=adoption.practice,
                                              today=selectors.local_today(now, time_zone)),
                          time_zone=time_zone)
    return render(request, "practices/rhythm/edit.html", {
        "adoption": adoption,
        "rhythm": rhythm,
        "adopted": adopted,
        "form": form,
        "cadence_fields": {name: " ".join(cadences) for name, cadences in CADENCE_FIELDS.items()},
        "current": describe_rhythm(rhythm, meeting=True) if rhythm else "",
        **(_preview(form, now) if form.is_bound else {}),
    })


def _preview(form: RhythmForm, now) -> dict:
    """The rhythm in words and its next five times, or what is still wrong with the choices."""
    if not form.is_valid() or form.built is None:
        problems = [str(m) for errors in form.errors.values() for m in errors]
        return {"preview_problems": problems, "preview_text": "", "preview_times": [], "previewed": True}
    upcoming = recurrence.next_instances(form.built, max(now, form.built.starts_at), 5)
    tz = recurrence.zone(form.built.time_zone)
    return {
        "preview_problems": [],
        "preview_text": describe(form.spec),
        "preview_times": [(recurrence.aware_to_local(i.start, tz), recurrence.aware_to_local(i.end, tz))
                          for i in upcoming],
        "previewed": True,
    }


def _change_message(change: services.RhythmChange) -> str:
    description = describe_rhythm(change.rhythm)
    if change.created:
        return ngettext(
            "The rhythm is set: %(rhythm)s. %(count)s time is planned.",
            "The rhythm is set: %(rhythm)s. %(count)s times are planned.",
            change.added,
        ) % {"rhythm": description, "count": change.added}
    if not (change.added or change.changed or change.cancelled):
        return _("The rhythm is saved: %(rhythm)s. Nothing needed to change.") % {"rhythm": description}
    return _(
        "The rhythm is changed: %(rhythm)s. %(added)s times added, %(changed)s updated, %(cancelled)s cancelled; "
        "past, held and skipped times are kept."
    ) % {"rhythm": description, "added": change.added, "changed": change.changed, "cancelled": change.cancelled}


def _occurrence(uuid) -> Occurrence:
    return get_in_organisation(
        Occurrence.objects.select_related("rhythm__adoption__practice", "rhythm__adoption__team",
                                          "recorded_by__user"),
        uuid=uuid,
    )


def occurrence_detail(request, org, uuid):
    """One time a practice happens: what, when, where, how to do it, its status and what can be done."""
    require(request.person, "people.view")
    occ = selectors.decorate(_occurrence(uuid))
    adoption = occ.rhythm.adoption
    can_edit = adoption.status == AdoptionStatus.ACTIVE and rules.can(request.person, "rhythm.edit", adoption)
    _mark(occ, can_edit=can_edit, today=selectors.local_today(time_zone=occ.rhythm.time_zone))
    if request.htmx and request.GET.get("part") == "row":
        return render(request, ROW, {"occ": occ, "next_url": _next(request, default="")})
    return render(request, "practices/rhythm/occurrence.html", {
        "occ": occ,
        "adoption": adoption,
        "practice": adoption.practice,
        "team": adoption.team,
        "rhythm_text": describe_rhythm(occ.rhythm, meeting=False),
        "runs_elsewhere": adoption.practice.part != PracticePart.RHYTHM,
        "next_url": request.get_full_path(),
    })


def _next(request, *, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                                     require_https=request.is_secure()):
        return candidate
    return default


def _for_change(request, uuid) -> Occurrence:
    occ = _occurrence(uuid)
    require(request.person, "rhythm.edit", occ.rhythm.adoption)
    return occ


def _respond(request, occ: Occurrence, *, done: str = "", error: ValidationError | None = None):
    """After an action: the refreshed row for htmx, otherwise back where the person came from."""
    problem = " ".join(error.messages) if error else ""
    if request.htmx:
        occ = selectors.decorate(_occurrence(occ.uuid))
        adoption = occ.rhythm.adoption
        _mark(occ, can_edit=adoption.status == AdoptionStatus.ACTIVE, today=selectors.local_today(
            time_zone=occ.rhythm.time_zone))
        return render(request, ROW, {"occ": occ, "row_message": done, "row_error": problem,
                                     "next_url": _next(request, default="")})
    if problem:
        messages.error(request, problem)
    elif done:
        messages.success(request, done)
    return redirect(_next(request, default=reverse(
        "practices:occurrence", kwargs={"org": request.organisation.slug, "uuid": occ.uuid})))


def _label(occ: Occurrence) -> str:
    tz = recurrence.zone(occ.rhythm.time_zone)
    return _("%(practice)s on %(date)s") % {
        "practice": occ.rhythm.adoption.practice.name,
        "date": formats.date_format(recurrence.aware_to_local(occ.start, tz), "l j F H:i"),
    }


@require_POST
def occurrence_held(request, org, uuid):
    occ = _for_change(request, uuid)
    try:
        occ = services.occurrence_mark_held(occ, by=request.person)
    except ValidationError as error:
        return _respond(request, occ, error=error)
    return _respond(request, occ, done=_("Marked as held: %(what)s.") % {"what": _label(occ)})


@require_POST
def occurrence_skip(request, org, uuid):
    occ = _for_change(request, uuid)
    try:
        occ = services.occurrence_skip(occ, by=request.person, note=request.POST.get("note", ""))
    except ValidationError as error:
        return _respond(request, occ, error=error)
    return _respond(request, occ, done=_("Skipped: %(what)s.") % {"what": _label(occ)})


@require_POST
def occurrence_restore(request, org, uuid):
    occ = _for_change(request, uuid)
    try:
        occ = services.occurrence_restore(occ, by=request.person)
    except ValidationError as error:
        return _respond(request, occ, error=error)
    return _respond(request, occ, done=_("Back as planned: %(what)s.") % {"what": _label(occ)})


def occurrence_move(request, org, uuid):
    """Move one time to another day or hour; the others stay where they are."""
    occ = _for_change(request, uuid)
    selectors.decorate(occ)
    time_zone = occ.rhythm.time_zone
    if request.method == "POST":
        form = OccurrenceMoveForm(request.POST, time_zone=time_zone)
        if form.is_valid():
            try:
                occ = services.occurrence_move(occ, by=request.person, start=form.cleaned_data["start_at"],
                                               end=form.cleaned_data["end_at"], note=form.cleaned_data["note"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return _respond(request, occ, done=_("Moved: %(what)s.") % {"what": _label(occ)})
    else:
        form = OccurrenceMoveForm(initial=OccurrenceMoveForm.initial_for(occ), time_zone=time_zone)
    template = "practices/rhythm/move.html#row_form" if request.htmx else "practices/rhythm/move.html"
    return render(request, template, {
        "occ": occ, "form": form, "practice": occ.rhythm.adoption.practice, "team": occ.rhythm.adoption.team,
        "next_url": _next(request, default=""),
    })
