"""This part's registrations with the shared demo seam: the skills taxonomy, the people and their profiles
with a year of history, and a few notifications for the demo logins.

Everything is drawn from the seeded random source the demo command hands each part, so the same size
gives the same organisation every time. Large sizes are written with bulk_create in batches, and the
one password (of the four demo logins) is hashed once: hashing is deliberately slow.
"""

import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.urls import reverse
from django.utils import timezone

from leerritme.learning.models import LearningKind, Visibility
from leerritme.learning.services import learning_events_record_many
from leerritme.lib.demo import DemoContext, DemoDataPart, register_demo_part
from leerritme.notifications.models import Notification
from leerritme.notifications.services import notify
from leerritme.orgs.demo import DEPARTMENTS
from leerritme.orgs.models import Person, Role, Team, TeamMembership, TeamRole
from leerritme.people.models import PersonSkill, Skill

# Printed by `leerritme demo --logins`: a demo's password, not a secret.
DEMO_PASSWORD = "leerritme-demo"  # nosec B105
BATCH = 1000
# Kinds this part's notifications use (registered in people/kinds.py).
ADDED_TO_TEAM = "people.added_to_team"
INVITATION_ACCEPTED = "people.invitation_accepted"


# --- The skills taxonomy --------------------------------------------------------------------------

SERVICE, PROJECTS, OFFICE, EVERYONE, LEADS = "service", "projects", "office", "everyone", "leads"
DEPARTMENT_KIND = {"Service & Onderhoud": SERVICE, "Projecten": PROJECTS, "Bedrijfsbureau": OFFICE}

# category -> [(name, description, who it suits)]
SKILLS = {
    "Vakmanschap": [
        (
            "Warmtepompen installeren",
            "Lucht/water- en bodemwarmtepompen plaatsen, aansluiten en inregelen.",
            {SERVICE, PROJECTS},
        ),
        ("Cv-ketels onderhouden", "Periodiek onderhoud, afstellen en rookgasmeting.", {SERVICE}),
        ("Storingen analyseren", "Systematisch zoeken naar de oorzaak van een storing.", {SERVICE}),
        (
            "Elektrotechniek (NEN 1010)",
            "Elektrische installaties aanleggen volgens NEN 1010.",
            {SERVICE, PROJECTS},
        ),
        (
            "Koudetechniek (F-gassen)",
            "Werken aan koel- en klimaatinstallaties met F-gassencertificaat.",
            {SERVICE, PROJECTS},
        ),
        ("Zonnepanelen monteren", "Panelen, omvormers en bekabeling veilig installeren.", {PROJECTS}),
        (
            "Ventilatie en luchtbehandeling",
            "Ventilatiesystemen met warmteterugwinning plaatsen en inregelen.",
            {SERVICE, PROJECTS},
        ),
        (
            "Leidingwerk solderen en persen",
            "Koper, staal en kunststof leidingwerk verbinden.",
            {PROJECTS, SERVICE},
        ),
    ],
    "Veiligheid": [
        (
            "Veiligheid (VCA)",
            "Veilig werken volgens VCA: risico's herkennen en voorkomen.",
            {SERVICE, PROJECTS},
        ),
        ("Werken op hoogte", "Steigers, hoogwerkers en valbeveiliging.", {PROJECTS}),
        (
            "NEN 3140 (veilig werken aan installaties)",
            "Veilig werken aan en in de nabijheid van elektrische installaties.",
            {SERVICE, PROJECTS},
        ),
        ("BHV", "Bedrijfshulpverlening: eerste hulp, brand en ontruiming.", {EVERYONE}),
    ],
    "Klant en communicatie": [
        ("Klantgesprekken voeren", "Luisteren, uitleggen en afspraken maken met klanten.", {SERVICE, OFFICE}),
        (
            "Adviseren over energiebesparing",
            "Klanten helpen kiezen: isoleren, warmtepomp, zonnepanelen.",
            {SERVICE, OFFICE},
        ),
        ("Klachten afhandelen", "Een klacht omzetten in een tevreden klant.", {OFFICE, SERVICE}),
        ("Offertes toelichten", "Een offerte begrijpelijk uitleggen en bespreken.", {OFFICE}),
    ],
    "Plannen en organiseren": [
        ("Projectplanning", "Werk in fasen plannen en bijsturen met de uitvoering.", {PROJECTS, OFFICE}),
        (
            "Werkvoorbereiding",
            "Tekeningen, materiaalstaten en werkinstructies klaarzetten.",
            {OFFICE, PROJECTS},
        ),
        ("Calculeren", "Kosten en uren van een klus of project begroten.", {OFFICE}),
        ("Materiaallogistiek", "Het juiste materiaal op tijd op de bouw of in de bus.", {PROJECTS, OFFICE}),
    ],
    "Digitaal": [
        ("Excel", "Lijsten, formules en draaitabellen.", {OFFICE, EVERYONE}),
        ("BIM en Revit", "Installaties tekenen en afstemmen in het bouwmodel.", {OFFICE, PROJECTS}),
        (
            "Regeltechniek en domotica",
            "Thermostaten, regelingen en slimme installaties programmeren.",
            {SERVICE, PROJECTS},
        ),
        (
            "Werkbon-app en planningssoftware",
            "Digitale werkbonnen, planning en urenregistratie.",
            {SERVICE, OFFICE},
        ),
        (
            "Veilig online werken",
            "Phishing herkennen, wachtwoorden en gegevens van klanten beschermen.",
            {EVERYONE},
        ),
    ],
    "Samenwerken en leren": [
        ("Feedback geven", "Open en concreet feedback geven en vragen.", {EVERYONE}),
        ("Nieuwe collega's inwerken", "Een nieuwe collega wegwijs maken en laten meelopen.", {EVERYONE}),
        ("Instructie geven aan collega's", "Een korte uitleg of toolbox geven op de werkplek.", {EVERYONE}),
        ("Reflecteren op je werk", "Terugkijken op een klus: wat ging goed, wat kan beter?", {EVERYONE}),
        ("Leidinggeven aan een team", "Het team laten groeien, werk verdelen en knopen doorhakken.", {LEADS}),
    ],
}

