"""This part's registrations with the shared demo seam: the demo organisation's departments and teams.

The demo organisation is a fictional Dutch technical installer (heating, heat pumps, electrical work,
solar): mechanics who learn from each other on the job, project teams, a prefab workshop and an office
that plans the work. Larger sizes add regional teams, about 25 people each, as a large installer has.
"""

from leerritme.lib.demo import DemoContext, DemoDataPart, register_demo_part
from leerritme.orgs.models import Team

ORGANISATION_NAME = "Van der Linden Installatietechniek"

# Department -> (description, [(team, description), ...]); 3 departments, 8 teams.
DEPARTMENTS = {
    "Service & Onderhoud": (
        "Onderhoud, storingen en service bij particulieren en bedrijven.",
        [
            ("Servicemonteurs Noord", "Onderhoud van cv-ketels en warmtepompen in de regio Noord."),
            ("Servicemonteurs Zuid", "Onderhoud van cv-ketels en warmtepompen in de regio Zuid."),
            ("Storingsdienst", "Dag en nacht paraat voor storingen; kennis delen bij de overdracht."),
        ],
    ),
    "Projecten": (
        "Nieuwbouw en renovatie: van werkvoorbereiding tot oplevering.",
        [
            ("Projectteam Utiliteit", "Installaties in scholen, kantoren en zorggebouwen."),
            ("Projectteam Woningbouw", "Warmtepompen, ventilatie en zonnepanelen in nieuwbouwwijken."),
            ("Werkplaats & Prefab", "Leidingwerk en installatiemodules voorbereid in de eigen werkplaats."),
        ],
    ),
    "Bedrijfsbureau": (
        "Werkvoorbereiding, calculatie, planning en klantcontact.",
        [
            ("Werkvoorbereiding & Calculatie", "Tekeningen, materiaalstaten en offertes."),
            ("Klantcontact & Planning", "De eerste stem van het bedrijf: afspraken, vragen en klachten."),
        ],
    ),
}

# Regional teams for the larger demos: a team type per department and the places they work from.
REGIONAL_TEAM_TYPES = {
    "Service & Onderhoud": ["Servicemonteurs", "Storingsdienst", "Onderhoudsploeg"],
    "Projecten": ["Projectteam", "Montageploeg", "Zonnestroomploeg"],
    "Bedrijfsbureau": ["Werkvoorbereiding", "Planning", "Klantcontact"],
}
PLACES = [
    "Alkmaar",
    "Almelo",
    "Almere",
    "Alphen aan den Rijn",
    "Amersfoort",
    "Amstelveen",
    "Amsterdam",
    "Apeldoorn",
    "Arnhem",
    "Assen",
    "Bergen op Zoom",
    "Breda",
    "Capelle aan den IJssel",
    "Delft",
    "Den Bosch",
    "Den Haag",
    "Den Helder",
    "Deventer",
    "Doetinchem",
    "Dordrecht",
    "Drachten",
    "Ede",
    "Eindhoven",
    "Emmen",
    "Enschede",
    "Gouda",
    "Groningen",
    "Haarlem",
    "Harderwijk",
    "Heerenveen",
    "Heerlen",
    "Helmond",
    "Hengelo",
    "Hilversum",
    "Hoofddorp",
    "Hoorn",
    "Kampen",
    "Katwijk",
    "Leeuwarden",
    "Leiden",
    "Lelystad",
    "Maastricht",
    "Middelburg",
    "Nieuwegein",
    "Nijmegen",
    "Oosterhout",
    "Oss",
    "Purmerend",
    "Roermond",
    "Roosendaal",
    "Rotterdam",
    "Schiedam",
    "Sittard",
    "Sneek",
    "Spijkenisse",
    "Terneuzen",
    "Tiel",
    "Tilburg",
    "Utrecht",
    "Veenendaal",
    "Venlo",
    "Vlaardingen",
    "Vlissingen",
    "Waalwijk",
    "Weert",
    "Woerden",
    "Zaandam",
    "Zeist",
    "Zoetermeer",
    "Zutphen",
    "Zwolle",
    "Barneveld",
    "Beverwijk",
    "Culemborg",
    "Goes",
    "Gorinchem",
    "Hardenberg",
    "Hoogeveen",
    "Houten",
    "IJsselstein",
    "Meppel",
    "Nijkerk",
    "Noordwijk",
    "Oldenzaal",
    "Papendrecht",
    "Rijswijk",
    "Steenwijk",
    "Uden",
    "Veghel",
    "Venray",
    "Vught",
    "Wageningen",
    "Winterswijk",
    "Zevenaar",
    "Bussum",
    "Heemskerk",
    "Hellevoetsluis",
    "Lochem",
    "Boxtel",
    "Dronten",
    "Heerhugowaard",
    "Kerkrade",
    "Leusden",
    "Maarssen",
    "Ommen",
    "Raalte",
    "Schagen",
    "Tholen",
    "Valkenswaard",
    "Voorschoten",
    "Wijchen",
    "Zaltbommel",
]
PEOPLE_PER_TEAM = 25


def regional_teams(people: int) -> list[tuple[str, str, str]]:
    """(department, name, description) of the teams a demo of this many people has beyond the first 8."""
    wanted = max(0, people // PEOPLE_PER_TEAM - sum(len(teams) for _, teams in DEPARTMENTS.values()))
    names: list[tuple[str, str, str]] = []
    round_ = 1
    while len(names) < wanted:
        for place in PLACES:
            for department, types in REGIONAL_TEAM_TYPES.items():
                for team_type in types:
                    suffix = "" if round_ == 1 else f" {round_}"
                    names.append((department, f"{team_type} {place}{suffix}", f"Werkt vanuit {place}."))
        round_ += 1
    return names[:wanted]


def add_teams(context: DemoContext) -> None:
    organisation = context.organisation
    existing = set(Team.objects.values_list("name", flat=True))
    departments: dict[str, Team] = {}
    for department, (description, _teams) in DEPARTMENTS.items():
        departments[department] = Team.objects.filter(name=department).first() or Team.objects.create(
            organisation=organisation, name=department, description=description
        )
    new_teams = [
        Team(organisation=organisation, name=name, description=description, parent=departments[department])
        for department, (_description, teams) in DEPARTMENTS.items()
        for name, description in teams
        if name not in existing
    ]
    new_teams += [
        Team(organisation=organisation, name=name, description=description, parent=departments[department])
        for department, name, description in regional_teams(context.people)
        if name not in existing
    ]
    Team.objects.bulk_create(new_teams, batch_size=500)
    context.log(f"  {len(departments)} departments, {len(new_teams)} teams")


register_demo_part(DemoDataPart("orgs.teams", add_teams))
