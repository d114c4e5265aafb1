"""Trends over time: check-out scores and actions followed through, per team and across teams.

Check-out scores count only from sessions where enough people answered (`checkout_threshold`): a session
below it adds nothing to any average, so no average can be traced back to fewer people than that. Each
reader costs a fixed number of queries however many sessions, teams and actions there are.
"""

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from leerritme.orgs.models import Team
from leerritme.reflection.models import Action, ActionStatus, CheckOutResponse, Phase, ReflectionSession
from leerritme.reflection.selectors.summary import checkout_threshold, session_title

TEAM_TREND_LIMIT = 26  # the last half year of weekly sessions, a year of fortnightly ones


@dataclass
class TrendPoint:
    """One closed session of a team: its check-out (None below the threshold) and its actions."""

    uuid: str
    title: str
    day: date
    answered: int
    quality: float | None
    dynamics: float | None
    actions_agreed: int
    actions_done: int  # the team's actions completed since the session before (up to this one's close)


def _averages(rows: list[tuple[int, int]]) -> tuple[float | None, float | None]:
    if not rows:
        return None, None
    return (round(sum(q for q, _d in rows) / len(rows), 1), round(sum(d for _q, d in rows) / len(rows), 1))


def _checkouts(session_ids) -> dict[int, list[tuple[int, int]]]:
    found: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for session_id, quality, dynamics in CheckOutResponse.objects.filter(session_id__in=session_ids).values_list(
        "session_id", "quality", "dynamics"
    ):
        found[session_id].append((quality, dynamics))
    return found


def team_trend(team: Team, *, limit: int = TEAM_TREND_LIMIT) -> list[TrendPoint]:
    """The team's last `limit` closed sessions, oldest first, in four queries."""
    sessions = list(
        ReflectionSession.objects.filter(team=team, phase=Phase.CLOSED, closed_at__isnull=False)
        .only("pk", "uuid", "title", "format", "created_at", "closed_at")
        .order_by("-closed_at")[:limit]
    )
    sessions.reverse()
    if not sessions:
        return []
    threshold = checkout_threshold(team.organisation)
    checkouts = _checkouts([s.pk for s in sessions])
    agreed = dict(Action.objects.filter(session__in=sessions).values_list("session_id").annotate(n=Count("pk")))
    closes = [s.closed_at for s in sessions]
    # An action counts for the first session closed after it was done; the first session shown gets
    # those done in the time before it, as long as the gap to the second one.
    done_per_session = [0] * len(sessions)
    lower = closes[0] - (closes[1] - closes[0] if len(closes) > 1 else timedelta(days=14))
    for closed_at in Action.objects.filter(team=team, status=ActionStatus.DONE, closed_at__gt=lower,
                                           closed_at__lte=closes[-1]).values_list("closed_at", flat=True):
        done_per_session[bisect_left(closes, closed_at)] += 1
    points = []
    for index, session in enumerate(sessions):
        rows = checkouts.get(session.pk, [])
        quality, dynamics = _averages(rows) if len(rows) >= threshold else (None, None)
        points.append(TrendPoint(
            uuid=str(session.uuid), title=session_title(session), day=timezone.localdate(session.closed_at),
            answered=len(rows), quality=quality, dynamics=dynamics,
            actions_agreed=agreed.get(session.pk, 0), actions_done=done_per_session[index],
        ))
    return points


@dataclass
class MonthPoint:
    """One month across the teams shown: sessions held, pooled check-out scores, actions agreed and done."""

    month: date
    sessions: int
    answered: int  # check-outs counted (from sessions at or above the threshold)
    quality: float | None
    dynamics: float | None
    actions_agreed: int
    actions_done: int


@dataclass
class TeamRow:
    """One team's last year: sessions, pooled check-out scores, its actions and how many are overdue."""

    team: Team
    sessions: int
    quality: float | None
    dynamics: float | None
    actions_agreed: int
    actions_done: int
    actions_open: int
    actions_overdue: int

    @property
    def done_share(self) -> int | None:
        closed = self.actions_agreed
        return round(100 * self.actions_done / closed) if closed else None