LEVEL_NAMES = {1: "beginner", 2: "geoefend", 3: "bekwaam", 4: "expert"}

NOTES_HAVE = [
    "Vraag me gerust mee op een klus.",
    "Kan hier een korte toolbox over geven.",
    "Cursus gevolgd in het voorjaar, nu vooral veel oefenen in de praktijk.",
    "Heb het certificaat, maar nog weinig ervaring op de bouw.",
    "Help graag bij lastige gevallen, bel of app me.",
    "Doe dit al jaren, vooral bij oudere installaties.",
    "Leer het graag aan iemand die net begint.",
]
NOTES_WANT = [
    "Wil graag een keer meelopen met een ervaren collega.",
    "Zoek iemand die me op weg helpt.",
    "Staat in mijn ontwikkelplan voor dit jaar.",
    "Zou graag een duo-klus doen om dit te leren.",
    "Liefst in de praktijk, niet uit een boek.",
]


def add_skills(context: DemoContext) -> None:
    existing = set(Skill.objects.values_list("name", flat=True))
    new = [
        Skill(organisation=context.organisation, name=name, category=category, description=description)
        for category, skills in SKILLS.items()
        for name, description, _suits in skills
        if name not in existing
    ]
    Skill.objects.bulk_create(new)
    context.log(f"  {len(new)} skills in {len(SKILLS)} categories")


# --- People -----------------------------------------------------------------------------------------

_FIRST_NAMES_TEXT = """
Daan Sem Lucas Levi Finn Luuk Milan Bram Thijs Jesse Ruben Tim Lars Stijn Niels Koen Jeroen Bas
Sander Mark Dennis Martijn Erik Peter Jan Kees Henk Gerrit Wim Johan Rob Frank Marco Patrick Joost
Wouter Roel Mohamed Youssef Mehmet Ayoub Rachid Emre Kevin Robin Jasper Tom Rik Vincent Hans Arjan
Edwin Ronald Michiel Pieter Hidde Gijs Teun Joris Maarten Stefan Ricardo Dirk Sjoerd Wesley Anton
Emma Julia Sophie Anna Lotte Sanne Fleur Lisa Eva Iris Femke Noor Anouk Marieke Linda Saskia Esther
Ingrid Monique Petra Karin Els Annemiek Marloes Yvonne Wendy Nadia Fatima Samira Ilse Mirjam Judith
Inge Nicole Hanneke Romy Lieke Demi Tessa Kim Charlotte Merel Jolien Naomi Maud Floor Roos Sara
Zeynep Priya Chloë Noël
"""
FIRST_NAMES = _FIRST_NAMES_TEXT.split()


