"""This part's permission rules (registered with orgs.rules)."""

from leerritme.orgs.models import Role, TeamMembership, TeamRole
from leerritme.orgs.rules import rule


def _is_ld(person) -> bool:
    return person.role in (Role.LD_ADMIN, Role.OWNER)


@rule("matching.manage")
def _manage(person, obj=None):
    """L&D admins and owners run coaching matching, see the overview and start any programme."""
    return _is_ld(person)


@rule("matching.programme_create")
def _create_programme(person, obj=None):
    """L&D, and team leads for their own teams, start duo and circle programmes."""
    return _is_ld(person) or TeamMembership.objects.filter(person=person, role=TeamRole.LEAD).exists()


@rule("matching.programme_run")
def _run_programme(person, programme=None):
    """L&D, whoever started the programme, and the lead of one of its teams start rounds and stop it."""
    if _is_ld(person):
        return True
    if programme is None:
        return False
    if programme.created_by_id == person.pk:
        return True
    return TeamMembership.objects.filter(person=person, role=TeamRole.LEAD,
                                         team__in=programme.teams.all()).exists()


@rule("matching.group_view")
def _view_group(person, group=None):
    """A group's members, L&D and whoever runs the programme see a group."""
    if group is None:
        return False
    if group.memberships.filter(person=person).exists():
        return True
    return _run_programme(person, group.round.programme)


@rule("matching.match_view")
def _view_match(person, match=None):
    """The learner, the coach and L&D see a match."""
    return match is not None and (person.pk in (match.learner_id, match.coach_id) or _is_ld(person))


@rule("matching.person_view")
def _view_person(person, other=None):
    """A person's together page: themselves and L&D."""
    return other is not None and (other.pk == person.pk or _is_ld(person))


@rule("matching.buddy_view")
def _view_buddy(person, buddy=None):
    return buddy is not None and (person.pk in (buddy.newcomer_id, buddy.buddy_id) or _is_ld(person))
