"""Reads for the pages around the board: my teams, a team's sessions, its reflection moments and actions."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone

from leerritme.orgs.models import Person, Team, TeamMembership, TeamRole
from leerritme.reflection.models import Action, ActionStatus, Phase, ReflectionSession

UPCOMING_DAYS = 14


def running_sessions(teams) -> list[ReflectionSession]:
    """Sessions of these teams that are not closed yet, newest first, with their facilitator."""
    return list(
        ReflectionSession.objects.filter(team__in=teams).exclude(phase=Phase.CLOSED)
        .select_related("team", "facilitator__user").order_by("-created_at")
    )


@dataclass
class MyTeam:
    team: Team
    is_lead: bool
    running: list[ReflectionSession] = field(default_factory=list)
    open_actions: int = 0
    overdue_actions: int = 0
    last_closed: datetime | None = None


def my_teams(person: Person) -> list[MyTeam]:
    """The teams I belong to, each with its running sessions and open actions; four queries."""
    memberships = list(TeamMembership.objects.filter(person=person).select_related("team").order_by("team__name"))
    found: dict[int, MyTeam] = {}
    for membership in memberships:
        entry = found.setdefault(membership.team_id, MyTeam(team=membership.team, is_lead=False))
        entry.is_lead = entry.is_lead or membership.role == TeamRole.LEAD
    if not found:
        return []
    for session in running_sessions(list(found)):
        found[session.team_id].running.append(session)
    today = timezone.localdate()
    for row in (Action.objects.filter(team_id__in=list(found), status=ActionStatus.OPEN).values("team_id")
                .annotate(n=Count("pk"), late=Count("pk", filter=Q(due_date__lt=today)))):
        found[row["team_id"]].open_actions = row["n"]
        found[row["team_id"]].overdue_actions = row["late"]
    for row in (ReflectionSession.objects.filter(team_id__in=list(found), phase=Phase.CLOSED).values("team_id")
                .annotate(last=Max("closed_at"))):
        found[row["team_id"]].last_closed = row["last"]
    return list(found.values())


def upcoming_reflections(team: Team, *, now: datetime | None = None, days: int = UPCOMING_DAYS) -> list:
    """The team's planned reflection moments (practices the reflection part runs) from today on."""
    from leerritme.practices.models import AdoptionStatus, Occurrence, OccurrenceStatus, PracticePart

    now = now or timezone.now()
    start_of_day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    occurrences = list(
        Occurrence.objects.filter(
            rhythm__adoption__team=team, rhythm__adoption__status=AdoptionStatus.ACTIVE,
            rhythm__adoption__practice__part=PracticePart.REFLECTION, status=OccurrenceStatus.PLANNED,
            start__gte=start_of_day, start__lt=start_of_day + timedelta(days=days),
        ).select_related("rhythm__adoption__practice").order_by("start")
    )
    today = timezone.localdate(now)
    started = set(ReflectionSession.objects.filter(occurrence__in=occurrences).values_list("occurrence_id",
                                                                                           flat=True))
    for occurrence in occurrences:
        occurrence.is_today = timezone.localdate(occurrence.start) == today
        occurrence.has_session = occurrence.pk in started
    return occurrences


def open_actions(team: Team) -> list[Action]:
    """The team's open actions, soonest due first (no due date last), with owners."""
    return sorted(
        Action.objects.filter(team=team, status=ActionStatus.OPEN).select_related("owner__user", "session"),
        key=lambda a: (a.due_date is None, a.due_date, a.created_at),
    )


def actions_of(person: Person) -> dict[str, list[Action]]:
    """My actions: open ones (soonest due first) and those closed in the last 30 days; one query."""
    since = timezone.now() - timedelta(days=30)
    grouped: dict[str, list[Action]] = defaultdict(list)
    for action in (Action.objects.filter(owner=person).filter(Q(status=ActionStatus.OPEN) | Q(closed_at__gte=since))
                   .select_related("team", "session", "owner__user")):
        grouped["open" if action.status == ActionStatus.OPEN else "closed"].append(action)
    grouped["open"].sort(key=lambda a: (a.due_date is None, a.due_date, a.created_at))
    grouped["closed"].sort(key=lambda a: a.closed_at, reverse=True)
    return {"open": grouped["open"], "closed": grouped["closed"]}


def team_actions(team: Team, *, status: str | None = None) -> list[Action]:
    """All of a team's actions, or those with one status; open first, then the most recent."""
    actions = Action.objects.filter(team=team).select_related("owner__user", "session")
    if status:
        actions = actions.filter(status=status)
    return sorted(actions, key=lambda a: (a.status != ActionStatus.OPEN, a.due_date is None, a.due_date,
                                          -a.created_at.timestamp()))
