"""This part's registrations with the shared demo seam: people who learn together in the demo.

- duo rounds in the demo team lead's team (three rounds held, reflections on the earlier ones) and a
  skill-based duo programme across three teams;
- two circles: a stable intervision circle (incident method) and a rotating learning circle;
- virtual coffee with forty people who opted in, two rounds;
- coaching: offers from colleagues who can teach, requests from colleagues who want to learn (the demo
  member among them), one matching run published and accepted, meetings logged (learning events), two
  coachings closed with a reflection;
- a buddy from another team for the most recent newcomers.

Everything goes through the services; only the dates are set back afterwards. It touches a fixed
number of teams and people, so it takes the same time at --size large as at small.
"""

from datetime import timedelta

from django.db.models import Count

from leerritme.lib.demo import DemoContext, DemoDataPart, register_demo_part
from leerritme.matching import algorithms
from leerritme.matching.models import (
    Buddy,
    BuddyStatus,
    GroupMember,
    Match,
    OptOut,
    Participant,
    ProgrammeKind,
    Protocol,
    Reach,
    Round,
)
from leerritme.matching.selectors import programme_people
from leerritme.matching.services import (
    coach_offer_save,
    coaching_meeting_log,
    coaching_request_create,
    group_reflect,
    match_answer,
    match_close,
    matching_run_create,
    matching_run_publish,
    programme_create,
    round_start,
)
from leerritme.orgs.models import Person, Team, TeamMembership
from leerritme.people.demo import demo_logins
from leerritme.people.models import PersonSkill, Skill

REFLECTIONS = [
    "Ik zag hoe zij een storing stap voor stap uitsluit; dat ga ik ook doen.",
    "Hij liet me de werkbon-app zien: scheelt me elke dag tien minuten.",
    "We hebben samen een offerte doorgelopen, ik snap nu waar de uren vandaan komen.",
    "Goed gesprek over hoe je een klant vertelt dat iets langer duurt.",
    "Ze gaf me een paar tips voor de planning van de week.",
]
GOALS = [
    "Ik wil over drie maanden zelfstandig een warmtepomp in bedrijf stellen.",
    "Ik wil een lastig klantgesprek rustig en duidelijk kunnen voeren.",
    "Ik wil mijn week beter plannen zodat ik minder overwerk.",
    "Ik wil op het teamoverleg een korte presentatie kunnen geven zonder zenuwen.",
    "Ik wil storingen sneller vinden met een vaste aanpak.",
]


def _logins(context: DemoContext) -> dict[str, Person]:
    by_email = {email: key.key for key, email in demo_logins(context.organisation)}
    return {by_email[p.user.email]: p for p in Person.objects.filter(user__email__in=by_email).select_related("user")}


def _backdate(rnd: Round, weeks_ago: int, now) -> None:
    start = rnd.starts_at - timedelta(weeks=weeks_ago)
    Round.objects.filter(pk=rnd.pk).update(starts_at=start, ends_on=rnd.ends_on - timedelta(weeks=weeks_ago))


