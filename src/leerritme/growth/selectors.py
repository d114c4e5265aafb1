"""Reading growth data: recommendations, budget overviews for a person, a team and the organisation.

Overviews aggregate in the database (one grouped query each), so their query count does not grow with
the number of people; lists of people are paged.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from leerritme.growth.models import (
    ZERO,
    BudgetPeriod,
    DevelopmentPlan,
    GoalStatus,
    LedgerEntry,
    Offer,
    OfferRequest,
    PlanGoal,
    RequestStatus,
)
from leerritme.growth.services.budget import BudgetSummary
from leerritme.orgs.models import Person, Team, TeamMembership
from leerritme.people.models import PersonSkill

EXPIRING_WITHIN = timedelta(days=90)
WANT, GOAL, TEAM = 3, 3, 1


# --- Recommendations -----------------------------------------------------------------------------------------

def interest_weights(person: Person, year: int | None = None) -> Counter:
    """Skill id → how much it matters to the person: what they want, their plan's open goals, their team's wishes."""
    year = year or timezone.localdate().year
    weights: Counter = Counter()
    for skill_id in PersonSkill.objects.filter(person=person, wants_to_learn=True).values_list("skill_id", flat=True):
        weights[skill_id] += WANT
    goal_skills = PlanGoal.skills.through.objects.filter(
        plangoal__plan__person=person, plangoal__plan__year=year, plangoal__status=GoalStatus.OPEN)
    for skill_id in goal_skills.values_list("skill_id", flat=True):
        weights[skill_id] += GOAL
    my_teams = TeamMembership.objects.filter(person=person).values("team_id")
    team_wishes = (PersonSkill.objects.filter(wants_to_learn=True, person__team_memberships__team_id__in=my_teams)
                   .exclude(person=person).values_list("skill_id", flat=True).distinct())
    for skill_id in team_wishes:
        weights[skill_id] += TEAM
    return weights


def recommendations(person: Person, *, limit: int = 6, since=None, max_price: Decimal | None = None) -> list[Offer]:
    """Active offers that match the person's wishes, goals and team, best match first (then newest).

    Five queries whatever the catalogue's size: the three kinds of interest, the matching offer-skill
    pairs, and the offers themselves.
    """
    weights = interest_weights(person)
    if not weights:
        return []
    pairs = Offer.skills.through.objects.filter(skill_id__in=list(weights), offer__active=True)
    if since is not None:
        pairs = pairs.filter(offer__created_at__gte=since)
    if max_price is not None:
        pairs = pairs.filter(offer__price__lte=max_price)
    score: Counter = Counter()
    for offer_id, skill_id in pairs.values_list("offer_id", "skill_id"):
        score[offer_id] += weights[skill_id]
    best = [pk for pk, _s in sorted(score.items(), key=lambda item: (-item[1], -item[0]))[:limit]]
    offers = {offer.pk: offer for offer in Offer.objects.filter(pk__in=best)}
    return [offers[pk] for pk in best if pk in offers]


# --- Budget overviews --------------------------------------------------------------------------------------

def ledger_of(person: Person, year: int | None = None):
    entries = LedgerEntry.objects.filter(person=person).select_related("period", "request__offer", "created_by__user")
    if year:
        entries = entries.filter(period__year=year)
    return entries.order_by("-occurred_on", "-pk")


def _summary(row: dict) -> BudgetSummary:
    granted, reserved = row.get("granted") or ZERO, row.get("reserved") or ZERO
    spent, expired = row.get("spent") or ZERO, row.get("expired") or ZERO
    return BudgetSummary(granted=granted, reserved=reserved, spent=spent, expired=expired,
                         available=granted - reserved - spent - expired, expiring=ZERO, expiring_on=None)


TOTALS = {"granted": Sum("granted"), "reserved": Sum("reserved"), "spent": Sum("spent"), "expired": Sum("expired")}


@dataclass
class PersonBudget:
    person_id: int
    name: str
    uuid: str
    summary: BudgetSummary


def live_periods(on: date):
    """Every budget period that can still be used on `on` (the running totals; see BudgetPeriod)."""
    return BudgetPeriod.objects.filter(starts_on__lte=on, expires_on__gte=on)


def team_budgets(team: Team, on: date | None = None) -> tuple[list[PersonBudget], BudgetSummary]:
    """Each member's budget and the team's total: two queries (members, their periods' totals)."""
    on = on or timezone.localdate()
    members = list(TeamMembership.objects.filter(team=team, person__is_active=True)
                   .select_related("person__user").order_by("person__user__name"))
    ids = [m.person_id for m in members]
    rows = {row["person_id"]: row for row in live_periods(on).filter(person_id__in=ids).order_by()
            .values("person_id").annotate(**TOTALS)}
    people = [PersonBudget(m.person_id, m.person.display_name, str(m.person.uuid), _summary(rows.get(m.person_id, {})))
              for m in members]
    total = {key: sum((row.get(key) or ZERO for row in rows.values()), ZERO) for key in TOTALS}
    return people, _summary(total)


@dataclass
class TeamUse:
    team_id: int
    name: str
    uuid: str
    people: int
    summary: BudgetSummary


def organisation_budget(on: date | None = None) -> BudgetSummary:
    on = on or timezone.localdate()
    return _summary(live_periods(on).filter(person__is_active=True).order_by().aggregate(**TOTALS))


def use_per_team(on: date | None = None, *, limit: int = 50, offset: int = 0) -> tuple[list[TeamUse], int]:
    """Budget use per team (a person in two teams counts in both), a page of teams in name order.

    Four queries: the team count, the page of teams, their head counts and their periods' totals. Only the
    page's teams are summed, so the cost follows the page, not the organisation (800 teams, 20,000 people).
    """
    on = on or timezone.localdate()
    count = Team.objects.count()
    teams = list(Team.objects.order_by("name", "pk").values_list("pk", "name", "uuid")[offset:offset + limit])
    ids = [pk for pk, _n, _u in teams]
    heads = dict(TeamMembership.objects.filter(team_id__in=ids, person__is_active=True)
                 .order_by().values("team_id").annotate(n=Count("pk")).values_list("team_id", "n"))
    rows = {row["team_id"]: row for row in
            live_periods(on).filter(person__is_active=True, person__team_memberships__team_id__in=ids).order_by()
            .values(team_id=F("person__team_memberships__team_id")).annotate(**TOTALS)}
    return [TeamUse(pk, name, str(uuid), heads.get(pk, 0), _summary(rows.get(pk, {}))) for pk, name, uuid in teams], \
        count


@dataclass
class Expiring:
    person_id: int
    name: str
    uuid: str
    amount: Decimal
    expires_on: date


FREE = F("granted") - F("reserved") - F("spent") - F("expired")


def expiring_budgets(on: date | None = None, *, within: timedelta = EXPIRING_WITHIN,
                     limit: int = 50) -> tuple[list[Expiring], int, Decimal]:
    """People whose unused budget expires within `within`, soonest first: the page, how many, how much in all.

    Two queries: the page of periods with their people, and the count and total together. The page is in
    (expiry date, id) order, which the (organisation, expires_on) index gives without sorting: at year end
    all 20,000 budgets of last year expire on one day, and sorting them by amount took 200 ms.
    """
    on = on or timezone.localdate()
    expiring = (BudgetPeriod.objects.filter(starts_on__lte=on, expires_on__gte=on, expires_on__lte=on + within,
                                            person__is_active=True)
                .annotate(free=FREE).filter(free__gte=Decimal("0.01")))
    page = list(expiring.select_related("person__user").order_by("expires_on", "pk")[:limit])
    totals = expiring.order_by().aggregate(n=Count("pk"), total=Sum(FREE))
    rows = [Expiring(p.person_id, p.person.display_name, str(p.person.uuid), p.available, p.expires_on) for p in page]
    return rows, totals["n"] or 0, totals["total"] or ZERO


def what_it_buys(person: Person, available: Decimal, limit: int = 6) -> list[Offer]:
    """Offers within the available budget: the recommended ones first, then the newest others."""
    picked = recommendations(person, limit=limit, max_price=available)
    if len(picked) < limit:
        more = (Offer.objects.filter(active=True, price__lte=available).exclude(pk__in=[o.pk for o in picked])
                .order_by("-created_at")[: limit - len(picked)])
        picked += list(more)
    return picked


# --- Requests -----------------------------------------------------------------------------------------------

def requests_of(person: Person):
    return (OfferRequest.objects.filter(person=person).select_related("offer", "goal")
            .order_by("-created_at"))


def requests_to_decide(person: Person):
    """Requests waiting for this person's decision: as lead of the requester's team, or as L&D in second line."""
    from leerritme.growth.rules import is_ld
    from leerritme.orgs.models import TeamRole

    led = TeamMembership.objects.filter(person=person, role=TeamRole.LEAD).values("team_id")
    members = TeamMembership.objects.filter(team_id__in=led).exclude(person=person).values("person_id")
    condition = Q(status=RequestStatus.REQUESTED, person_id__in=members)
    if is_ld(person):
        condition |= Q(status=RequestStatus.LEAD_APPROVED)
    return (OfferRequest.objects.filter(condition).exclude(person=person)
            .select_related("offer", "person__user", "goal").order_by("created_at"))


def current_plan(person: Person, year: int | None = None) -> DevelopmentPlan | None:
    return DevelopmentPlan.objects.filter(person=person, year=year or timezone.localdate().year).first()


def open_goals(person: Person):
    return (PlanGoal.objects.filter(plan__person=person, status=GoalStatus.OPEN)
            .select_related("plan").order_by("-plan__year", "created_at"))


def periods_of(person: Person):
    return BudgetPeriod.objects.filter(person=person).order_by("-year")
