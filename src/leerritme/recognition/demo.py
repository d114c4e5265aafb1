"""This part's registration with the demo seam: a year of kudos, badges defined and awarded (by hand and by
rule), and one running challenge with participants and their check-ins.

History is written in bulk (kudos, recipients and their learning events, rule awards), a fixed number of
queries per batch; the demo logins get theirs through the services, so their pages show the real journey.
"""

from collections import defaultdict
from contextlib import suppress
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db.models import Count

from leerritme.learning.models import LearningEvent, LearningKind, Visibility
from leerritme.learning.services import learning_events_record_many
from leerritme.lib.demo import DemoContext, DemoDataPart, register_demo_part
from leerritme.orgs.models import Person, Team, TeamMembership
from leerritme.people.demo import demo_logins
from leerritme.people.models import Skill
from leerritme.recognition.models import (
    Badge,
    BadgeAward,
    Challenge,
    ChallengeMode,
    ChallengeParticipant,
    CheckIn,
    GoalType,
    Kudos,
    KudosRecipient,
    KudosVisibility,
)
from leerritme.recognition.services.badges import badge_award
from leerritme.recognition.services.challenges import challenge_join
from leerritme.recognition.services.kudos import kudos_give

BATCH = 2000
MESSAGES = [
    "Dank voor het uitzoeken van die storing en het delen van wat je leerde.",
    "Knap dat je de nieuwe warmtepomp zelf hebt leren inregelen.",
    "Mooi dat je durfde te vertellen wat er misging; daar leren we allemaal van.",
    "Je lunchsessie over F-gassen was helder en praktisch.",
    "Fijn hoe je de nieuwe collega meenam op de klus en alles uitlegde.",
    "Sterk dat je na de cursus meteen de werkinstructie hebt aangepast.",
    "Bedankt voor je geduld bij het uitleggen van de werkbon-app.",
    "Goed dat je vragen bleef stellen tot het echt duidelijk was.",
]
VALUES = ["Nieuwsgierig", "Samen leren", "Leren van fouten", "Vakmanschap", "Elkaar helpen"]
BADGES = [
    ("Kennisdeler", "Gaf vijf kennissessies voor collega's.", "Geef vijf kennissessies (lunch & learn, toolbox).",
     LearningKind.SESSION_GIVEN, 5, "#1b6e5a"),
    ("Schrijver", "Schreef een artikel voor de kennisbank.", "Publiceer een artikel in de kennisbank.",
     LearningKind.ARTICLE_WRITTEN, 1, "#2f5d9a"),
    ("Cursusheld", "Rondde drie cursussen af.", "Rond drie cursussen of trainingen af.",
     LearningKind.COURSE_COMPLETED, 3, "#8a4f16"),
    ("Veilig vakmanschap", "Liet zien hoe veilig werken en leren samengaan.",
     "Toegekend door de teamleider voor een voorbeeld van veilig werken dat collega's helpt.", "", None, "#a2302a"),
    ("Leren van fouten", "Deelde een les uit een fout, zodat het team ervan leerde.",
     "Toegekend wanneer iemand een fout openlijk deelt en het team er beter van werkt.", "", None, "#5b3f8c"),
]


def _logins(organisation) -> dict[str, Person]:
    emails = {login.key: email for login, email in demo_logins(organisation)}
    people = {p.user.email: p for p in Person.objects.filter(user__email__in=emails.values()).select_related("user")}
    return {key: people[email] for key, email in emails.items() if email in people}


