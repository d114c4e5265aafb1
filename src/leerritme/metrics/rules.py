"""Who sees which indicators.

- L&D admins and owners: the whole organisation, every department and every team.
- Team leads: the teams they lead and, when they lead a department (a team with teams under it), that
  department and every team under it.
- Members: their own team(s), nothing wider.

Indicators are counts, sums and averages, never lists of people or of what someone did; check-out scores
follow reflection's rule (only from meetings where enough people answered).
"""

from leerritme.orgs.models import Role, Team, TeamMembership, TeamRole
from leerritme.orgs.rules import rule


def is_ld(person) -> bool:
    return person.role in (Role.LD_ADMIN, Role.OWNER)


def visible_team_ids(person, parents: dict[int, int | None]) -> set[int]:
    """The teams whose indicators the person may see; `parents` maps every team to its parent (one query)."""
    if is_ld(person):
        return set(parents)
    roles: dict[int, str] = {}
    for team_id, role in TeamMembership.objects.filter(person=person).values_list("team_id", "role"):
        if roles.get(team_id) != TeamRole.LEAD:
            roles[team_id] = role
    led = {team_id for team_id, role in roles.items() if role == TeamRole.LEAD}
    found = set(roles)
    for team_id in parents:
        node, seen = parents.get(team_id), {team_id}
        while node is not None and node not in seen:
            if node in led:
                found.add(team_id)
                break
            seen.add(node)
            node = parents.get(node)
    return found


@rule("metrics.view")
def _view(person, obj=None):
    """Anyone in a team sees its indicators; L&D admins and owners see the organisation's."""
    return is_ld(person) or TeamMembership.objects.filter(person=person).exists()


@rule("metrics.organisation")
def _organisation(person, obj=None):
    """The organisation-wide indicators, exports and the management report: L&D admins and owners."""
    return is_ld(person)


@rule("metrics.team")
def _team(person, team=None):
    """A team's (or department's) indicators: see the module's docstring."""
    if not isinstance(team, Team) or team.organisation_id != person.organisation_id:
        return False
    if is_ld(person):
        return True
    parents = dict(Team.objects.values_list("pk", "parent_id"))
    return team.pk in visible_team_ids(person, parents)
