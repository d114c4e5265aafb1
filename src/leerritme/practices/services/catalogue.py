"""Writes to the organisation's practice catalogue: own practices, adapted text, restore, hide and show.

The copying of the shipped catalogue itself lives with the catalogue file (`practices.catalogue`);
`practices_ensure_catalogue` is re-exported here so every catalogue write is found in one place.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from leerritme.orgs.models import Organisation
from leerritme.practices.catalogue import (
    LANGUAGES,
    TEXT_FIELDS,
    practices_ensure_catalogue,
    shipped_by_key,
)
from leerritme.practices.models import KolbPhase, Practice, PracticeLevel, PracticePart, TypicalCadence

__all__ = [
    "practice_create",
    "practice_restore",
    "practice_set_visibility",
    "practice_update",
    "practices_ensure_catalogue",
]

MAX_DURATION = 8 * 60


def _clean(values: dict, *, own: bool) -> dict:
    """Strip and check the values of a practice; raises ValidationError with every problem at once."""
    cleaned = {}
    errors: dict[str, list[str]] = {}
    for field in TEXT_FIELDS:
        for language in LANGUAGES:
            name = f"{field}_{language}"
            value = (values.get(name) or "").strip()
            if field == "howto":
                value = "\n".join(line.strip() for line in value.splitlines() if line.strip())
            cleaned[name] = value
        if not any(cleaned[f"{field}_{language}"] for language in LANGUAGES):
            errors.setdefault(f"{field}_nl", []).append(_("Fill this in, in Dutch or in English (or both)."))
    for name, choices in (("typical_cadence", TypicalCadence), ("kolb_phase", KolbPhase),
                          ("level", PracticeLevel), ("part", PracticePart)):
        value = values.get(name)
        if value not in choices.values:
            errors.setdefault(name, []).append(_("Choose one of the options."))
        cleaned[name] = value
    duration = values.get("duration_minutes")
    if duration in ("", None):
        duration = None
    else:
        try:
            duration = int(duration)
        except (TypeError, ValueError):
            duration = 0
        if not 1 <= duration <= MAX_DURATION:
            errors.setdefault("duration_minutes", []).append(
                _("Give a duration between 1 and %(max)s minutes.") % {"max": MAX_DURATION})
    cleaned["duration_minutes"] = duration
    if own:
        cleaned["seed"] = (values.get("seed") or "").strip()[:40]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_unique_name(organisation: Organisation, values: dict, *, exclude: Practice | None = None) -> None:
    names = [values[f"name_{language}"] for language in LANGUAGES if values[f"name_{language}"]]
    clash = Q()
    for name in names:
        clash |= Q(name_nl__iexact=name) | Q(name_en__iexact=name)
    others = Practice.objects.filter(organisation=organisation).filter(clash)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise ValidationError({"name_nl": [_("The catalogue already has a practice with this name.")]})


@transaction.atomic
def practice_create(*, organisation: Organisation, values: dict) -> Practice:
    """An organisation's own practice (no key: the shipped catalogue never touches it)."""
    cleaned = _clean(values, own=True)
    _check_unique_name(organisation, cleaned)
    now = timezone.now()
    return Practice.objects.create(organisation=organisation, key="", created_at=now, updated_at=now, **cleaned)


@transaction.atomic
def practice_update(*, practice: Practice, values: dict) -> Practice:
    """Adapt a practice's text and details. A shipped practice counts as adapted while it differs from the
    shipped text (so later catalogue updates leave it alone); changed back to the original, it is not."""
    cleaned = _clean(values, own=practice.is_own)
    _check_unique_name(practice.organisation, cleaned, exclude=practice)
    for name, value in cleaned.items():
        setattr(practice, name, value)
    fields = [*cleaned, "updated_at"]
    if not practice.is_own:
        shipped = shipped_by_key().get(practice.key)
        practice.is_adapted = shipped is None or shipped.differs_from(practice)
        fields.append("is_adapted")
    practice.updated_at = timezone.now()
    practice.save(update_fields=fields)
    return practice


@transaction.atomic
def practice_restore(*, practice: Practice) -> Practice:
    """Put the shipped text back on an adapted copy; from now on it follows catalogue updates again."""
    shipped = shipped_by_key().get(practice.key) if not practice.is_own else None
    if shipped is None:
        raise ValidationError(_("This practice has no original text to restore."))
    for name, value in shipped.values.items():
        setattr(practice, name, value)
    practice.is_adapted = False
    practice.updated_at = timezone.now()
    practice.save(update_fields=[*shipped.values, "is_adapted", "updated_at"])
    return practice


def practice_set_visibility(*, practice: Practice, visible: bool) -> Practice:
    """Show or hide a practice in the catalogue; teams that practise it keep doing so."""
    practice.is_active = visible
    practice.updated_at = timezone.now()
    practice.save(update_fields=["is_active", "updated_at"])
    return practice
