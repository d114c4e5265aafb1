"""Who sees and decides what in personal growth.

A person's budget, requests, plan and record are theirs; their team lead(s) see them to approve and to
hold development conversations; L&D sees budgets and requests (to approve above the threshold and to
report) but never a development plan's conversation notes, which stay between the person and their lead.
"""

from leerritme.orgs.models import Person, Role, Team, TeamMembership, TeamRole
from leerritme.orgs.rules import rule


def is_ld(person) -> bool:
    return person.role in (Role.LD_ADMIN, Role.OWNER)


def leads(lead: Person, person: Person) -> bool:
    """Whether `lead` is team lead of a team `person` belongs to (not of themselves)."""
    if lead.pk == person.pk or lead.organisation_id != person.organisation_id:
        return False
    their_teams = TeamMembership.objects.filter(person=person).values("team_id")
    return TeamMembership.objects.filter(person=lead, role=TeamRole.LEAD, team_id__in=their_teams).exists()


def _owner_of(obj) -> Person | None:
    if isinstance(obj, Person):
        return obj
    person = getattr(obj, "person", None)
    if person is None and hasattr(obj, "plan"):
        person = obj.plan.person
    return person


@rule("growth.manage")
def _manage(person, obj=None):
    """L&D admins and owners set the budget rules, curate the catalogue and adjust budgets."""
    return is_ld(person)


@rule("growth.view")
def _view(person, obj=None):
    """A person's budget, requests and learning time: the person, their team lead and L&D."""
    owner = _owner_of(obj)
    if owner is None or owner.organisation_id != person.organisation_id:
        return False
    return owner.pk == person.pk or is_ld(person) or leads(person, owner)


@rule("growth.plan")
def _plan(person, obj=None):
    """A development plan and its conversation notes: only the person and their team lead."""
    owner = _owner_of(obj)
    if owner is None or owner.organisation_id != person.organisation_id:
        return False
    return owner.pk == person.pk or leads(person, owner)


@rule("growth.plan.edit")
def _plan_edit(person, obj=None):
    """The person edits their own plan; the lead adds conversation notes and review dates (growth.plan)."""
    owner = _owner_of(obj)
    return owner is not None and owner.pk == person.pk


@rule("growth.decide")
def _decide(person, request=None):
    """The requester's team lead decides first; above the threshold L&D decides second. Never one's own."""
    from leerritme.growth.models import RequestStatus

    if request is None or request.organisation_id != person.organisation_id or request.person_id == person.pk:
        return False
    if request.status == RequestStatus.REQUESTED:
        return leads(person, request.person)
    if request.status == RequestStatus.LEAD_APPROVED:
        return is_ld(person)
    return False


@rule("growth.team")
def _team(person, team=None):
    """A team's budget and learning-time overview: its lead and L&D."""
    if not isinstance(team, Team) or team.organisation_id != person.organisation_id:
        return False
    return is_ld(person) or TeamMembership.objects.filter(person=person, team=team, role=TeamRole.LEAD).exists()


@rule("growth.path.edit")
def _path_edit(person, path=None):
    """Colleagues compose paths; the author and L&D change them."""
    if path is None:
        return True
    return path.organisation_id == person.organisation_id and (path.author_id == person.pk or is_ld(person))


@rule("growth.team_plan.view")
def _team_plan_view(person, team=None):
    """A team's learning plan: its members read it; its lead and L&D compose it."""
    if not isinstance(team, Team) or team.organisation_id != person.organisation_id:
        return False
    return is_ld(person) or TeamMembership.objects.filter(person=person, team=team).exists()


@rule("growth.team_plan.edit")
def _team_plan_edit(person, team=None):
    """The team lead and L&D compose the team's learning plan, and see the members' wishes in counts."""
    return _team(person, team)
