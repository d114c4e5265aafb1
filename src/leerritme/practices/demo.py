"""This part's registrations with the shared demo seam: the demo organisation's way of learning.

Van der Linden Installatietechniek gets a learning vision, and every team a few practices that fit its
work (a check-out after the Monday team meeting, a monthly retrospective, a buddy for newcomers, an
evaluation after each project, a lunch & learn every two weeks...), each with an owner in the team and
a purpose in Dutch, adopted about a year ago or later. Their rhythms are set and their occurrences
generated through the rhythm services, as if the teams had set them when they adopted them. The past
year is then lived through: most times held (recorded as learning events through the seam, by the
practice's owner), Dutch public holidays and the construction holiday ("bouwvak") skipped or moved,
some times skipped with a reason, a few moved, and the last week's times not all marked yet. The L&D
admin has open proposals to a few teams (one to the demo team lead's team), one accepted long ago and
one declined.

Everything goes through the services (adoption_create, practice_propose, rhythm_set,
occurrences_generate, occurrence_skip, occurrence_move, occurrences_mark_held_many); only the times
that say when something happened (adopted, proposed, held) are set back into the past afterwards,
as people/demo.py does for its notifications: the services stamp "now". Written for 803 teams as
well as 8: a fixed number of queries per adoption and per skipped or moved time, bulk for the rest.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import batched

from dateutil.easter import easter
from django.db.models import F
from django.utils import timezone, translation

from leerritme.lib.demo import DemoContext, DemoDataPart, register_demo_part
from leerritme.notifications.models import Notification
from leerritme.orgs.models import Person, Role, Team, TeamMembership, TeamRole
from leerritme.people.demo import DEPARTMENT_KIND, LOGINS, OFFICE, PROJECTS, SERVICE, demo_logins
from leerritme.practices import recurrence
from leerritme.practices.catalogue import practices_ensure_catalogue
from leerritme.practices.models import Adoption, AdoptionStatus, Occurrence, OccurrenceStatus, Practice, Rhythm
from leerritme.practices.parts import has_part_handler
from leerritme.practices.recurrence import Cadence
from leerritme.practices.services.adoption import (
    ANSWERED_KIND,
    PROPOSED_KIND,
    adoption_create,
    practice_propose,
    proposal_accept,
    proposal_decline,
    way_of_learning_update,
)
from leerritme.practices.services.rhythm import (
    occurrence_move,
    occurrence_skip,
    occurrences_generate,
    occurrences_mark_held_many,
    rhythm_set,
)

BATCH = 1000
# Past and coming holidays are planned around this far ahead (what the team rhythm page shows, and more).
PLANNED_AROUND = timedelta(weeks=8)
# Times of the last days are not all marked yet: the lead has not got round to it.
RECENT = timedelta(days=7)

VISION = """Bij Van der Linden leren we vooral in het werk zelf: op de bouw, in de bus, bij de klant en in de \
werkplaats. Een cursus is soms nodig, maar het meeste leer je van een collega die laat zien hoe het moet, en \
van terugkijken op wat goed ging en wat beter kan.

Daarom geven we leren een vaste plek in het ritme van de week. Elk team kiest zelf een paar leermomenten die \
bij het werk passen: een korte check-out na het werkoverleg, een retrospective, een evaluatie na elke \
oplevering of een buddy voor wie net begint. Ze duren kort, komen steeds terug en zijn geen extra vergadering \
maar een deel van het overleg dat we al hebben.

Teamleiders zijn de architect van dat leerritme: zij zorgen dat de leermomenten doorgaan, ook als het druk is, \
en dat iedereen aan het woord komt. Fouten bespreken we open en zonder schuldvraag; van een storing die twee \
keer terugkomt, leren we allemaal.

Wat we leren, delen we: in de toolbox, bij een lunch & learn of door een collega mee te nemen naar een klus. \
Zo blijft het vakmanschap in het bedrijf, ook als ervaren monteurs met pensioen gaan. Iedereen heeft \
daarnaast tijd en budget om zelf te leren; vraag je teamleider of de leerregisseur hoe je dat het beste \
inzet."""


# --- What the teams practise ---------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """When a practice happens in one team: the cadence and its choices, in the form's terms."""

    cadence: str
    at: time
    weekdays: tuple[int, ...] = ()
    week_of_month: int | None = None
    month_day: int | None = None
    meeting: str = ""
    location: str = ""


