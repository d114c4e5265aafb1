"""Writes about a team's own board templates (and the organisation-wide ones L&D makes).

A template is a name, a format and 1 to 8 columns, each a title with a prompt. Sessions copy the columns
when they start, so editing or archiving a template never changes a session that used it. A column keeps
its key when it is renamed, so the columns of later sessions still line up in the team's history.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from leerritme.orgs.models import Person, Team
from leerritme.reflection.models import MAX_COLUMNS, Format, ReflectionTemplate

MAX_NAME = 120
MAX_TITLE = 60
MAX_PROMPT = 200


def _clean_name(name: str, *, team: Team | None, organisation_id: int, exclude: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": [_("Give the template a name.")]})
    if len(name) > MAX_NAME:
        raise ValidationError({"name": [_("Keep the name under %(limit)s characters.") % {"limit": MAX_NAME}]})
    clash = ReflectionTemplate.objects.filter(organisation_id=organisation_id, team=team, archived=False,
                                              name__iexact=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"name": [_("There is already a template with this name.")]})
    return name


def clean_columns(columns: list[dict], *, previous: list[dict] | None = None) -> list[dict]:
    """1 to 8 columns with a title (and an optional prompt); keys stay stable across edits."""
    cleaned, keys = [], set()
    old_keys = [c.get("key") for c in previous or []]
    for index, column in enumerate(columns):
        title = " ".join(str(column.get("title") or "").split())
        prompt = " ".join(str(column.get("prompt") or "").split())
        if not title and not prompt:
            continue  # an empty row of the editor
        if not title:
            raise ValidationError({"columns": [_("Column %(n)s has a prompt but no title.") % {"n": index + 1}]})
        if len(title) > MAX_TITLE:
            raise ValidationError({"columns": [_("Keep column titles under %(limit)s characters.")
                                               % {"limit": MAX_TITLE}]})
        if len(prompt) > MAX_PROMPT:
            raise ValidationError({"columns": [_("Keep prompts under %(limit)s characters.") % {"limit": MAX_PROMPT}]})
        key = str(column.get("key") or "")
        if key not in old_keys or key in keys:
            key = slugify(title)[:30] or "column"
        base, n = key, 2
        while key in keys:
            key, n = f"{base}-{n}", n + 1
        keys.add(key)
        cleaned.append({"key": key, "title": title, "prompt": prompt})
    if not cleaned:
        raise ValidationError({"columns": [_("Give the template at least one column.")]})
    if len(cleaned) > MAX_COLUMNS:
        raise ValidationError({"columns": [_("A template has at most %(limit)s columns.") % {"limit": MAX_COLUMNS}]})
    return cleaned


def _clean_format(format: str) -> str:
    if format not in Format.values:
        raise ValidationError({"format": [_("Choose a format.")]})
    return format


@transaction.atomic
def template_create(*, organisation, by: Person, team: Team | None, name: str, format: str,
                    columns: list[dict]) -> ReflectionTemplate:
    """A team's own template (or, without a team, one for the whole organisation)."""
    if team is not None and team.organisation_id != organisation.pk:
        raise ValidationError(_("This team is not in the organisation."))
    return ReflectionTemplate.objects.create(
        organisation=organisation, team=team, created_by=by,
        name=_clean_name(name, team=team, organisation_id=organisation.pk),
        format=_clean_format(format), columns=clean_columns(columns),
    )


@transaction.atomic
def template_update(template: ReflectionTemplate, *, by: Person, name: str, format: str,
                    columns: list[dict]) -> ReflectionTemplate:
    """Rename a template or change its columns; sessions that used it keep the columns they had."""
    template = ReflectionTemplate.objects.select_for_update().get(pk=template.pk)
    if template.archived:
        raise ValidationError(_("This template is archived; restore it before changing it."))
    template.name = _clean_name(name, team=template.team, organisation_id=template.organisation_id,
                                exclude=template.pk)
    template.format = _clean_format(format)
    template.columns = clean_columns(columns, previous=template.columns)
    template.save(update_fields=["name", "format", "columns"])
    return template


@transaction.atomic
def template_archive(template: ReflectionTemplate, *, by: Person, archived: bool = True) -> ReflectionTemplate:
    """Archive a template (no longer offered when starting) or restore it."""
    template = ReflectionTemplate.objects.select_for_update().get(pk=template.pk)
    if not archived:
        _clean_name(template.name, team=template.team, organisation_id=template.organisation_id,
                    exclude=template.pk)
    template.archived = archived
    template.save(update_fields=["archived"])
    return template
