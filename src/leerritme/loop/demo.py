"""This part's registration with the demo seam: experiments in every state, lessons (also from mistakes) and
improvement ideas with votes, spread over the demo's year, for every team; their learning events in bulk.

A fixed number of queries per batch (bulk inserts), so `--size large` (about 800 teams) stays quick. The demo
team lead's team gets a lesson of the month that everyone involved agreed to and an experiment to evaluate.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from leerritme.learning.models import LearningKind, Visibility
from leerritme.learning.services import learning_events_record_many
from leerritme.lib.demo import DemoContext, DemoDataPart, register_demo_part
from leerritme.loop.models import (
    Consent,
    Decision,
    Experiment,
    ExperimentStatus,
    Idea,
    IdeaStatus,
    IdeaVote,
    Involvement,
    Lesson,
    LessonOfTheMonth,
    LessonReaction,
    LessonVisibility,
    Reaction,
)
from leerritme.orgs.models import Person, Team, TeamMembership, TeamRole
from leerritme.people.demo import LOGINS, demo_logins

BATCH = 2000

EXPERIMENTS = [
    ("Werkbon direct na de klus invullen", "we de werkbon direct bij de klant afronden in de app",
     "hoeven we op vrijdag niets meer na te typen", "het aantal open werkbonnen op vrijdagmiddag"),
    ("Storingen van gisteren in de ochtendstart", "elke ochtendstart één storing van gisteren kort bespreken",
     "lossen we vergelijkbare storingen sneller op", "de hersteltijd van terugkerende storingen"),
    ("Materiaallijst een dag vooraf", "de werkvoorbereiding de materiaallijst een dag vooraf deelt",
     "rijden we minder vaak terug naar de groothandel", "het aantal extra ritten per week"),
    ("Duo-klus bij nieuwe warmtepompen", "een nieuwe monteur de eerste vijf warmtepompen met een ervaren collega "
     "plaatst", "maakt hij minder inregelfouten", "het aantal terugkombezoeken na oplevering"),
    ("Klant belt terug binnen een uur", "de planner klanten met een storing binnen een uur terugbelt",
     "zijn klanten minder ongerust", "de klachten over bereikbaarheid"),
    ("Foto van elke oplevering", "we bij elke oplevering foto's van de installatie in het dossier zetten",
     "kunnen collega's bij een storing sneller zien wat er zit", "de tijd tot de eerste diagnose"),
]
LESSONS = [
    ("Drukverlies niet gemeten", True, "We leverden een installatie op zonder de druk na 24 uur te controleren.",
     "Dat de druk stabiel zou blijven, zoals meestal.", "Een kleine lekkage zie je pas na een dag.",
     "We plannen een korte controle de dag na oplevering."),
    ("Verkeerde maat pers-fittingen besteld", True, "De bestelling had 22 mm in plaats van 28 mm.",
     "Dat de groothandel de tekening zou volgen.", "Een bestelling zonder controle kost ons een halve dag.",
     "Tweede paar ogen op elke bestelling boven de 500 euro."),
    ("Klant vooraf bellen scheelt een rit", False, "We belden klanten de avond vooraf.",
     "Dat het weinig uitmaakt.", "Bijna geen gesloten deuren meer.", "We bellen voortaan elke klant vooraf."),
    ("Inregelen met de app van de fabrikant", False, "We probeerden de inregel-app bij drie warmtepompen.",
     "Dat het langer zou duren.", "Het ging sneller en de klant zag direct de waarden.",
     "We zetten de app op alle tablets."),
    ("Planning te vol bij vorst", True, "Bij de eerste vorst liep de planning volledig vast.",
     "Dat we de storingen wel zouden inpassen.", "We houden te weinig ruimte voor spoed.",
     "In de winter blijft elke dag twee uur vrij voor storingen."),
]
IDEAS = [
    ("Vaste plek voor het meetgereedschap in de bus", "Nu zoeken we elke ochtend."),
    ("Gedeelde lijst met veelgestelde klantvragen", "Zodat de planner sneller antwoord heeft."),
    ("Maandelijks een korte toolbox over veiligheid", ""),
    ("Reserveonderdelen van de vijf meest voorkomende storingen standaard mee", ""),
    ("Nieuwe collega's krijgen een vast maatje", "Het eerste halfjaar."),
    ("Werkbon-app: standaardteksten voor onderhoud", ""),
]
REASONS = {
    IdeaStatus.ADOPTED: "Werkt goed, we houden het erin.",
    IdeaStatus.DROPPED: "Te duur voor wat het oplevert; misschien volgend jaar.",
    IdeaStatus.TRYING: "We proberen het een maand als experiment.",
}


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def add_loop(context: DemoContext) -> None:
    organisation, rng = context.organisation, context.rng
    today = timezone.localtime(context.now).date()
    members: dict[int, list[tuple[int, str]]] = {}
    for team_id, person_id, role in (TeamMembership.objects.filter(person__is_active=True)
                                     .order_by("team_id", "person_id").values_list("team_id", "person_id", "role")):
        members.setdefault(team_id, []).append((person_id, role))
    teams = {t.pk: t for t in Team.objects.filter(pk__in=list(members))}
    lead_team = Team.objects.filter(name=next(login.team for login in LOGINS if login.key == "team_lead")).first()

    experiments, ideas, lessons = [], [], []
    for team_id, people in members.items():
        ids = [pk for pk, _role in people]
        states = [ExperimentStatus.CONCLUDED, ExperimentStatus.CONCLUDED, ExperimentStatus.RUNNING,
                  rng.choice([ExperimentStatus.PLANNED, ExperimentStatus.EVALUATING, ExperimentStatus.STOPPED])]
        if lead_team is not None and team_id == lead_team.pk:
            states = list(ExperimentStatus.values) + [ExperimentStatus.CONCLUDED]
        for number, status in enumerate(states):
            title, if_we, then, see = EXPERIMENTS[(team_id + number) % len(EXPERIMENTS)]
            if status in (ExperimentStatus.CONCLUDED, ExperimentStatus.STOPPED):
                starts = today - timedelta(days=rng.randint(60, 340))
                ends = starts + timedelta(days=28)
            elif status == ExperimentStatus.EVALUATING:
                starts, ends = today - timedelta(days=40), today - timedelta(days=5)
            elif status == ExperimentStatus.RUNNING:
                starts, ends = today - timedelta(days=rng.randint(3, 20)), today + timedelta(days=rng.randint(7, 30))
            else:
                starts = today + timedelta(days=rng.randint(3, 14))
                ends = starts + timedelta(days=28)
            concluded = status == ExperimentStatus.CONCLUDED
            owner = rng.choice(ids)
            experiments.append(Experiment(
                organisation=organisation, team_id=team_id, owner_id=owner, created_by_id=owner, title=title,
                if_we=if_we, then=then, we_will_see=see, starts_on=starts, ends_on=ends, status=status,
                what_happened=("Het werkte beter dan gedacht; na twee weken was het gewoonte." if concluded else
                               "We kwamen er in de drukke weken niet aan toe." if status == ExperimentStatus.STOPPED
                               else ""),
                what_we_learned="Kleine afspraken houden we vol als iemand ze trekt." if concluded else "",
                decision=rng.choice([Decision.KEEP, Decision.KEEP, Decision.ADAPT, Decision.STOP]) if concluded
                else "", evaluated_by_id=owner if concluded else None,
                evaluated_at=_aware(ends + timedelta(days=2)) if concluded else None,
                reminded_at=_aware(ends + timedelta(days=1)) if status == ExperimentStatus.EVALUATING else None,
                created_at=_aware(starts - timedelta(days=3))))
        for number in range(3 if len(ids) > 1 else 1):
            title, description = IDEAS[(team_id * 3 + number) % len(IDEAS)]
            anonymous = rng.random() < 0.3
            status = rng.choice([IdeaStatus.SUBMITTED, IdeaStatus.SUBMITTED, IdeaStatus.ADOPTED, IdeaStatus.ADOPTED,
                                 IdeaStatus.DROPPED, IdeaStatus.TRYING])
            made = today - timedelta(days=rng.randint(5, 330))
            decided = status != IdeaStatus.SUBMITTED
            leads = [pk for pk, role in people if role == TeamRole.LEAD] or ids
            ideas.append(Idea(
                organisation=organisation, team_id=team_id, author_id=None if anonymous else rng.choice(ids),
                anonymous=anonymous, title=title, description=description, status=status,
                status_reason=REASONS.get(status, ""), decided_by_id=rng.choice(leads) if decided else None,
                decided_at=_aware(made + timedelta(days=14)) if decided else None,
                created_at=_aware(made, 0) if anonymous else _aware(made, 11)))
        for _number in range(2 if len(ids) > 2 else 1):
            # In turn, so every demo has lessons from mistakes and from things that went well.
            title, mistake, happened, expected, learned, differently = LESSONS[len(lessons) % len(LESSONS)]
            shared = today - timedelta(days=rng.randint(3, 350))
            visibility = rng.choice([LessonVisibility.TEAM, LessonVisibility.ORGANISATION, LessonVisibility.TEAM])
            lessons.append(Lesson(
                organisation=organisation, team_id=team_id, author_id=rng.choice(ids), title=title,
                what_happened=happened, what_we_expected=expected, what_we_learned=learned,
                do_differently=differently, from_mistake=mistake, visibility=visibility,
                created_at=_aware(shared), updated_at=_aware(shared), shared_at=_aware(shared, 15)))

    experiments = _saved(Experiment, experiments)
    ideas = _saved(Idea, ideas)
    lessons = _saved(Lesson, lessons)
    _votes_reactions_involvement(context, members, ideas, lessons)
    _months(lessons, members, today, lead_team)
    _events(experiments, ideas, lessons, teams)
    # A draft of the demo member's own, to show that drafts stay private.
    email = next((email for login, email in demo_logins(organisation) if login.key == "member"), None)
    if email is not None:
        person = Person.objects.filter(user__email=email).first()
        if person is not None:
            Lesson.objects.create(
                organisation=organisation, author=person, team=lead_team, title="Eerst meten, dan vervangen",
                what_happened="Ik verving een pomp die het nog deed.", what_we_expected="Dat de pomp kapot was.",
                what_we_learned="De storing zat in de sturing.", do_differently="Eerst de sturing doormeten.",
                from_mistake=True, visibility=LessonVisibility.DRAFT)
    context.log(f"  loop: {len(experiments)} experiments, {len(ideas)} ideas, {len(lessons)} lessons")


def _saved(model, rows):
    saved = model.objects.bulk_create(rows, batch_size=BATCH)
    if saved and saved[0].pk is None:
        saved = list(model.objects.order_by("pk"))[-len(rows):]
    return saved


def _votes_reactions_involvement(context, members, ideas, lessons):
    organisation, rng = context.organisation, context.rng
    votes = []
    for idea in ideas:
        voters = [pk for pk, _role in members.get(idea.team_id, [])]
        for pk in rng.sample(voters, k=min(len(voters), rng.randint(0, 5))):
            votes.append(IdeaVote(organisation=organisation, idea_id=idea.pk, person_id=pk))
    IdeaVote.objects.bulk_create(votes, batch_size=BATCH, ignore_conflicts=True)
    reactions, involved = [], []
    for lesson in lessons:
        people = [pk for pk, _role in members.get(lesson.team_id, [])]
        for pk in rng.sample(people, k=min(len(people), rng.randint(0, 4))):
            reactions.append(LessonReaction(organisation=organisation, lesson_id=lesson.pk, person_id=pk,
                                            kind=rng.choice(Reaction.values)))
        others = [pk for pk in people if pk != lesson.author_id]
        for pk in [lesson.author_id, *rng.sample(others, k=min(len(others), 1))]:
            involved.append(Involvement(organisation=organisation, lesson_id=lesson.pk, person_id=pk,
                                        consent=Consent.GIVEN, answered_at=lesson.shared_at))
    LessonReaction.objects.bulk_create(reactions, batch_size=BATCH, ignore_conflicts=True)
    Involvement.objects.bulk_create(involved, batch_size=BATCH, ignore_conflicts=True)


def _months(lessons, members, today, lead_team):
    """A lesson of the month from a mistake for the demo lead's team (everyone involved agreed)."""
    if lead_team is None:
        return
    lesson = next((x for x in lessons if x.team_id == lead_team.pk and x.from_mistake), None)
    lead = next((pk for pk, role in members.get(lead_team.pk, []) if role == TeamRole.LEAD), None)
    if lesson is not None:
        LessonOfTheMonth.objects.get_or_create(
            team=lead_team, month=today.replace(day=1),
            defaults={"organisation_id": lead_team.organisation_id, "lesson": lesson, "chosen_by_id": lead})