@dataclass(frozen=True)
class Plan:
    """A practice a kind of team takes up: its slots (one is chosen per team), purposes and owner."""

    key: str
    slots: tuple[Slot, ...]
    purposes: tuple[str, ...]
    owner: str = "senior"  # "lead", "senior" (an experienced member) or "member" (anyone in the team)
    minutes: int | None = None  # the practice's own duration when None


MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = range(5)

CHECK_OUT = Plan(
    "check-out",
    (
        Slot(Cadence.WEEKLY, time(9, 0), (MONDAY,), meeting="Werkoverleg maandagochtend", location="Kantine"),
        Slot(Cadence.WEEKLY, time(9, 0), (MONDAY,), meeting="Werkoverleg maandagochtend", location="Kantine"),
        Slot(Cadence.WEEKLY, time(8, 15), (TUESDAY,), meeting="Werkoverleg dinsdag", location="Vergaderruimte"),
        Slot(Cadence.WEEKLY, time(15, 30), (FRIDAY,), meeting="Weekafsluiting", location="Kantine"),
    ),
    (
        "Het werkoverleg gaat vaak alleen over de planning. Met een korte check-out horen we ook hoe "
        "iedereen erbij zit en wat we volgende week anders doen.",
        "Even stilstaan bij hoe het overleg ging, zodat het kort en nuttig blijft en iedereen aan het woord "
        "komt.",
        "Zo eindigen we het overleg met één ding dat we meenemen de week in, in plaats van meteen de bus in.",
    ),
    owner="lead",
)
RETROSPECTIVE = Plan(
    "retrospective",
    (
        Slot(Cadence.MONTHLY_WEEKDAY, time(15, 30), (THURSDAY,), week_of_month=-1, location="Vergaderruimte"),
        Slot(Cadence.MONTHLY_WEEKDAY, time(14, 0), (FRIDAY,), week_of_month=1, location="Kantine"),
        Slot(Cadence.MONTHLY_WEEKDAY, time(16, 0), (WEDNESDAY,), week_of_month=2, location="Vergaderruimte"),
    ),
    (
        "Eén keer per maand kijken we samen terug: wat ging goed, wat zat ons dwars en wat proberen we "
        "de komende maand anders.",
        "Kleine ergernissen in de samenwerking bespreken voordat ze groot worden, en afspraken maken die we "
        "de maand erna echt nakijken.",
    ),
)
NEWCOMER_BUDDY = Plan(
    "newcomer-buddy",
    (
        Slot(Cadence.WEEKLY, time(16, 0), (WEDNESDAY,), location="Werkplaats"),
        Slot(Cadence.WEEKLY, time(7, 30), (THURSDAY,), location="Kantine"),
    ),
    (
        "Nieuwe monteurs hebben elke week een vast moment met hun buddy om vragen van de bus te bespreken, "
        "zodat ze niet blijven zitten met iets wat ze niet durven te vragen.",
        "Leerling-monteurs leren het vak naast een ervaren collega; het wekelijkse gesprek maakt zichtbaar "
        "wat ze al zelfstandig kunnen.",
    ),
)
LESSONS_FROM_MISTAKES = Plan(
    "lessons-from-mistakes",
    (
        Slot(Cadence.MONTHLY_WEEKDAY, time(16, 0), (TUESDAY,), week_of_month=3, location="Kantine"),
        Slot(Cadence.MONTHLY_WEEKDAY, time(8, 0), (MONDAY,), week_of_month=2, location="Vergaderruimte"),
    ),
    (
        "Storingen die we niet in één keer oplosten, bespreken we zonder schuldvraag: wat zagen we over het "
        "hoofd en wat doen we voortaan anders?",
        "Een terugkomende storing kost de klant en ons veel. Door fouten open te bespreken leert het hele "
        "team ervan, niet alleen wie erbij was.",
    ),
)
SKILL_INSTRUCTION = Plan(
    "skill-instruction",
    (
        Slot(Cadence.MONTHLY_WEEKDAY, time(9, 20), (MONDAY,), week_of_month=2,
             meeting="Werkoverleg maandagochtend", location="Werkplaats"),
        Slot(Cadence.MONTHLY_WEEKDAY, time(7, 30), (FRIDAY,), week_of_month=1, location="Werkplaats"),
    ),
    (
        "Elke maand laat een collega in twintig minuten een handigheid zien: een nieuw type warmtepomp, "
        "de rookgasmeter of de werkbon-app.",
        "Toolbox van eigen mensen: wat één monteur goed kan, moeten er meer kunnen.",
    ),
    owner="member",
)
LUNCH_AND_LEARN = Plan(
    "lunch-and-learn",
    (
        Slot(Cadence.BIWEEKLY, time(12, 15), (THURSDAY,), location="Kantine"),
        Slot(Cadence.BIWEEKLY, time(12, 0), (TUESDAY,), location="Kantine"),
    ),
    (
        "Om de week vertelt iemand tijdens de lunch over een project, een cursus of iets wat hij of zij "
        "uitzocht. Zo weten we van elkaar wat we kunnen.",
        "Kennis delen zonder extra vergadering: broodje erbij, kwartiertje vertellen, half uur vragen.",
    ),
    owner="member",
)
PROJECT_EVALUATION = Plan(
    "project-evaluation",
    (Slot(Cadence.DATES, time(15, 30), location="Bouwkeet of kantine"),),
    (
        "Na elke oplevering evalueren we met het hele projectteam, met pizza. Wat we leren, nemen we mee "
        "naar het volgende project.",
        "Projecten lijken op elkaar, fouten helaas ook. De evaluatie na de oplevering voorkomt dat we ze "
        "op het volgende project herhalen.",
    ),
    owner="lead",
    minutes=90,
)
KAIZEN = Plan(
    "kaizen",
    (
        Slot(Cadence.WEEKLY, time(7, 30), (FRIDAY,), meeting="Startoverleg vrijdag", location="Werkplaats"),
        Slot(Cadence.WEEKLY, time(7, 15), (MONDAY,), meeting="Startoverleg maandag", location="Bouwkeet"),
    ),
    (
        "Elke week één verbeteridee van de vloer oppakken: kleine stappen in hoe we voorbereiden, "
        "monteren en opruimen.",
        "Wie het werk doet, ziet wat beter kan. Het bord met verbeterideeën bespreken we wekelijks, zodat "
        "ideeën niet blijven liggen.",
    ),
)
PEER_REVIEW = Plan(
    "peer-review",
    (
        Slot(Cadence.WEEKLY, time(13, 0), (WEDNESDAY,), location="Werkplaats"),
        Slot(Cadence.BIWEEKLY, time(10, 0), (THURSDAY,), location="Vergaderruimte"),
    ),
    (
        "Voordat een module de werkplaats verlaat, kijkt een collega mee. Zo leren we van elkaars "
        "oplossingen en vangen we fouten vóór de bouw.",
        "Een tweede paar ogen op tekeningen en materiaalstaten: sneller leren dan van een fout op de bouw.",
    ),
    owner="member",
)
FEEDBACK_ROUND = Plan(
    "feedback-round",
    (
        Slot(Cadence.MONTHLY_WEEKDAY, time(10, 0), (TUESDAY,), week_of_month=1, location="Vergaderruimte"),
        Slot(Cadence.MONTHLY_WEEKDAY, time(14, 0), (THURSDAY,), week_of_month=3, location="Vergaderruimte"),
    ),
    (
        "Werk in uitvoering laten zien voordat het af is: een offerte, een planning of een tekening, en "
        "feedback vragen van collega's.",
        "Feedback geven en vragen oefenen op echt werk, in een veilige kring.",
    ),
)
SHARE_WHAT_YOU_READ = Plan(
    "share-what-you-read",
    (Slot(Cadence.WEEKLY, time(16, 0), (FRIDAY,), location="Teams-kanaal"),),
    (
        "Elke vrijdag deelt iemand een artikel, regeling of filmpje dat de moeite waard was, met één zin "
        "waarom.",
    ),
    owner="member",
)
TEAM_BRAINSTORM = Plan(
    "team-brainstorm",
    (Slot(Cadence.MONTHLY_WEEKDAY, time(13, 30), (WEDNESDAY,), week_of_month=-1, location="Vergaderruimte"),),
    (
        "Eén keer per maand denken we met het hele team na over een vraag die op ons bord ligt, zoals "
        "minder no-shows bij afspraken of snellere offertes.",
    ),
)

