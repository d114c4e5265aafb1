"""Reading a person's notifications and notification settings."""

from collections.abc import Iterable

from django.db.models import QuerySet

from leerritme.notifications.models import Notification, NotificationSettings
from leerritme.orgs.models import Person


def notifications_for(person: Person) -> QuerySet[Notification]:
    """The person's own notifications, newest first (nobody else's, whatever their role)."""
    return Notification.objects.filter(person=person).order_by("-created_at", "-id")


def unread_count(person: Person) -> int:
    return Notification.objects.filter(person=person, read_at__isnull=True).count()


def notification_settings_for(person: Person) -> NotificationSettings:
    """The person's general settings; the defaults (unsaved) when they never changed them."""
    found = NotificationSettings.objects.filter(person=person).first()
    return found or NotificationSettings(organisation_id=person.organisation_id, person=person)


def notification_settings_of(people: Iterable[Person]) -> dict[int, NotificationSettings]:
    """The general settings of many people in one query, by person id (defaults for those without)."""
    people = list(people)
    saved = {s.person_id: s for s in NotificationSettings.objects.filter(person_id__in=[p.pk for p in people])}
    return {
        p.pk: saved.get(p.pk) or NotificationSettings(organisation_id=p.organisation_id, person_id=p.pk)
        for p in people
    }
