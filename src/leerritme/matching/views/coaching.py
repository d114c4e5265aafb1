"""Coaching: asking for a coach, offering to coach, L&D's matching runs, a match's page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from leerritme.matching.forms import CloseForm, CoachingRequestForm, CoachOfferForm, MeetingForm
from leerritme.matching.models import CoachingRequest, CoachOffer, Match, MatchingRun, MatchStatus, RequestStatus
from leerritme.matching.services import (
    coach_choices,
    coach_offer_save,
    coaching_meeting_log,
    coaching_request_create,
    coaching_request_withdraw,
    match_adjust,
    match_answer,
    match_close,
    matching_run_create,
    matching_run_publish,
)
from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Person
from leerritme.orgs.rules import can, require


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def coaching(request, org):
    """My coaching: my requests and matches, my offer as a coach; L&D sees the matching runs."""
    me = request.person
    requests = list(CoachingRequest.objects.filter(person=me).exclude(status=RequestStatus.WITHDRAWN)
                    .prefetch_related("skills"))
    from django.db.models import Q

    matches = list(Match.objects.filter(Q(learner=me) | Q(coach=me)).exclude(status=MatchStatus.PROPOSED)
                   .select_related("learner__user", "coach__user", "request"))
    offer = CoachOffer.objects.filter(person=me).prefetch_related("skills").first()
    manage = can(me, "matching.manage")
    return render(request, "matching/coaching.html", {
        "requests": requests, "matches": matches, "offer": offer, "manage": manage,
        "runs": list(MatchingRun.objects.select_related("created_by__user")[:10]) if manage else [],
        "open_count": CoachingRequest.objects.filter(status=RequestStatus.OPEN).count() if manage else 0,
    })


def request_new(request, org):
    me = request.person
    form = CoachingRequestForm(request.POST or None, initial={"language": me.user.language})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            coaching_request_create(person=me, goal=data["goal"], skills=list(data["skills"]),
                                    language=data["language"], other_team_only=data["other_team_only"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, gettext("Your request is in. L&D matches requests with coaches regularly."))
            return redirect("matching:coaching", org=org)
    return render(request, "matching/request_form.html", {"form": form})


def request_withdraw(request, org, uuid):
    found = get_in_organisation(CoachingRequest.objects, uuid=uuid)
    if found.person_id != request.person.pk:
        raise PermissionDenied
    if request.method == "POST" and found.status == RequestStatus.OPEN:
        coaching_request_withdraw(request=found)
        messages.success(request, gettext("Your request is withdrawn."))
    return redirect("matching:coaching", org=org)


def offer_edit(request, org):
    me = request.person
    offer = CoachOffer.objects.filter(person=me).prefetch_related("skills").first()
    initial = {"languages": [me.user.language], "capacity": 1, "is_active": True}
    if offer:
        initial = {"skills": [s.uuid for s in offer.skills.all()], "capacity": offer.capacity,
                   "description": offer.description, "languages": offer.languages, "is_active": offer.is_active}
    form = CoachOfferForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            coach_offer_save(person=me, skills=list(data["skills"]), capacity=data["capacity"],
                             description=data["description"], languages=data["languages"],
                             is_active=data["is_active"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, gettext("Your coaching offer is saved."))
            return redirect("matching:coaching", org=org)
    return render(request, "matching/offer_form.html", {"form": form, "offer": offer})


def run_new(request, org):
    require(request.person, "matching.manage")
    if request.method != "POST":
        return redirect("matching:coaching", org=org)
    run = matching_run_create(by=request.person)
    return redirect("matching:run", org=org, uuid=run.uuid)


def run_detail(request, org, uuid):
    """L&D reviews the proposals with their reasons, changes a coach or removes a proposal, publishes."""
    require(request.person, "matching.manage")
    run = get_in_organisation(MatchingRun.objects, uuid=uuid)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "publish":
                count = matching_run_publish(run=run, by=request.person)
                messages.success(request, gettext("Published: %(n)s learners and their coaches have been told.")
                                 % {"n": count})
            elif action in ("change", "remove"):
                match = get_in_organisation(Match.objects.filter(run=run), uuid=request.POST.get("match"))
                coach = None
                if action == "change":
                    coach = get_in_organisation(Person.objects, uuid=request.POST.get("coach"))
                match_adjust(match=match, coach=coach)
                messages.success(request, gettext("The proposal is changed."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("matching:run", org=org, uuid=uuid)
    matches = list(run.matches.select_related("learner__user", "coach__user", "request")
                   .prefetch_related("request__skills").order_by("learner__user__name"))
    unpublished = run.published_at is None
    choices = {m.pk: coach_choices(m) for m in matches} if unpublished and len(matches) <= 50 else {}
    for m in matches:
        m.choices = [c for c in choices.get(m.pk, []) if c[0].person_id != m.coach_id][:8]
    unmatched = list(CoachingRequest.objects.filter(uuid__in=run.unmatched).select_related("person__user"))
    return render(request, "matching/run.html", {"run": run, "matches": matches, "unmatched": unmatched,
                                                 "unpublished": unpublished})


def match_detail(request, org, uuid):
    match = get_in_organisation(Match.objects.select_related("learner__user", "coach__user", "request"), uuid=uuid)
    me = request.person
    require(me, "matching.match_view", match)
    meeting_form = MeetingForm(request.POST if request.POST.get("action") == "meeting" else None)
    close_form = CloseForm(request.POST if request.POST.get("action") == "close" else None)
    if request.method == "POST":
        if me.pk not in (match.learner_id, match.coach_id):
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action in ("accept", "decline"):
                match_answer(match=match, person=me, accept=action == "accept")
                messages.success(request, gettext("Thank you for answering."))
                return redirect("matching:match", org=org, uuid=uuid)
            if action == "meeting" and meeting_form.is_valid():
                data = meeting_form.cleaned_data
                coaching_meeting_log(match=match, by=me, held_on=data["held_on"], notes=data["notes"],
                                     minutes=data["minutes"], progress=data["progress"],
                                     next_meeting_at=data["next_meeting_at"])
                messages.success(request, gettext("The meeting is logged."))
                return redirect("matching:match", org=org, uuid=uuid)
            if action == "close" and close_form.is_valid():
                match_close(match=match, reflection=close_form.cleaned_data["reflection"])
                messages.success(request, gettext("The coaching is closed. Thank you both."))
                return redirect("matching:match", org=org, uuid=uuid)
        except ValidationError as error:
            target = close_form if action == "close" else meeting_form
            if action in ("accept", "decline"):
                messages.error(request, " ".join(error.messages))
                return redirect("matching:match", org=org, uuid=uuid)
            _form_errors(target, error)
    return render(request, "matching/match.html", {
        "match": match, "meetings": list(match.meetings.select_related("logged_by__user")),
        "skills": list(match.request.skills.all()), "is_party": me.pk in (match.learner_id, match.coach_id),
        "my_answer": match.learner_accepted_at if me.pk == match.learner_id else match.coach_accepted_at,
        "meeting_form": meeting_form, "close_form": close_form,
    })
