"""Reading rhythms: a team's coming weeks and how it kept its rhythm, in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from leerritme.orgs.models import Team
from leerritme.practices import recurrence
from leerritme.practices.models import Adoption, AdoptionStatus, Occurrence, OccurrenceStatus

# "The last quarter": thirteen weeks up to now.
ADHERENCE_DAYS = 91
UPCOMING_WEEKS = 6


def local_today(now: datetime | None = None, time_zone: str | None = None) -> date:
    tz = recurrence.zone(time_zone or timezone.get_default_timezone_name())
    return recurrence.aware_to_local(now or timezone.now(), tz).date()


def team_adoptions(team: Team) -> list[Adoption]:
    """The team's adopted (and stopped, for their history) practices, with their rhythms: one query."""
    return list(
        Adoption.objects.filter(team=team, status__in=[AdoptionStatus.ACTIVE, AdoptionStatus.STOPPED])
        .select_related("practice", "rhythm", "owner__user")
        .order_by("status", "practice__name_nl", "pk")
    )


def rhythm_of(adoption: Adoption):
    """The adoption's rhythm, or None (without a query when it was selected with the adoption)."""
    try:
        return adoption.rhythm
    except Adoption.rhythm.RelatedObjectDoesNotExist:
        return None


@dataclass
class Week:
    """One week of the team's rhythm: Monday, Sunday, ISO week number and its occurrences."""

    monday: date
    number: int
    occurrences: list[Occurrence] = field(default_factory=list)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


def team_weeks(team: Team, *, now: datetime | None = None, weeks: int = UPCOMING_WEEKS,
               time_zone: str | None = None) -> list[Week]:
    """The team's occurrences from this week's Monday for `weeks` weeks, per week (one query).

    This week starts on its Monday, so a time earlier this week can still be marked as held. Cancelled
    ones (no longer in the rhythm) are left out; skipped and moved ones show with their mark. Each
    occurrence gets `local_start` and `local_end` in its rhythm's zone.
    """
    tz_name = time_zone or timezone.get_default_timezone_name()
    tz = recurrence.zone(tz_name)
    today = local_today(now, tz_name)
    monday = today - timedelta(days=today.weekday())
    start = recurrence.local_to_aware(datetime.combine(monday, time()), tz)
    end = recurrence.local_to_aware(datetime.combine(monday + timedelta(weeks=weeks), time()), tz)
    result = [Week(monday=monday + timedelta(weeks=i), number=(monday + timedelta(weeks=i)).isocalendar().week)
              for i in range(weeks)]
    occurrences = (
        Occurrence.objects.filter(rhythm__adoption__team=team, rhythm__adoption__status=AdoptionStatus.ACTIVE,
                                  start__gte=start, start__lt=end)
        .exclude(status=OccurrenceStatus.CANCELLED)
        .select_related("rhythm__adoption__practice")
        .order_by("start", "pk")
    )
    for occ in occurrences:
        decorate(occ)
        index = (occ.local_start.date() - monday).days // 7
        if 0 <= index < weeks:
            result[index].occurrences.append(occ)
    return result


def decorate(occ: Occurrence) -> Occurrence:
    """Attach the local start, end and original start in the rhythm's zone."""
    tz = recurrence.zone(occ.rhythm.time_zone)
    # Naive local wall times: templates show them as they are, whatever the reader's current zone.
    occ.local_start = recurrence.aware_to_local(occ.start, tz)
    occ.local_end = recurrence.aware_to_local(occ.end, tz)
    occ.local_original_start = recurrence.aware_to_local(occ.original_start, tz)
    return occ


@dataclass
class Kept:
    """How a team kept one practice's rhythm over a period: planned (due) times, held, skipped, unmarked."""

    adoption: Adoption
    planned: int
    held: int
    skipped: int

    @property
    def unmarked(self) -> int:
        return self.planned - self.held - self.skipped

    @property
    def percent(self) -> int | None:
        return round(100 * self.held / self.planned) if self.planned else None


def adherence_since(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=ADHERENCE_DAYS)


def team_adherence(team: Team, adoptions: list[Adoption], *, now: datetime | None = None) -> list[Kept]:
    """Planned versus held per practice over the last 13 weeks (one aggregate query).

    Planned counts every time that was due in the period, except those cancelled because the rhythm
    changed; a skipped or unmarked time counts as not held.
    """
    now = now or timezone.now()
    rows = (
        Occurrence.objects.filter(rhythm__adoption__team=team, start__gte=adherence_since(now), start__lt=now)
        .exclude(status=OccurrenceStatus.CANCELLED)
        .values("rhythm__adoption_id")
        .annotate(
            planned=Count("pk"),
            held=Count("pk", filter=Q(status=OccurrenceStatus.HELD)),
            skipped=Count("pk", filter=Q(status=OccurrenceStatus.SKIPPED)),
        )
        .order_by()
    )
    counts = {row["rhythm__adoption_id"]: row for row in rows}
    kept = []
    for adoption in adoptions:
        row = counts.get(adoption.pk)
        if row is None and (adoption.status != AdoptionStatus.ACTIVE or rhythm_of(adoption) is None):
            continue
        row = row or {"planned": 0, "held": 0, "skipped": 0}
        kept.append(Kept(adoption=adoption, planned=row["planned"], held=row["held"], skipped=row["skipped"]))
    return kept


def total_of(kept: list[Kept]) -> Kept | None:
    if len(kept) < 2:
        return None
    return Kept(adoption=None, planned=sum(k.planned for k in kept), held=sum(k.held for k in kept),
                skipped=sum(k.skipped for k in kept))


def team_unmarked(team: Team, *, before: datetime, now: datetime | None = None, limit: int = 20) -> list[Occurrence]:
    """Planned times of the last 13 weeks, before `before`, that nobody marked held or skipped (one query)."""
    found = (
        Occurrence.objects.filter(rhythm__adoption__team=team, rhythm__adoption__status=AdoptionStatus.ACTIVE,
                                  status=OccurrenceStatus.PLANNED, start__gte=adherence_since(now), start__lt=before)
        .select_related("rhythm__adoption__practice")
        .order_by("-start", "pk")[:limit]
    )
    return [decorate(occ) for occ in found]


def week_start(now: datetime | None = None, time_zone: str | None = None) -> datetime:
    """This week's Monday at midnight, local, as an aware datetime."""
    tz_name = time_zone or timezone.get_default_timezone_name()
    today = local_today(now, tz_name)
    return recurrence.local_to_aware(datetime.combine(today - timedelta(days=today.weekday()), time()),
                                     recurrence.zone(tz_name))