def add_together(context: DemoContext) -> None:
    rng, now = context.rng, context.now
    logins = _logins(context)
    ld = logins.get("ld_admin")
    lead = logins.get("team_lead")
    if ld is None or lead is None:
        return
    lead_team = Team.objects.filter(memberships__person=lead, memberships__role="lead").first()

    # Duos in the lead's team: three rounds, four weeks apart, the last one running now.
    duos = programme_create(organisation=context.organisation, kind=ProgrammeKind.DUOS, created_by=lead,
                            name="Samenwerkingsduo's " + lead_team.name, reach=Reach.TEAM, teams=[lead_team],
                            purpose="Elke maand een ander duo: kijk mee in elkaars werk en leer van elkaar.",
                            every_weeks=4)
    rounds = [round_start(programme=duos, by=lead) for _ in range(3)]
    for weeks_ago, rnd in zip((8, 4, 0), rounds, strict=True):
        _backdate(rnd, weeks_ago, now)
    for member in GroupMember.objects.filter(group__round__in=rounds[:2]).select_related("group__round__programme",
                                                                                       "person"):
        if rng.random() < 0.7:
            group_reflect(member=member, text=rng.choice(REFLECTIONS))

    # Skill-based duos across three teams of the same department, on a skill many want to learn.
    wanted = (PersonSkill.objects.filter(wants_to_learn=True).values("skill_id").annotate(n=Count("pk"))
              .order_by("-n").first())
    teams = list(Team.objects.exclude(pk=lead_team.pk).annotate(n=Count("memberships"))
                 .filter(n__gte=4).order_by("pk")[:3])
    if wanted and len(teams) >= 2:
        skill_duos = programme_create(organisation=context.organisation, kind=ProgrammeKind.DUOS, created_by=ld,
                                      name="Leerduo's tussen teams", reach=Reach.TEAMS, teams=teams,
                                      skill=Skill.objects.get(pk=wanted["skill_id"]), every_weeks=6,
                                      purpose="Wie iets wil leren, krijgt een collega die het kan.")
        round_start(programme=skill_duos, by=ld)

    # Two circles: a stable intervision circle and a rotating learning circle, across teams.
    pool = list(Person.objects.filter(is_active=True, team_memberships__isnull=False).distinct()
                .order_by("pk").values_list("pk", flat=True)[:400])
    chosen = rng.sample(pool, min(len(pool), 24))
    circle_people = Person.objects.filter(pk__in=chosen)
    teams_of = {}
    for person_id, team_id in TeamMembership.objects.filter(person_id__in=chosen).values_list("person_id", "team_id"):
        teams_of.setdefault(person_id, team_id)
    circle_teams = list(Team.objects.filter(pk__in=set(teams_of.values())))
    intervision = programme_create(organisation=context.organisation, kind=ProgrammeKind.CIRCLES, created_by=ld,
                                   name="Intervisie leidinggevenden", reach=Reach.TEAMS, teams=circle_teams,
                                   group_size=6, rotating=False, protocol=Protocol.INCIDENT, every_weeks=6,
                                   purpose="Elke zes weken een praktijkvoorval bespreken volgens de incidentmethode.")
    # Only a few of those teams' people take part: the others skip the rounds.
    members = {p.pk for p in circle_people[:6]}
    others = [p.pk for p in programme_people(intervision) if p.pk not in members]
    for number in (1, 2):
        OptOut.objects.bulk_create([OptOut(organisation=context.organisation, programme=intervision, person_id=p,
                                           round_number=number) for p in others])
    first = round_start(programme=intervision, by=ld)
    _backdate(first, 6, now)
    round_start(programme=intervision, by=ld)

    learning = programme_create(organisation=context.organisation, kind=ProgrammeKind.COFFEE, created_by=ld,
                                name="Virtuele koffie", reach=Reach.ORGANISATION, every_weeks=2,
                                purpose="Een kwartiertje koffie met iemand die je nog niet kent.")
    Participant.objects.bulk_create([Participant(organisation=context.organisation, programme=learning,
                                                 person_id=p) for p in rng.sample(pool, min(len(pool), 40))])
    old = round_start(programme=learning, by=ld)
    _backdate(old, 2, now)
    round_start(programme=learning, by=ld)

    circle = programme_create(organisation=context.organisation, kind=ProgrammeKind.CIRCLES, created_by=ld,
                              name="Leercirkel duurzame installaties", reach=Reach.ORGANISATION, group_size=6,
                              rotating=True, every_weeks=4,
                              purpose="Samen leren over warmtepompen en zonnepanelen; elke ronde nieuwe gezichten.")
    Participant.objects.bulk_create([Participant(organisation=context.organisation, programme=circle,
                                                 person_id=p) for p in chosen[6:18]])
    circle.opt_in = True
    circle.save(update_fields=["opt_in"])
    first = round_start(programme=circle, by=ld)
    _backdate(first, 4, now)
    round_start(programme=circle, by=ld)

    _add_coaching(context, logins, pool)
    _add_buddies(context, pool)


