"""This part's panels: on the home page my learning budget and time, and the requests waiting for my
decision; on the people part's team page the team's learning plan of this year.

The home panel runs four queries at most (budget periods, ledger sums twice, requests to decide) and is not
shown to someone without a budget, learning time or anything to decide. The team panel is for whoever may
read the team's plan (its members and L&D) and runs three queries at most (the rule, the plan, its focus).
"""

from django.utils import timezone

from leerritme.growth import selectors
from leerritme.growth.services.budget import budget_summary
from leerritme.lib.panels import TEAM, HomePanel, register_panel
from leerritme.orgs.rules import can

PANEL_REQUESTS = 3
TEAM_PLAN_FOCUS = 5


def my_growth(request) -> dict | None:
    person = request.person
    if person is None:
        return None
    summary = budget_summary(person)
    to_decide = list(selectors.requests_to_decide(person)[: PANEL_REQUESTS + 1])
    if summary.granted <= 0 and not to_decide:
        return None
    return {"summary": summary, "to_decide": to_decide[:PANEL_REQUESTS],
            "more": len(to_decide) > PANEL_REQUESTS}


register_panel(HomePanel("growth.my_growth", "growth/panel.html", my_growth, order=32))


def team_plan(request, *, team) -> dict | None:
    """The team's learning plan of this year, in short, with the way to it."""
    person = request.person
    if person is None or not can(person, "growth.team_plan.view", team):
        return None
    year = timezone.localdate().year
    plan = selectors.team_plan(team, year)
    focus = list(plan.focus.all()) if plan else []
    return {"team": team, "year": year, "plan": plan, "focus": focus[:TEAM_PLAN_FOCUS],
            "more_focus": max(0, len(focus) - TEAM_PLAN_FOCUS)}


register_panel(HomePanel("growth.team_plan", "growth/team_plan/team_panel.html", team_plan, order=20, page=TEAM))