def _split_surname(name: str) -> tuple[str, str]:
    """("van der", "Meer") from "van der Meer": the tussenvoegsel is the lowercase words in front."""
    words = name.split()
    cut = 0
    while cut < len(words) - 1 and (words[cut].islower() or words[cut].startswith("'")):
        cut += 1
    return " ".join(words[:cut]), " ".join(words[cut:])


SURNAMES = [
    _split_surname(name)
    for name in """
Jansen, de Jong, de Vries, van den Berg, van Dijk, Bakker, Janssen, Visser, Smit, Meijer, de Boer,
Mulder, de Groot, Bos, Vos, Peters, Hendriks, van Leeuwen, Dekker, Brouwer, de Wit, Dijkstra,
Smits, de Graaf, van der Meer, van der Linden, Kok, Jacobs, de Haan, Vermeulen, van den Heuvel,
van der Veen, van den Broek, de Bruijn, van der Heijden, Schouten, van Beek, Willems, van Vliet,
van de Ven, Hoekstra, Maas, Verhoeven, Koster, van Dam, van der Wal, Prins, Blom, Huisman, Peeters,
de Jonge, Kuipers, van Veen, Post, Kuiper, Veenstra, Kramer, van den Brink, Scholten, van Wijk,
Postma, Martens, Vink, de Ruiter, Timmermans, Groen, Gerritsen, Jonker, van Loon, van der Velde,
Willemsen, Smeets, de Lange, de Vos, Bosch, van Dongen, Schipper, de Koning, van der Laan,
Driessen, van Doorn, Hermans, Evers, van den Bosch, van der Meulen, Hofman, Bosman, Wouters,
Sanders, van der Horst, Mol, Kuijpers, Molenaar, van de Pol, de Leeuw, Verbeek, ter Horst,
op de Beek, in 't Veld, van 't Hof, El Amrani, Yılmaz, Öztürk, Ramdin, Tahiri, Bouzid, Nguyen,
Wiersma, Zwart, Kaya, Şahin, Boukhari
""".replace("\n", " ").split(", ")
]

JOB_TITLES = {
    SERVICE: [
        "Servicemonteur",
        "Servicemonteur",
        "Eerste monteur",
        "Storingsmonteur",
        "Leerling-monteur",
        "Monteur koudetechniek",
        "Monteur elektrotechniek",
    ],
    PROJECTS: [
        "Projectmonteur",
        "Projectmonteur",
        "Eerste monteur",
        "Leerling-monteur",
        "Uitvoerder",
        "Werkplaatsmedewerker",
        "Prefab-monteur",
        "Monteur zonnestroom",
    ],
    OFFICE: [
        "Werkvoorbereider",
        "Calculator",
        "Planner",
        "Klantenservicemedewerker",
        "Engineer",
        "BIM-tekenaar",
        "Administratief medewerker",
        "Inkoper",
    ],
}
LEAD_TITLES = {SERVICE: "Teamleider service", PROJECTS: "Projectleider", OFFICE: "Teamleider bedrijfsbureau"}
MANAGER_TITLES = {
    "Service & Onderhoud": "Manager Service & Onderhoud",
    "Projecten": "Manager Projecten",
    "Bedrijfsbureau": "Hoofd Bedrijfsbureau",
}
ABOUT = [
    "Begonnen als leerling in de werkplaats, inmiddels {years} jaar in dienst.",
    "Werk graag samen met nieuwe collega's; vraag gerust hoe iets zit.",
    "Na de mbo-opleiding Installatietechniek hier gestart.",
    "Overgestapt uit de bouw, nu {years} jaar bij Van der Linden.",
    "Fietst elke dag naar het werk, ook in de winter.",
    "Ik leer het meest door mee te kijken bij collega's.",
]


