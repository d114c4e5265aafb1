"""Small checks the loop's services share."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from leerritme.loop.models import TEXT_MAX, TITLE_MAX
from leerritme.orgs.rules import can


def require(person, name: str, obj=None) -> None:
    if not can(person, name, obj):
        raise PermissionDenied


def clean_text(value, *, field: str, required: bool = True, max_length: int = TEXT_MAX, errors: dict) -> str:
    """Trimmed text; a missing required text or one too long is added to `errors` under `field`."""
    text = (value or "").replace("\r\n", "\n").strip()
    if required and not text:
        errors[field] = _("Fill this in.")
    elif len(text) > max_length:
        errors[field] = _("Keep it under %(max)s characters; this has %(length)s.") % {
            "max": max_length, "length": len(text)}
    return text


def clean_title(value, *, field: str = "title", errors: dict) -> str:
    return " ".join(clean_text(value, field=field, max_length=TITLE_MAX, errors=errors).split())


def raise_if(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)
