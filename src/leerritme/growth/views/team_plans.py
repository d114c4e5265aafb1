"""Team learning plans: members read their team's plan; the lead (and L&D) compose it from the members' wishes,
shown as counts per skill; L&D sees which teams have a plan and the skills most teams focus on."""

import uuid as uuid_module

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from leerritme.growth import selectors
from leerritme.growth.forms import FocusAddForm, FocusForm, TeamPlanForm
from leerritme.growth.models import TeamPlan, TeamPlanSkill
from leerritme.growth.services import team_plans as services
from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Team
from leerritme.orgs.rules import can, require

OVERVIEW_PAGE = 50
PLACEHOLDER = uuid_module.UUID(int=0)


def _team(request, uuid, rule: str) -> Team:
    team = get_in_organisation(Team.objects, uuid=uuid)
    require(request.person, rule, team)
    return team


def team_plan(request, org, uuid, year=None):
    """The team's plan of this year (or an earlier year's, read-only); for the lead and L&D also the wishes."""
    team = _team(request, uuid, "growth.team_plan.view")
    this_year = timezone.localdate().year
    year = year or this_year
    plan = selectors.team_plan(team, year)
    if plan is None and year != this_year:
        raise Http404
    focus = list(plan.focus.all()) if plan else []
    editable = year == this_year and can(request.person, "growth.team_plan.edit", team)
    wishes = []
    if editable:
        wishes = selectors.team_wishes(team, year)
        planned = {f.skill_id for f in focus}
        for wish in wishes:
            wish.in_plan = wish.skill_id in planned
    years = selectors.team_plan_years(team)
    return render(request, "growth/team_plan/plan.html", {
        "team": team, "plan": plan, "year": year, "this_year": this_year, "editable": editable,
        "focus": [(f, FocusForm(prefix=f"f{f.pk}", initial={"why": f.why, "priority": f.priority,
                                                              "target": f.target}) if editable else None)
                  for f in focus],
        "wishes": wishes, "years": [y for y in years if y != year],
        "has_previous": any(y < this_year for y in years),
        "plan_form": TeamPlanForm(initial={"ambition": plan.ambition if plan else ""}),
        "add_form": FocusAddForm() if editable else None,
    })


def _back(org, team):
    return redirect("growth:team_plan", org=org, uuid=team.uuid)


def _save(request, org, team, form, save, message):
    """Validate, call the service, and report back on the plan page; nothing is stored when anything is wrong."""
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
        return _back(org, team)
    try:
        with transaction.atomic():
            save(form.cleaned_data)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, message)
    return _back(org, team)


def _current_plan(request, team) -> TeamPlan:
    return services.team_plan_start(team=team, year=timezone.localdate().year, by=request.person)


@require_POST
def team_plan_start(request, org, uuid):
    team = _team(request, uuid, "growth.team_plan.edit")
    _current_plan(request, team)
    messages.success(request, gettext("This year's team plan is started."))
    return _back(org, team)


@require_POST
def team_plan_edit(request, org, uuid):
    team = _team(request, uuid, "growth.team_plan.edit")
    return _save(request, org, team, TeamPlanForm(request.POST),
                 lambda d: services.team_plan_update(plan=_current_plan(request, team), by=request.person,
                                                     ambition=d["ambition"]),
                 gettext("The team plan is saved."))


@require_POST
def focus_add(request, org, uuid):
    """Adds a skill to this year's plan (starting the plan when there is none yet): from the wishes or any skill."""
    team = _team(request, uuid, "growth.team_plan.edit")
    return _save(request, org, team, FocusAddForm(request.POST),
                 lambda d: services.team_plan_skill_add(plan=_current_plan(request, team), by=request.person,
                                                        skill=d["skill"], why=d["why"], priority=d["priority"],
                                                        target=d["target"]),
                 gettext("The skill is in the team plan."))


def _focus(request, uuid, focus) -> tuple[Team, TeamPlanSkill]:
    team = _team(request, uuid, "growth.team_plan.edit")
    item = get_in_organisation(TeamPlanSkill.objects.select_related("plan__team", "skill"), uuid=focus,
                               plan__team=team)
    return team, item


@require_POST
def focus_edit(request, org, uuid, focus):
    team, item = _focus(request, uuid, focus)
    return _save(request, org, team, FocusForm(request.POST, prefix=f"f{item.pk}"),
                 lambda d: services.team_plan_skill_update(focus=item, by=request.person, why=d["why"],
                                                           priority=d["priority"], target=d["target"]),
                 gettext("The focus skill is saved."))


@require_POST
def focus_remove(request, org, uuid, focus):
    team, item = _focus(request, uuid, focus)
    try:
        services.team_plan_skill_remove(focus=item, by=request.person)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, gettext("The skill is no longer in the team plan."))
    return _back(org, team)


def team_plans_overview(request, org):
    """L&D: which teams have a plan this year, and the skills most teams focus on (input for the catalogue)."""
    require(request.person, "growth.manage")
    year = timezone.localdate().year
    raw = request.GET.get("page", "")
    page = int(raw) if raw.isdigit() and int(raw) > 0 else 1
    rows, team_count, planned = selectors.team_plans_overview(year, limit=OVERVIEW_PAGE,
                                                              offset=(page - 1) * OVERVIEW_PAGE)
    url = reverse("growth:team_plan", kwargs={"org": org, "uuid": PLACEHOLDER})
    for row in rows:
        row.url = url.replace(str(PLACEHOLDER), row.uuid)
    return render(request, "growth/team_plan/overview.html", {
        "year": year, "rows": rows, "team_count": team_count, "planned": planned, "page": page,
        "has_next": page * OVERVIEW_PAGE < team_count, "common": selectors.common_plan_skills(year),
    })
