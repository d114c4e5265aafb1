"""Reflection for my teams (the index) and for one team: sessions, reflection moments, actions, trends.

Members and leads see everything of their team; L&D admins and owners see a team's trends and which
sessions were held, never what was written (no summaries, no open actions' texts).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Team
from leerritme.orgs.rules import can
from leerritme.reflection import links
from leerritme.reflection.selectors import team as selectors
from leerritme.reflection.selectors.summary import checkout_threshold
from leerritme.reflection.selectors.trends import TEAM_TREND_LIMIT, team_trend

# Enough for a weekly check-out and a fortnightly retrospective through a whole year.
YEAR_OF_SESSIONS = 120


def index(request, org):
    """My teams' reflection: sessions running now to join, open actions, and where to start one."""
    person = request.person
    teams = selectors.my_teams(person)
    for entry in teams:
        entry.start_url = links.start_url(entry.team)
        for session in entry.running:
            session.board_url = links.board_url(session)
    return render(request, "reflection/index.html", {
        "teams": teams,
        "can_see_trends": can(person, "reflection.trends.organisation"),
        "can_manage_templates": can(person, "reflection.templates"),
    })


def team(request, org, uuid):
    """One team's reflection page."""
    team = get_in_organisation(Team.objects, uuid=uuid)
    person = request.person
    is_member = can(person, "reflection.join", team)
    if not is_member and not can(person, "reflection.trends.organisation"):
        raise PermissionDenied
    whole_year = request.GET.get("all") == "1"
    trend = team_trend(team, limit=YEAR_OF_SESSIONS if whole_year else TEAM_TREND_LIMIT)
    context = {
        "team": team,
        "is_member": is_member,
        "trend": trend,
        "threshold": checkout_threshold(request.organisation),
        "trend_has_scores": any(point.quality is not None for point in trend),
        "chart_data": {
            "labels": [point.day.isoformat() for point in trend],
            "quality": [point.quality for point in trend],
            "dynamics": [point.dynamics for point in trend],
            "agreed": [point.actions_agreed for point in trend],
            "done": [point.actions_done for point in trend],
        },
        "whole_year": whole_year,
        "may_have_more": not whole_year and len(trend) == TEAM_TREND_LIMIT,
        "can_manage_templates": can(person, "reflection.templates", team),
    }
    if is_member:
        running = selectors.running_sessions([team])
        for session in running:
            session.board_url = links.board_url(session)
        upcoming = selectors.upcoming_reflections(team, now=timezone.now())
        for occurrence in upcoming:
            occurrence.start_url = links.start_from_occurrence_url(occurrence, request.organisation)
        context.update({
            "running": running,
            "upcoming": upcoming,
            "open_actions": selectors.open_actions(team),
            "start_url": links.start_url(team),
            "today": timezone.localdate(),
        })
    return render(request, "reflection/team.html", context)