@dataclass
class OrganisationTrends:
    months: list[MonthPoint]
    teams: list[TeamRow]
    threshold: int


def _month(moment: datetime) -> date:
    local = timezone.localtime(moment)
    return date(local.year, local.month, 1)


def _months_back(now: datetime, count: int) -> list[date]:
    first = _month(now)
    months = [first]
    for _ in range(count - 1):
        previous = months[-1] - timedelta(days=1)
        months.append(date(previous.year, previous.month, 1))
    return list(reversed(months))


def organisation_trends(organisation, *, teams=None, months: int = 12, now: datetime | None = None
                        ) -> OrganisationTrends:
    """Across teams (all, or the given ones): a year by month and a row per team, in five queries."""
    now = now or timezone.now()
    month_list = _months_back(now, months)
    start = timezone.make_aware(datetime.combine(month_list[0], datetime.min.time()))
    threshold = checkout_threshold(organisation)
    session_filter = Q(phase=Phase.CLOSED, closed_at__gte=start)
    action_filter = Q(created_at__gte=start) | Q(status=ActionStatus.OPEN)
    if teams is not None:
        session_filter &= Q(team__in=teams)
        action_filter &= Q(team__in=teams)
    sessions = list(ReflectionSession.objects.filter(session_filter).values_list("pk", "team_id", "closed_at"))
    checkouts = _checkouts([pk for pk, _t, _c in sessions])
    by_month: dict[date, dict] = {m: {"sessions": 0, "rows": [], "agreed": 0, "done": 0} for m in month_list}
    by_team: dict[int, dict] = defaultdict(lambda: {"sessions": 0, "rows": [], "agreed": 0, "done": 0,
                                                    "open": 0, "overdue": 0})
    for pk, team_id, closed_at in sessions:
        rows = checkouts.get(pk, [])
        counted = rows if len(rows) >= threshold else []
        month = by_month.get(_month(closed_at))
        if month is not None:
            month["sessions"] += 1
            month["rows"] += counted
        by_team[team_id]["sessions"] += 1
        by_team[team_id]["rows"] += counted
    today = timezone.localdate(now)
    for team_id, status, created_at, closed_at, due in Action.objects.filter(action_filter).values_list(
        "team_id", "status", "created_at", "closed_at", "due_date"
    ):
        row = by_team[team_id]
        if created_at >= start:
            row["agreed"] += 1
            if _month(created_at) in by_month:
                by_month[_month(created_at)]["agreed"] += 1
            if status == ActionStatus.DONE:
                row["done"] += 1
        if status == ActionStatus.DONE and closed_at and closed_at >= start and _month(closed_at) in by_month:
            by_month[_month(closed_at)]["done"] += 1
        if status == ActionStatus.OPEN:
            row["open"] += 1
            if due and due < today:
                row["overdue"] += 1
    month_points = []
    for month in month_list:
        data = by_month[month]
        quality, dynamics = _averages(data["rows"])
        month_points.append(MonthPoint(month=month, sessions=data["sessions"], answered=len(data["rows"]),
                                       quality=quality, dynamics=dynamics, actions_agreed=data["agreed"],
                                       actions_done=data["done"]))
    team_objects = Team.objects.filter(pk__in=list(by_team)).order_by("name") if teams is None else \
        sorted(teams, key=lambda t: t.name.casefold())
    team_rows = []
    for team in team_objects:
        data = by_team.get(team.pk)
        if data is None:
            continue
        quality, dynamics = _averages(data["rows"])
        team_rows.append(TeamRow(team=team, sessions=data["sessions"], quality=quality, dynamics=dynamics,
                                 actions_agreed=data["agreed"], actions_done=data["done"],
                                 actions_open=data["open"], actions_overdue=data["overdue"]))
    return OrganisationTrends(months=month_points, teams=team_rows, threshold=threshold)
