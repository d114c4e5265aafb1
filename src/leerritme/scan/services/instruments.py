"""Writes about instruments: copying the shipped ones into an organisation, and L&D's own instruments.

The shipped instruments are copied per organisation (like the practice catalogue), lazily: the first time
anyone there opens the scan pages, on `leerritme demo`, and when a run is made. An instrument that has been
used in a run keeps its items (results of earlier runs read them); to change one, copy it.
"""

import json
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_scopes import scope

from leerritme.orgs.models import Organisation
from leerritme.scan.models import Dimension, Instrument, Item, Scale

DATA = Path(__file__).resolve().parent.parent / "data" / "instruments.json"
MAX_ITEMS = 80


@cache
def shipped_instruments() -> tuple[dict, ...]:
    return tuple(json.loads(DATA.read_text(encoding="utf-8"))["instruments"])


@transaction.atomic
def instruments_ensure_shipped(organisation: Organisation) -> int:
    """Copy every shipped instrument the organisation lacks; returns how many were added."""
    with scope(organisation=organisation):
        have = set(Instrument.objects.filter(organisation=organisation).exclude(key="").values_list("key", flat=True))
        added = 0
        for data in shipped_instruments():
            if data["key"] in have:
                continue
            instrument = Instrument.objects.create(
                organisation=organisation, key=data["key"], scale=data["scale"],
                name_nl=data["name"]["nl"], name_en=data["name"]["en"],
                description_nl=data["description"]["nl"], description_en=data["description"]["en"])
            items = []
            order = 0
            for position, dim in enumerate(data["dimensions"]):
                dimension = Dimension.objects.create(
                    organisation=organisation, instrument=instrument, key=dim["key"], order=position,
                    name_nl=dim["name"]["nl"], name_en=dim["name"]["en"], practice_keys=dim.get("practices", []))
                for item in dim["items"]:
                    order += 1
                    items.append(Item(organisation=organisation, instrument=instrument, dimension=dimension,
                                      text_nl=item["nl"], text_en=item["en"],
                                      reverse_scored=item.get("reverse", False), order=order))
            Item.objects.bulk_create(items)
            added += 1
        return added


def _clean(value: str, field: str, limit: int, message: str = "") -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: [message or _("This field is required.")]})
    if len(value) > limit:
        raise ValidationError({field: [_("Keep it under %(limit)s characters.") % {"limit": limit}]})
    return value


@transaction.atomic
def instrument_create(*, organisation: Organisation, name_nl: str, name_en: str, description_nl: str = "",
                      description_en: str = "", scale: str = Scale.LIKERT5) -> Instrument:
    """L&D's own instrument; it can be used in a run once it has items."""
    if scale not in Scale.values:
        raise ValidationError({"scale": [_("Choose one of the scales.")]})
    return Instrument.objects.create(
        organisation=organisation, scale=scale,
        name_nl=_clean(name_nl, "name_nl", 150), name_en=_clean(name_en, "name_en", 150),
        description_nl=(description_nl or "").strip(), description_en=(description_en or "").strip())


def _check_editable(instrument: Instrument) -> None:
    if instrument.runs.exists():
        raise ValidationError(_("This instrument has been used in a run, so its statements stay as they are. "
                                "Make a new instrument to ask something else."))


@transaction.atomic
def item_add(*, instrument: Instrument, dimension_name: str, text_nl: str, text_en: str,
             reverse_scored: bool = False) -> Item:
    """Add a statement under a dimension (made when it is new, by its name)."""
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    _check_editable(instrument)
    name = _clean(dimension_name, "dimension_name", 150, _("Say what this statement measures."))
    text_nl = _clean(text_nl, "text_nl", 300)
    text_en = _clean(text_en, "text_en", 300)
    if instrument.items.count() >= MAX_ITEMS:
        raise ValidationError(_("An instrument has at most %(max)s statements.") % {"max": MAX_ITEMS})
    dimension = next((d for d in instrument.dimensions.all() if name.casefold() in
                      (d.name_nl.casefold(), d.name_en.casefold())), None)
    if dimension is None:
        key = slugify(name)[:70] or "dimension"
        taken = set(instrument.dimensions.values_list("key", flat=True))
        base, n = key, 1
        while key in taken:
            n += 1
            key = f"{base}-{n}"
        dimension = Dimension.objects.create(organisation_id=instrument.organisation_id, instrument=instrument,
                                             key=key, name_nl=name, name_en=name,
                                             order=instrument.dimensions.count())
    last = instrument.items.order_by("-order").values_list("order", flat=True).first() or 0
    return Item.objects.create(organisation_id=instrument.organisation_id, instrument=instrument,
                               dimension=dimension, text_nl=text_nl, text_en=text_en,
                               reverse_scored=bool(reverse_scored), order=last + 1)


@transaction.atomic
def item_remove(*, item: Item) -> None:
    _check_editable(item.instrument)
    dimension = item.dimension
    item.delete()
    if not dimension.items.exists():
        dimension.delete()
