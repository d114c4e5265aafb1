"""This part's registrations with the shared demo seam: a year of reflection in every team.

The way of learning (practices.way) gave every team one or more reflection practices (a check-out after
the Monday meeting, a retrospective, a project evaluation, lessons from mistakes...) with a year of
occurrences, most of them held. Each held one becomes the session that was held then, closed at its end:
a check-out has only its anonymous answers; a retrospective, evaluation or round also has cards (some
anonymous, without an author), a group, dots and actions. Actions are due two weeks later: most older
ones were done (followed up in the team's next session), some dropped, some are still open and overdue.
The check-out scores drift upwards over the year, with their ups and downs, and now and then too few
people answered for them to be shown. The demo logins' participations are recorded as learning events.

Written for 800 teams as well as 8: everything is bulk-inserted, a fixed number of queries per batch.
"""

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import batched

from django.db import connection
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone, translation

from leerritme.learning.models import LearningKind, Visibility
from leerritme.learning.services import learning_events_record_many
from leerritme.lib.demo import DemoContext, DemoDataPart, register_demo_part
from leerritme.orgs.models import Person, TeamMembership, TeamRole
from leerritme.people.demo import demo_logins
from leerritme.reflection.boards import BOARDS
from leerritme.reflection.models import (
    Action,
    ActionReview,
    ActionStatus,
    Card,
    CardGroup,
    CheckOutAnswered,
    CheckOutResponse,
    Format,
    Participant,
    Phase,
    ReflectionSession,
    ReviewOutcome,
    Vote,
)
from leerritme.reflection.parts import DEFAULT_BOARD, PRACTICE_BOARDS

BATCH = 1000
CHUNK = 500  # sessions whose contents are made and written together
CHECK_OUT_ONLY = {"check-out"}
WORDS = ("productief", "druk", "helder", "gezellig", "rommelig", "kort", "nuttig", "lang", "open", "moe", "scherp",
         "goed", "energiek", "rustig", "eerlijk", "chaotisch", "leerzaam", "fijn")
CARDS = {
    "learned": ("Vooraf de tekening samen doornemen scheelt uitzoekwerk op de bouw.",
                "De nieuwe inregelprocedure werkt als je hem echt stap voor stap volgt.",
                "Klanten waarderen het als we bellen voordat we komen.",
                "Een foto van de situatie in de bon helpt de volgende monteur enorm."),
    "repeat": ("Samen met de werkvoorbereider de planning van de week maken.",
               "De korte check met de klant aan het eind van de klus.",
               "Koppels van een ervaren en een nieuwe monteur op de storingsdienst.",
               "Materiaal de dag ervoor klaarzetten in de bus."),
    "improve": ("Onderdelen komen te laat binnen; daardoor twee keer rijden.",
                "Overdracht tussen dag- en avonddienst gaat nog mondeling.",
                "We weten niet altijd wie de vaste contactpersoon bij de klant is.",
                "De voorraadlijst in de bus klopt vaak niet."),
    "went_well": ("De oplevering ging in één keer goed.", "Goede samenwerking met de elektricien.",
                  "Iedereen hielp mee toen de storingen piekten.", "Planning was op tijd rond."),
    "better": ("Te veel onderbrekingen tijdens het werk in de werkplaats.", "Offertes blijven te lang liggen.",
               "Meldingen komen onvolledig binnen.", "We vergeten de klant terug te bellen."),
    "actions": ("Checklist voor de overdracht maken.", "Vaste dag voor het bestellen van onderdelen."),
    "experience": ("De warmtepomp bij de school sloeg steeds af.", "Storing kwam drie keer terug."),
    "reflect": ("We keken te snel naar de regeling en niet naar de installatie.", "We misten de historie."),
    "conceptualise": ("Eerst de hele installatie bekijken voordat we onderdelen wisselen.",
                      "Storingshistorie hoort bij de melding."),
    "experiment": ("Twee weken lang bij elke storing eerst de historie lezen.",
                   "Een collega meenemen bij een terugkerende storing."),
    "hard": ("De bouwplanning schoof steeds op.", "Veel meerwerk zonder duidelijke afspraken.",
             "Weinig ruimte in de technische ruimte."),
    "next": ("Eerder een bouwteam-overleg met de aannemer.", "Meerwerk direct vastleggen en laten tekenen.",
             "Prefab meer inzetten."),
    "liked": ("Het vakmanschap van het team.", "De korte lijnen met de klant."),
    "lacked": ("Tijd om de documentatie bij te werken.",),
    "longed_for": ("Een vaste buddy voor nieuwe collega's.",),
}
ACTIONS = ("Onderdelen een week vooruit bestellen.", "Checklist voor de overdracht maken en testen.",
           "Vaste contactpersoon per klant in het systeem zetten.", "Storingshistorie toevoegen aan de werkbon.",
           "Voorraadlijst van de bussen elke vrijdag bijwerken.", "Meerwerk direct laten aftekenen door de klant.",
           "Nieuwe collega's een buddy geven in de eerste maand.", "Terugbelafspraken in de agenda zetten.")


