"""Who may join, facilitate and start reflection sessions, and who manages templates and sees trends.

Reflection is the team's own space: only its members and leads join a board. L&D admins and owners
see aggregates across teams (trends), never a board, its cards or anyone's check-out.
"""

from leerritme.orgs.models import Role, Team, TeamMembership, TeamRole
from leerritme.orgs.rules import rule


def _team_of(obj) -> Team | None:
    if obj is None or isinstance(obj, Team):
        return obj
    return getattr(obj, "team", None)


def _membership_role(person, team) -> str | None:
    """The person's role in the team ("lead" before "member" when both), or None."""
    if team is None:
        return None
    return (TeamMembership.objects.filter(person=person, team=team)
            .order_by("role").values_list("role", flat=True).first())


@rule("reflection.join")
def _join(person, obj=None):
    """A member or lead of the session's team; nobody else, also not L&D admins or owners."""
    team = _team_of(obj)
    return team is not None and team.organisation_id == person.organisation_id \
        and _membership_role(person, team) is not None


@rule("reflection.start")
def _start(person, team=None):
    """Any member or lead of the team starts a session for it."""
    return _join(person, team)


@rule("reflection.facilitate")
def _facilitate(person, session=None):
    """The session's facilitator, or a lead of its team, moves it through its phases."""
    if session is None or session.organisation_id != person.organisation_id:
        return False
    return session.facilitator_id == person.pk or _membership_role(person, session.team) == TeamRole.LEAD


@rule("reflection.templates")
def _templates(person, obj=None):
    """A team lead manages the team's own templates; L&D admins the organisation-wide ones."""
    team = _team_of(obj)
    if team is None:  # organisation-wide: no object, or a template without a team
        return person.role in (Role.LD_ADMIN, Role.OWNER)
    return _membership_role(person, team) == TeamRole.LEAD


@rule("reflection.trends.organisation")
def _trends(person, obj=None):
    """L&D admins and owners compare check-out trends and follow-through across teams."""
    return person.role in (Role.LD_ADMIN, Role.OWNER)
