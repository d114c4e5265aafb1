"""Editing instruments: L&D edits an own instrument (name, description, scale, statements) until a run uses it;
shipped instruments stay as they are and are copied ("make my own copy"); roles and another organisation."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from leerritme.scan.models import Dimension, Instrument, Item
from leerritme.scan.services.instruments import (
    instrument_copy,
    instrument_create,
    instrument_update,
    item_add,
    item_remove,
    item_update,
)
from leerritme.scan.services.runs import run_create


def u(name, **kwargs):
    return reverse(f"scan:{name}", kwargs={"org": "vonk", **kwargs})


@pytest.fixture
def own(in_org):
    instrument = instrument_create(organisation=in_org, name_nl="Werkplezier", name_en="Enjoying work")
    item_add(instrument=instrument, dimension_name="Plezier", text_nl="Ik werk graag hier.", text_en="I like it here.")
    item_add(instrument=instrument, dimension_name="Plezier", text_nl="Ik leer veel.", text_en="I learn a lot.")
    return instrument


def test_an_own_instrument_changes_until_a_run_uses_it(own):
    instrument_update(instrument=own, name_nl="Plezier in het werk", name_en="Joy at work",
                      description_nl="Kort", description_en="Short", scale="traffic_light")
    own.refresh_from_db()
    assert (own.name_nl, own.name_en, own.description_en, own.scale) == ("Plezier in het werk", "Joy at work",
                                                                         "Short", "traffic_light")
    first = own.items.order_by("order").first()
    item_update(item=first, dimension_name="Leren", text_nl="Ik leer hier.", text_en="I learn here.",
                reverse_scored=True)
    first.refresh_from_db()
    assert first.dimension.name_en == "Leren" and first.reverse_scored and first.text_en == "I learn here."
    assert set(own.dimensions.values_list("name_nl", flat=True)) == {"Plezier", "Leren"}
    # Moving the last statement out of a dimension removes the empty dimension.
    second = own.items.exclude(pk=first.pk).get()
    item_update(item=second, dimension_name="leren", text_nl="Ik leer veel.", text_en="I learn a lot.")
    assert list(own.dimensions.values_list("name_nl", flat=True)) == ["Leren"]


def test_bad_input_stores_nothing(own):
    with pytest.raises(ValidationError):
        instrument_update(instrument=own, name_nl="  ", name_en="Joy", scale="likert5")
    with pytest.raises(ValidationError):
        instrument_update(instrument=own, name_nl="Plezier", name_en="Joy", scale="stars")
    item = own.items.first()
    with pytest.raises(ValidationError):
        item_update(item=item, dimension_name="Nieuw", text_nl="", text_en="x")
    own.refresh_from_db()
    item.refresh_from_db()
    assert own.name_nl == "Werkplezier" and own.scale == "likert5" and item.text_nl == "Ik werk graag hier."
    assert not Dimension.objects.filter(name_nl="Nieuw").exists()


def test_shipped_and_used_instruments_stay_as_they_are(shipped, own, team, alice):
    culture = shipped["learning-culture"]
    item = culture.items.first()
    for change in (lambda: instrument_update(instrument=culture, name_nl="X", name_en="X"),
                   lambda: item_update(item=item, dimension_name="X", text_nl="X", text_en="X"),
                   lambda: item_add(instrument=culture, dimension_name="X", text_nl="X", text_en="X"),
                   lambda: item_remove(item=item)):
        with pytest.raises(ValidationError, match="shipped"):
            change()
    today = timezone.localdate()
    run_create(instrument=own, title="", whole_organisation=False, teams=[team], opens_on=today, closes_on=today,
               created_by=alice)
    with pytest.raises(ValidationError, match="used in a run"):
        instrument_update(instrument=own, name_nl="X", name_en="X")
    with pytest.raises(ValidationError, match="used in a run"):
        item_update(item=own.items.first(), dimension_name="X", text_nl="X", text_en="X")


def test_a_copy_has_the_same_statements_and_is_editable(shipped):
    culture = shipped["learning-culture"]
    copy = instrument_copy(instrument=culture)
    assert copy.key == "" and copy.name_nl.endswith("(kopie)") and copy.name_en.endswith("(copy)")
    assert copy.scale == culture.scale and copy.description_en == culture.description_en
    assert list(copy.dimensions.values_list("key", "name_en", "practice_keys")) == list(
        culture.dimensions.values_list("key", "name_en", "practice_keys"))
    assert [(i.dimension.key, i.text_en, i.reverse_scored) for i in copy.items.select_related("dimension")] == [
        (i.dimension.key, i.text_en, i.reverse_scored) for i in culture.items.select_related("dimension")]
    instrument_update(instrument=copy, name_nl="Onze scan", name_en="Our scan")
    assert Instrument.objects.get(key="learning-culture").name_en == culture.name_en


def test_charlie_gets_404(own, charlie, login):
    client = login(charlie)
    item = own.items.first()
    assert client.get(u("instrument_edit", uuid=own.uuid)).status_code == 404
    assert client.get(u("item_edit", uuid=own.uuid, pk=item.pk)).status_code == 404
    assert client.post(u("instrument_copy", uuid=own.uuid)).status_code == 404
    assert Instrument.objects.count() == 1


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_members_and_leads_cannot_edit_or_copy(own, who, request, login):
    client = login(request.getfixturevalue(who))
    item = own.items.first()
    assert client.get(u("instrument_edit", uuid=own.uuid)).status_code == 403
    assert client.post(u("item_edit", uuid=own.uuid, pk=item.pk), {"dimension_name": "X", "text_nl": "X",
                                                                    "text_en": "X"}).status_code == 403
    assert client.post(u("instrument_copy", uuid=own.uuid)).status_code == 403
    assert Instrument.objects.count() == 1 and Item.objects.get(pk=item.pk).text_nl == "Ik werk graag hier."


def test_ld_edits_an_own_instrument_and_its_statements(own, carol, login):
    client = login(carol)
    page = client.get(u("instrument", uuid=own.uuid)).content.decode()
    assert 'id="edit-instrument"' in page and "data-edit-item" in page and 'id="add-item"' in page
    response = client.get(u("instrument_edit", uuid=own.uuid))
    assert response.status_code == 200 and response.context["form"].initial["name_en"] == "Enjoying work"
    response = client.post(u("instrument_edit", uuid=own.uuid), {"name_nl": "Werkgeluk", "name_en": "Work joy",
                                                                 "description_nl": "", "description_en": "",
                                                                 "scale": "likert5"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.name_en == "Work joy"
    response = client.post(u("instrument_edit", uuid=own.uuid), {"name_nl": "", "name_en": "", "scale": "likert5"})
    assert response.status_code == 400
    item = own.items.first()
    assert client.get(u("item_edit", uuid=own.uuid, pk=item.pk)).context["form"].initial["dimension_name"] == "Plezier"
    response = client.post(u("item_edit", uuid=own.uuid, pk=item.pk), {
        "dimension_name": "Plezier", "text_nl": "Ik ben hier graag.", "text_en": "I like being here.",
        "reverse_scored": "on"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text_en == "I like being here." and item.reverse_scored


def test_ld_copies_a_shipped_instrument_instead_of_editing_it(shipped, carol, login):
    client = login(carol)
    culture = shipped["learning-culture"]
    page = client.get(u("instrument", uuid=culture.uuid)).content.decode()
    assert 'id="shipped-note"' in page and 'id="edit-instrument"' not in page and 'id="add-item"' not in page
    assert "data-edit-item" not in page and 'id="copy-instrument"' in page
    response = client.get(u("instrument_edit", uuid=culture.uuid), follow=True)
    assert response.redirect_chain and "Make your own copy" in response.content.decode()
    item = culture.items.first()
    assert client.get(u("item_edit", uuid=culture.uuid, pk=item.pk)).status_code == 302
    response = client.post(u("instrument_copy", uuid=culture.uuid))
    copy = Instrument.objects.get(key="", name_en__endswith="(copy)")
    assert response.status_code == 302 and response.url == u("instrument", uuid=copy.uuid)
    page = client.get(response.url).content.decode()
    assert 'id="edit-instrument"' in page and 'id="shipped-note"' not in page
    # A statement of another instrument is not reachable through this one.
    assert client.get(u("item_edit", uuid=copy.uuid, pk=item.pk)).status_code == 404
