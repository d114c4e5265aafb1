"""Reads about the practice catalogue and the organisation's way of learning.

Every function runs inside an organisation's scope (a request under /o/<org>/, or `with scope(...)`)
and costs a fixed number of queries, however many teams or adoptions there are: lists are read
with their related rows joined in and grouped in Python.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from leerritme.orgs.models import Person, Team, TeamMembership, TeamRole
from leerritme.orgs.rules import can
from leerritme.practices.models import Adoption, AdoptionStatus, Practice, WayOfLearning

logger = logging.getLogger(__name__)

OPEN = (AdoptionStatus.PROPOSED, AdoptionStatus.ACTIVE)


# --- Rhythms in words ----------------------------------------------------------------------------

def rhythm_of(adoption: Adoption):
    """The adoption's rhythm, or None (reading a missing reverse one-to-one raises otherwise)."""
    try:
        return adoption.rhythm
    except ObjectDoesNotExist:
        return None


def rhythm_text(adoption: Adoption) -> str:
    """The adoption's cadence in words in the active language; empty when it has no rhythm (yet).

    A rhythm the describer cannot read (a rule written by hand or by a later version) is logged and
    shown as empty rather than breaking the page that lists it.
    """
    rhythm = rhythm_of(adoption)
    if rhythm is None:
        return ""
    from leerritme.practices.recurrence_text import describe_rhythm

    try:
        return describe_rhythm(rhythm, meeting=True)
    except (ValueError, TypeError, KeyError, LookupError, ValidationError):
        logger.warning("Cannot describe the rhythm of adoption %s", adoption.uuid, exc_info=True)
        return ""


def _with_rhythm_text(adoptions):
    for adoption in adoptions:
        adoption.rhythm_text = rhythm_text(adoption)
    return adoptions


def adoptions_with_details() -> QuerySet[Adoption]:
    """Adoptions with their team, practice, owner (and login) and rhythm in the same query."""
    return Adoption.objects.select_related("team", "practice", "owner__user", "proposed_by__user", "rhythm")


# --- The catalogue -------------------------------------------------------------------------------

@dataclass(frozen=True)
class CatalogueFilter:
    q: str = ""
    kolb_phase: str = ""
    level: str = ""
    typical_cadence: str = ""
    part: str = ""
    include_hidden: bool = False

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or self.kolb_phase or self.level or self.typical_cadence or self.part)


def catalogue(person: Person, filters: CatalogueFilter = CatalogueFilter()) -> list[Practice]:
    """The catalogue as `person` sees it, filtered, each with `my_teams`: the names of the person's
    teams that practise it. Hidden practices only for those who manage the catalogue, on request.
    Two queries: the practices, and the person's teams' adoptions."""
    practices = Practice.objects.all()
    if not (filters.include_hidden and can(person, "practices.manage")):
        practices = practices.filter(is_active=True)
    for name in ("kolb_phase", "level", "typical_cadence", "part"):
        value = getattr(filters, name)
        if value:
            practices = practices.filter(**{name: value})
    if filters.q:
        q = filters.q
        practices = practices.filter(
            Q(name_nl__icontains=q) | Q(name_en__icontains=q) | Q(purpose_nl__icontains=q)
            | Q(purpose_en__icontains=q) | Q(participants_nl__icontains=q) | Q(participants_en__icontains=q)
        )
    found = list(practices.defer("howto_nl", "howto_en"))
    mine = my_teams_practising(person)
    for practice in found:
        practice.my_teams = mine.get(practice.pk, [])
    found.sort(key=lambda p: p.name.casefold())
    return found


def my_teams_practising(person: Person) -> dict[int, list[str]]:
    """Practice id -> the names of the person's teams that practise it (one query)."""
    rows = (
        Adoption.objects.filter(status=AdoptionStatus.ACTIVE, team__memberships__person=person)
        .values_list("practice_id", "team__name")
        .order_by("team__name")
        .distinct()
    )
    found: dict[int, list[str]] = defaultdict(list)
    for practice_id, team_name in rows:
        found[practice_id].append(team_name)
    return found


def practice_adoptions(practice: Practice) -> list[Adoption]:
    """The teams that practise it, with owner, purpose and rhythm in words (one query)."""
    rows = adoptions_with_details().filter(practice=practice, status=AdoptionStatus.ACTIVE).order_by("team__name")
    return _with_rhythm_text(list(rows))


def practice_proposals(practice: Practice) -> list[Adoption]:
    """Open and declined proposals of the practice, newest first (for those who manage the catalogue)."""
    return list(
        adoptions_with_details()
        .filter(practice=practice, status__in=[AdoptionStatus.PROPOSED, AdoptionStatus.DECLINED],
                proposed_by__isnull=False)
        .order_by("-created_at")[:100]
    )


