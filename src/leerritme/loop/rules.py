"""Who sees and decides what in the learning loop.

A team's experiments and improvement box are for its members and leads, and for L&D admins and owners, who
follow improvement across teams. An experiment is changed and evaluated by its owner, the team lead or L&D.
A lesson is its author's: a draft only they see; shared, the team (or everyone) reads it. Only the team lead
chooses a lesson of the month; ideas are decided by the team lead or L&D.
"""

from leerritme.orgs.models import Role, TeamMembership, TeamRole
from leerritme.orgs.rules import rule


def is_ld(person) -> bool:
    return person.role in (Role.LD_ADMIN, Role.OWNER)


def _role_in(person, team) -> str | None:
    if team is None or team.organisation_id != person.organisation_id:
        return None
    return TeamMembership.objects.filter(person=person, team=team).values_list("role", flat=True).first()


def leads(person, team) -> bool:
    return _role_in(person, team) == TeamRole.LEAD


def in_team(person, team) -> bool:
    return _role_in(person, team) is not None


def _team_of(obj):
    from leerritme.orgs.models import Team

    if obj is None or isinstance(obj, Team):
        return obj
    return getattr(obj, "team", None)


@rule("loop.team")
def _team(person, obj=None):
    """A team's experiments and ideas: its members and leads, and L&D admins and owners."""
    team = _team_of(obj)
    if team is None or team.organisation_id != person.organisation_id:
        return False
    return is_ld(person) or in_team(person, team)


@rule("loop.contribute")
def _contribute(person, obj=None):
    """Starting an experiment for a team or putting an idea in its box: its members and leads, and L&D."""
    return _team(person, obj)


@rule("loop.experiment.edit")
def _experiment_edit(person, experiment=None):
    """The experiment's owner, the team lead or L&D change, start, stop and evaluate it."""
    if experiment is None or experiment.organisation_id != person.organisation_id:
        return False
    return experiment.owner_id == person.pk or leads(person, experiment.team) or is_ld(person)


@rule("loop.lesson.view")
def _lesson_view(person, lesson=None):
    """A draft: only its author. Shared with the team: the team and L&D. Shared with everyone: everyone."""
    from leerritme.loop.models import LessonVisibility

    if lesson is None or lesson.organisation_id != person.organisation_id:
        return False
    if lesson.author_id == person.pk or lesson.visibility == LessonVisibility.ORGANISATION:
        return True
    if lesson.visibility == LessonVisibility.TEAM:
        return is_ld(person) or in_team(person, lesson.team)
    return False


@rule("loop.lesson.edit")
def _lesson_edit(person, lesson=None):
    """Only the author rewrites a lesson (or promotes it to an article): it is their account."""
    return lesson is not None and lesson.organisation_id == person.organisation_id and lesson.author_id == person.pk


@rule("loop.lesson.month")
def _lesson_month(person, lesson=None):
    """Only the lead of the lesson's team chooses it as the team's lesson of the month (a shared lesson)."""
    from leerritme.loop.models import LessonVisibility

    if lesson is None or lesson.organisation_id != person.organisation_id or lesson.team_id is None:
        return False
    return lesson.visibility != LessonVisibility.DRAFT and leads(person, lesson.team)


@rule("loop.idea.decide")
def _idea_decide(person, idea=None):
    """The team lead or L&D move an idea to trying, adopted or dropped."""
    if idea is None or idea.organisation_id != person.organisation_id:
        return False
    return leads(person, idea.team) or is_ld(person)
