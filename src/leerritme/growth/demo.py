"""This part's registration with the demo seam: budgets under a CAO-style rule, a catalogue of about 80 offers,
requests in every state, development plans, learning time and micro-learning paths.

A year of history: last year's and this year's budgets for everyone (bulk), about a quarter of the people with a
course booked or completed last year or this year (requests, their history and ledger lines in bulk), the demo
logins' own requests in every state through the services, so their pages show the real journey. A fixed number
of queries per batch, so `--size large` (20,000 people) stays quick.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from leerritme.growth.models import (
    ActionKind,
    BudgetPeriod,
    DevelopmentPlan,
    EntryKind,
    GrowthProfile,
    LearningPath,
    LedgerEntry,
    Offer,
    OfferFormat,
    OfferKind,
    OfferLevel,
    OfferRequest,
    PathStep,
    PlanAction,
    PlanGoal,
    RequestEvent,
    RequestStatus,
    StepKind,
    TeamPlan,
    TeamPlanSkill,
    TimeEntry,
    TimeKind,
)
from leerritme.growth.services.budget import (
    budget_periods_open_for_year,
    budget_periods_recount,
    budget_rule_save,
)
from leerritme.learning.models import LearningKind
from leerritme.learning.services import learning_events_record_many
from leerritme.lib.demo import DemoContext, DemoDataPart, register_demo_part
from leerritme.orgs.models import Person, Team, TeamMembership, TeamRole
from leerritme.people.demo import demo_logins
from leerritme.people.models import PersonSkill, Skill

BATCH = 2000

TOPICS = [
    ("Warmtepompen installeren en inregelen", "Warmtepompen installeren"), ("F-gassen certificering", ""),
    ("Storingsanalyse cv en warmtepomp", "Storingen analyseren"), ("VCA Basis", "Veiligheid (VCA)"),
    ("VCA VOL voor leidinggevenden", "Veiligheid (VCA)"), ("Klantgesprekken voeren", ""),
    ("Leidinggeven aan een team", "Leidinggeven aan een team"), ("Feedback geven en ontvangen", "Feedback geven"),
    ("Zonnepanelen en omvormers", ""), ("NEN 1010 elektrotechniek", ""), ("Luchtbehandeling en ventilatie", ""),
    ("Projectmatig werken", ""), ("Planning met de werkbon-app", "Werkbon-app en planningssoftware"),
    ("Excel voor de werkvoorbereiding", ""), ("Coachend leidinggeven", "Leidinggeven aan een team"),
    ("Hybride warmtepompen", "Warmtepompen installeren"), ("Waterstof in de installatietechniek", ""),
    ("Solderen en persen", ""), ("BHV herhaling", ""), ("Engels voor de techniek", ""),
]
PROVIDERS = ["ISSO", "Wij Techniek", "OTIB", "NCOI", "Kiwa", "Intern", "Installatie Academie", "Vakopleiding Oost"]
PATHS = [
    ("Een storing in vijf stappen", "Storingen analyseren", [
        (StepKind.READ, "Lees de storingsboom van de fabrikant", 10),
        (StepKind.WATCH, "Bekijk de video over drukverlies", 8),
        (StepKind.TRY, "Pas de vijf stappen toe bij je volgende storing", 30),
        (StepKind.REFLECT, "Wat ging anders dan anders?", 10)]),
    ("Feedback die landt", "Feedback geven", [
        (StepKind.READ, "Lees het artikel over de feedbackregels", 10),
        (StepKind.TRY, "Geef deze week één collega concrete feedback", 15),
        (StepKind.REFLECT, "Hoe reageerde je collega?", 10)]),
    ("Veilig werken op hoogte", "Veiligheid (VCA)", [
        (StepKind.WATCH, "Bekijk de instructievideo valbeveiliging", 12),
        (StepKind.TRY, "Controleer je valbeveiliging samen met een collega", 20),
        (StepKind.REFLECT, "Wat neem je mee naar de volgende klus?", 5)]),
]


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def add_growth(context: DemoContext) -> None:
    organisation, rng = context.organisation, context.rng
    today = timezone.localtime(context.now).date()
    rule = budget_rule_save(organisation=organisation, name="CAO Metalektro: persoonlijk ontwikkelbudget",
                            amount=Decimal("1500.00"), valid_from=date(today.year - 2, 1, 1), valid_until=None,
                            carry_over_years=1, approval_threshold=Decimal("1000.00"), time_hours=Decimal("40"))
    people = list(Person.objects.filter(is_active=True).values_list("pk", flat=True))
    part_time = [pk for pk in people if rng.random() < 0.2]
    GrowthProfile.objects.bulk_create(
        [GrowthProfile(organisation=organisation, person_id=pk, fte=rng.choice([Decimal("0.5"), Decimal("0.6"),
                                                                               Decimal("0.8"), Decimal("0.9")]),
                       contract_hours=Decimal("32")) for pk in part_time], batch_size=BATCH, ignore_conflicts=True)
    for year in (today.year - 1, today.year):
        budget_periods_open_for_year(organisation=organisation, year=year, batch_size=BATCH)

    skills = {s.name: s for s in Skill.objects.all()}
    offers = []
    for number in range(80):
        title, skill = TOPICS[number % len(TOPICS)]
        provider = PROVIDERS[(number * 7 + number // len(TOPICS)) % len(PROVIDERS)]
        internal = provider == "Intern"
        offers.append(Offer(
            organisation=organisation, title=title if number < len(TOPICS) else f"{title} ({provider})",
            provider=provider, kind=OfferKind.INTERNAL_COURSE if internal else rng.choice(
                [OfferKind.COURSE, OfferKind.COURSE, OfferKind.CONFERENCE]),
            price=Decimal("0.00") if internal else Decimal(rng.choice([195, 295, 450, 650, 895, 1250, 1750])),
            hours=Decimal(rng.choice([4, 8, 16, 24, 40])), format=rng.choice(OfferFormat.values),
            level=rng.choice(OfferLevel.values), url="https://example.org/cursus",
            description="Praktijkgerichte training voor monteurs en werkvoorbereiders.",
            created_at=context.now - timedelta(days=rng.randint(0, 400))))
    offers = Offer.objects.bulk_create(offers)
    offers = list(Offer.objects.order_by("pk"))
    through = Offer.skills.through
    through.objects.bulk_create([through(offer_id=o.pk, skill_id=skills[TOPICS[i % len(TOPICS)][1]].pk)
                                 for i, o in enumerate(offers) if TOPICS[i % len(TOPICS)][1] in skills],
                                ignore_conflicts=True)

    logins = {login.key: email for login, email in demo_logins(organisation)}
    by_email = {p.user.email: p for p in Person.objects.filter(user__email__in=list(logins.values()))
                .select_related("user", "organisation")}
    author = by_email.get(logins.get("ld_admin"))
    for title, skill, steps in PATHS:
        path = LearningPath.objects.create(organisation=organisation, title=title, author=author, published=True,
                                           description="Kleine stappen, in je eigen tempo, naast het werk.")
        if skill in skills:
            path.skills.add(skills[skill])
        PathStep.objects.bulk_create([PathStep(organisation=organisation, path=path, position=i, kind=kind,
                                               title=step, minutes=minutes)
                                      for i, (kind, step, minutes) in enumerate(steps, start=1)])
        Offer.objects.create(organisation=organisation, title=title, kind=OfferKind.PATH, provider="Intern",
                             format=OfferFormat.SELF_PACED, path=path, hours=Decimal("1"))

    full_time = [pk for pk in people if pk not in set(part_time)]
    _history(context, full_time, [o for o in offers if o.price <= Decimal("650")], today)
    _plans_and_time(context, people, skills, today)
    _journeys(context, by_email, logins, offers, today)
    context.log(f"  growth: rule {rule.name}, {len(people)} budgets a year, {len(offers) + len(PATHS)} offers")


def _history(context, people, offers, today):
    """A quarter of the people booked or completed a course in the past year: requests, history and ledger lines
    in bulk."""
    organisation, rng = context.organisation, context.rng
    periods = {(pk, year): period for pk, year, period in BudgetPeriod.objects.values_list("person_id", "year", "pk")}
    chosen = [pk for pk in people if rng.random() < 0.25]
    requests, plans = [], []
    for pk in chosen:
        # Within the past year (the demo's history is one year), from the budget of the year it happened in.
        asked = today - timedelta(days=rng.randint(45, 340))
        year = asked.year
        offer = rng.choice(offers)
        completed = rng.random() < 0.7
        requests.append(OfferRequest(
            organisation=organisation, person_id=pk, offer=offer, cost=offer.price, hours=offer.hours,
            motivation="Past bij mijn werk en bij wat het team nodig heeft.",
            status=RequestStatus.COMPLETED if completed else RequestStatus.BOOKED,
            reflection_apply="Toepassen bij de volgende klussen" if completed else "",
            reflection_with="Mijn team" if completed else "",
            completed_at=_aware(asked + timedelta(days=21)) if completed else None,
            transfer_reminder_on=asked + timedelta(days=49) if completed else None,
            transfer_reminded_at=_aware(asked + timedelta(days=49)) if completed else None,
            created_at=_aware(asked), updated_at=_aware(asked + timedelta(days=21))))
        plans.append((year, asked))
    requests = OfferRequest.objects.bulk_create(requests, batch_size=BATCH)
    if any(r.pk is None for r in requests):
        requests = list(OfferRequest.objects.order_by("pk"))[-len(requests):]
    entries, events, learned = [], [], []
    for request, (year, asked) in zip(requests, plans, strict=True):
        period = periods[(request.person_id, year)]
        approved, booked = asked + timedelta(days=3), asked + timedelta(days=7)
        common = {"organisation": organisation, "period_id": period, "person_id": request.person_id,
                  "request": request, "reason": request.offer.title[:300]}
        entries += [LedgerEntry(kind=EntryKind.RESERVATION, amount=-request.cost, occurred_on=approved, **common),
                    LedgerEntry(kind=EntryKind.RELEASE, amount=request.cost, occurred_on=booked, **common),
                    LedgerEntry(kind=EntryKind.SPENDING, amount=-request.cost, occurred_on=booked, **common)]
        steps = [("", RequestStatus.REQUESTED, asked), (RequestStatus.REQUESTED, RequestStatus.APPROVED, approved),
                 (RequestStatus.APPROVED, RequestStatus.BOOKED, booked)]
        if request.status == RequestStatus.COMPLETED:
            steps.append((RequestStatus.BOOKED, RequestStatus.COMPLETED, asked + timedelta(days=21)))
            learned.append({"person": Person(pk=request.person_id, organisation_id=organisation.pk),
                            "kind": LearningKind.COURSE_COMPLETED, "title": request.offer.title, "obj": request,
                            "occurred_at": request.completed_at, "minutes": int(request.hours * 60)})
        events += [RequestEvent(organisation=organisation, request=request, from_status=a, to_status=b, at=_aware(d),
                                by_id=request.person_id) for a, b, d in steps]
    LedgerEntry.objects.bulk_create(entries, batch_size=BATCH)
    # Written in bulk past ledger_write: bring the running totals of the periods touched in line.
    budget_periods_recount(BudgetPeriod.objects.filter(pk__in={entry.period_id for entry in entries}))
    RequestEvent.objects.bulk_create(events, batch_size=BATCH)
    learning_events_record_many(learned)


def _plans_and_time(context, people, skills, today):
    """A development plan for one in five people; learning time registered by one in four."""
    organisation, rng = context.organisation, context.rng
    names = list(skills)
    planned = [pk for pk in people if rng.random() < 0.2]
    plans = DevelopmentPlan.objects.bulk_create(
        [DevelopmentPlan(organisation=organisation, person_id=pk, year=today.year,
                         ambition="Zelfstandiger werken aan de nieuwe installaties.") for pk in planned],
        batch_size=BATCH, ignore_conflicts=True)
    plans = list(DevelopmentPlan.objects.filter(year=today.year))
    PlanGoal.objects.bulk_create(
        [PlanGoal(organisation=organisation, plan=plan, title=f"Beter worden in {rng.choice(names).lower()}",
                  why="Er komt steeds meer van dit werk.", progress=rng.choice([0, 20, 40, 60, 100]))
         for plan in plans], batch_size=BATCH)
    PlanAction.objects.bulk_create(
        [PlanAction(organisation=organisation, plan=plan, kind=rng.choice(ActionKind.values),
                    title="Meelopen met een ervaren collega", due_on=today + timedelta(days=rng.randint(7, 120)))
         for plan in plans], batch_size=BATCH)
    entries = []
    for pk in people:
        if rng.random() < 0.25:
            for _ in range(rng.randint(1, 4)):
                entries.append(TimeEntry(organisation=organisation, person_id=pk,
                                         on=today - timedelta(days=rng.randint(1, 300)),
                                         minutes=rng.choice([30, 60, 90, 120]), kind=rng.choice(TimeKind.values),
                                         note=rng.choice(["Handleiding warmtepomp gelezen", "Meegelopen bij storing",
                                                          "E-learning F-gassen", "Vakblad gelezen"])))
    entries = TimeEntry.objects.bulk_create(entries, batch_size=BATCH)
    learning_events_record_many(
        [{"person": Person(pk=e.person_id, organisation_id=organisation.pk), "kind": LearningKind.LEARNING_TIME,
          "title": e.note, "minutes": e.minutes, "occurred_at": _aware(e.on, 12)} for e in entries])


def _journeys(context, by_email, logins, offers, today):
    """The demo logins' own requests, in every state, through the services (their pages show the journey)."""
    from leerritme.growth.services import requests as services

    member, lead = (by_email.get(logins.get(key)) for key in ("member", "team_lead"))
    if member is None or lead is None:
        return
    if not TeamMembership.objects.filter(person=lead, role=TeamRole.LEAD,
                                         team__memberships__person=member).exists():
        return
    cheap = [o for o in offers if Decimal("0") < o.price <= Decimal("450")]
    steps = {
        RequestStatus.REQUESTED: [],
        RequestStatus.DECLINED: [("decide", lead, False)],
        RequestStatus.CANCELLED: [("cancel", member)],
        RequestStatus.APPROVED: [("decide", lead, True)],
    }
    for index, (_status, actions) in enumerate(steps.items()):
        offer = cheap[index % len(cheap)]
        request = services.offer_request_create(person=member, offer=offer, cost=offer.price, hours=offer.hours,
                                                motivation="Dit helpt me bij de warmtepompen.")
        for action in actions:
            if action[0] == "decide":
                services.offer_request_decide(request=request, by=action[1], approve=action[2],
                                              reason="" if action[2] else "Dit jaar liever de F-gassen eerst.")
            else:
                services.offer_request_cancel(request=request, by=action[1])
    # Above the threshold: the lead approved, now waiting for L&D (when the member's budget allows it).
    dear = next((o for o in offers if o.price > Decimal("1000")), None)
    if dear is not None:
        try:
            request = services.offer_request_create(person=member, offer=dear, cost=Decimal("1001.00"),
                                                    hours=dear.hours,
                                                    motivation="De leergang past bij mijn volgende stap.")
            services.offer_request_decide(request=request, by=lead, approve=True)
        except ValidationError:
            context.log("  growth: the member's budget is used up; no request waiting for L&D")