# --- Teams, leads and owners ---------------------------------------------------------------------

def adoptable_teams(person: Person) -> QuerySet[Team]:
    """The teams `person` may adopt practices for: every team for L&D admins and owners, else those they lead."""
    if person.is_ld_admin:
        return Team.objects.order_by("name")
    return Team.objects.filter(memberships__person=person, memberships__role=TeamRole.LEAD).order_by("name")


def owner_choices(team: Team) -> list[Person]:
    """The active members of the team, who may own one of its practices, leads first then by name."""
    memberships = (
        TeamMembership.objects.filter(team=team, person__is_active=True)
        .select_related("person__user")
        .order_by("role", "person__user__name")  # "lead" sorts before "member"
    )
    return [m.person for m in memberships]


def open_adoption(team: Team, practice: Practice) -> Adoption | None:
    return Adoption.objects.filter(team=team, practice=practice, status__in=OPEN).first()


def open_adoptions_by_team(practice: Practice, teams) -> dict[int, Adoption]:
    """Team id -> its proposed or active adoption of the practice, for these teams (one query)."""
    rows = Adoption.objects.filter(practice=practice, status__in=OPEN, team__in=teams)
    return {a.team_id: a for a in rows}


def proposals_for(person: Person, *, only_led: bool = False) -> list[Adoption]:
    """Open proposals the person can answer: for the teams they lead (L&D admins and owners: every team,
    unless `only_led`)."""
    rows = adoptions_with_details().filter(status=AdoptionStatus.PROPOSED)
    if only_led or not person.is_ld_admin:
        rows = rows.filter(team__memberships__person=person, team__memberships__role=TeamRole.LEAD)
    return list(rows.order_by("team__name", "created_at")[:200])


# --- The way of learning -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class TeamRef:
    """What the way of learning needs of a team: read for every team of the organisation, so kept light."""

    pk: int
    uuid: object
    name: str
    parent_id: int | None

    def __str__(self):
        return self.name


@dataclass
class TeamPractices:
    team: TeamRef
    path: list[str]  # the departments between the top and the team, for a team deeper in the tree
    adoptions: list[Adoption] = field(default_factory=list)
    may_change: bool = False  # the viewer may change or stop its practices (rule practices.adopt)


@dataclass
class Department:
    name: str
    team: TeamRef | None
    teams: list[TeamPractices] = field(default_factory=list)

    @property
    def adoption_count(self) -> int:
        return sum(len(t.adoptions) for t in self.teams)


@dataclass
class DepartmentChoice:
    team: TeamRef
    adoption_count: int
    chosen: bool


@dataclass
class WayOverview:
    way: WayOfLearning | None
    departments: list[Department]
    team_count: int
    teams_practising: int
    adoption_count: int
    my_teams_without: list[TeamRef]
    # Large organisations see one department at a time; these are the departments to choose from.
    department_choices: list[DepartmentChoice] = field(default_factory=list)
    # The page of teams shown, when the teams shown do not fit on one page.
    page: Page | None = None

    @property
    def teams_without(self) -> int:
        return self.team_count - self.teams_practising


# Above this many adopted practices the page shows one department at a time (a whole organisation
# of thousands of practices would be megabytes of HTML and seconds of rendering).
ONE_DEPARTMENT_ABOVE = 300
# Teams per page within what is shown: a department of a large organisation has hundreds of teams.
TEAMS_PER_PAGE = 25


