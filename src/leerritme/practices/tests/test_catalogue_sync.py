"""Copying the shipped catalogue into organisations: idempotent, cheap when done, never destructive."""

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled

from leerritme.practices.catalogue import practices_ensure_catalogue, shipped_by_key, shipped_practices
from leerritme.practices.models import Practice
from leerritme.practices.services.catalogue import practice_update


def copies(org):
    with scopes_disabled():
        return {p.key: p for p in Practice.objects.filter(organisation=org).exclude(key="")}


def values_of(practice):
    from leerritme.practices.catalogue import SHIPPED_FIELDS

    return {name: getattr(practice, name) for name in SHIPPED_FIELDS}


def test_it_copies_every_shipped_practice_into_the_organisation(org):
    result = practices_ensure_catalogue(org)
    assert result.created == len(shipped_practices()) and result.updated == 0
    found = copies(org)
    assert set(found) == set(shipped_by_key())
    lunch = found["lunch-and-learn"]
    assert lunch.name_nl == "Lunch & learn" and lunch.part == "knowledge" and not lunch.is_adapted
    assert lunch.is_active and lunch.organisation_id == org.pk


def test_it_is_idempotent_and_costs_one_query_when_nothing_is_missing(org, django_assert_num_queries):
    practices_ensure_catalogue(org)
    with django_assert_num_queries(1):
        result = practices_ensure_catalogue(org)
    assert not result.changed
    assert len(copies(org)) == len(shipped_practices())


def test_it_keeps_organisations_apart(org, other_org):
    practices_ensure_catalogue(org)
    assert copies(other_org) == {}
    practices_ensure_catalogue(other_org)
    assert set(copies(other_org)) == set(copies(org))
    assert not {p.pk for p in copies(org).values()} & {p.pk for p in copies(other_org).values()}


def test_it_adds_only_what_is_missing(org):
    practices_ensure_catalogue(org)
    with scopes_disabled():
        Practice.objects.filter(organisation=org, key__in=["kaizen", "mentoring"]).delete()
    result = practices_ensure_catalogue(org)
    assert (result.created, result.updated) == (2, 0)
    assert {"kaizen", "mentoring"} <= set(copies(org))


def test_it_refreshes_an_unadapted_copy_when_the_shipped_text_changed(org):
    practices_ensure_catalogue(org)
    with scopes_disabled():
        # As if this copy was made from an older catalogue file.
        Practice.objects.filter(organisation=org, key="kaizen").update(purpose_nl="Oude tekst", duration_minutes=99)
    result = practices_ensure_catalogue(org)
    assert (result.created, result.updated) == (0, 1)
    kaizen = copies(org)["kaizen"]
    assert values_of(kaizen) == shipped_by_key()["kaizen"].values


def test_it_never_overwrites_an_adapted_copy(org, in_org):
    practices_ensure_catalogue(org)
    kaizen = copies(org)["kaizen"]
    values = {**values_of(kaizen), "purpose_nl": "Bij ons: elke vrijdag de verbeterbord-ronde."}
    practice_update(practice=kaizen, values=values)
    assert kaizen.is_adapted
    result = practices_ensure_catalogue(org)
    assert not result.changed
    assert copies(org)["kaizen"].purpose_nl == "Bij ons: elke vrijdag de verbeterbord-ronde."


def test_it_keeps_hidden_copies_hidden_and_own_practices_untouched(org):
    practices_ensure_catalogue(org)
    with scopes_disabled():
        Practice.objects.filter(organisation=org, key="kaizen").update(is_active=False, purpose_en="Old")
        own = Practice.objects.create(
            organisation=org, key="", name_nl="Eigen", name_en="Own", purpose_nl="p", purpose_en="p",
            howto_nl="a", howto_en="a", participants_nl="x", participants_en="x", typical_cadence="weekly",
            kolb_phase="reflect", level="team")
    practices_ensure_catalogue(org)
    kaizen = copies(org)["kaizen"]
    assert not kaizen.is_active and kaizen.purpose_en == shipped_by_key()["kaizen"].values["purpose_en"]
    with scopes_disabled():
        own.refresh_from_db()
        assert own.name_nl == "Eigen"


def test_it_keeps_a_copy_whose_key_left_the_catalogue(org):
    practices_ensure_catalogue(org)
    with scopes_disabled():
        Practice.objects.filter(organisation=org, key="kaizen").update(key="retired-practice")
    practices_ensure_catalogue(org)
    assert {"retired-practice", "kaizen"} <= set(copies(org))


def test_it_works_inside_a_request_scope_too(org, in_org):
    assert practices_ensure_catalogue(org).created == len(shipped_practices())
    assert Practice.objects.count() == len(shipped_practices())


def test_sync_practices_fills_every_organisation(org, other_org, capsys):
    call_command("sync-practices")
    assert len(copies(org)) == len(copies(other_org)) == len(shipped_practices())
    assert f"{2 * len(shipped_practices())} added" in capsys.readouterr().out
    call_command("sync-practices")
    assert "0 added, 0 updated" in capsys.readouterr().out
    assert len(copies(org)) == len(shipped_practices())


def test_sync_practices_can_take_one_organisation(org, other_org):
    call_command("sync-practices", org=org.slug)
    assert copies(org) and not copies(other_org)


def test_sync_practices_refuses_an_unknown_organisation(db):
    with pytest.raises(CommandError):
        call_command("sync-practices", org="nobody")
