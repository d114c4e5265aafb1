"""Reading a person's notifications."""

from django.db.models import QuerySet

from leerritme.notifications.models import Notification
from leerritme.orgs.models import Person


def notifications_for(person: Person) -> QuerySet[Notification]:
    """The person's own notifications, newest first (nobody else's, whatever their role)."""
    return Notification.objects.filter(person=person).order_by("-created_at", "-id")


def unread_count(person: Person) -> int:
    return Notification.objects.filter(person=person, read_at__isnull=True).count()
