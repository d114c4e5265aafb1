"""Reading growth data: recommendations, budget overviews for a person, a team and the organisation.

Overviews aggregate in the database (one grouped query each), so their query count does not grow with
the number of people; lists of people are paged.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import models
from django.db.models import Count, F, Min, Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerritme.growth.models import (
    ZERO,
    BudgetPeriod,
    DevelopmentPlan,
    FocusPriority,
    GoalStatus,
    LedgerEntry,
    Offer,
    OfferRequest,
    PlanGoal,
    RequestStatus,
    TeamPlan,
    TeamPlanSkill,
)
from leerritme.growth.services.budget import BudgetSummary
from leerritme.orgs.models import Person, Team, TeamMembership
from leerritme.people.models import PersonSkill, Skill

EXPIRING_WITHIN = timedelta(days=90)
WANT, GOAL, TEAM = 3, 3, 1
# A focus skill of the person's team plan weighs by its priority: high as much as one's own wish.
PLAN = {FocusPriority.HIGH: 3, FocusPriority.MEDIUM: 2, FocusPriority.LOW: 1}


class Reason(models.TextChoices):
    """Why an offer is recommended, shown beside it (in this order)."""

    WANT = "want", _("You want to learn this")
    GOAL = "goal", _("For a goal in your development plan")
    PLAN = "plan", _("In your team's plan")
    TEAM = "team", _("Your teammates want to learn this")


REASON_ORDER = list(Reason)


# --- Recommendations -----------------------------------------------------------------------------------------

def interests(person: Person, year: int | None = None) -> tuple[Counter, dict[int, set[str]]]:
    """Skill id → how much it matters to the person, and why: what they want, their plan's open goals, their
    team plans' focus skills and their teammates' wishes. Four queries."""
    year = year or timezone.localdate().year
    weights: Counter = Counter()
    reasons: dict[int, set[str]] = defaultdict(set)

    def add(skill_id, weight, reason):
        weights[skill_id] += weight
        reasons[skill_id].add(reason)

    for skill_id in PersonSkill.objects.filter(person=person, wants_to_learn=True).values_list("skill_id", flat=True):
        add(skill_id, WANT, Reason.WANT)
    goal_skills = PlanGoal.skills.through.objects.filter(
        plangoal__plan__person=person, plangoal__plan__year=year, plangoal__status=GoalStatus.OPEN)
    for skill_id in goal_skills.values_list("skill_id", flat=True):
        add(skill_id, GOAL, Reason.GOAL)
    my_teams = TeamMembership.objects.filter(person=person).values("team_id")
    # The highest priority of a skill across the person's team plans counts once.
    focus = (TeamPlanSkill.objects.filter(plan__team_id__in=my_teams, plan__year=year).order_by()
             .values("skill_id").annotate(priority=Min("priority")).values_list("skill_id", "priority"))
    for skill_id, priority in focus:
        add(skill_id, PLAN.get(priority, 1), Reason.PLAN)
    team_wishes = (PersonSkill.objects.filter(wants_to_learn=True, person__team_memberships__team_id__in=my_teams)
                   .exclude(person=person).values_list("skill_id", flat=True).distinct())
    for skill_id in team_wishes:
        add(skill_id, TEAM, Reason.TEAM)
    return weights, reasons


def interest_weights(person: Person, year: int | None = None) -> Counter:
    """Skill id → how much it matters to the person (see `interests`)."""
    return interests(person, year)[0]


def recommendations(person: Person, *, limit: int = 6, since=None, max_price: Decimal | None = None) -> list[Offer]:
    """Active offers that match the person's wishes, goals and team, best match first (then newest).

    Each offer carries `reasons`: the labels of why it is recommended (`Reason`), in a fixed order. Six
    queries whatever the catalogue's, the team's or the plans' size: the four kinds of interest, the matching
    offer-skill pairs, and the offers themselves.
    """
    weights, why = interests(person)
    if not weights:
        return []
    pairs = Offer.skills.through.objects.filter(skill_id__in=list(weights), offer__active=True)
    if since is not None:
        pairs = pairs.filter(offer__created_at__gte=since)
    if max_price is not None:
        pairs = pairs.filter(offer__price__lte=max_price)
    score: Counter = Counter()
    reasons: dict[int, set[str]] = defaultdict(set)
    for offer_id, skill_id in pairs.values_list("offer_id", "skill_id"):
        score[offer_id] += weights[skill_id]
        reasons[offer_id] |= why[skill_id]
    best = [pk for pk, _s in sorted(score.items(), key=lambda item: (-item[1], -item[0]))[:limit]]
    offers = {offer.pk: offer for offer in Offer.objects.filter(pk__in=best)}
    picked = [offers[pk] for pk in best if pk in offers]
    for offer in picked:
        offer.reasons = [reason.label for reason in REASON_ORDER if reason in reasons[offer.pk]]
    return picked


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


# --- Team learning plans ------------------------------------------------------------------------------------

def team_plan(team: Team, year: int) -> TeamPlan | None:
    """The team's plan for the year with its focus skills (two queries), or None."""
    return (TeamPlan.objects.filter(team=team, year=year)
            .prefetch_related(Prefetch("focus", TeamPlanSkill.objects.select_related("skill")))
            .first())