def _events(experiments, ideas, lessons, teams):
    def person(pk, organisation_id):
        return Person(pk=pk, organisation_id=organisation_id)

    events = []
    for e in experiments:
        if e.status == ExperimentStatus.CONCLUDED:
            events.append({"person": person(e.owner_id, e.organisation_id), "kind": LearningKind.EXPERIMENT_CONCLUDED,
                           "title": e.title, "visibility": Visibility.TEAM, "team": teams[e.team_id], "obj": e,
                           "occurred_at": e.evaluated_at, "data": {"decision": e.decision}})
    for idea in ideas:
        if idea.status == IdeaStatus.ADOPTED and idea.author_id:
            events.append({"person": person(idea.author_id, idea.organisation_id), "kind": LearningKind.IDEA_ADOPTED,
                           "title": idea.title, "visibility": Visibility.TEAM, "team": teams[idea.team_id],
                           "obj": idea, "occurred_at": idea.decided_at})
    for lesson in lessons:
        team_only = lesson.visibility == LessonVisibility.TEAM
        events.append({"person": person(lesson.author_id, lesson.organisation_id), "kind": LearningKind.LESSON_SHARED,
                       "title": lesson.title, "visibility": Visibility.TEAM if team_only else Visibility.ORGANISATION,
                       "team": teams[lesson.team_id] if team_only else None, "obj": lesson,
                       "occurred_at": lesson.shared_at, "data": {"from_mistake": lesson.from_mistake}})
    learning_events_record_many(events)


register_demo_part(DemoDataPart("loop.improvement", add_loop,
                                after=("people.people", "reflection.sessions", "knowledge.base")))