def way_overview(person: Person, *, department=None, page=None) -> WayOverview:
    """The organisation's way of learning: the vision, and per department the teams and what they practise.

    A constant number of queries whatever the size: the vision, every team (id, name, parent) to place
    teams under their top department, the adopting teams, the person's own teams, and the active
    adoptions of the teams on the page with their details. With more than ONE_DEPARTMENT_ABOVE
    practices, only one department is shown (`department`, a top-level team's uuid, or else the person's
    own department); the others are offered as choices. The adopting teams shown are paged by
    TEAMS_PER_PAGE, in the order the page lists them (department, its own practices first, then its teams).
    """
    way = WayOfLearning.objects.first()
    teams = {row[0]: TeamRef(*row) for row in Team.objects.values_list("pk", "uuid", "name", "parent_id")}
    active = Adoption.objects.filter(status=AdoptionStatus.ACTIVE)
    adopting = list(active.values_list("team_id", flat=True))
    total = len(adopting)
    mine = list(TeamMembership.objects.filter(person=person).values_list("team_id", "role"))
    led = {team_id for team_id, role in mine if role == TeamRole.LEAD}
    top_of = {pk: (_ancestors(team, teams) or [team])[-1] for pk, team in teams.items()}
    counts: dict[int, int] = defaultdict(int)  # adoptions per team
    for team_id in adopting:
        counts[team_id] += 1

    choices: list[DepartmentChoice] = []
    shown = [pk for pk in counts if pk in teams]
    if total > ONE_DEPARTMENT_ABOVE:
        per_department: dict[int, int] = defaultdict(int)
        for team_id, n in counts.items():
            if team_id in top_of:
                per_department[top_of[team_id].pk] += n
        chosen = next((t for t in top_of.values() if department is not None and str(t.uuid) == str(department)), None)
        if chosen is None:
            # The person's own department, the first of theirs where something is practised.
            chosen = next((top_of[pk] for pk, _role in mine if pk in top_of and per_department.get(top_of[pk].pk)),
                          None)
        if chosen is None and per_department:
            chosen = teams[max(per_department, key=per_department.get)]
        choices = [DepartmentChoice(team=teams[pk], adoption_count=n, chosen=chosen is not None and pk == chosen.pk)
                   for pk, n in sorted(per_department.items(), key=lambda item: teams[item[0]].name.casefold())]
        shown = [pk for pk in shown if chosen is not None and top_of[pk].pk == chosen.pk]

    def place(pk):
        """Where the team's row goes: its department, the department's own practices first, then the path."""
        team, top = teams[pk], top_of[pk]
        path = [t.name.casefold() for t in reversed(_ancestors(team, teams)[:-1])]
        return (top.name.casefold(), top.pk, pk != top.pk, [*path, team.name.casefold()])

    shown.sort(key=place)
    paginator = Paginator(shown, TEAMS_PER_PAGE)
    team_page = paginator.get_page(page)
    on_page = list(team_page.object_list)

    adoptions = _with_rhythm_text(list(
        adoptions_with_details().filter(status=AdoptionStatus.ACTIVE, team_id__in=on_page)
    ))
    by_team: dict[int, list[Adoption]] = defaultdict(list)
    for adoption in adoptions:
        by_team[adoption.team_id].append(adoption)
    for rows in by_team.values():
        rows.sort(key=lambda a: a.practice.name.casefold())
    # The rules practices.adopt and rhythm.edit, answered from the teams already read instead of per row.
    manages = person.is_ld_admin
    for adoption in adoptions:
        adoption.may_plan = manages or adoption.team_id in led or adoption.owner_id == person.pk

    departments: dict[int, Department] = {}
    for team_id in on_page:
        if team_id not in by_team:
            continue  # stopped between the two queries
        team = teams[team_id]
        chain = _ancestors(team, teams)
        top = chain[-1] if chain else team
        section = departments.get(top.pk)
        if section is None:
            section = departments[top.pk] = Department(name=top.name, team=top)
        path = [t.name for t in reversed(chain[:-1])]
        section.teams.append(TeamPractices(team=team, path=path, adoptions=by_team[team_id],
                                           may_change=manages or team_id in led))

    adopting_teams = set(adopting)
    without = sorted((teams[pk] for pk in led if pk in teams and pk not in adopting_teams),
                     key=lambda t: t.name.casefold())
    return WayOverview(
        way=way, departments=list(departments.values()), team_count=len(teams),
        teams_practising=len(adopting_teams), adoption_count=total, my_teams_without=without,
        department_choices=choices, page=team_page if paginator.num_pages > 1 else None,
    )


def _ancestors(team: TeamRef, teams: dict[int, TeamRef]) -> list[TeamRef]:
    """The departments above the team, nearest first, from the teams already read (no queries)."""
    chain, seen, parent_id = [], {team.pk}, team.parent_id
    while parent_id is not None and parent_id in teams and parent_id not in seen:
        parent = teams[parent_id]
        chain.append(parent)
        seen.add(parent_id)
        parent_id = parent.parent_id
    return chain


# --- The home panel ------------------------------------------------------------------------------

PANEL_LIMIT = 8


def my_practices(person: Person) -> list[Adoption]:
    """What my teams practise (and what I own), for the home panel; one query."""
    rows = (
        adoptions_with_details()
        .filter(status=AdoptionStatus.ACTIVE)
        .filter(Q(team__memberships__person=person) | Q(owner=person))
        .distinct()
        .order_by("team__name", "practice__name_nl")[: PANEL_LIMIT + 1]
    )
    return _with_rhythm_text(list(rows))
