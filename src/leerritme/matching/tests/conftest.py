"""Fixtures of the matching tests."""

import pytest
from django_scopes import scope

from leerritme.matching.tests.helpers import member
from leerritme.orgs.models import Team


@pytest.fixture
def crew(org, team, alice, bob):
    """alice, bob and four more in the team (six people)."""
    extra = [member(org, team, f"m{i}@vonk.test", f"Monteur {i}") for i in range(4)]
    return [alice, bob, *extra]


@pytest.fixture
def other_team(org):
    with scope(organisation=org):
        return Team.objects.create(organisation=org, name="Werkplaats")

