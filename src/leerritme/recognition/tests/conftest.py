"""Recognition fixtures: a second team with erik, a skill, a hand badge and a rule badge."""

import pytest
from django_scopes import scopes_disabled

from conftest import make_person
from leerritme.learning.models import LearningKind
from leerritme.orgs.models import Team, TeamMembership
from leerritme.people.models import Skill
from leerritme.recognition.models import Badge
from tests import english

# Messages are read in English here: the people logged in as choose English (see tests/english.py).
alice, bob, carol, dave = english.alice, english.bob, english.carol, english.dave
english_messages = english.english_messages


@pytest.fixture
def other_team(org):
    with scopes_disabled():
        return Team.objects.create(organisation=org, name="Montage")


@pytest.fixture
def erik(org, other_team):
    person = make_person(org, "erik@vonk.test", "Erik Mulder")
    with scopes_disabled():
        TeamMembership.objects.create(organisation=org, team=other_team, person=person)
    return person


@pytest.fixture
def skill(in_org):
    return Skill.objects.create(organisation=in_org, name="Warmtepompen inregelen")


@pytest.fixture
def hand_badge(in_org, carol):
    return Badge.objects.create(organisation=in_org, name="Veilig vakmanschap", description="Veilig gewerkt.",
                                criteria="Toegekend door de teamleider.", created_by=carol)


@pytest.fixture
def rule_badge(in_org, carol):
    return Badge.objects.create(organisation=in_org, name="Kennisdeler", description="Vijf sessies gegeven.",
                                criteria="Geef vijf kennissessies.", rule_kind=LearningKind.SESSION_GIVEN,
                                rule_count=5, created_by=carol)