# Per kind of team: the practices every such team takes up, and those some take up as well.
ANCHORS = {
    SERVICE: (CHECK_OUT, RETROSPECTIVE),
    PROJECTS: (PROJECT_EVALUATION, KAIZEN),
    OFFICE: (CHECK_OUT, LUNCH_AND_LEARN),
}
EXTRAS = {
    SERVICE: (NEWCOMER_BUDDY, LESSONS_FROM_MISTAKES, SKILL_INSTRUCTION),
    PROJECTS: (RETROSPECTIVE, CHECK_OUT, NEWCOMER_BUDDY, PEER_REVIEW),
    OFFICE: (FEEDBACK_ROUND, SHARE_WHAT_YOU_READ, TEAM_BRAINSTORM, RETROSPECTIVE),
}
# The named teams of every demo size get the practices that show the product best.
# The demo team lead's team (the demo member is in it too, and is the newcomers' buddy there).
LEAD_TEAM = next(login.team for login in LOGINS if login.key == "team_lead")
NAMED_TEAMS = {
    LEAD_TEAM: ((CHECK_OUT, 0, 365), (RETROSPECTIVE, 0, 330), (NEWCOMER_BUDDY, 0, 150)),
    "Storingsdienst": ((CHECK_OUT, 2, 365), (LESSONS_FROM_MISTAKES, 0, 300)),
    "Werkplaats & Prefab": ((KAIZEN, 0, 365), (PEER_REVIEW, 0, 250), (PROJECT_EVALUATION, 0, 365)),
    "Werkvoorbereiding & Calculatie": ((CHECK_OUT, 1, 365), (LUNCH_AND_LEARN, 0, 300), (FEEDBACK_ROUND, 0, 200)),
}
# Servicemonteurs Zuid took up the retrospective when the L&D admin proposed it.
ACCEPTED = ("Servicemonteurs Zuid", RETROSPECTIVE, 320)
DECLINED = (
    "Projectteam Utiliteit", "virtual-coffee", 95,
    "We zien elkaar elke dag op de bouw; een virtuele koffiepauze voegt voor ons weinig toe.",
)
# Open proposals: (practice key, team names, days ago, note).
PROPOSALS = (
    ("lessons-from-mistakes", (LEAD_TEAM, "Servicemonteurs Zuid"), 3,
     "Storingsdienst doet dit sinds vorig jaar en vindt het erg waardevol. Zou dit ook bij jullie passen? "
     "Ik kom graag de eerste keer helpen."),
    ("lunch-and-learn", ("Projectteam Woningbouw", "Klantcontact & Planning"), 9,
     "Werkvoorbereiding & Calculatie heeft goede ervaringen met een lunch & learn om de week. Zin om "
     "aan te sluiten of zelf te beginnen?"),
)

