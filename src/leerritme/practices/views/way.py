"""The organisation's way of learning: the vision and who practises what; adopting, proposing, answering."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext

from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Team
from leerritme.orgs.rules import can, require
from leerritme.practices import selectors
from leerritme.practices.catalogue import practices_ensure_catalogue
from leerritme.practices.forms.adoption import AdoptionForm, DeclineForm, ProposeForm, TeamPickForm, VisionForm
from leerritme.practices.models import AdoptionStatus, Practice, WayOfLearning
from leerritme.practices.parts import has_part_handler
from leerritme.practices.services.adoption import (
    Adopted,
    adoption_create,
    adoption_stop,
    adoption_update,
    practice_propose,
    proposal_accept,
    proposal_decline,
    proposal_withdraw,
    way_of_learning_update,
)


def way_of_learning(request, org):
    """The vision and, per department and team, the practices adopted: readable by everyone, printable."""
    practices_ensure_catalogue(request.organisation)
    me = request.person
    overview = selectors.way_overview(me, department=request.GET.get("department") or None,
                                      page=request.GET.get("page"))
    chosen = next((choice.team.uuid for choice in overview.department_choices if choice.chosen), "")
    return render(request, "practices/way/way.html", {
        "overview": overview,
        "department_query": chosen,
        "proposals": selectors.proposals_for(me) if (me.is_ld_admin or _leads_a_team(me)) else [],
        "can_manage": can(me, "practices.manage"),
    })


def _leads_a_team(person) -> bool:
    return selectors.adoptable_teams(person).exists()


def vision_edit(request, org):
    """L&D admins and owners write the organisation's learning vision."""
    require(request.person, "practices.manage")
    way = WayOfLearning.objects.first()
    form = VisionForm(request.POST or None, initial={"vision": way.vision if way else ""})
    if request.method == "POST" and form.is_valid():
        try:
            way_of_learning_update(organisation=request.organisation, vision=form.cleaned_data["vision"],
                                   updated_by=request.person)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("The learning vision is saved."))
            return redirect("practices:way", org=org)
    return render(request, "practices/way/vision_form.html", {"form": form, "way": way})


def _next_after_adopting(request, adopted: Adopted) -> str:
    """The part's own page when a part runs the practice; otherwise the adoption's rhythm page."""
    if adopted.part_url:
        return adopted.part_url
    try:
        return reverse("practices:rhythm_edit", kwargs={"org": request.organisation.slug,
                                                        "uuid": adopted.adoption.uuid})
    except NoReverseMatch:  # the rhythm page is another part's; until it exists, show the way of learning
        return reverse("practices:way", kwargs={"org": request.organisation.slug})


def _adopted_message(request, adopted: Adopted) -> None:
    adoption = adopted.adoption
    values = {"practice": adoption.practice.name, "team": adoption.team.name}
    if adopted.part_url:
        messages.success(request, gettext("%(team)s now practises “%(practice)s”. Plan its first time here.")
                         % values)
    else:
        messages.success(request, gettext("%(team)s now practises “%(practice)s”. Now choose when: its rhythm.")
                         % values)


def adopt(request, org, uuid):
    """A team lead adopts the practice for a team they lead: first the team, then owner and purpose."""
    me = request.person
    practice = get_in_organisation(Practice.objects, uuid=uuid)
    teams = selectors.adoptable_teams(me)
    team_uuid = request.POST.get("team") or request.GET.get("team")
    if team_uuid:
        try:
            team = get_in_organisation(Team.objects, uuid=team_uuid)
        except ValidationError:  # not a UUID at all: as unknown as a team of another organisation
            raise Http404 from None
        require(me, "practices.adopt", team)
    else:
        choices = list(teams[:2])
        if not choices:
            raise PermissionDenied
        if len(choices) > 1:
            return render(request, "practices/way/adopt_team.html", {
                "practice": practice, "form": TeamPickForm(teams=teams),
            })
        team = choices[0]
    if not practice.is_active:
        messages.error(request, gettext("This practice is hidden from the catalogue; it cannot be adopted now."))
        return redirect("practices:detail", org=org, uuid=practice.uuid)
    existing = selectors.open_adoption(team, practice)
    if existing is not None and existing.status == AdoptionStatus.PROPOSED:
        return redirect("practices:proposal", org=org, uuid=existing.uuid)
    if existing is not None:
        messages.info(request, gettext("%(team)s already practises this.") % {"team": team.name})
        return redirect("practices:detail", org=org, uuid=practice.uuid)

    form = AdoptionForm(request.POST if request.method == "POST" else None, team=team,
                        initial={"owner": me.uuid})
    if request.method == "POST" and form.is_valid():
        try:
            adopted = adoption_create(team=team, practice=practice, owner=form.cleaned_data["owner"],
                                      purpose=form.cleaned_data["purpose"], adopted_by=me)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _adopted_message(request, adopted)
            return redirect(_next_after_adopting(request, adopted))
    return render(request, "practices/way/adopt.html", {
        "practice": practice, "team": team, "form": form, "runs_in_part": has_part_handler(practice.part),
    })