def _clamp(value: float) -> int:
    return max(1, min(5, round(value)))


def add_reflection(context: DemoContext) -> None:
    with translation.override("nl"):  # the columns a session keeps are written in the starter's language
        _add_reflection(context)


@dataclass(frozen=True)
class _Held:
    """A held reflection moment, read as a light row (the practices' long texts are not needed here)."""

    pk: int
    start: datetime
    end: datetime
    team_id: int
    owner_id: int | None
    key: str
    name: str


def _held_reflections() -> list[_Held]:
    from leerritme.practices.models import AdoptionStatus, Occurrence, OccurrenceStatus, PracticePart

    return [_Held(*row) for row in (
        Occurrence.objects.filter(status=OccurrenceStatus.HELD, rhythm__adoption__status=AdoptionStatus.ACTIVE,
                                  rhythm__adoption__practice__part=PracticePart.REFLECTION)
        .order_by("start").values_list("pk", "start", "end", "rhythm__adoption__team_id",
                                       "rhythm__adoption__owner_id", "rhythm__adoption__practice__key",
                                       "rhythm__adoption__practice__name_nl")
    )]


def _insert(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """Plain INSERTs of many rows that need nothing back: the ORM's bulk_create spent most of the large
    demo's time building its SQL, object by object, for half a million participants and check-outs."""
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    # Table and column names come from the models, values go as parameters.
    sql = (f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c.column) for c in columns)}) "  # noqa: S608
           f"VALUES ({', '.join(['%s'] * len(columns))})")  # nosec B608
    with connection.cursor() as cursor:
        for batch in batched(rows, BATCH):
            cursor.executemany(sql, [[c.get_db_prep_save(value, connection) for c, value in zip(columns, row,
                                                                                             strict=True)]
                                     for row in batch])


def _add_reflection(context: DemoContext) -> None:
    organisation, rng, now = context.organisation, context.rng, context.now
    occurrences = _held_reflections()
    team_ids = {occ.team_id for occ in occurrences}
    members: dict[int, list[int]] = defaultdict(list)
    leads: dict[int, int] = {}
    for team_id, person_id, role in TeamMembership.objects.filter(
        team_id__in=team_ids, person__is_active=True
    ).order_by("pk").values_list("team_id", "person_id", "role"):
        members[team_id].append(person_id)
        if role == TeamRole.LEAD:
            leads.setdefault(team_id, person_id)
    # Each team's check-out drifts from its own start towards better, at its own pace.
    drift = {team_id: (rng.uniform(2.6, 3.3), rng.uniform(2.8, 3.5), rng.uniform(0.5, 1.2)) for team_id in team_ids}
    year_ago = now - timedelta(days=365)

    columns = {key: board.columns_json() for key, board in BOARDS.items()}
    sessions: list[ReflectionSession] = []
    plans = []  # (session, occurrence, participant ids, check-out count, has cards)
    for occ in occurrences:
        people = members.get(occ.team_id)
        if not people:
            continue
        format, board_key = PRACTICE_BOARDS.get(occ.key, DEFAULT_BOARD)
        facilitator = occ.owner_id if occ.owner_id in people else leads.get(occ.team_id, people[0])
        present = rng.sample(people, min(len(people), rng.randint(4, 8)))
        if facilitator not in present:
            present[0] = facilitator
        answered = min(len(present), rng.choice((3, 4, 5, 5, 6, 6, 7, 7)))
        has_cards = occ.key not in CHECK_OUT_ONLY
        session = ReflectionSession(
            organisation=organisation, team_id=occ.team_id, format=format, title=occ.name,
            template_key=board_key, columns=columns[board_key], occurrence_id=occ.pk,
            facilitator_id=facilitator, phase=Phase.CLOSED, phase_started_at=occ.end, revealed=True,
            version=rng.randint(20, 80) if has_cards else rng.randint(4, 9), created_by_id=facilitator,
            created_at=occ.start, closed_at=occ.end,
            project_name=_project_name(rng, occ.start) if format == Format.EVALUATION else "",
        )
        if format == Format.EVALUATION:
            session.project_start = (occ.start - timedelta(days=rng.randint(60, 180))).date()
            session.project_end = (occ.start - timedelta(days=rng.randint(2, 14))).date()
        sessions.append(session)
        plans.append((session, occ, present, answered, has_cards))
    for batch in batched(sessions, BATCH):
        ReflectionSession.objects.bulk_create(batch)

    # The sessions' contents are made and written a slice at a time: half a million model instances held
    # at once made Python's garbage collector walk them over and over (the large demo took minutes more).
    actions: list[Action] = []
    totals = {"cards": 0, "responses": 0}
    for chunk in batched(plans, CHUNK):
        _fill(rng, organisation, chunk, drift, year_ago, actions, totals)
    reviews = _follow_up(rng, organisation, actions, sessions, now)
    for batch in batched(actions, BATCH):
        Action.objects.bulk_create(batch)
    for review in reviews:
        review.action_id = review.action.pk
    for batch in batched(reviews, BATCH):
        ActionReview.objects.bulk_create(batch)
    _link_occurrences(plans)
    events = _learning_events(organisation, plans)
    context.log(f"  {len(sessions):,} reflection sessions with {totals['cards']:,} cards, "
                f"{totals['responses']:,} check-outs, "
                f"{len(actions):,} actions ({sum(a.status == ActionStatus.OPEN for a in actions):,} open), "
                f"{events:,} learning events of the demo logins")