TEAM_AMBITIONS = [
    "Meer storingen in één keer oplossen en elkaar daarbij helpen.",
    "Klaar zijn voor de warmtepompen: iedereen kan er zelfstandig aan werken.",
    "Veilig en zonder haast werken, en beter met de klant praten.",
]
FOCUS_WHY = [
    "Hier vragen onze klanten steeds vaker om.", "Nu kunnen maar een paar collega's dit; dat is kwetsbaar.",
    "Dit scheelt ons terugkomers en dubbele ritten.", "Nodig voor de nieuwe projecten van dit jaar.",
]


def add_team_plans(context: DemoContext) -> None:
    """Learning plans for the teams, last year's and this year's (four in five teams have one this year), whose
    focus skills lean on what the members want to learn; in bulk, a fixed number of queries."""
    organisation, rng = context.organisation, context.rng
    year = timezone.localtime(context.now).date().year
    skills = list(Skill.objects.order_by("pk").values_list("pk", flat=True))
    teams = list(Team.objects.order_by("pk").values_list("pk", flat=True))
    if not skills or not teams:
        return
    wished: dict[int, list[int]] = {}
    wishes = (PersonSkill.objects.filter(wants_to_learn=True, person__team_memberships__team_id__in=teams)
              .values_list("person__team_memberships__team_id", "skill_id").distinct())
    for team_id, skill_id in sorted(wishes):
        wished.setdefault(team_id, []).append(skill_id)
    plans = []
    for team_id in teams:
        plans.append(TeamPlan(organisation=organisation, team_id=team_id, year=year - 1,
                              ambition=rng.choice(TEAM_AMBITIONS), created_at=context.now - timedelta(days=365)))
        if rng.random() < 0.8:
            plans.append(TeamPlan(organisation=organisation, team_id=team_id, year=year,
                                  ambition=rng.choice(TEAM_AMBITIONS), created_at=context.now))
    TeamPlan.objects.bulk_create(plans, batch_size=BATCH, ignore_conflicts=True)
    focus = []
    for plan_id, team_id in TeamPlan.objects.filter(year__in=(year - 1, year)).values_list("pk", "team_id"):
        pool = wished.get(team_id) or skills
        for skill_id in rng.sample(pool, min(len(pool), rng.randint(2, 4))):
            focus.append(TeamPlanSkill(organisation=organisation, plan_id=plan_id, skill_id=skill_id,
                                       why=rng.choice(FOCUS_WHY), priority=rng.choice([1, 2, 2, 3]),
                                       target=rng.choice([None, 2, 3, 5])))
    TeamPlanSkill.objects.bulk_create(focus, batch_size=BATCH, ignore_conflicts=True)
    context.log(f"  growth: {len(plans)} team learning plans with {len(focus)} focus skills")


register_demo_part(DemoDataPart("growth.budgets", add_growth, after=("people.profiles", "people.people")))
register_demo_part(DemoDataPart("growth.team_plans", add_team_plans, after=("growth.budgets", "people.profiles")))
