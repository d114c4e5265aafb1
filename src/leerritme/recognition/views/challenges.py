"""Challenges: list, set up (L&D, team leads), join and leave (opt-in), check in, progress and the team ranking.

Rankings are shown only between teams and only when the organisation turned them on; in a ranking a person
is named only if they chose so when joining. Individual progress is shown only to the person themselves.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.rules import can, require
from leerritme.recognition import selectors
from leerritme.recognition.forms import ChallengeForm, CheckInForm, JoinForm
from leerritme.recognition.models import Challenge, ChallengeMode, ChallengeParticipant, CheckIn, GoalType
from leerritme.recognition.services import challenges as services


def challenge_list(request, org):
    today = timezone.localdate()
    found = list(selectors.challenges_for(request.person).order_by("-ends_on", "title"))
    running = [c for c in found if c.starts_on <= today <= c.ends_on]
    coming = [c for c in found if c.starts_on > today]
    ended = [c for c in found if c.ends_on < today][:20]
    return render(request, "recognition/challenges.html", {"running": running, "coming": coming, "ended": ended})


def _visible(request, uuid) -> Challenge:
    return get_in_organisation(selectors.challenges_for(request.person), uuid=uuid)


def challenge_form(request, org, uuid=None):
    challenge = get_in_organisation(Challenge.objects, uuid=uuid) if uuid else None
    if challenge is None:
        require(request.person, "recognition.challenge.create")
    else:
        require(request.person, "recognition.challenge.edit", challenge)
    may_all = can(request.person, "recognition.manage")
    form = ChallengeForm(request.POST or None, instance=challenge or Challenge(organisation=request.organisation),
                         person=request.person, may_all=may_all)
    if request.method == "POST" and form.is_valid():
        team = form.cleaned_data.get("team")
        if not can(request.person, "recognition.challenge.create", team):
            raise PermissionDenied
        try:
            saved = services.challenge_save(challenge=form.instance, by=request.person)
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                for item in errors:
                    form.add_error(field if field in form.fields else None, item)
        else:
            messages.success(request, gettext("The challenge is saved."))
            return redirect("recognition:challenge", org=org, uuid=saved.uuid)
    return render(request, "recognition/challenge_form.html", {"form": form, "challenge": challenge})


def challenge_detail(request, org, uuid):
    challenge = _visible(request, uuid)
    me = ChallengeParticipant.objects.filter(challenge=challenge, person=request.person).select_related("team").first()
    context = {"challenge": challenge, "me": me, "rankings_on": request.organisation.team_rankings,
               "ended": challenge.ends_on < timezone.localdate(),
               "can_edit": can(request.person, "recognition.challenge.edit", challenge)}
    if me is not None:
        if challenge.mode == ChallengeMode.TEAM:
            context["my_progress"] = services.progress_by_team(challenge).get(me.team_id, 0)
        else:
            context["my_progress"] = services.progress_by_person(challenge, {request.person.pk}).get(
                request.person.pk, 0)
        context["my_percent"] = min(100, round(100 * context["my_progress"] / challenge.goal_target))
        if challenge.goal_type == GoalType.CHECKINS:
            context["checkins"] = list(CheckIn.objects.filter(participant=me).order_by("-day")[:40])
            context["checkin_form"] = CheckInForm(initial={"day": timezone.localdate()})
    participants = ChallengeParticipant.objects.filter(challenge=challenge)
    context["joined"] = participants.count()
    context["completed"] = participants.filter(completed_at__isnull=False).count()
    if challenge.mode == ChallengeMode.TEAM and request.organisation.team_rankings:
        context["ranking"] = _ranking(challenge)
    context["join_form"] = JoinForm(teams=services.teams_of(request.person) if not challenge.team_id else (),
                                    initial={"show_name": me.show_name if me else False})
    return render(request, "recognition/challenge.html", context)


def _ranking(challenge):
    """Teams by progress; named only the participants who opted in, the others counted."""
    totals = services.progress_by_team(challenge)
    rows = {}
    for participant in (ChallengeParticipant.objects.filter(challenge=challenge, team__isnull=False)
                        .select_related("team", "person__user").order_by("person__user__name")):
        row = rows.setdefault(participant.team_id, {"team": participant.team, "named": [], "others": 0,
                                                    "total": totals.get(participant.team_id, 0)})
        if participant.show_name:
            row["named"].append(participant.person.display_name)
        else:
            row["others"] += 1
    ranked = sorted(rows.values(), key=lambda r: (-r["total"], r["team"].name))
    for row in ranked:
        row["percent"] = min(100, round(100 * row["total"] / challenge.goal_target))
    return ranked


@require_POST
def challenge_join(request, org, uuid):
    challenge = _visible(request, uuid)
    form = JoinForm(request.POST, teams=services.teams_of(request.person))
    form.is_valid()
    try:
        services.challenge_join(challenge=challenge, person=request.person, team=form.cleaned_data.get("team"),
                                show_name=form.cleaned_data.get("show_name", False))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("You joined the challenge."))
    return redirect("recognition:challenge", org=org, uuid=challenge.uuid)


@require_POST
def challenge_leave(request, org, uuid):
    challenge = _visible(request, uuid)
    services.challenge_leave(challenge=challenge, person=request.person)
    messages.success(request, gettext("You left the challenge; you are no longer counted."))
    return redirect("recognition:challenge", org=org, uuid=challenge.uuid)


@require_POST
def challenge_check_in(request, org, uuid):
    challenge = _visible(request, uuid)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Enter a valid day."))
    else:
        try:
            services.challenge_check_in(challenge=challenge, person=request.person, day=form.cleaned_data["day"],
                                        note=form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, gettext("Checked in. Well done!"))
    return redirect("recognition:challenge", org=org, uuid=challenge.uuid)