SKIP_NOTES = (
    "Te druk met storingen door de kou.",
    "Halve team op NEN 3140-cursus.",
    "Veel collega's ziek; volgende keer weer.",
    "Oplevering liep uit; volgende keer weer.",
    "Monteursdag bij de leverancier.",
    "Te weinig mensen op de zaak.",
)
MOVE_NOTES = (
    "Een dag later: de halve ploeg stond op de bouw in {place}.",
    "Verplaatst vanwege een spoedklus.",
    "Een dag later, omdat de vergaderruimte bezet was door de audit.",
    "Verplaatst: training warmtepompen bij de leverancier.",
)
MOVE_PLACES = ("Zwolle", "Amersfoort", "Apeldoorn", "Deventer", "Utrecht")


# --- Holidays --------------------------------------------------------------------------------------


def dutch_holidays(years) -> dict[date, str]:
    """The public holidays most Dutch installers are closed on."""
    found = {}
    for year in years:
        easter_sunday = easter(year)
        kings_day = date(year, 4, 27)
        if kings_day.weekday() == 6:  # on a Sunday it is celebrated the day before
            kings_day -= timedelta(days=1)
        found.update({
            date(year, 1, 1): "Nieuwjaarsdag",
            easter_sunday + timedelta(days=1): "Tweede Paasdag",
            kings_day: "Koningsdag",
            easter_sunday + timedelta(days=39): "Hemelvaartsdag",
            easter_sunday + timedelta(days=50): "Tweede Pinksterdag",
            date(year, 12, 25): "Eerste Kerstdag",
            date(year, 12, 26): "Tweede Kerstdag",
        })
        if year % 5 == 0:
            found[date(year, 5, 5)] = "Bevrijdingsdag"
    return found


def day_off(day: date, kind: str, holidays: dict[date, str]) -> str:
    """Why the team does not work that day ("" when it does)."""
    if day in holidays:
        return holidays[day]
    if (day.month, day.day) >= (12, 27) or (day.month, day.day) <= (1, 2):
        return "Kerstvakantie"
    week = day.isocalendar().week
    if kind in (SERVICE, PROJECTS) and 30 <= week <= 32:
        return "Bouwvak"
    return ""