@dataclass(frozen=True)
class DemoLogin:
    key: str
    email_local: str
    name: str
    role: str
    role_label: str  # shown by `leerritme demo --logins`, in English like the operator's command
    job_title: str
    team: str | None
    team_role: str = TeamRole.MEMBER
    joined_years_ago: float = 5


LOGINS = [
    DemoLogin(
        "owner",
        "eigenaar",
        "Marieke van der Linden",
        Role.OWNER,
        "Owner",
        "Directeur",
        "Bedrijfsbureau",
        joined_years_ago=21,
    ),
    DemoLogin(
        "ld_admin",
        "leerregisseur",
        "Sanne de Groot",
        Role.LD_ADMIN,
        "L&D admin",
        "Leerregisseur",
        "Bedrijfsbureau",
        joined_years_ago=4,
    ),
    DemoLogin(
        "team_lead",
        "teamleider",
        "Kees Bakker",
        Role.MEMBER,
        "Team lead",
        "Teamleider service",
        "Servicemonteurs Noord",
        TeamRole.LEAD,
        joined_years_ago=14,
    ),
    DemoLogin(
        "member",
        "medewerker",
        "Jesse van Dam",
        Role.MEMBER,
        "Member",
        "Servicemonteur",
        "Servicemonteurs Noord",
        joined_years_ago=2,
    ),
]
# The demo logins' own profiles: skill -> (level, can teach, wants to learn, note).
LOGIN_SKILLS = {
    "owner": {
        "Leidinggeven aan een team": (4, True, False, ""),
        "Klantgesprekken voeren": (4, True, False, "Vraag me mee naar een lastig klantgesprek."),
        "Calculeren": (3, False, False, ""),
        "Feedback geven": (3, False, True, "Wil beter worden in feedback vragen aan het team."),
        "BIM en Revit": (None, False, True, ""),
    },
    "ld_admin": {
        "Feedback geven": (4, True, False, ""),
        "Nieuwe collega's inwerken": (4, True, False, "Ik help teams graag met een inwerkplan."),
        "Instructie geven aan collega's": (3, True, False, ""),
        "Excel": (3, False, False, ""),
        "Warmtepompen installeren": (1, False, True, "Om het werk van onze monteurs beter te begrijpen."),
    },
    "team_lead": {
        "Cv-ketels onderhouden": (4, True, False, "Doe dit al 25 jaar, vooral oudere ketels."),
        "Storingen analyseren": (4, True, False, ""),
        "Veiligheid (VCA)": (3, False, False, ""),
        "Leidinggeven aan een team": (2, False, True, "Twee jaar teamleider; leer graag van andere leiders."),
        "Feedback geven": (2, False, True, ""),
    },
    "member": {
        "Cv-ketels onderhouden": (2, False, False, ""),
        "Veiligheid (VCA)": (2, False, False, ""),
        "Werkbon-app en planningssoftware": (4, True, False, "Handig met de app; ik laat het je graag zien."),
        "Warmtepompen installeren": (1, False, True, "Wil graag meelopen bij een warmtepomp-installatie."),
        "Storingen analyseren": (None, False, True, ""),
    },
}
# The member login also helps out in the prefab workshop, a second team.
MEMBER_SECOND_TEAM = "Werkplaats & Prefab"


def demo_email_domain(organisation) -> str:
    """Demo addresses per organisation, so a second demo organisation (--org) never collides."""
    return "demo.leerritme.nl" if organisation.slug == "demo" else f"{organisation.slug}.demo.leerritme.nl"


def demo_logins(organisation) -> list[tuple[DemoLogin, str]]:
    domain = demo_email_domain(organisation)
    return [(login, f"{login.email_local}@{domain}") for login in LOGINS]


def _ascii(text: str) -> str:
    normalised = unicodedata.normalize("NFKD", text.replace("ı", "i"))
    return "".join(c for c in normalised if c.isascii() and c.isalnum()).lower()


