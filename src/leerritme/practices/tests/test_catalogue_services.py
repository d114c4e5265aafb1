"""Writing the catalogue: checks on a practice's values, adapting, restoring and hiding."""

import pytest
from django.core.exceptions import ValidationError

from leerritme.practices.catalogue import SHIPPED_FIELDS, shipped_by_key
from leerritme.practices.models import Practice
from leerritme.practices.services.catalogue import (
    practice_create,
    practice_restore,
    practice_set_visibility,
    practice_update,
)
from leerritme.practices.tests.helpers import adopt, practice

VALID = {
    "name_nl": "Storingsoverdracht", "name_en": "", "purpose_nl": "Leren bij de overdracht.", "purpose_en": "",
    "howto_nl": "Noem de storing\nZeg wat je probeerde\nZeg wat werkte", "howto_en": "",
    "participants_nl": "De storingsdienst", "participants_en": "", "duration_minutes": 10,
    "typical_cadence": "weekly", "kolb_phase": "reflect", "level": "team", "part": "rhythm", "seed": "",
}


def test_it_creates_an_own_practice_in_the_organisation(org, in_org):
    own = practice_create(organisation=org, values=VALID)
    assert own.is_own and own.organisation_id == org.pk and own.howto_steps == [
        "Noem de storing", "Zeg wat je probeerde", "Zeg wat werkte"]


@pytest.mark.parametrize("change, field", [
    ({"duration_minutes": 0}, "duration_minutes"),
    ({"duration_minutes": 481}, "duration_minutes"),
    ({"duration_minutes": "lots"}, "duration_minutes"),
    ({"kolb_phase": "dreaming"}, "kolb_phase"),
    ({"level": ""}, "level"),
    ({"part": "gardening"}, "part"),
    ({"purpose_nl": "  "}, "purpose_nl"),
])
def test_it_refuses_bad_values_and_stores_nothing(change, field, org, in_org):
    with pytest.raises(ValidationError) as error:
        practice_create(organisation=org, values={**VALID, **change})
    assert field in error.value.message_dict
    assert not Practice.objects.filter(name_nl="Storingsoverdracht").exists()


def test_an_empty_duration_is_allowed(org, in_org):
    assert practice_create(organisation=org, values={**VALID, "duration_minutes": ""}).duration_minutes is None


def test_restoring_an_own_practice_is_refused(org, in_org):
    own = practice_create(organisation=org, values=VALID)
    with pytest.raises(ValidationError):
        practice_restore(practice=own)


def test_adapting_keeps_the_source_article_of_a_shipped_practice(org, in_org):
    found = practice(org, "kaizen")
    values = {name: getattr(found, name) for name in SHIPPED_FIELDS}
    practice_update(practice=found, values={**values, "seed": "Stolen", "name_en": "Kaizen at our place"})
    found.refresh_from_db()
    assert found.is_adapted and found.seed == shipped_by_key()["kaizen"].values["seed"]


def test_hiding_a_practice_leaves_the_teams_that_practise_it_alone(org, in_org, team):
    adoption = adopt(team, "kaizen")
    practice_set_visibility(practice=adoption.practice, visible=False)
    adoption.refresh_from_db()
    assert not adoption.practice.is_active and adoption.status == "active"