def _kudos_history(context: DemoContext, people: list[int], teams_of: dict[int, list[int]],
                   team_members: dict[int, list[int]], skills: list[int]) -> int:
    rng, organisation = context.rng, context.organisation
    count = min(max(len(people) // 3, 40), 3000)
    kudos_rows, recipient_pairs = [], []
    for _n in range(count):
        giver = rng.choice(people)
        giver_teams = teams_of.get(giver) or []
        team = rng.choice(giver_teams) if giver_teams else None
        pool = [p for p in team_members.get(team, []) if p != giver] if team else []
        recipient = rng.choice(pool) if pool else rng.choice(people)
        if recipient == giver:
            continue
        when = context.now - timedelta(days=rng.uniform(1, 365))
        visibility = KudosVisibility.TEAM if team and rng.random() < 0.7 else KudosVisibility.ORGANISATION
        kudos_rows.append(Kudos(
            organisation=organisation, giver_id=giver, message=rng.choice(MESSAGES), created_at=when,
            skill_id=rng.choice(skills) if skills and rng.random() < 0.5 else None,
            value=rng.choice(VALUES) if rng.random() < 0.4 else "", visibility=visibility,
            team_id=team if visibility == KudosVisibility.TEAM else None))
        recipient_pairs.append(recipient)
    kudos_rows = Kudos.objects.bulk_create(kudos_rows, batch_size=BATCH)
    rows = KudosRecipient.objects.bulk_create(
        [KudosRecipient(organisation=organisation, kudos=k, person_id=pid)
         for k, pid in zip(kudos_rows, recipient_pairs, strict=True)],
        batch_size=BATCH)
    persons = Person.objects.in_bulk(set(recipient_pairs))
    team_objects = Team.objects.in_bulk()
    names = dict(Person.objects.filter(pk__in={k.giver_id for k in kudos_rows}).values_list("pk", "user__name"))
    events = []
    for kudos, row in zip(kudos_rows, rows, strict=True):
        team = kudos.team_id if kudos.visibility == KudosVisibility.TEAM else None
        if team is not None and team not in teams_of.get(row.person_id, []):
            team = (teams_of.get(row.person_id) or [None])[0]
        if kudos.visibility == KudosVisibility.TEAM and team is None:
            continue
        events.append({"person": persons[row.person_id], "kind": LearningKind.KUDOS_RECEIVED, "obj": row,
                       "title": f"Kudos van {names.get(kudos.giver_id) or 'een collega'}",
                       "visibility": Visibility.TEAM if team else Visibility.ORGANISATION,
                       "team": team_objects.get(team) if team else None, "occurred_at": kudos.created_at,
                       "data": {"kudos": str(kudos.uuid), "from": kudos.giver_id}})
    for start in range(0, len(events), BATCH):
        learning_events_record_many(events[start:start + BATCH])
    return len(kudos_rows)


def _rule_awards(context: DemoContext, badge: Badge) -> int:
    """Everyone who already meets a rule badge gets it, dated at the moment they met it (bulk)."""
    eligible = list(LearningEvent.objects.filter(kind=badge.rule_kind).values("person_id")
                    .annotate(n=Count("id")).filter(n__gte=badge.rule_count).values_list("person_id", flat=True))
    if not eligible:
        return 0
    moments = defaultdict(list)
    for pid, at in LearningEvent.objects.filter(kind=badge.rule_kind, person_id__in=eligible) \
            .order_by("occurred_at").values_list("person_id", "occurred_at"):
        moments[pid].append(at)
    people = Person.objects.filter(pk__in=eligible, is_active=True).select_related("user").in_bulk()
    awards = []
    for pid, person in people.items():
        award = BadgeAward(organisation=context.organisation, badge=badge, person=person,
                           issued_on=moments[pid][badge.rule_count - 1])
        award.set_identity(person.user.email)
        awards.append(award)
    awards = BadgeAward.objects.bulk_create(awards, batch_size=BATCH, ignore_conflicts=False)
    learning_events_record_many([
        {"person": a.person, "kind": LearningKind.BADGE_EARNED, "title": badge.name, "obj": a,
         "occurred_at": a.issued_on, "visibility": Visibility.ORGANISATION, "data": {"badge": str(badge.uuid)}}
        for a in awards])
    return len(awards)


def add_recognition(context: DemoContext) -> None:
    organisation, rng = context.organisation, context.rng
    people = list(Person.objects.filter(is_active=True).values_list("pk", flat=True))
    if len(people) < 2:
        return
    teams_of, team_members = defaultdict(list), defaultdict(list)
    for pid, tid in TeamMembership.objects.values_list("person_id", "team_id"):
        teams_of[pid].append(tid)
        team_members[tid].append(pid)
    skills = list(Skill.objects.values_list("pk", flat=True))
    kudos = _kudos_history(context, people, teams_of, team_members, skills)

    logins = _logins(organisation)
    lead, member, ld = logins.get("team_lead"), logins.get("member"), logins.get("ld_admin")
    if lead and member:
        kudos_give(giver=lead, recipients=[member], message=MESSAGES[1], value="Vakmanschap",
                   visibility=KudosVisibility.TEAM, when=context.now - timedelta(days=2))
        kudos_give(giver=member, recipients=[lead], message=MESSAGES[3], visibility=KudosVisibility.ORGANISATION,
                   when=context.now - timedelta(days=5))

    badges = []
    for name, description, criteria, kind, count, colour in BADGES:
        badge, _created = Badge.objects.get_or_create(
            name=name, defaults={"organisation": organisation, "description": description, "criteria": criteria,
                                 "rule_kind": kind, "rule_count": count, "colour": colour, "created_by": ld})
        badges.append(badge)
    by_rule = sum(_rule_awards(context, b) for b in badges if b.has_rule)
    by_hand = 0
    hand_badges = [b for b in badges if not b.has_rule]
    if lead and member:
        for badge in hand_badges:
            try:
                badge_award(badge=badge, person=member, by=lead, narrative="Voor het delen met het hele team.",
                            when=context.now - timedelta(days=rng.randint(3, 60)))
                by_hand += 1
            except ValidationError:
                pass
    others = rng.sample(people, min(len(people), 25))
    hand_people = Person.objects.filter(pk__in=others, is_active=True).select_related("user")
    for person in hand_people:
        try:
            badge_award(badge=rng.choice(hand_badges), person=person, by=ld, notify_person=False,
                        when=context.now - timedelta(days=rng.randint(3, 300)))
            by_hand += 1
        except ValidationError:
            pass

    today = context.now.date()
    challenge, _created = Challenge.objects.get_or_create(
        title="15 minuten leren per dag, 30 dagen lang",
        defaults={"organisation": organisation, "description": "Elke dag een kwartier leren: een video, een artikel, "
                  "een vraag aan een collega. Vink elke dag af; haal je 20 dagen, dan heb je hem.",
                  "mode": ChallengeMode.INDIVIDUAL, "starts_on": today - timedelta(days=12),
                  "ends_on": today + timedelta(days=17), "goal_type": GoalType.CHECKINS, "goal_target": 20,
                  "checkin_minutes": 15, "created_by": ld})
    joiners = rng.sample(people, min(len(people), 40))
    participants = ChallengeParticipant.objects.bulk_create(
        [ChallengeParticipant(organisation=organisation, challenge=challenge, person_id=pid,
                              joined_at=context.now - timedelta(days=12)) for pid in joiners],
        ignore_conflicts=True, batch_size=BATCH)
    participants = list(ChallengeParticipant.objects.filter(challenge=challenge))
    CheckIn.objects.bulk_create(
        [CheckIn(organisation=organisation, participant=p, day=today - timedelta(days=d))
         for p in participants for d in range(1, 13) if rng.random() < 0.75],
        ignore_conflicts=True, batch_size=BATCH)
    if member:
        with suppress(ValidationError):
            challenge_join(challenge=challenge, person=member)
    Challenge.objects.get_or_create(
        title="Deel deze maand één werkinstructie",
        defaults={"organisation": organisation, "description": "Schrijf één artikel of werkinstructie voor de "
                  "kennisbank. Per team tellen we samen.", "mode": ChallengeMode.TEAM,
                  "starts_on": today.replace(day=1), "ends_on": today.replace(day=1) + timedelta(days=30),
                  "goal_type": GoalType.EVENTS, "goal_kind": LearningKind.ARTICLE_WRITTEN, "goal_target": 3,
                  "created_by": ld})
    context.log(f"  recognition: {kudos} kudos, {len(badges)} badges ({by_rule} awarded by rule, {by_hand} by hand), "
                f"a running challenge with {len(participants)} participants")


register_demo_part(DemoDataPart(
    "recognition.celebrate", add_recognition,
    after=("orgs.teams", "people.people", "people.profiles", "growth.budgets", "knowledge.base",
           "matching.together", "reflection.sessions"),
))