def next_working_day(day: date, kind: str, holidays: dict[date, str]) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5 or day_off(day, kind, holidays):
        day += timedelta(days=1)
    return day


# --- The part -------------------------------------------------------------------------------------


@dataclass
class TeamPlan:
    team: Team
    kind: str
    lead: Person | None
    members: list[Person]
    # (plan, slot index or None to draw one, days since adopting)
    practices: list[tuple[Plan, int | None, int]] = field(default_factory=list)
    held_rate: float = 0.88


def add_way_of_learning(context: DemoContext) -> None:
    with translation.override("nl"):  # learning events and rhythms in words read in the demo's language
        _add_way_of_learning(context)


def _add_way_of_learning(context: DemoContext) -> None:
    organisation, rng, now = context.organisation, context.rng, context.now
    practices_ensure_catalogue(organisation)
    catalogue = {p.key: p for p in Practice.objects.exclude(key="").filter(is_active=True)}
    logins = {login.key: email for login, email in demo_logins(organisation)}
    people = {p.user.email: p for p in Person.objects.filter(user__email__in=logins.values()).select_related("user")}
    ld_admin = people.get(logins["ld_admin"]) or Person.objects.filter(role=Role.LD_ADMIN).order_by("pk").first()
    member_login = people.get(logins["member"])
    if ld_admin is not None:
        way_of_learning_update(organisation=organisation, vision=VISION, updated_by=ld_admin)

    history = _History(now)
    plans = _team_plans(context)
    adopted = _adopt(context, history, catalogue, plans, ld_admin, member_login)
    rhythms = {}
    for adoption, plan, slot, when, team_plan in adopted:
        if has_part_handler(adoption.practice.part):
            continue  # its part runs it (a series of its own there), not a rhythm here
        rhythm = _set_rhythm(rng, adoption, plan, slot, when, team_plan, now)
        rhythms[rhythm.pk] = (adoption, team_plan)
    occurrences = _live_the_year(context, history, rhythms)
    proposals = _proposals(context, history, catalogue, plans, ld_admin)
    history.write()
    context.log(
        f"  the learning vision, {len(adopted):,} adopted practices in {len(plans):,} teams, "
        f"{occurrences:,} occurrences ({history.held_count:,} held, {history.skipped_count:,} skipped, "
        f"{history.moved_count:,} moved), {proposals} proposals"
    )


def _team_plans(context: DemoContext) -> list[TeamPlan]:
    """Which teams practise what: the named teams as in NAMED_TEAMS, every other team 2-4 fitting practices."""
    rng = context.rng
    teams = list(Team.objects.filter(parent__isnull=False).select_related("parent").order_by("pk"))
    members: dict[int, list[Person]] = defaultdict(list)
    leads: dict[int, Person] = {}
    for membership in (
        TeamMembership.objects.filter(team__in=teams, person__is_active=True)
        .select_related("person")
        .order_by("person__joined_at", "pk")
    ):
        members[membership.team_id].append(membership.person)
        if membership.role == TeamRole.LEAD:
            leads.setdefault(membership.team_id, membership.person)
    plans = []
    for team in teams:
        department = team.parent.name if team.parent_id else team.name
        kind = DEPARTMENT_KIND.get(department, OFFICE)
        team_plan = TeamPlan(team=team, kind=kind, lead=leads.get(team.pk), members=members.get(team.pk, []),
                             held_rate=rng.uniform(0.84, 0.97))
        if not team_plan.members:
            continue
        if team.name in NAMED_TEAMS:
            team_plan.practices = list(NAMED_TEAMS[team.name])
        else:
            extras = [plan for plan in EXTRAS[kind] if plan not in ANCHORS[kind]]
            chosen = [*ANCHORS[kind], *rng.sample(extras, rng.choice((0, 1, 1, 2)))]
            # Most took their practices up about a year ago; some later in the year.
            team_plan.practices = [
                (plan, None, 365 if index == 0 or rng.random() < 0.6 else rng.randint(60, 330))
                for index, plan in enumerate(chosen)
            ]
        if team.name == ACCEPTED[0]:
            team_plan.practices = [p for p in team_plan.practices if p[0] is not ACCEPTED[1]]
            team_plan.practices.append((ACCEPTED[1], 0, ACCEPTED[2]))
        plans.append(team_plan)
    return plans


