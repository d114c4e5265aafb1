"""Set-up shared by the matching tests: more people in the team, skills, coaches and learners."""

from django_scopes import scope

from leerritme.orgs.models import TeamMembership, TeamRole
from leerritme.people.models import PersonSkill, Skill


def member(org, team, email, name, role="member", team_role=TeamRole.MEMBER, language="nl"):
    from conftest import make_person

    person = make_person(org, email, name, role=role, language=language)
    if team is not None:
        with scope(organisation=org):
            TeamMembership.objects.create(organisation=org, team=team, person=person, role=team_role)
    return person


def skill(org, name="Presenteren") -> Skill:
    with scope(organisation=org):
        return Skill.objects.get_or_create(organisation=org, name=name)[0]


def knows(person, found: Skill, *, level=None, can_teach=False, wants_to_learn=False):
    with scope(organisation=person.organisation):
        PersonSkill.objects.update_or_create(
            person=person, skill=found,
            defaults={"organisation": person.organisation, "level": level, "can_teach": can_teach,
                      "wants_to_learn": wants_to_learn})
