"""Budget pages: mine (or a team member's), a team's, the organisation's; rules and adjustments for L&D."""

import uuid as uuid_module

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from leerritme.growth import selectors
from leerritme.growth.forms import AdjustForm, ProfileForm, RuleForm
from leerritme.growth.models import BudgetRule
from leerritme.growth.services import budget as services
from leerritme.growth.views.requests import _errors_to_form
from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Person, Team
from leerritme.orgs.rules import can, require

LEDGER_PAGE = 25
# The L&D overview shows 25 teams and the 25 soonest-expiring budgets at a time: light at 20,000 people.
OVERVIEW_PAGE = 25
PLACEHOLDER = uuid_module.UUID(int=0)


def _budget_context(request, person: Person) -> dict:
    summary = services.budget_summary(person)
    ledger = Paginator(selectors.ledger_of(person), LEDGER_PAGE).get_page(request.GET.get("page"))
    return {
        "subject": person,
        "summary": summary,
        "ledger": ledger,
        "offers": selectors.what_it_buys(person, summary.available),
        "profile": services.profile_of(person),
        "rule": services.rule_on(person.organisation_id, timezone.localdate()),
        "mine": person.pk == request.person.pk,
    }


def my_budget(request, org):
    """My learning budget: balance, reserved, spent, what expires when, and what it can buy."""
    context = _budget_context(request, request.person)
    if request.htmx:
        return render(request, "growth/budget/person.html#ledger", context)
    return render(request, "growth/budget/person.html", context)


def person_budget(request, org, uuid):
    """A colleague's budget, for their team lead and L&D; L&D can adjust it and set FTE and contract hours."""
    person = get_in_organisation(Person.objects.select_related("user"), uuid=uuid)
    require(request.person, "growth.view", person)
    context = _budget_context(request, person)
    if can(request.person, "growth.manage"):
        profile = context["profile"]
        context["adjust_form"] = AdjustForm()
        context["profile_form"] = ProfileForm(initial={"fte": profile.fte, "contract_hours": profile.contract_hours,
                                                       "time_hours_override": profile.time_hours_override})
    if request.htmx:
        return render(request, "growth/budget/person.html#ledger", context)
    return render(request, "growth/budget/person.html", context)


@require_POST
def budget_adjust(request, org, uuid):
    person = get_in_organisation(Person.objects, uuid=uuid)
    require(request.person, "growth.manage")
    form = AdjustForm(request.POST)
    if form.is_valid():
        try:
            services.budget_adjust(person=person, amount=form.cleaned_data["amount"],
                                   reason=form.cleaned_data["reason"], by=request.person)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, gettext("The budget is adjusted."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("growth:person_budget", org=org, uuid=person.uuid)


@require_POST
def profile_update(request, org, uuid):
    person = get_in_organisation(Person.objects, uuid=uuid)
    require(request.person, "growth.manage")
    form = ProfileForm(request.POST)
    if form.is_valid():
        services.growth_profile_update(person=person, **form.cleaned_data)
        messages.success(request, gettext("FTE and contract hours are saved."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("growth:person_budget", org=org, uuid=person.uuid)


@require_POST
def nudges_toggle(request, org):
    """Switch my reminders about unused budget on or off."""
    profile = services.profile_of(request.person)
    services.growth_profile_update(person=request.person, fte=profile.fte, contract_hours=profile.contract_hours,
                                   time_hours_override=profile.time_hours_override,
                                   nudges=request.POST.get("nudges") == "on")
    messages.success(request, gettext("Your choice is saved."))
    return redirect("growth:budget", org=org)


def team_budget(request, org, uuid):
    """A team's budgets: each member and the total (two queries for any team size)."""
    team = get_in_organisation(Team.objects, uuid=uuid)
    require(request.person, "growth.team", team)
    people, total = selectors.team_budgets(team)
    return render(request, "growth/budget/team.html", {"team": team, "people": people, "total": total})


def organisation_budget(request, org):
    """L&D's view: the whole organisation, use per team, and the people whose budget is about to expire."""
    require(request.person, "growth.manage")
    raw = request.GET.get("page", "")
    page = int(raw) if raw.isdigit() and int(raw) > 0 else 1
    per_page = OVERVIEW_PAGE
    teams, team_count = selectors.use_per_team(limit=per_page, offset=(page - 1) * per_page)
    expiring, expiring_count, expiring_total = selectors.expiring_budgets(limit=OVERVIEW_PAGE)
    # One reverse() per table instead of per row: only the uuid changes.
    team_url = reverse("growth:team_budget", kwargs={"org": org, "uuid": PLACEHOLDER})
    person_url = reverse("growth:person_budget", kwargs={"org": org, "uuid": PLACEHOLDER})
    for row in teams:
        row.url = team_url.replace(str(PLACEHOLDER), row.uuid)
    for row in expiring:
        row.url = person_url.replace(str(PLACEHOLDER), row.uuid)
    context = {"total": selectors.organisation_budget(), "teams": teams, "page": page,
               "has_next": page * per_page < team_count, "team_count": team_count,
               "expiring": expiring, "expiring_count": expiring_count, "expiring_total": expiring_total}
    if request.htmx:
        return render(request, "growth/budget/organisation.html#teams", context)
    return render(request, "growth/budget/organisation.html", context)


def rules(request, org):
    """The organisation's budget rules (CAO amount, pro rata, carry-over, threshold, learning time)."""
    require(request.person, "growth.manage")
    form = RuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_rule_save(organisation=request.organisation, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, gettext("The rule is saved."))
            return redirect("growth:rules", org=org)
    return render(request, "growth/budget/rules.html", {"rules": BudgetRule.objects.order_by("-valid_from"),
                                                        "form": form})


def rule_edit(request, org, uuid):
    rule = get_in_organisation(BudgetRule.objects, uuid=uuid)
    require(request.person, "growth.manage")
    fields = ["name", "amount", "pro_rata", "carry_over_years", "approval_threshold", "time_mode", "time_hours",
              "time_percent", "valid_from", "valid_until"]
    form = RuleForm(request.POST or None, initial={name: getattr(rule, name) for name in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_rule_save(organisation=request.organisation, rule=rule, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, gettext("The rule is saved."))
            return redirect("growth:rules", org=org)
    return render(request, "growth/budget/rule_edit.html", {"rule": rule, "form": form})
