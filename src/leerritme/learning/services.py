"""Recording learning: the only way any part of Leerritme says that someone learned something."""

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from leerritme.learning.models import LearningEvent, LearningKind, Visibility
from leerritme.orgs.models import Person


def learning_event_record(
    *,
    person: Person,
    kind: str,
    title: str,
    visibility: str = Visibility.PRIVATE,
    occurred_at: datetime | None = None,
    obj: models.Model | None = None,
    team=None,
    minutes: int | None = None,
    data: dict | None = None,
) -> LearningEvent:
    """Record that the person learned something; the only way any part of Leerritme does so.

    Raises ValueError (nothing stored) for an unknown kind or visibility, an empty title, a
    team-visible event without its team, or a team or object of another organisation.
    """
    if kind not in LearningKind.values:
        raise ValueError(f"Unknown learning kind {kind!r}")
    if visibility not in Visibility.values:
        raise ValueError(f"Unknown visibility {visibility!r}")
    if not (title or "").strip():
        raise ValueError("A learning event needs a title.")
    if minutes is not None and minutes < 0:
        raise ValueError("Minutes cannot be negative.")
    if visibility == Visibility.TEAM and team is None:
        raise ValueError("A team-visible learning event needs the team that may see it.")
    if team is not None and team.organisation_id != person.organisation_id:
        raise ValueError("The team belongs to another organisation.")
    if obj is not None and getattr(obj, "organisation_id", person.organisation_id) != person.organisation_id:
        raise ValueError("The object belongs to another organisation.")
    return LearningEvent.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        kind=kind,
        title=title.strip()[:250],
        visibility=visibility,
        occurred_at=occurred_at or timezone.now(),
        team=team,
        minutes=minutes,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        data=data or {},
    )


def learning_events_remove_for(obj: models.Model) -> int:
    """Withdraw the events that point at an object (when it is deleted or made private again)."""
    content_type = ContentType.objects.get_for_model(obj)
    deleted, _ = LearningEvent.objects.filter(content_type=content_type, object_id=str(obj.pk)).delete()
    return deleted
