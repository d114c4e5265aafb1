"""Duo, circle and coffee programmes: starting them, their rounds, opting out or in, a group's page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext

from leerritme.matching import selectors
from leerritme.matching.forms import ProgrammeForm, ReflectionForm
from leerritme.matching.models import Group, Programme, ProgrammeKind, Reach, RoundJob, RoundJobStatus
from leerritme.matching.protocols import steps_for
from leerritme.matching.services import (
    OPEN_JOB,
    group_reflect,
    opt_out_set,
    participant_set,
    programme_create,
    programme_stop,
    round_job_create,
    round_job_error,
    round_start,
)
from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Team, TeamMembership, TeamRole
from leerritme.orgs.rules import can, require

# Past this, a job still waiting in the queue most likely means no task worker is running.
WORKER_HINT_SECONDS = 20


def _teams_for(person):
    if person.is_ld_admin:
        return Team.objects.order_by("name")
    return Team.objects.filter(pk__in=TeamMembership.objects.filter(person=person, role=TeamRole.LEAD)
                               .values("team_id")).order_by("name")


def programme_new(request, org):
    me = request.person
    require(me, "matching.programme_create")
    kind = request.GET.get("kind") or request.POST.get("kind") or ProgrammeKind.DUOS
    if kind not in ProgrammeKind.values:
        raise Http404
    teams = _teams_for(me)
    form = ProgrammeForm(request.POST or None, kind=kind, teams=teams)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["reach"] == Reach.ORGANISATION and not me.is_ld_admin:
            form.add_error("reach", gettext("Only L&D starts programmes for the whole organisation."))
        else:
            try:
                programme = programme_create(
                    organisation=request.organisation, kind=kind, name=data["name"], purpose=data["purpose"],
                    reach=data["reach"], teams=list(data["teams"]), group_size=data["group_size"],
                    rotating=data.get("rotating", True), every_weeks=data["every_weeks"],
                    skill=data.get("skill"), protocol=data.get("protocol") or "",
                    first_round_on=data["first_round_on"], created_by=me)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, gettext("The programme is ready. Start its first round when you like."))
                return redirect("matching:programme", org=org, uuid=programme.uuid)
    return render(request, "matching/programme_form.html", {"form": form, "kind": kind,
                                                            "kind_label": ProgrammeKind(kind).label})


def programme_detail(request, org, uuid):
    me = request.person
    programme = get_in_organisation(Programme.objects, uuid=uuid)
    runs = can(me, "matching.programme_run", programme)
    people = selectors.programme_people(programme)
    takes_part = any(p.pk == me.pk for p in people)
    if not (runs or takes_part or programme.opt_in or programme.reach == Reach.ORGANISATION):
        raise Http404
    latest = selectors.latest_round(programme)
    groups = selectors.round_groups(latest) if latest and (runs or takes_part) else []
    if not runs:
        groups = [g for g in groups if any(m.person_id == me.pk for m in g.memberships.all())]
    next_number = (latest.number + 1) if latest else 1
    open_job = RoundJob.objects.filter(programme=programme, status__in=OPEN_JOB).first() if runs else None
    return render(request, "matching/programme.html", {
        "open_job": open_job,
        "programme": programme, "latest": latest, "groups": groups, "runs": runs, "takes_part": takes_part,
        "people_count": len(people), "next_number": next_number,
        "skipping": me.pk in selectors.opted_out(programme, next_number),
        "teams": list(programme.teams.all()),
    })


def programme_round(request, org, uuid):
    """Start the next round now (POST)."""
    programme = get_in_organisation(Programme.objects, uuid=uuid)
    require(request.person, "matching.programme_run", programme)
    if request.method != "POST":
        return redirect("matching:programme", org=org, uuid=uuid)
    if not programme.is_active:
        raise PermissionDenied
    if programme.rounds_in_worker:
        try:
            job = round_job_create(programme=programme, by=request.person)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("matching:programme", org=org, uuid=uuid)
        return redirect("matching:round_job", org=org, uuid=job.uuid)
    try:
        rnd = round_start(programme=programme, by=request.person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("Round %(n)s started: everyone has been told who they meet.")
                         % {"n": rnd.number})
    return redirect("matching:programme", org=org, uuid=uuid)


def round_job(request, org, uuid):
    """A round the worker forms: waiting, forming, saving (polled by htmx), then its groups or why it failed."""
    job = get_in_organisation(RoundJob.objects.select_related("programme", "round"), uuid=uuid)
    require(request.person, "matching.programme_run", job.programme)
    template = "matching/round_job.html"
    if request.htmx and not request.htmx.boosted:
        template += "#status"
    return render(request, template, {
        "job": job, "programme": job.programme,
        "groups": selectors.round_groups(job.round) if job.round else [],
        "error": round_job_error(job) if job.status == RoundJobStatus.FAILED else "",
        "waiting_for_worker": job.status == RoundJobStatus.QUEUED
        and (timezone.now() - job.created_at).total_seconds() > WORKER_HINT_SECONDS,
    })


def programme_skip(request, org, uuid):
    """Skip (or rejoin) the next round (POST)."""
    programme = get_in_organisation(Programme.objects, uuid=uuid)
    if request.method != "POST":
        return redirect("matching:programme", org=org, uuid=uuid)
    if not any(p.pk == request.person.pk for p in selectors.programme_people(programme)):
        raise PermissionDenied
    latest = selectors.latest_round(programme)
    number = (latest.number + 1) if latest else 1
    skip = request.POST.get("skip") == "1"
    opt_out_set(programme=programme, person=request.person, round_number=number, skip=skip)
    messages.success(request, gettext("You skip the next round.") if skip else
                     gettext("You take part in the next round."))
    return redirect("matching:programme", org=org, uuid=uuid)


def programme_join(request, org, uuid):
    """Opt in to (or out of) virtual coffee (POST)."""
    programme = get_in_organisation(Programme.objects, uuid=uuid)
    if request.method != "POST":
        return redirect("matching:programme", org=org, uuid=uuid)
    if not programme.opt_in:
        raise PermissionDenied
    joined = request.POST.get("join") == "1"
    participant_set(programme=programme, person=request.person, joined=joined)
    messages.success(request, gettext("You are in: you hear who you have coffee with each round.") if joined
                     else gettext("You left. Come back any time."))
    return redirect("matching:programme", org=org, uuid=uuid)


def programme_stop_view(request, org, uuid):
    programme = get_in_organisation(Programme.objects, uuid=uuid)
    require(request.person, "matching.programme_run", programme)
    if request.method == "POST":
        programme_stop(programme=programme)
        messages.success(request, gettext("The programme has stopped; its groups and reflections stay."))
    return redirect("matching:programme", org=org, uuid=uuid)


def group_detail(request, org, uuid):
    group = get_in_organisation(Group.objects.select_related("round__programme"), uuid=uuid)
    require(request.person, "matching.group_view", group)
    members = list(group.memberships.select_related("person__user").order_by("pk"))
    mine = next((m for m in members if m.person_id == request.person.pk), None)
    form = ReflectionForm(request.POST or None, initial={"reflection": mine.reflection if mine else ""})
    if request.method == "POST":
        if mine is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                group_reflect(member=mine, text=form.cleaned_data["reflection"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, gettext("Your reflection is saved."))
                return redirect("matching:group", org=org, uuid=uuid)
    programme = group.round.programme
    return render(request, "matching/group.html", {
        "group": group, "round": group.round, "programme": programme, "members": members, "mine": mine,
        "form": form, "steps": steps_for(programme.protocol) if programme.kind == ProgrammeKind.CIRCLES else [],
    })