def _full_name(first: str, prefix: str, surname: str) -> str:
    return " ".join(part for part in (first, prefix, surname) if part)


class _Clock:
    """Times in the past within working hours, in the installation's time zone."""

    def __init__(self, context: DemoContext):
        self.now = timezone.localtime(context.now)
        self.rng = context.rng

    def years_ago(self, years: float) -> datetime:
        moment = self.now - timedelta(days=years * 365.25)
        return self.working_hours(moment)

    def working_hours(self, moment: datetime) -> datetime:
        while moment.weekday() >= 5:
            moment -= timedelta(days=1)
        return moment.replace(
            hour=self.rng.randint(7, 16), minute=self.rng.choice((0, 15, 30, 45)), second=0, microsecond=0
        )

    def between(self, start: datetime, end: datetime | None = None) -> datetime:
        end = end or self.now
        start = max(start, self.now - timedelta(days=365))
        if end <= start:
            return end
        moment = start + (end - start) * self.rng.random()
        moment = self.working_hours(moment)
        return min(max(moment, start), end)


def add_people(context: DemoContext) -> None:
    organisation, rng = context.organisation, context.rng
    clock = _Clock(context)
    User = get_user_model()
    domain = demo_email_domain(organisation)

    departments = {team.name: team for team in Team.objects.filter(parent__isnull=True, name__in=DEPARTMENTS)}
    teams = list(Team.objects.filter(parent__isnull=False).select_related("parent").order_by("pk"))
    if not departments or not teams:
        raise RuntimeError("The demo's teams are missing: the orgs.teams part must run first.")
    kind_of = {team.pk: DEPARTMENT_KIND.get(team.parent.name, OFFICE) for team in teams}
    by_name = {team.name: team for team in [*departments.values(), *teams]}

    login_hash = make_password(DEMO_PASSWORD)
    no_password = make_password(None)  # unusable; computing it once is enough for everyone else
    taken_emails = {
        email.lower()
        for email in User.objects.filter(email__iendswith="@" + domain).values_list("email", flat=True)
    }
    used_names: set[str] = set()

    planned: list[dict] = []  # one per person: user fields, person fields, memberships

    def plan(name, email, role, job_title, years, memberships, password=no_password, login_key=""):
        joined = clock.years_ago(years)
        planned.append(
            {
                "user": User(
                    email=email,
                    name=name,
                    password=password,
                    language="en" if rng.random() < 0.04 else "nl",
                    date_joined=joined,
                    last_organisation_slug=organisation.slug,
                ),
                "person": Person(
                    organisation=organisation,
                    role=role,
                    job_title=job_title,
                    joined_at=joined,
                    about=_about(rng, years),
                ),
                "memberships": memberships,
                "login": login_key,
            }
        )

    for login, email in demo_logins(organisation):
        used_names.add(login.name)
        memberships = [(by_name[login.team], login.team_role)] if login.team else []
        if login.key == "member":
            memberships.append((by_name[MEMBER_SECOND_TEAM], TeamRole.MEMBER))
        plan(
            login.name,
            email,
            login.role,
            login.job_title,
            login.joined_years_ago,
            memberships,
            password=login_hash,
            login_key=login.key,
        )
        taken_emails.add(email)
        planned[-1]["user"].language = "nl"

    def new_name_and_email():
        for _attempt in range(20):
            first, (prefix, surname) = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            name = _full_name(first, prefix, surname)
            if name not in used_names:
                break
        used_names.add(name)
        local = f"{_ascii(first)}.{_ascii(prefix + surname)}"
        email, number = f"{local}@{domain}", 1
        while email in taken_emails:
            number += 1
            email = f"{local}{number}@{domain}"
        taken_emails.add(email)
        return name, email

    def tenure() -> float:
        # Most colleagues stay years; a steady trickle of newcomers joined in the last year.
        return max(0.01, rng.random()) if rng.random() < 0.1 else min(35.0, 1 + rng.expovariate(1 / 7))

    # The second L&D admin, and a manager leading each department.
    name, email = new_name_and_email()
    plan(
        name,
        email,
        Role.LD_ADMIN,
        "Opleidingsadviseur",
        8,
        [(departments["Bedrijfsbureau"], TeamRole.MEMBER)],
    )
    for department_name, department in departments.items():
        name, email = new_name_and_email()
        plan(
            name,
            email,
            Role.MEMBER,
            MANAGER_TITLES[department_name],
            10 + rng.random() * 15,
            [(department, TeamRole.LEAD)],
        )
    # A lead for every team that has none yet (the team lead login leads one of them).
    led = {login.team for login in LOGINS if login.team_role == TeamRole.LEAD}
    for team in teams:
        if team.name in led:
            continue
        name, email = new_name_and_email()
        plan(
            name,
            email,
            Role.MEMBER,
            LEAD_TITLES[kind_of[team.pk]],
            4 + rng.random() * 20,
            [(team, TeamRole.LEAD)],
        )
    # Everyone else, spread over the teams.
    remaining = max(0, context.people - len(planned))
    for index in range(remaining):
        team = teams[index % len(teams)] if index < len(teams) else rng.choice(teams)
        name, email = new_name_and_email()
        plan(
            name,
            email,
            Role.MEMBER,
            rng.choice(JOB_TITLES[kind_of[team.pk]]),
            tenure(),
            [(team, TeamRole.MEMBER)],
        )

    # Write: users, people, memberships (in batches, so 20,000 people stay quick).
    users = [entry["user"] for entry in planned]
    existing_users = {u.email: u for u in User.objects.filter(email__in=[u.email for u in users])}
    new_users = [u for u in users if u.email not in existing_users]
    User.objects.bulk_create(new_users, batch_size=BATCH)
    if any(u.pk is None for u in new_users):  # databases that do not return keys from bulk inserts
        existing_users.update(
            {u.email: u for u in User.objects.filter(email__in=[u.email for u in new_users])}
        )
    for entry in planned:
        entry["person"].user = existing_users.get(entry["user"].email, entry["user"])
    already = set(
        Person.objects.filter(user__in=[entry["person"].user for entry in planned]).values_list(
            "user_id", flat=True
        )
    )
    planned = [entry for entry in planned if entry["person"].user.pk not in already]
    Person.objects.bulk_create([entry["person"] for entry in planned], batch_size=BATCH)
    TeamMembership.objects.bulk_create(
        [
            TeamMembership(
                organisation=organisation,
                team=team,
                person=entry["person"],
                role=team_role,
                joined_at=entry["person"].joined_at,
            )
            for entry in planned
            for team, team_role in entry["memberships"]
        ],
        batch_size=BATCH,
    )
    context.log(f"  {len(planned)} people ({len(new_users)} new accounts), 4 demo logins")