def _owner(rng, plan: Plan, team_plan: TeamPlan, member_login: Person | None) -> Person:
    people = team_plan.members
    if plan is NEWCOMER_BUDDY and team_plan.team.name == LEAD_TEAM and member_login in people:
        return member_login  # the demo member is the newcomers' buddy in the demo lead's team
    if plan.owner == "lead" and team_plan.lead is not None:
        return team_plan.lead
    others = [p for p in people if p != team_plan.lead] or people
    if plan.owner == "senior":
        return rng.choice(others[: max(1, len(others) // 3)])  # ordered by joining: the first third
    return rng.choice(others)


def _working_moment(moment: datetime, rng) -> datetime:
    local = timezone.localtime(moment)
    while local.weekday() >= 5:
        local -= timedelta(days=1)
    return local.replace(hour=rng.randint(8, 16), minute=rng.choice((0, 15, 30, 45)), second=0, microsecond=0)


def _accepted_proposal(history, practice, team_plan, owner, purpose, ld_admin, when) -> Adoption:
    proposed = practice_propose(practice=practice, teams=[team_plan.team], proposed_by=ld_admin,
                                note="Andere serviceteams hebben er goede ervaringen mee. Proberen jullie het "
                                     "een paar maanden?")
    history.notifications(when, read=True)
    [adoption] = proposed.adoptions
    adopted = proposal_accept(adoption=adoption, owner=owner, purpose=purpose,
                              accepted_by=team_plan.lead or owner).adoption
    history.notifications(when + timedelta(days=6), read=True)
    history.created(adopted, when)
    return adopted


def _set_rhythm(rng, adoption, plan: Plan, slot: Slot, when: datetime, team_plan: TeamPlan, now) -> Rhythm:
    """The rhythm as the lead set it right after adopting, then planned 13 months ahead from today."""
    start_day = timezone.localtime(when).date() + timedelta(days=1)
    dates = ()
    if slot.cadence == Cadence.DATES:
        dates = tuple(_project_dates(rng, start_day, timezone.localtime(now).date(), slot.at, team_plan.kind))
        starts_at = dates[0]
    else:
        starts_at = datetime.combine(start_day, slot.at)
    change = rhythm_set(
        adoption=adoption, by=team_plan.lead or adoption.owner, cadence=slot.cadence, starts_at=starts_at,
        duration_minutes=plan.minutes or adoption.practice.duration_minutes or 30, weekdays=slot.weekdays,
        week_of_month=slot.week_of_month, month_day=slot.month_day, dates=dates,
        meeting=slot.meeting, location=slot.location, now=when,
    )
    occurrences_generate(change.rhythm, now=now)
    return change.rhythm


def _project_dates(rng, first: date, today: date, at: time, kind: str) -> list[datetime]:
    """A project evaluation after each delivery: every five to nine weeks, on a Thursday or Friday."""
    holidays = dutch_holidays(range(first.year, today.year + 2))
    found = []
    day = first + timedelta(weeks=rng.randint(3, 6))
    while day < today + timedelta(weeks=10):
        day += timedelta(days=(rng.choice((THURSDAY, FRIDAY)) - day.weekday()) % 7)
        if day_off(day, kind, holidays):
            day = next_working_day(day, kind, holidays)
        found.append(datetime.combine(day, at))
        day += timedelta(weeks=rng.randint(5, 9))
    return found


class _History:
    """Sets the moments the services stamped "now" back to when they happened in the demo's year."""

    def __init__(self, now: datetime):
        self.now = now
        self.adoption_times: dict[int, dict[str, datetime]] = defaultdict(dict)
        # minutes between the end of a held time and its marking -> those times
        self.held_after: dict[int, list[int]] = defaultdict(list)
        self.held_count = self.skipped_count = self.moved_count = 0
        self.notification_times: list[tuple[int, int, datetime, bool]] = []
        self.last_notification = self._newest_notification()

    @staticmethod
    def _newest_notification() -> int:
        return Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def adoption(self, adoption: Adoption, **moments: datetime) -> None:
        self.adoption_times[adoption.pk].update(moments)

    def held(self, occurrence: Occurrence, minutes_after: int) -> None:
        self.held_after[minutes_after].append(occurrence.pk)

    def notifications(self, when: datetime, *, read: bool) -> None:
        """The notifications the services sent since the last call were sent at `when` (and e-mailed then)."""
        newest = self._newest_notification()
        if newest > self.last_notification:
            self.notification_times.append((self.last_notification, newest, when, read))
            self.last_notification = newest

    def write(self) -> None:
        rows = list(Adoption.objects.filter(pk__in=self.adoption_times))
        for row in rows:
            for name, value in self.adoption_times[row.pk].items():
                setattr(row, name, value)
        Adoption.objects.bulk_update(rows, ["created_at", "adopted_at", "ended_at"], batch_size=BATCH)
        # One update per delay and batch (tens of thousands of times on the large demo), not one per row.
        for minutes, pks in self.held_after.items():
            marked = F("end") + timedelta(minutes=minutes)
            for batch in batched(pks, BATCH):
                Occurrence.objects.filter(pk__in=batch, status=OccurrenceStatus.HELD).update(
                    held_at=marked, updated_at=marked)
        # Today's times cannot have been marked later than now.
        Occurrence.objects.filter(held_at__gt=self.now).update(held_at=self.now, updated_at=self.now)
        for after, upto, when, read in self.notification_times:
            # Marked as e-mailed then, so that no mail about the demo's history goes out now.
            Notification.objects.filter(pk__gt=after, pk__lte=upto, kind__in=[PROPOSED_KIND, ANSWERED_KIND]).update(
                created_at=when, emailed_at=when, read_at=when + timedelta(hours=3) if read else None)


def _adopt(context, history, catalogue, plans, ld_admin, member_login) -> list[tuple]:
    """Every team adopts its practices (one through an accepted proposal of the L&D admin)."""
    rng, now = context.rng, context.now
    taken = set(
        Adoption.objects.filter(status__in=[AdoptionStatus.PROPOSED, AdoptionStatus.ACTIVE])
        .values_list("team_id", "practice__key")
    )
    accepted_team, accepted_plan, accepted_days = ACCEPTED
    adopted = []
    for team_plan in plans:
        for plan, slot_index, days in team_plan.practices:
            practice = catalogue.get(plan.key)
            if practice is None or (team_plan.team.pk, plan.key) in taken:
                continue
            slot = plan.slots[slot_index if slot_index is not None else rng.randrange(len(plan.slots))]
            owner = _owner(rng, plan, team_plan, member_login)
            when = _working_moment(now - timedelta(days=days), rng)
            purpose = rng.choice(plan.purposes)
            lead = team_plan.lead or owner
            if team_plan.team.name == accepted_team and plan is accepted_plan and ld_admin is not None:
                proposed = practice_propose(
                    practice=practice, teams=[team_plan.team], proposed_by=ld_admin,
                    note="Andere serviceteams hebben er goede ervaringen mee. Proberen jullie het een paar maanden?")
                history.notifications(when - timedelta(days=6), read=True)
                adoption = proposal_accept(adoption=proposed.adoptions[0], owner=owner, purpose=purpose,
                                           accepted_by=lead).adoption
                history.notifications(when, read=True)
                history.adoption(adoption, created_at=when - timedelta(days=6), adopted_at=when)
            else:
                adoption = adoption_create(team=team_plan.team, practice=practice, owner=owner, purpose=purpose,
                                           adopted_by=lead).adoption
                history.adoption(adoption, created_at=when, adopted_at=when)
            taken.add((team_plan.team.pk, plan.key))
            adopted.append((adoption, plan, slot, when, team_plan))
    return adopted


def _move(occ: Occurrence, by: Person, local_start: datetime, tz, note: str) -> Occurrence:
    start = recurrence.local_to_aware(local_start, tz)
    return occurrence_move(occ, by=by, start=start, end=start + (occ.end - occ.start), note=note)


def _skip_note(reason: str) -> str:
    if reason == "Bouwvak":
        return "Bouwvak: het hele team is vrij."
    if reason == "Kerstvakantie":
        return "Kerstvakantie."
    return f"Vrij: {reason}."


def _live_the_year(context: DemoContext, history: _History, rhythms: dict) -> int:
    """Hold, skip and move the past year's occurrences, and plan around the coming weeks' holidays."""
    rng, now = context.rng, context.now
    local_now = timezone.localtime(now)
    holidays = dutch_holidays(range(local_now.year - 2, local_now.year + 2))
    by_rhythm: dict[int, list[Occurrence]] = defaultdict(list)
    for occurrence in (
        Occurrence.objects.filter(rhythm_id__in=rhythms, start__lt=now + PLANNED_AROUND)
        .exclude(status=OccurrenceStatus.CANCELLED)
        .select_related("rhythm")
        .order_by("rhythm_id", "start")
    ):
        by_rhythm[occurrence.rhythm_id].append(occurrence)

    to_hold: dict[int, list[Occurrence]] = defaultdict(list)
    owners: dict[int, Person] = {}
    for rhythm_id, times in by_rhythm.items():
        adoption, team_plan = rhythms[rhythm_id]
        rhythm = times[0].rhythm
        owner = adoption.owner or team_plan.lead
        owners[owner.pk] = owner
        tz = recurrence.zone(rhythm.time_zone)
        weekly = rhythm.rrule.startswith("FREQ=WEEKLY") and "INTERVAL=2" not in rhythm.rrule

        def day_of(occ, tz=tz):
            return recurrence.aware_to_local(occ.start, tz).date()

        ordinary = [o.pk for o in times if o.start < now - RECENT and not day_off(day_of(o), team_plan.kind, holidays)]
        moves = set(rng.sample(ordinary, min(len(ordinary), rng.choice((0, 1, 1, 2)))))
        for occ in times:
            local = recurrence.aware_to_local(occ.start, tz)
            reason = day_off(local.date(), team_plan.kind, holidays)
            if reason and (weekly or reason in ("Bouwvak", "Kerstvakantie")):
                occurrence_skip(occ, by=owner, note=_skip_note(reason))
                history.skipped_count += 1
                continue
            if reason:  # a holiday: the monthly or fortnightly time moves to the next working day
                day = next_working_day(local.date(), team_plan.kind, holidays)
                occ = _move(occ, owner, datetime.combine(day, local.time()), tz, f"Verplaatst vanwege {reason}.")
                history.moved_count += 1
            elif occ.pk in moves:
                note = rng.choice(MOVE_NOTES).format(place=rng.choice(MOVE_PLACES))
                occ = _move(occ, owner, local + timedelta(days=1), tz, note)
                history.moved_count += 1
            if occ.start >= now:
                continue
            if occ.start >= now - RECENT:
                if rng.random() < 0.5:  # the rest the lead has not marked yet
                    to_hold[owner.pk].append(occ)
                continue
            draw = rng.random()
            if draw < team_plan.held_rate:
                to_hold[owner.pk].append(occ)
            elif draw < team_plan.held_rate + (1 - team_plan.held_rate) * 0.7:
                occurrence_skip(occ, by=owner, note=rng.choice(SKIP_NOTES))
                history.skipped_count += 1
            # else nobody marked it: it counts as not held

    for owner_pk, times in to_hold.items():
        history.held_count += occurrences_mark_held_many(times, by=owners[owner_pk], now=now)
        for occ in times:
            # Marked soon after, or the next day when the lead caught up.
            history.held(occ, rng.choice((5, 15, 30, 60, 120, 60 * 24)))
    return Occurrence.objects.filter(rhythm_id__in=rhythms).count()


def _proposals(context, history, catalogue, plans, ld_admin) -> int:
    """The L&D admin's proposals: one declined a few months ago, and a few still open."""
    if ld_admin is None:
        return 0
    now = context.now
    by_name = {team_plan.team.name: team_plan for team_plan in plans}
    made = 0
    team_name, key, days, reason = DECLINED
    team_plan, practice = by_name.get(team_name), catalogue.get(key)
    if team_plan is not None and practice is not None and team_plan.lead is not None:
        when = _working_moment(now - timedelta(days=days), context.rng)
        proposed = practice_propose(practice=practice, teams=[team_plan.team], proposed_by=ld_admin,
                                    note="Een kwartiertje bijpraten met een collega van een ander team, online.")
        history.notifications(when, read=True)
        for adoption in proposed.adoptions:
            proposal_decline(adoption=adoption, reason=reason, declined_by=team_plan.lead)
            history.adoption(adoption, created_at=when, ended_at=when + timedelta(days=2))
            made += 1
        history.notifications(when + timedelta(days=2), read=True)
    for key, team_names, days, note in PROPOSALS:
        practice = catalogue.get(key)
        teams = [by_name[name].team for name in team_names if name in by_name]
        if practice is None or not teams:
            continue
        when = _working_moment(now - timedelta(days=days), context.rng)
        proposed = practice_propose(practice=practice, teams=teams, proposed_by=ld_admin, note=note)
        history.notifications(when, read=False)
        for adoption in proposed.adoptions:
            history.adoption(adoption, created_at=when)
            made += 1
    return made


register_demo_part(DemoDataPart(
    "practices.way", add_way_of_learning, after=("orgs.teams", "people.people", "people.profiles"),
))
