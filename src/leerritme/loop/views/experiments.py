"""Experiments: start one (from scratch, a reflection action or an idea), follow it, evaluate it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from leerritme.loop import selectors
from leerritme.loop.forms import EvaluationForm, ExperimentForm, StopForm, TeamChoiceForm
from leerritme.loop.models import Experiment, ExperimentStatus, Idea
from leerritme.loop.rules import is_ld
from leerritme.loop.services import experiments as services
from leerritme.loop.views.common import errors_to_form
from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Team
from leerritme.orgs.rules import can, require
from leerritme.reflection.models import Action


def _experiment(request, uuid) -> Experiment:
    experiment = get_in_organisation(
        Experiment.objects.select_related("team", "owner__user", "from_idea", "from_action", "evaluated_by__user"),
        uuid=uuid)
    require(request.person, "loop.team", experiment.team)
    return experiment


def _values(data, owner) -> services.ExperimentInput:
    return services.ExperimentInput(title=data["title"], if_we=data["if_we"], then=data["then"],
                                    we_will_see=data["we_will_see"], starts_on=data["starts_on"],
                                    ends_on=data["ends_on"], owner=owner)


def experiment_create(request, org):
    """A new experiment; `?action=` or `?idea=` starts it from a reflection action or an improvement idea."""
    person = request.person
    action = idea = team = None
    initial = {}
    if request.GET.get("action"):
        action = get_in_organisation(Action.objects.select_related("team"), uuid=request.GET["action"])
        # The action's words are the team's reflection: only who may see the board may copy them.
        require(person, "reflection.join", action)
        team = action.team
        initial = {"title": action.text[:150], "if_we": action.text}
    elif request.GET.get("idea"):
        idea = get_in_organisation(Idea.objects.select_related("team"), uuid=request.GET["idea"])
        team = idea.team
        initial = {"title": idea.title, "if_we": idea.description or idea.title}
    elif request.GET.get("team"):
        team = get_in_organisation(Team.objects, uuid=request.GET["team"])
    else:
        teams = Team.objects.order_by("name") if is_ld(person) else Team.objects.filter(
            memberships__person=person).order_by("name")
        if teams.count() != 1:
            return render(request, "loop/experiments/choose_team.html",
                          {"form": TeamChoiceForm(teams=teams)})
        team = teams.first()
    require(person, "loop.contribute", team)
    starts_on, ends_on = services.default_period()
    form = ExperimentForm(request.POST or None, team=team,
                          initial={"starts_on": starts_on, "ends_on": ends_on, **initial})
    if request.method == "POST" and form.is_valid():
        try:
            experiment = services.experiment_create(team=team, by=person, values=_values(
                form.cleaned_data, form.cleaned_data["owner"]), from_action=action, from_idea=idea)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, gettext("The experiment is set up. Good luck!"))
            return redirect("loop:experiment", org=org, uuid=experiment.uuid)
    return render(request, "loop/experiments/form.html",
                  {"form": form, "team": team, "action": action, "idea": idea, "experiment": None})


def experiment_detail(request, org, uuid):
    experiment = _experiment(request, uuid)
    lessons = list(selectors.lessons_visible_to(request.person).filter(experiment=experiment))
    return render(request, "loop/experiments/detail.html", {
        "experiment": experiment, "lessons": lessons, "today": timezone.localdate(),
        "can_edit": can(request.person, "loop.experiment.edit", experiment),
        "stop_form": StopForm(), "moves": services.MOVES.get(experiment.status, set()),
    })


def experiment_edit(request, org, uuid):
    experiment = _experiment(request, uuid)
    require(request.person, "loop.experiment.edit", experiment)
    if not experiment.is_open:
        messages.info(request, gettext("This experiment is finished; its evaluation stays as it was."))
        return redirect("loop:experiment", org=org, uuid=uuid)
    initial = {name: getattr(experiment, name) for name in ("title", "if_we", "then", "we_will_see", "starts_on",
                                                            "ends_on")}
    initial["owner"] = experiment.owner.uuid if experiment.owner_id else None
    form = ExperimentForm(request.POST or None, team=experiment.team, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.experiment_update(experiment, by=request.person,
                                       values=_values(form.cleaned_data, form.cleaned_data["owner"]))
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, gettext("The experiment is saved."))
            return redirect("loop:experiment", org=org, uuid=uuid)
    return render(request, "loop/experiments/form.html",
                  {"form": form, "team": experiment.team, "experiment": experiment})


@require_POST
def experiment_move(request, org, uuid):
    """Start, evaluate now, stop early or pick up again."""
    experiment = _experiment(request, uuid)
    require(request.person, "loop.experiment.edit", experiment)
    status = request.POST.get("status", "")
    try:
        services.experiment_move(experiment, by=request.person, status=status,
                                 reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if status == ExperimentStatus.EVALUATING:
            return redirect("loop:experiment_evaluate", org=org, uuid=uuid)
        messages.success(request, gettext("The experiment is now %(status)s.") % {
            "status": ExperimentStatus(status).label.lower()})
    return redirect("loop:experiment", org=org, uuid=uuid)


def experiment_evaluate(request, org, uuid):
    """Look back: what happened, what we learned, and keep, adapt or stop."""
    experiment = _experiment(request, uuid)
    require(request.person, "loop.experiment.edit", experiment)
    if not experiment.is_open:
        return redirect("loop:experiment", org=org, uuid=uuid)
    form = EvaluationForm(request.POST or None, initial={"what_happened": experiment.what_happened})
    if request.method == "POST" and form.is_valid():
        try:
            services.experiment_evaluate(experiment, by=request.person, values=services.Evaluation(
                **form.cleaned_data))
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, gettext("The experiment is concluded. Write down the lesson while it is "
                                              "fresh?"))
            return redirect("loop:experiment", org=org, uuid=uuid)
    return render(request, "loop/experiments/evaluate.html", {"form": form, "experiment": experiment})