def _fill(rng, organisation, plans, drift, year_ago, actions: list, totals: dict) -> None:
    """Participants, check-outs, cards, groups and dots of some sessions, written at once; their actions
    are collected (they are written with their follow-up at the end)."""
    participants, answered_rows, responses, cards, groups = [], [], [], [], []
    org_id = organisation.pk
    for session, occ, present, answered, has_cards in plans:
        for person_id in present:
            participants.append((org_id, session.pk, person_id, occ.start, occ.end, rng.random() < 0.2))
        q0, d0, slope = drift[session.team_id]
        progress = max(0.0, (occ.start - year_ago).total_seconds() / (365 * 86400))
        quality, dynamics = q0 + slope * progress, d0 + slope * 0.8 * progress
        # A rough patch for everyone now and then (a busy winter week), so the trend has its dips.
        if rng.random() < 0.12:
            quality, dynamics = quality - 0.9, dynamics - 0.6
        for person_id in rng.sample(present, answered):
            answered_rows.append((org_id, session.pk, person_id))
            # Answers are stored apart from who gave them, under a random key, as the board does.
            responses.append((uuid.uuid4(), org_id, session.pk, _clamp(rng.gauss(quality, 0.7)),
                              _clamp(rng.gauss(dynamics, 0.7)), rng.choice(WORDS) if rng.random() < 0.7 else ""))
        if has_cards:
            _cards_for(rng, organisation, session, present, cards, groups)
            for _ in range(rng.choice((1, 1, 2, 2, 3))):
                actions.append(Action(organisation=organisation, team_id=session.team_id, session=session,
                                      text=rng.choice(ACTIONS), owner_id=rng.choice(present),
                                      due_date=(occ.start + timedelta(days=14)).date(),
                                      created_by_id=session.facilitator_id, created_at=occ.end))
    _insert(Participant, ("organisation", "session", "person", "joined_at", "last_seen_at", "wants_summary_email"),
            participants)
    _insert(CheckOutAnswered, ("organisation", "session", "person"), answered_rows)
    rng.shuffle(responses)  # and not in the order the answered rows were written
    _insert(CheckOutResponse, ("id", "organisation", "session", "quality", "dynamics", "word"), responses)
    if groups:
        CardGroup.objects.bulk_create(groups, batch_size=BATCH)
    for card, group in cards:
        card.group_id = group.pk if group is not None else None
    if cards:
        Card.objects.bulk_create([card for card, _group in cards], batch_size=BATCH)
    votes = _votes_for(rng, organisation, plans, cards)
    if votes:
        Vote.objects.bulk_create(votes, batch_size=BATCH)
    totals["cards"] += len(cards)
    totals["responses"] += len(responses)


def _project_name(rng: random.Random, when: datetime) -> str:
    kinds = ("Nieuwbouw", "Renovatie", "Verduurzaming", "Uitbreiding")
    places = ("basisschool De Regenboog", "zorgcentrum Het Anker", "kantoor Stationsplein", "sporthal De Vaart",
              "appartementen Havenkwartier", "gemeentehuis")
    return f"{rng.choice(kinds)} {rng.choice(places)} ({when.year})"


