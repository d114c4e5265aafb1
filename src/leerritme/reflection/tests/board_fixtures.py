"""Fixtures for the live board's tests: a retrospective of alice's team, facilitated by bob (its lead)."""

__all__ = ["erik", "fenna", "retro"]

import pytest
from django_scopes import scopes_disabled

from conftest import make_person


def add_member(org, team, email, name, role="member"):
    from leerritme.orgs.models import TeamMembership

    person = make_person(org, email, name)
    with scopes_disabled():
        TeamMembership.objects.create(organisation=org, team=team, person=person, role=role)
    return person


@pytest.fixture
def erik(org, team):
    return add_member(org, team, "erik@vonk.test", "Erik Mulder")


@pytest.fixture
def fenna(org, team):
    return add_member(org, team, "fenna@vonk.test", "Fenna Smit")


@pytest.fixture
def retro(in_org, team, bob, alice):
    from leerritme.reflection.services import session_start

    return session_start(team=team, by=bob, format="retrospective", template_key="went_well", title="Sprint 12")
