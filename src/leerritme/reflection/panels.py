"""This part's home panel: a session of my team going on now (join it), and my open actions.

Three queries at most (running sessions of my teams, my open actions and how many there are); the panel
is not shown to someone with neither.
"""

from django.db.models import F
from django.utils import timezone

from leerritme.lib.panels import HomePanel, register_panel
from leerritme.orgs.models import TeamMembership
from leerritme.reflection import links
from leerritme.reflection.models import Action, ActionStatus, Phase, ReflectionSession

PANEL_ACTIONS = 5


def my_reflection(request) -> dict | None:
    person = request.person
    if person is None:
        return None
    my_teams = TeamMembership.objects.filter(person=person).values("team_id")
    running = list(ReflectionSession.objects.filter(team_id__in=my_teams).exclude(phase=Phase.CLOSED)
                   .select_related("team", "organisation").order_by("-created_at")[:3])
    actions = list(Action.objects.filter(owner=person, status=ActionStatus.OPEN).select_related("team")
                   .order_by(F("due_date").asc(nulls_last=True), "created_at")[: PANEL_ACTIONS + 1])
    if not running and not actions:
        return None
    for session in running:
        session.board_url = links.board_url(session)
    return {
        "running": running,
        "actions": actions[:PANEL_ACTIONS],
        "more_actions": len(actions) > PANEL_ACTIONS,
        "today": timezone.localdate(),
    }


register_panel(HomePanel("reflection.my_reflection", "reflection/panel.html", my_reflection, order=24))