def _cards_for(rng, organisation, session, present, cards, groups) -> None:
    columns = [c["key"] for c in session.columns if c["key"] != "actions"] or [session.columns[0]["key"]]
    made = []
    for position in range(rng.randint(4, 9)):
        column = rng.choice(columns)
        anonymous = rng.random() < 0.3
        card = Card(organisation=organisation, session=session, column=column,
                    text=rng.choice(CARDS.get(column, CARDS["learned"])), anonymous=anonymous,
                    author_id=None if anonymous else rng.choice(present), position=position + 1,
                    version=1, created_at=session.created_at, updated_at=session.created_at)
        made.append((card, None))
    by_column = defaultdict(list)
    for index, (card, _group) in enumerate(made):
        by_column[card.column].append(index)
    crowded = [indexes for indexes in by_column.values() if len(indexes) >= 2]
    if crowded and rng.random() < 0.6:
        indexes = rng.choice(crowded)
        group = CardGroup(organisation=organisation, session=session, column=made[indexes[0]][0].column,
                          title=rng.choice(("Planning", "Onderdelen", "Overdracht", "Klantcontact", "Samenwerking")),
                          position=1)
        groups.append(group)
        for index in indexes[:3]:
            made[index] = (made[index][0], group)
    cards.extend(made)


def _votes_for(rng, organisation, plans, cards) -> list[Vote]:
    per_session = defaultdict(list)
    for card, _group in cards:
        per_session[card.session_id].append(card)
    votes = []
    for session, _occ, present, _answered, has_cards in plans:
        session_cards = per_session.get(session.pk)
        if not has_cards or not session_cards:
            continue
        for person_id in rng.sample(present, min(len(present), 3)):
            for card in rng.choices(session_cards, k=rng.randint(1, 3)):
                votes.append(Vote(organisation=organisation, session=session, person_id=person_id, card_id=card.pk,
                                  created_at=session.created_at))
    return votes


def _follow_up(rng, organisation, actions, sessions, now) -> list[ActionReview]:
    """Older actions were mostly done, some dropped, some are still open (overdue); each closed one was
    followed up in the first session of its team after it was closed."""
    by_team = defaultdict(list)
    for session in sessions:
        by_team[session.team_id].append(session)
    reviews = []
    for action in actions:
        due = timezone.make_aware(datetime.combine(action.due_date, datetime.min.time()).replace(hour=17))
        if due > now - timedelta(days=7):
            continue  # recent: still open, not due yet or just due
        roll = rng.random()
        if roll < 0.2:
            continue  # still open, overdue
        status = ActionStatus.DONE if roll < 0.9 else ActionStatus.DROPPED
        closed_at = max(action.created_at + timedelta(days=1), due + timedelta(days=rng.randint(-10, 3)))
        action.status, action.closed_at = status, closed_at
        later = next((s for s in by_team[action.team_id] if s.created_at > closed_at), None)
        if later is not None:
            reviews.append(ActionReview(
                organisation=organisation, session=later, action=action, by_id=later.facilitator_id,
                at=later.created_at + timedelta(minutes=5),
                outcome=ReviewOutcome.DONE if status == ActionStatus.DONE else ReviewOutcome.DROPPED))
    return reviews


def _link_occurrences(plans) -> None:
    """Each occurrence's record is its session, as closing a session through the services would have left it.

    One UPDATE per batch reading the session from a subquery: bulk_update's CASE per row took over a minute
    for the large demo's 30,000 sessions."""
    from leerritme.practices.models import Occurrence

    record_type = f"{ReflectionSession._meta.app_label}.{ReflectionSession._meta.model_name}"
    session_of = ReflectionSession.objects.filter(occurrence=OuterRef("pk")).order_by("pk").values("pk")[:1]
    pks = [occ.pk for _session, occ, *_rest in plans]
    for batch in batched(pks, 900):
        Occurrence.objects.filter(pk__in=batch).update(
            record_type=record_type, record_id=Cast(Subquery(session_of), output_field=CharField()))


def _learning_events(organisation, plans) -> int:
    """The demo logins' reflections in their learning record (every participant's, in real use)."""
    logins = [email for _login, email in demo_logins(organisation)]
    people = {p.pk: p for p in Person.objects.filter(user__email__in=logins).select_related("user")}
    teams = {}
    events = []
    for session, occ, present, _answered, _cards in plans:
        for person_id in present:
            if person_id in people:
                team = teams.get(session.team_id) or teams.setdefault(session.team_id, _team(session.team_id))
                events.append({
                    "person": people[person_id], "kind": LearningKind.REFLECTION_HELD,
                    "title": f"{session.get_format_display()} met {team.name}",
                    "visibility": Visibility.TEAM, "team": team, "obj": session, "occurred_at": occ.end,
                })
    if events:
        learning_events_record_many(events)
    return len(events)


def _team(team_id: int):
    from leerritme.orgs.models import Team

    return Team.objects.get(pk=team_id)


register_demo_part(DemoDataPart("reflection.sessions", add_reflection, after=("practices.way",)))
