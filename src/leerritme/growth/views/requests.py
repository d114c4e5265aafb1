"""Requests: ask for an offer, decide (lead, then L&D), book, complete with evidence and reflection, look back."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from leerritme.growth import selectors
from leerritme.growth.forms import CompleteForm, DecideForm, RequestForm, TransferForm
from leerritme.growth.models import Offer, OfferRequest, RequestStatus
from leerritme.growth.rules import is_ld
from leerritme.growth.services import requests as services
from leerritme.growth.services.budget import budget_summary
from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.rules import can, require


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def request_new(request, org, uuid):
    """Ask to follow an offer: cost and hours from the catalogue, a development goal and the motivation."""
    offer = get_in_organisation(Offer.objects.filter(active=True), uuid=uuid)
    person = request.person
    goals = selectors.open_goals(person)
    initial = {"cost": offer.price, "hours": offer.hours}
    goal_uuid = request.GET.get("goal")
    if goal_uuid:
        initial["goal"] = goals.filter(uuid=goal_uuid).first()
    form = RequestForm(request.POST or None, goals=goals, initial=initial)
    summary = budget_summary(person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.offer_request_create(person=person, offer=offer, cost=data["cost"],
                                                 hours=data["hours"] or 0, motivation=data["motivation"],
                                                 goal=data["goal"], starts_on=data["starts_on"])
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, gettext("Your request is sent to your team lead."))
            return redirect("growth:request", org=org, uuid=made.uuid)
    return render(request, "growth/requests/new.html", {"offer": offer, "form": form, "summary": summary})


def _request(request, uuid) -> OfferRequest:
    found = get_in_organisation(
        OfferRequest.objects.select_related("offer", "goal__plan", "person__user", "person__organisation"), uuid=uuid)
    require(request.person, "growth.view", found)
    return found


def request_detail(request, org, uuid):
    """One request: where it stands, who did what when, and what the viewer can do next."""
    found = _request(request, uuid)
    person = request.person
    mine = found.person_id == person.pk
    context = {
        "req": found,
        "mine": mine,
        "history": found.history.select_related("by__user").order_by("at", "pk"),
        "can_decide": can(person, "growth.decide", found),
        "can_book": found.status == RequestStatus.APPROVED and (mine or is_ld(person)),
        "can_complete": mine and found.status in (RequestStatus.BOOKED, RequestStatus.APPROVED),
        "can_cancel": found.status in (RequestStatus.REQUESTED, RequestStatus.LEAD_APPROVED, RequestStatus.APPROVED)
        and (mine or is_ld(person)),
        "can_look_back": mine and found.status == RequestStatus.COMPLETED,
        "decide_form": DecideForm(),
        "complete_form": CompleteForm(),
        "transfer_form": TransferForm(),
        "summary": budget_summary(found.person) if found.status in (RequestStatus.REQUESTED,
                                                                     RequestStatus.LEAD_APPROVED) else None,
    }
    return render(request, "growth/requests/detail.html", context)


@require_POST
def request_decide(request, org, uuid):
    found = _request(request, uuid)
    require(request.person, "growth.decide", found)
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            services.offer_request_decide(request=found, by=request.person,
                                          approve=form.cleaned_data["decision"] == "approve",
                                          reason=form.cleaned_data["reason"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, gettext("Your decision is saved."))
    else:
        messages.error(request, gettext("Choose to approve or decline."))
    return redirect("growth:request", org=org, uuid=found.uuid)


@require_POST
def request_book(request, org, uuid):
    found = _request(request, uuid)
    try:
        services.offer_request_book(request=found, by=request.person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("Booked: the cost now counts as spent."))
    return redirect("growth:request", org=org, uuid=found.uuid)


@require_POST
def request_cancel(request, org, uuid):
    found = _request(request, uuid)
    try:
        services.offer_request_cancel(request=found, by=request.person, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("The request is cancelled."))
    return redirect("growth:request", org=org, uuid=found.uuid)


def request_complete(request, org, uuid):
    """Mark it completed: the evidence and the reflection (what will I apply, with whom)."""
    found = _request(request, uuid)
    if found.person_id != request.person.pk:
        raise Http404
    form = CompleteForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.offer_request_complete(request=found, by=request.person, apply=data["reflection_apply"],
                                            with_whom=data["reflection_with"], evidence=data["evidence"] or None,
                                            share_with_team=data["share_with_team"])
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, gettext("Well done! It is in your learning record; in four weeks we ask how "
                                              "applying it goes."))
            return redirect("growth:request", org=org, uuid=found.uuid)
    return render(request, "growth/requests/complete.html", {"req": found, "form": form})


@require_POST
def request_look_back(request, org, uuid):
    found = _request(request, uuid)
    form = TransferForm(request.POST)
    if form.is_valid():
        try:
            services.transfer_note_save(request=found, by=request.person, note=form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, gettext("Thank you: your look back is saved with the request."))
    else:
        messages.error(request, gettext("Write how it went."))
    return redirect("growth:request", org=org, uuid=found.uuid)


def request_evidence(request, org, uuid):
    """The uploaded certificate, only for those who may see the request (never a public media URL)."""
    found = _request(request, uuid)
    if not found.evidence:
        raise Http404
    return FileResponse(found.evidence.open("rb"), as_attachment=True,
                        filename=found.evidence.name.rsplit("/", 1)[-1])


def request_list(request, org):
    """My requests, and those waiting for my decision."""
    person = request.person
    return render(request, "growth/requests/list.html", {
        "mine": selectors.requests_of(person),
        "to_decide": selectors.requests_to_decide(person),
    })
