"""Writes about instruments: copying the shipped ones into an organisation, and L&D's own instruments.

The shipped instruments are copied per organisation (like the practice catalogue), lazily: the first time
anyone there opens the scan pages, on `leerritme demo`, and when a run is made. An instrument that has been
used in a run keeps its items (results of earlier runs read them); to change one, copy it.

Editing: L&D edits an own instrument (name, description in both languages, scale and statements) as long as no
run has used it. A shipped instrument is never edited in place: it carries the citation of its source and the
links from its dimensions to catalogue practices, and every organisation should be able to compare its results
with the shipped wording. "Make my own copy" gives an own, editable instrument with the same statements and
dimensions (practice links included).
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


def check_editable(instrument: Instrument) -> None:
    """Refuse changes to a shipped instrument or one a run has used (its results read the statements)."""
    if instrument.key:
        raise ValidationError(_("A shipped instrument stays as it is. Make your own copy to change it."))
    if instrument.runs.exists():
        raise ValidationError(_("This instrument has been used in a run, so its statements stay as they are. "
                                "Make a new instrument to ask something else."))


def _dimension_named(instrument: Instrument, name: str) -> Dimension:
    """The instrument's dimension of that name (in either language), made when it is new."""
    dimension = next((d for d in instrument.dimensions.all() if name.casefold() in
                      (d.name_nl.casefold(), d.name_en.casefold())), None)
    if dimension is None:
        key = slugify(name)[:70] or "dimension"
        taken = set(instrument.dimensions.values_list("key", flat=True))
        base, n = key, 1
        while key in taken:
            n += 1
            key = f"{base}-{n}"
        last = instrument.dimensions.order_by("-order").values_list("order", flat=True).first()
        dimension = Dimension.objects.create(organisation_id=instrument.organisation_id, instrument=instrument,
                                             key=key, name_nl=name, name_en=name,
                                             order=0 if last is None else last + 1)
    return dimension


@transaction.atomic
def instrument_update(*, instrument: Instrument, name_nl: str, name_en: str, description_nl: str = "",
                      description_en: str = "", scale: str = Scale.LIKERT5) -> Instrument:
    """Change an own instrument's name, description or scale while no run has used it."""
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    check_editable(instrument)
    if scale not in Scale.values:
        raise ValidationError({"scale": [_("Choose one of the scales.")]})
    instrument.name_nl = _clean(name_nl, "name_nl", 150)
    instrument.name_en = _clean(name_en, "name_en", 150)
    instrument.description_nl = (description_nl or "").strip()
    instrument.description_en = (description_en or "").strip()
    instrument.scale = scale
    instrument.save(update_fields=["name_nl", "name_en", "description_nl", "description_en", "scale"])
    return instrument


@transaction.atomic
def instrument_copy(*, instrument: Instrument) -> Instrument:
    """An own, editable copy of any instrument (shipped or own, used or not): same dimensions and statements."""
    source = instrument
    copy = Instrument.objects.create(
        organisation_id=source.organisation_id, scale=source.scale,
        name_nl=f"{source.name_nl[:140]} (kopie)", name_en=f"{source.name_en[:141]} (copy)",
        description_nl=source.description_nl, description_en=source.description_en)
    dimensions = {}
    for dimension in source.dimensions.all():
        dimensions[dimension.pk] = Dimension.objects.create(
            organisation_id=source.organisation_id, instrument=copy, key=dimension.key, order=dimension.order,
            name_nl=dimension.name_nl, name_en=dimension.name_en, practice_keys=list(dimension.practice_keys))
    Item.objects.bulk_create([
        Item(organisation_id=source.organisation_id, instrument=copy, dimension=dimensions[item.dimension_id],
             text_nl=item.text_nl, text_en=item.text_en, reverse_scored=item.reverse_scored, order=item.order)
        for item in source.items.order_by("order", "pk")])
    return copy


@transaction.atomic
def item_update(*, item: Item, dimension_name: str, text_nl: str, text_en: str,
                reverse_scored: bool = False) -> Item:
    """Change a statement of an own instrument that no run has used; a new dimension name moves it."""
    instrument = Instrument.objects.select_for_update().get(pk=item.instrument_id)
    check_editable(instrument)
    name = _clean(dimension_name, "dimension_name", 150, _("Say what this statement measures."))
    item.text_nl = _clean(text_nl, "text_nl", 300)
    item.text_en = _clean(text_en, "text_en", 300)
    item.reverse_scored = bool(reverse_scored)
    old = item.dimension
    item.dimension = _dimension_named(instrument, name)
    item.save(update_fields=["text_nl", "text_en", "reverse_scored", "dimension"])
    if old.pk != item.dimension_id and not old.items.exists():
        old.delete()
    return item


@transaction.atomic
def item_add(*, instrument: Instrument, dimension_name: str, text_nl: str, text_en: str,
             reverse_scored: bool = False) -> Item:
    """Add a statement under a dimension (made when it is new, by its name)."""
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    check_editable(instrument)
    name = _clean(dimension_name, "dimension_name", 150, _("Say what this statement measures."))
    text_nl = _clean(text_nl, "text_nl", 300)
    text_en = _clean(text_en, "text_en", 300)
    if instrument.items.count() >= MAX_ITEMS:
        raise ValidationError(_("An instrument has at most %(max)s statements.") % {"max": MAX_ITEMS})
    dimension = _dimension_named(instrument, name)
    last = instrument.items.order_by("-order").values_list("order", flat=True).first() or 0
    return Item.objects.create(organisation_id=instrument.organisation_id, instrument=instrument,
                               dimension=dimension, text_nl=text_nl, text_en=text_en,
                               reverse_scored=bool(reverse_scored), order=last + 1)


@transaction.atomic
def item_remove(*, item: Item) -> None:
    check_editable(Instrument.objects.select_for_update().get(pk=item.instrument_id))
    dimension = item.dimension
    item.delete()
    if not dimension.items.exists():
        dimension.delete()
