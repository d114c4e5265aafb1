"""The team's always-open improvement box: submit (optionally anonymously), vote, decide with a reason."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from leerritme.loop import selectors
from leerritme.loop.forms import DecideForm, IdeaForm
from leerritme.loop.models import Idea, IdeaStatus, IdeaVote
from leerritme.loop.rules import is_ld, leads
from leerritme.loop.services import ideas as services
from leerritme.loop.views.common import errors_to_form
from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Team
from leerritme.orgs.rules import can, require


def _idea(request, uuid) -> Idea:
    idea = get_in_organisation(Idea.objects.select_related("team", "author__user", "decided_by__user"), uuid=uuid)
    require(request.person, "loop.team", idea.team)
    return idea


def idea_box(request, org, uuid):
    """The team's box: the form to add an idea, open ideas by votes, decided ones with their reasons."""
    team = get_in_organisation(Team.objects, uuid=uuid)
    require(request.person, "loop.team", team)
    status = request.GET.get("status", "")
    form = IdeaForm(request.POST or None)
    if request.method == "POST":
        require(request.person, "loop.contribute", team)
        if form.is_valid():
            try:
                services.idea_submit(team=team, by=request.person, **form.cleaned_data)
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, gettext("Thank you! Your idea is in the box."))
                return redirect("loop:ideas", org=org, uuid=uuid)
    return render(request, "loop/ideas/box.html", {
        "team": team, "form": form, "status": status, "statuses": IdeaStatus.choices,
        "ideas": list(selectors.ideas_of_team(team, request.person, status=status)[:100]),
        "adopted": selectors.adopted_counts([team]).get(team.pk, 0),
        "can_decide": leads(request.person, team) or is_ld(request.person),
    })


def idea_detail(request, org, uuid):
    idea = _idea(request, uuid)
    form = DecideForm(initial={"status": idea.status if idea.status != IdeaStatus.SUBMITTED else IdeaStatus.ADOPTED,
                               "reason": idea.status_reason})
    return render(request, "loop/ideas/detail.html", {
        "idea": idea, "form": form,
        "vote_count": IdeaVote.objects.filter(idea=idea).count(),
        "voted": IdeaVote.objects.filter(idea=idea, person=request.person).exists(),
        "can_decide": can(request.person, "loop.idea.decide", idea),
        "experiments": list(idea.experiments.select_related("owner__user")),
    })


@require_POST
def idea_vote(request, org, uuid):
    idea = _idea(request, uuid)
    try:
        voted = services.idea_vote(idea, by=request.person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("Your vote is counted.") if voted else gettext("Your vote is taken back."))
    if request.POST.get("back") == "box":
        return redirect("loop:ideas", org=org, uuid=idea.team.uuid)
    return redirect("loop:idea", org=org, uuid=uuid)


def idea_decide(request, org, uuid):
    idea = _idea(request, uuid)
    require(request.person, "loop.idea.decide", idea)
    form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_decide(idea, by=request.person, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, gettext("The decision is saved; the team sees it with your reason."))
            return redirect("loop:idea", org=org, uuid=uuid)
    return render(request, "loop/ideas/detail.html", {
        "idea": idea, "form": form, "vote_count": IdeaVote.objects.filter(idea=idea).count(),
        "voted": IdeaVote.objects.filter(idea=idea, person=request.person).exists(), "can_decide": True,
        "experiments": list(idea.experiments.select_related("owner__user")),
    })
