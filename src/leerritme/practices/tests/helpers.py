"""Shared set-up for the catalogue, adoption and way-of-learning tests."""

import pytest
from django_scopes import scopes_disabled

from leerritme.practices.catalogue import practices_ensure_catalogue
from leerritme.practices.models import Adoption, AdoptionStatus, Practice


def practice(org, key="lunch-and-learn") -> Practice:
    practices_ensure_catalogue(org)
    with scopes_disabled():
        return Practice.objects.get(organisation=org, key=key)


def adopt(team, key="check-out", *, owner=None, purpose="Om van elkaar te leren.", status=AdoptionStatus.ACTIVE,
          proposed_by=None) -> Adoption:
    found = practice(team.organisation, key)
    with scopes_disabled():
        return Adoption.objects.create(organisation=team.organisation, team=team, practice=found, owner=owner,
                                       purpose=purpose, status=status, proposed_by=proposed_by)


@pytest.fixture
def english(login):
    """Log in speaking English, so the assertions read the English source strings."""

    def as_person(person):
        person.user.language = "en"
        person.user.save(update_fields=["language"])
        return login(person)

    return as_person