def _about(rng, years: float) -> str:
    if rng.random() > 0.2:
        return ""
    return rng.choice(ABOUT).format(years=max(1, round(years)))


# --- Profiles and a year of history ---------------------------------------------------------------


def add_profiles(context: DemoContext) -> None:
    organisation, rng = context.organisation, context.rng
    clock = _Clock(context)
    skills = {skill.name: skill for skill in Skill.objects.all()}
    suits = {name: who for category in SKILLS.values() for name, _description, who in category}
    logins = {email: login.key for login, email in demo_logins(organisation)}

    people = list(Person.objects.filter(is_active=True).select_related("user").order_by("pk"))
    first_team: dict[int, Team] = {}
    team_kind: dict[int, str] = {}
    teammates: dict[int, list[Person]] = defaultdict(list)
    leads: set[int] = set()
    memberships = TeamMembership.objects.select_related("team__parent").order_by("joined_at", "pk")
    people_by_pk = {person.pk: person for person in people}
    for membership in memberships:
        person = people_by_pk.get(membership.person_id)
        if person is None:
            continue
        team = membership.team
        first_team.setdefault(person.pk, team)
        department = team.parent.name if team.parent_id else team.name
        team_kind.setdefault(person.pk, DEPARTMENT_KIND.get(department, OFFICE))
        teammates[team.pk].append(person)
        if membership.role == TeamRole.LEAD:
            leads.add(person.pk)
    has_skills = set(PersonSkill.objects.values_list("person_id", flat=True).distinct())

    entries: list[PersonSkill] = []
    events: list[dict] = []
    for person in people:
        if person.pk in has_skills:
            continue
        login_key = logins.get(person.user.email)
        if login_key:
            chosen = LOGIN_SKILLS[login_key]
        else:
            chosen = _choose_skills(rng, person, team_kind.get(person.pk, OFFICE), person.pk in leads, suits)
        for skill_name, (level, can_teach, wants, note) in chosen.items():
            updated = clock.between(person.joined_at)
            entries.append(
                PersonSkill(
                    organisation=organisation,
                    person=person,
                    skill=skills[skill_name],
                    level=level,
                    can_teach=can_teach,
                    wants_to_learn=wants,
                    note=note,
                    updated_at=updated,
                )
            )
            team = first_team.get(person.pk)
            if level and level >= 2 and (login_key or rng.random() < 0.5):
                events.append(_grown(person, skills[skill_name], level, updated, team))
            if can_teach:
                colleagues = [p for p in teammates.get(team.pk, []) if p.pk != person.pk] if team else []
                for _ in range(rng.choice((0, 1, 1, 2, 3)) if colleagues else 0):
                    events.append(
                        _taught(rng, clock, person, skills[skill_name], rng.choice(colleagues), team)
                    )
    PersonSkill.objects.bulk_create(entries, batch_size=BATCH)
    learning_events_record_many(events, batch_size=BATCH)
    context.log(f"  {len(entries)} skills on profiles, {len(events)} learning events over the past year")


