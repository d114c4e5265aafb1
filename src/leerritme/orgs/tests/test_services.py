import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from leerritme.accounts.models import User
from leerritme.orgs.models import Organisation, Person, Role
from leerritme.orgs.services import (
    membership_add,
    organisation_create,
    organisation_setup,
    organisation_slug_suggest,
    organisation_update,
)


def test_it_suggests_a_short_name_from_the_name(db):
    assert organisation_slug_suggest("Werkplaats Dé Vonk B.V.") == "werkplaats-de-vonk-bv"
    assert organisation_slug_suggest("!!!") == "organisation"


def test_it_suggests_a_free_short_name(org):
    Organisation.objects.create(name="Vonk 2", slug="vonk-2")

    assert organisation_slug_suggest("Vonk") == "vonk-3"


def test_it_creates_an_organisation_with_its_first_owner(alice):
    organisation = organisation_create(
        name=" Tweede ", slug="Tweede", owner_user=alice.user, default_language="en"
    )

    assert (organisation.name, organisation.slug, organisation.default_language) == ("Tweede", "tweede", "en")
    with scopes_disabled():
        assert Person.objects.get(organisation=organisation, user=alice.user).role == Role.OWNER


def test_it_sets_up_account_and_organisation_together_or_not_at_all(org):
    with pytest.raises(ValidationError):
        organisation_setup(
            organisation_name="Andere", slug="vonk", default_language="nl",
            name="Els", email="els@vonk.test", password="correct horse battery", language="nl",
        )

    assert not User.objects.filter(email="els@vonk.test").exists()
    assert Organisation.objects.count() == 1


def test_it_refuses_a_second_membership_in_the_same_organisation(alice, org):
    with pytest.raises(ValidationError, match="al lid van"):
        membership_add(organisation=org, user=alice.user, role=Role.OWNER)


def test_it_adds_an_existing_account_to_another_organisation(alice, other_org):
    person = membership_add(organisation=other_org, user=alice.user, role=Role.LD_ADMIN)

    assert (person.organisation, person.role) == (other_org, Role.LD_ADMIN)


def test_it_updates_the_settings_and_checks_the_threshold(org):
    organisation_update(organisation=org, name="De Vonk", default_language="en", anonymity_threshold=3)
    org.refresh_from_db()
    assert (org.name, org.default_language, org.anonymity_threshold) == ("De Vonk", "en", 3)

    with pytest.raises(ValidationError):
        organisation_update(organisation=org, name="De Vonk", default_language="en", anonymity_threshold=11)
