"""Named permission rules, in one place; views check them with `require()`, templates with `|can`.

Each rule takes the acting person (their membership of the current organisation) and optionally an
object, and answers yes or no. Keeping them here means a rule changes in one place for every view.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied

from leerritme.orgs.models import Person, Role

Rule = Callable[[Person, object], bool]
_rules: dict[str, Rule] = {}


def rule(name: str):
    def register(fn: Rule) -> Rule:
        _rules[name] = fn
        return fn

    return register


def can(person: Person | None, name: str, obj=None) -> bool:
    if person is None or not person.is_active:
        return False
    try:
        check = _rules[name]
    except KeyError:
        raise KeyError(f"No permission rule named {name!r}") from None
    return bool(check(person, obj))


def require(person: Person | None, name: str, obj=None) -> None:
    if not can(person, name, obj):
        raise PermissionDenied


def rule_names() -> list[str]:
    return sorted(_rules)


@rule("org.manage")
def _manage_organisation(person, obj=None):
    """Owners change the organisation's settings and who is owner."""
    return person.role == Role.OWNER


@rule("people.manage")
def _manage_people(person, obj=None):
    """L&D admins and owners administer people, teams, invitations and imports."""
    return person.role in (Role.LD_ADMIN, Role.OWNER)


@rule("skills.manage")
def _manage_skills(person, obj=None):
    """L&D admins and owners edit the skills taxonomy."""
    return person.role in (Role.LD_ADMIN, Role.OWNER)


@rule("people.view")
def _view_people(person, obj=None):
    """Every active member sees their colleagues' profiles."""
    return True


def _leads_team(person, team) -> bool:
    from leerritme.orgs.models import TeamMembership, TeamRole

    if team is None:
        return False
    return TeamMembership.objects.filter(person=person, team=team, role=TeamRole.LEAD).exists()


@rule("practices.manage")
def _manage_practices(person, obj=None):
    """L&D admins and owners add and adapt practices, write the vision and propose practices to teams."""
    return person.role in (Role.LD_ADMIN, Role.OWNER)


@rule("practices.adopt")
def _adopt_for_team(person, team=None):
    """A team lead adopts practices for their team (L&D admins and owners for any team)."""
    return person.role in (Role.LD_ADMIN, Role.OWNER) or _leads_team(person, team)


@rule("rhythm.edit")
def _edit_rhythm(person, adoption=None):
    """The team's lead, the practice's owner in the team, or L&D change a rhythm and its occurrences."""
    if person.role in (Role.LD_ADMIN, Role.OWNER):
        return True
    if adoption is None:
        return False
    return adoption.owner_id == person.pk or _leads_team(person, adoption.team)