def _choose_skills(rng, person, kind: str, is_lead: bool, suits) -> dict:
    years = (timezone.now() - person.joined_at).days / 365.25
    fitting = [
        name for name, who in suits.items() if kind in who or EVERYONE in who or (is_lead and LEADS in who)
    ]
    others = [name for name in suits if name not in fitting and LEADS not in suits[name]]
    pool = fitting * 4 + others
    wanted_total = rng.randint(2, 6)
    chosen: dict[str, tuple] = {}
    if is_lead:
        chosen["Leidinggeven aan een team"] = (
            rng.choice((2, 3, 3, 4)),
            rng.random() < 0.3,
            rng.random() < 0.3,
            "",
        )
    wants = min(rng.choice((0, 0, 1, 1, 1, 2)), wanted_total - 1)
    while len(chosen) < wanted_total:
        name = rng.choice(pool)
        if name in chosen:
            continue
        if wants > 0:
            wants -= 1
            level = rng.choice((None, None, 1))
            note = rng.choice(NOTES_WANT) if rng.random() < 0.2 else ""
            chosen[name] = (level, False, True, note)
            continue
        base = 1 + min(3.0, years / 4) + rng.uniform(-1, 0.8)
        level = max(1, min(4, round(base)))
        can_teach = level >= 3 and rng.random() < (0.7 if level == 4 else 0.4)
        more = level == 2 and rng.random() < 0.15
        note = rng.choice(NOTES_HAVE) if rng.random() < 0.1 else ""
        chosen[name] = (level, can_teach, more, note)
    return chosen


def _grown(person, skill, level, when, team) -> dict:
    previous = level - 1
    return {
        "person": person,
        "kind": LearningKind.SKILL_GROWN,
        "title": f"{skill.name}: van {LEVEL_NAMES[previous]} naar {LEVEL_NAMES[level]}",
        "visibility": Visibility.ORGANISATION,
        "occurred_at": when,
        "team": team,
        "obj": skill,
        "data": {"skill": str(skill.uuid), "from_level": previous, "to_level": level},
    }


def _taught(rng, clock, person, skill, colleague, team) -> dict:
    first_name = colleague.user.name.split(" ")[0]
    title = rng.choice(
        [
            "{skill}: {name} op weg geholpen",
            "{skill} uitgelegd aan {name}",
            "Met {name} een duo-klus gedaan ({skill})",
            "Toolbox over {skill} gegeven",
        ]
    ).format(skill=skill.name, name=first_name)
    visible_to_team = rng.random() < 0.4
    return {
        "person": person,
        "kind": LearningKind.SKILL_TAUGHT,
        "title": title,
        "visibility": Visibility.TEAM if visible_to_team else Visibility.ORGANISATION,
        "team": team,
        "occurred_at": clock.between(max(person.joined_at, colleague.joined_at)),
        "minutes": rng.choice((30, 45, 60, 90, 120)),
        "obj": skill,
        "data": {"skill": str(skill.uuid), "learner": str(colleague.uuid)},
    }


