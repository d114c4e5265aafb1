"""Erasure: removing a person's personal data from one organisation (DESIGN.md, privacy and safety).

Each part that keeps personal data registers a handler here; `person_erase` runs them all in one
transaction and logs what each removed. Contributions others rely on (articles, answers, cards, actions)
stay and are shown as from "a former colleague", because the person record itself remains, deactivated.

    from leerritme.people.erasure import register_erasure_handler

    @register_erasure_handler("xapi.statements")
    def _purge_statements(person) -> int:
        ...  # delete what belongs to the person; return how many things were removed
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leerritme.learning.models import LearningEvent
from leerritme.notifications.models import Notification, NotificationPreference, NotificationSettings
from leerritme.orgs.models import Person

Handler = Callable[[Person], int]

_handlers: dict[str, Handler] = {}


def register_erasure_handler(name: str) -> Callable[[Handler], Handler]:
    """Decorator: run `handler(person) -> int` when a person is erased; `name` appears in the log."""

    def register(handler: Handler) -> Handler:
        _handlers[name] = handler
        return handler

    return register


def registered_erasure_handlers() -> dict[str, Handler]:
    return dict(_handlers)


@register_erasure_handler("learning.events")
def _learning_events(person: Person) -> int:
    """The person's learning record: every event, shared or private (a timeline loses their entries)."""
    from leerritme.learning import listeners

    events = list(LearningEvent.objects.filter(person=person))
    if events:
        LearningEvent.objects.filter(pk__in=[event.pk for event in events]).delete()
        listeners.removed(events)
    return len(events)


@register_erasure_handler("people.skills")
def _skills(person: Person) -> int:
    from leerritme.people.models import PersonSkill

    deleted, _ = PersonSkill.objects.filter(person=person).delete()
    return deleted


@register_erasure_handler("notifications")
def _notifications(person: Person) -> int:
    count = Notification.objects.filter(person=person).delete()[0]
    count += NotificationPreference.objects.filter(person=person).delete()[0]
    count += NotificationSettings.objects.filter(person=person).delete()[0]
    return count


@transaction.atomic
def person_erase(*, actor: Person, person: Person):
    """Erase a deactivated person's personal data in this organisation; returns the `ErasureRecord`.

    Only a deactivated person can be erased (deactivate first: that checks the last-owner and self rules),
    and only once. Every registered handler runs; if one fails, nothing is erased.
    """
    from leerritme.people.models import ErasureRecord

    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.is_active:
        raise ValidationError(_("Deactivate this person first; then their personal data can be erased."),
                              code="active")
    if ErasureRecord.objects.filter(person=person).exists():
        raise ValidationError(_("This person's personal data has already been erased."), code="erased")
    counts = {name: int(handler(person)) for name, handler in _handlers.items()}
    person.job_title = ""
    person.save(update_fields=["job_title"])
    return ErasureRecord.objects.create(
        organisation_id=person.organisation_id, person=person, erased_by=actor, erased_at=timezone.now(),
        counts=counts,
    )
