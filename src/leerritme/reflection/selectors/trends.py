"""Trends over time: check-out scores and actions followed through, per team and across teams.

Check-out scores count only from sessions where enough people answered (`checkout_threshold`): a session
below it adds nothing to any average, so no average can be traced back to fewer people than that. Each
reader costs a fixed number of queries however many sessions, teams and actions there are.
"""

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
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


def _pooled(totals: dict) -> tuple[float | None, float | None]:
    if not totals["n"]:
        return None, None
    return round(totals["q"] / totals["n"], 1), round(totals["d"] / totals["n"], 1)


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
    computed_at: datetime | None = None


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


def _month_index(field: str, starts: list[datetime]):
    """Which month of `starts` a datetime falls in, as plain comparisons the database does itself (SQLite
    would call a Python function per row for TruncMonth in a time zone)."""
    whens = [When(**{f"{field}__lt": end}, then=Value(index)) for index, end in enumerate(starts[1:])]
    return Case(*whens, default=Value(len(starts) - 1), output_field=IntegerField())


def organisation_trends(organisation, *, teams=None, months: int = 12, now: datetime | None = None
                        ) -> OrganisationTrends:
    """Across teams (all, or the given ones): a year by month and a row per team, in six grouped queries.

    Everything is counted per team and month in the database (months in the installation's time zone,
    compared with each month's first moment), so
    a large organisation's 30,000 sessions and 150,000 check-out answers a year come back as a few thousand
    rows. Check-outs count only from sessions where enough people answered: those sessions are chosen in a
    subquery before anything is pooled.
    """
    now = now or timezone.now()
    month_list = _months_back(now, months)
    starts = [timezone.make_aware(datetime.combine(month, datetime.min.time())) for month in month_list]
    start = starts[0]
    threshold = checkout_threshold(organisation)
    sessions = ReflectionSession.objects.filter(phase=Phase.CLOSED, closed_at__gte=start)
    actions = Action.objects.all()
    if teams is not None:
        sessions = sessions.filter(team__in=teams)
        actions = actions.filter(team__in=teams)
    by_month: dict[date, dict] = {m: {"sessions": 0, "n": 0, "q": 0, "d": 0, "agreed": 0, "done": 0}
                                  for m in month_list}
    by_team: dict[int, dict] = defaultdict(lambda: {"sessions": 0, "n": 0, "q": 0, "d": 0, "agreed": 0,
                                                    "done": 0, "open": 0, "overdue": 0})

    def add(team_id, month, **counts):
        for totals in (by_team[team_id], by_month[month_list[month]]):
            if totals is not None:
                for name, value in counts.items():
                    totals[name] += value or 0

    for row in (sessions.annotate(month=_month_index("closed_at", starts)).values("team_id", "month")
                .annotate(n=Count("pk"))):
        add(row["team_id"], row["month"], sessions=row["n"])
    counted = sessions.annotate(answers=Count("checkout_responses")).filter(answers__gte=threshold).values("pk")
    for row in (CheckOutResponse.objects.filter(session__in=counted)
                .annotate(month=_month_index("session__closed_at", starts))
                .values("session__team_id", "month")
                .annotate(n=Count("pk"), q=Sum("quality"), d=Sum("dynamics"))):
        add(row["session__team_id"], row["month"], n=row["n"], q=row["q"], d=row["d"])
    for row in (actions.filter(created_at__gte=start).annotate(month=_month_index("created_at", starts))
                .values("team_id", "month")
                .annotate(n=Count("pk"), done=Count("pk", filter=Q(status=ActionStatus.DONE)))):
        add(row["team_id"], row["month"], agreed=row["n"])
        by_team[row["team_id"]]["done"] += row["done"]
    for row in (actions.filter(status=ActionStatus.DONE, closed_at__gte=start)
                .annotate(month=_month_index("closed_at", starts)).values("month").annotate(n=Count("pk"))):
        by_month[month_list[row["month"]]]["done"] += row["n"]
    today = timezone.localdate(now)
    for row in (actions.filter(status=ActionStatus.OPEN).values("team_id")
                .annotate(n=Count("pk"), late=Count("pk", filter=Q(due_date__lt=today)))):
        by_team[row["team_id"]]["open"] += row["n"]
        by_team[row["team_id"]]["overdue"] += row["late"]
    month_points = []
    for month in month_list:
        data = by_month[month]
        quality, dynamics = _pooled(data)
        month_points.append(MonthPoint(month=month, sessions=data["sessions"], answered=data["n"],
                                       quality=quality, dynamics=dynamics, actions_agreed=data["agreed"],
                                       actions_done=data["done"]))
    team_objects = Team.objects.filter(pk__in=list(by_team)).order_by("name") if teams is None else \
        sorted(teams, key=lambda t: t.name.casefold())
    team_rows = []
    for team in team_objects:
        data = by_team.get(team.pk)
        if data is None:
            continue
        quality, dynamics = _pooled(data)
        team_rows.append(TeamRow(team=team, sessions=data["sessions"], quality=quality, dynamics=dynamics,
                                 actions_agreed=data["agreed"], actions_done=data["done"],
                                 actions_open=data["open"], actions_overdue=data["overdue"]))
    return OrganisationTrends(months=month_points, teams=team_rows, threshold=threshold, computed_at=now)