# --- Notifications for the demo logins ----------------------------------------------------------


def add_notifications(context: DemoContext) -> None:
    """A few notifications for the demo logins, dated when what they tell happened (some read, some not)."""
    organisation = context.organisation
    slug = organisation.slug
    by_key = {}
    for login, email in demo_logins(organisation):
        person = Person.objects.filter(user__email=email).select_related("user").first()
        if person is not None:
            by_key[login.key] = person
    if len(by_key) < len(LOGINS):
        context.log("  demo logins missing: no notifications added")
        return
    lead, member, ld_admin, owner = by_key["team_lead"], by_key["member"], by_key["ld_admin"], by_key["owner"]
    lead_team = Team.objects.get(name=LOGINS[2].team)
    second_team = Team.objects.get(name=MEMBER_SECOND_TEAM)
    login_pks = [person.pk for person in by_key.values()]
    others = Person.objects.filter(is_active=True, role=Role.MEMBER).exclude(pk__in=login_pks)
    newcomers = list(others.select_related("user").order_by("-joined_at")[:3])
    newcomer_in_lead_team = (
        others.filter(team_memberships__team=lead_team).select_related("user").order_by("-joined_at").first()
    )
    now = context.now
    added = 0

    def add(person, kind, kind_context, url, when, *, read):
        nonlocal added
        notification = notify(person, kind, kind_context, url=url)
        # History: dated in the past and counted as e-mailed then, so no mail about it goes out now.
        Notification.objects.filter(pk=notification.pk).update(
            created_at=when, emailed_at=when, read_at=when + timedelta(hours=2) if read else None
        )
        added += 1

    def team_url(team):
        return reverse("people:team_detail", kwargs={"org": slug, "uuid": team.uuid})

    def profile_url(person):
        return reverse("people:profile", kwargs={"org": slug, "uuid": person.uuid})

    add(lead, ADDED_TO_TEAM, {"team_name": lead_team.name, "is_lead": True, "added_by_name": owner.user.name},
        team_url(lead_team), max(lead.joined_at, now - timedelta(days=700)), read=True)
    add(owner, INVITATION_ACCEPTED, {"new_person_name": ld_admin.user.name, "team_name": ""},
        profile_url(ld_admin), ld_admin.joined_at, read=True)
    add(member, ADDED_TO_TEAM, {"team_name": second_team.name, "is_lead": False,
                                "added_by_name": ld_admin.user.name},
        team_url(second_team), now - timedelta(days=2, hours=3), read=False)
    for index, newcomer in enumerate(newcomers):
        add(ld_admin, INVITATION_ACCEPTED, {"new_person_name": newcomer.user.name, "team_name": ""},
            profile_url(newcomer), newcomer.joined_at, read=index > 0)
    if newcomers:
        add(owner, INVITATION_ACCEPTED, {"new_person_name": newcomers[0].user.name, "team_name": ""},
            profile_url(newcomers[0]), newcomers[0].joined_at, read=False)
    if newcomer_in_lead_team is not None:
        add(lead, INVITATION_ACCEPTED, {"new_person_name": newcomer_in_lead_team.user.name,
                                        "team_name": lead_team.name},
            profile_url(newcomer_in_lead_team), newcomer_in_lead_team.joined_at,
            read=newcomer_in_lead_team.joined_at < now - timedelta(days=60))
    context.log(f"  {added} notifications for the demo logins")


register_demo_part(DemoDataPart("people.skills", add_skills))
register_demo_part(DemoDataPart("people.people", add_people, after=("orgs.teams",)))
register_demo_part(DemoDataPart("people.profiles", add_profiles, after=("people.people", "people.skills")))
register_demo_part(DemoDataPart("people.notifications", add_notifications, after=("people.people",)))