def team_plan_years(team: Team) -> list[int]:
    return list(TeamPlan.objects.filter(team=team).order_by("-year").values_list("year", flat=True))


@dataclass
class SkillWish:
    skill_id: int
    name: str
    wanting: int
    teaching: int
    in_plan: bool = False


def team_wishes(team: Team, year: int, *, limit: int = 25) -> list[SkillWish]:
    """Per skill, how many active members want to learn it and how many can teach it: counts only.

    Wanting counts each member once per skill, whether the wish is on their profile or a skill of an open goal
    of their development plan; whose goal it is never leaves this function (DESIGN.md, privacy). Four queries
    for any team size: the profile wishes, the goals' skills, the teachers per skill and the skills' names.
    """
    members = TeamMembership.objects.filter(team=team, person__is_active=True).values("person_id")
    wanting: dict[int, set[int]] = defaultdict(set)
    for skill_id, person_id in (PersonSkill.objects.filter(person_id__in=members, wants_to_learn=True)
                                .values_list("skill_id", "person_id")):
        wanting[skill_id].add(person_id)
    for skill_id, person_id in (PlanGoal.skills.through.objects
                                .filter(plangoal__plan__person_id__in=members, plangoal__plan__year=year,
                                        plangoal__status=GoalStatus.OPEN)
                                .values_list("skill_id", "plangoal__plan__person_id")):
        wanting[skill_id].add(person_id)
    if not wanting:
        return []
    teaching = dict(PersonSkill.objects.filter(person_id__in=members, can_teach=True, skill_id__in=list(wanting))
                    .order_by().values("skill_id").annotate(n=Count("person_id", distinct=True))
                    .values_list("skill_id", "n"))
    names = dict(Skill.objects.filter(pk__in=list(wanting)).values_list("pk", "name"))
    rows = [SkillWish(pk, names[pk], len(people), teaching.get(pk, 0)) for pk, people in wanting.items()
            if pk in names]
    rows.sort(key=lambda row: (-row.wanting, row.teaching, row.name.lower()))
    return rows[:limit]


def my_team_plans(person: Person, year: int) -> list[TeamPlan]:
    """This year's plans of the person's teams, with their focus skills: two queries."""
    return list(TeamPlan.objects.filter(team__memberships__person=person, year=year).select_related("team")
                .prefetch_related(Prefetch("focus", TeamPlanSkill.objects.select_related("skill")))
                .order_by("team__name"))


@dataclass
class TeamPlanRow:
    name: str
    uuid: str
    plan_uuid: str | None
    focus: int


def team_plans_overview(year: int, *, limit: int = 50, offset: int = 0) -> tuple[list[TeamPlanRow], int, int]:
    """L&D: a page of teams in name order, each with whether it has a plan for the year and how many focus skills;
    the number of teams and of teams with a plan. Three queries whatever the organisation's size."""
    counts = Team.objects.aggregate(
        teams=Count("pk", distinct=True),
        planned=Count("learning_plans", filter=Q(learning_plans__year=year), distinct=True))
    teams = list(Team.objects.order_by("name", "pk").values_list("pk", "name", "uuid")[offset:offset + limit])
    plans = {team_id: (uuid, n) for team_id, uuid, n in
             TeamPlan.objects.filter(year=year, team_id__in=[pk for pk, _n, _u in teams])
             .annotate(n=Count("focus")).values_list("team_id", "uuid", "n")}
    rows = []
    for pk, name, uuid in teams:
        plan_uuid, focus = plans.get(pk, (None, 0))
        rows.append(TeamPlanRow(name, str(uuid), str(plan_uuid) if plan_uuid else None, focus))
    return rows, counts["teams"], counts["planned"]


@dataclass
class CommonSkill:
    name: str
    teams: int
    high: int


def common_plan_skills(year: int, *, limit: int = 15) -> list[CommonSkill]:
    """The skills most teams put in their plan for the year, with how many made it a high priority: one query."""
    rows = (TeamPlanSkill.objects.filter(plan__year=year).order_by().values("skill_id", "skill__name")
            .annotate(teams=Count("plan__team_id", distinct=True),
                      high=Count("pk", filter=Q(priority=FocusPriority.HIGH)))
            .order_by("-teams", "-high", "skill__name")[:limit])
    return [CommonSkill(row["skill__name"], row["teams"], row["high"]) for row in rows]