def propose(request, org, uuid):
    """An L&D admin proposes the practice to teams; their leads are notified and answer."""
    require(request.person, "practices.manage")
    practice = get_in_organisation(Practice.objects, uuid=uuid)
    if not practice.is_active:
        messages.error(request, gettext("This practice is hidden from the catalogue; show it before proposing it."))
        return redirect("practices:detail", org=org, uuid=practice.uuid)
    all_teams = list(Team.objects.order_by("name"))
    taken = selectors.open_adoptions_by_team(practice, all_teams)
    free = Team.objects.exclude(pk__in=list(taken)).order_by("name")
    form = ProposeForm(request.POST or None, teams=free)
    if request.method == "POST" and form.is_valid():
        try:
            result = practice_propose(practice=practice, teams=list(form.cleaned_data["teams"]),
                                      proposed_by=request.person, note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("“%(practice)s” is proposed to %(count)s team(s). Their leads are "
                                              "notified.") % {"practice": practice.name,
                                                              "count": len(result.adoptions)})
            if result.teams_without_lead:
                messages.warning(request, gettext("These teams have no team lead to answer: %(teams)s. You can "
                                                  "answer for them from the way of learning.")
                                 % {"teams": ", ".join(t.name for t in result.teams_without_lead)})
            return redirect("practices:detail", org=org, uuid=practice.uuid)
    return render(request, "practices/way/propose.html", {
        "practice": practice, "form": form,
        "taken": [(team, taken[team.pk]) for team in all_teams if team.pk in taken],
    })


def proposal(request, org, uuid):
    """A proposal to a team: its lead accepts (owner, purpose) or declines (a reason); L&D can withdraw it."""
    adoption = get_in_organisation(selectors.adoptions_with_details(), uuid=uuid)
    me = request.person
    require(me, "practices.adopt", adoption.team)
    accept_form = AdoptionForm(team=adoption.team, initial={"owner": me.uuid}, prefix="accept")
    decline_form = DeclineForm(prefix="decline")
    if request.method == "POST" and adoption.status == AdoptionStatus.PROPOSED:
        action = request.POST.get("action")
        if action == "withdraw":
            require(me, "practices.manage")
            practice_uuid = adoption.practice.uuid
            proposal_withdraw(adoption=adoption)
            messages.success(request, gettext("The proposal is withdrawn."))
            return redirect("practices:detail", org=org, uuid=practice_uuid)
        if action == "accept":
            accept_form = AdoptionForm(request.POST, team=adoption.team, prefix="accept")
            if accept_form.is_valid():
                try:
                    adopted = proposal_accept(adoption=adoption, owner=accept_form.cleaned_data["owner"],
                                              purpose=accept_form.cleaned_data["purpose"], accepted_by=me)
                except ValidationError as error:
                    accept_form.add_error(None, error)
                else:
                    _adopted_message(request, adopted)
                    return redirect(_next_after_adopting(request, adopted))
        elif action == "decline":
            decline_form = DeclineForm(request.POST, prefix="decline")
            if decline_form.is_valid():
                try:
                    proposal_decline(adoption=adoption, reason=decline_form.cleaned_data["reason"], declined_by=me)
                except ValidationError as error:
                    decline_form.add_error(None, error)
                else:
                    messages.success(request, gettext("You declined “%(practice)s” for %(team)s.")
                                     % {"practice": adoption.practice.name, "team": adoption.team.name})
                    return redirect("practices:way", org=org)
    return render(request, "practices/way/proposal.html", {
        "adoption": adoption, "practice": adoption.practice, "accept_form": accept_form,
        "decline_form": decline_form, "runs_in_part": has_part_handler(adoption.practice.part),
        "can_manage": can(me, "practices.manage"),
    })


def adoption_edit(request, org, uuid):
    """The team lead changes who owns a practice in the team and why the team does it."""
    adoption = get_in_organisation(selectors.adoptions_with_details(), uuid=uuid)
    require(request.person, "practices.adopt", adoption.team)
    if adoption.status != AdoptionStatus.ACTIVE:
        messages.info(request, gettext("This practice is not running in the team."))
        return redirect("practices:detail", org=org, uuid=adoption.practice.uuid)
    form = AdoptionForm(request.POST or None, team=adoption.team,
                        initial={"owner": adoption.owner.uuid if adoption.owner else None,
                                 "purpose": adoption.purpose})
    if request.method == "POST" and form.is_valid():
        try:
            adoption_update(adoption=adoption, owner=form.cleaned_data["owner"], purpose=form.cleaned_data["purpose"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Saved."))
            return redirect("practices:way", org=org)
    return render(request, "practices/way/adoption_form.html", {
        "adoption": adoption, "practice": adoption.practice, "form": form,
        "rhythm_text": selectors.rhythm_text(adoption),
    })


def adoption_stop_view(request, org, uuid):
    """The team stops a practice (after confirming); what it did stays in its history."""
    adoption = get_in_organisation(selectors.adoptions_with_details(), uuid=uuid)
    require(request.person, "practices.adopt", adoption.team)
    if adoption.status != AdoptionStatus.ACTIVE:
        messages.info(request, gettext("This practice is not running in the team."))
        return redirect("practices:detail", org=org, uuid=adoption.practice.uuid)
    if request.method == "POST":
        adoption_stop(adoption=adoption, stopped_by=request.person)
        messages.success(request, gettext("%(team)s has stopped “%(practice)s”.")
                         % {"team": adoption.team.name, "practice": adoption.practice.name})
        return redirect("practices:way", org=org)
    return render(request, "practices/way/stop.html", {"adoption": adoption, "practice": adoption.practice})