def _add_coaching(context: DemoContext, logins, pool) -> None:
    rng, now = context.rng, context.now
    teachers = list(PersonSkill.objects.filter(can_teach=True, person_id__in=pool, level__gte=3)
                    .select_related("skill").order_by("person_id"))
    offers: dict[int, list] = {}
    for entry in teachers:
        offers.setdefault(entry.person_id, []).append(entry.skill)
    coach_ids = list(offers)[:14]
    people = {p.pk: p for p in Person.objects.filter(pk__in=coach_ids).select_related("user")}
    for person_id in coach_ids:
        coach_offer_save(person=people[person_id], skills=offers[person_id][:3], capacity=rng.randint(1, 3),
                         languages=["nl"], description="Ik neem graag iemand mee in hoe ik het aanpak.")
    taught = {s.pk for skills in offers.values() for s in skills}
    learners = list(PersonSkill.objects.filter(wants_to_learn=True, skill_id__in=taught)
                    .exclude(person_id__in=coach_ids).select_related("person__user", "skill").order_by("person_id"))
    member = logins.get("member")
    seen = set()
    for entry in learners:
        if entry.person_id in seen or len(seen) >= 16:
            continue
        seen.add(entry.person_id)
        coaching_request_create(person=entry.person, goal=rng.choice(GOALS), skills=[entry.skill], language="nl")
    ld = logins["ld_admin"]
    run = matching_run_create(by=ld)
    matching_run_publish(run=run, by=ld)
    matches = list(run.matches.select_related("learner__user", "coach__user"))
    for i, match in enumerate(matches):
        if member is not None and match.learner_id == member.pk:
            continue  # the demo member answers their own match
        if i % 5 == 4:
            continue  # some wait for an answer
        match_answer(match=match, person=match.learner, accept=True)
        match = match_answer(match=match, person=match.coach, accept=True)
        for weeks_ago in range(rng.randint(1, 3), 0, -1):
            coaching_meeting_log(match=match, by=match.coach, held_on=(now - timedelta(weeks=2 * weeks_ago)).date(),
                                 notes="Doel besproken en een oefening voor de komende weken afgesproken.",
                                 minutes=rng.choice((45, 60, 90)), progress=min(100, 30 * (4 - weeks_ago)),
                                 next_meeting_at=now + timedelta(days=rng.randint(3, 20), hours=1))
        if i in (0, 1):
            match_close(match=match, reflection="Ik heb een vaste aanpak gekregen en durf het nu zelf.")
    Match.objects.filter(run=run).update(created_at=now - timedelta(weeks=7))


def _add_buddies(context: DemoContext, pool) -> None:
    rng, now = context.rng, context.now
    newcomers = list(Person.objects.filter(is_active=True, team_memberships__isnull=False).distinct()
                     .order_by("-joined_at").values_list("pk", flat=True)[:4])
    candidates = [p for p in pool if p not in newcomers]
    team = {}
    for person_id, team_id in TeamMembership.objects.filter(person_id__in=newcomers + candidates).values_list(
            "person_id", "team_id"):
        team.setdefault(person_id, team_id)
    chosen = algorithms.propose_buddies(newcomers, candidates, team=team)
    Buddy.objects.bulk_create([
        Buddy(organisation=context.organisation, newcomer_id=n, buddy_id=b,
              status=BuddyStatus.ACTIVE if i % 2 == 0 else BuddyStatus.PROPOSED,
              proposed_at=now - timedelta(days=rng.randint(1, 20)))
        for i, (n, b) in enumerate(chosen.items())
    ])


register_demo_part(DemoDataPart("matching.together", add_together,
                                after=("people.profiles", "people.people", "orgs.teams")))
