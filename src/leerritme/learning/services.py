"""Recording learning: the only way any part of Leerritme says that someone learned something."""

from collections.abc import Iterable
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from leerritme.learning import listeners
from leerritme.learning.models import LearningEvent, LearningKind, Visibility
from leerritme.orgs.models import Person


def _build_event(
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
    if occurred_at is not None and timezone.is_naive(occurred_at):
        raise ValueError("A learning event needs an aware datetime.")
    return LearningEvent(
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

    Raises ValueError (nothing stored) for an unknown kind or visibility, an empty title, a naive
    datetime, a team-visible event without its team, or a team or object of another organisation.
    """
    event = _build_event(person=person, kind=kind, title=title, visibility=visibility,
                         occurred_at=occurred_at, obj=obj, team=team, minutes=minutes, data=data)
    with transaction.atomic():
        event.save()
        listeners.recorded([event])
    return event


@transaction.atomic
def learning_events_record_many(events: Iterable[dict], *, batch_size: int = 1000) -> int:
    """Record many events at once (imports, the demo's year of history): each dict holds the keyword
    arguments of `learning_event_record`. All are checked the same way; if one is bad, none is stored."""
    built = [_build_event(**event) for event in events]
    LearningEvent.objects.bulk_create(built, batch_size=batch_size)
    listeners.recorded(built)
    return len(built)


def learning_events_remove_for(obj: models.Model) -> int:
    """Withdraw the events that point at an object (when it is deleted or made private again)."""
    content_type = ContentType.objects.get_for_model(obj)
    with transaction.atomic():
        events = list(LearningEvent.objects.filter(content_type=content_type, object_id=str(obj.pk)))
        if not events:
            return 0
        LearningEvent.objects.filter(pk__in=[event.pk for event in events]).delete()
        listeners.removed(events)
    return len(events)
