from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from leerritme.notifications.models import Notification


def make_notification(person, title="Something happened", *, url="", read=False, minutes_ago=0,
                      kind="tests.reminder"):
    """A stored notification, bypassing notify() (for view tests that need many rows at set times)."""
    with scopes_disabled():
        return Notification.objects.create(
            organisation_id=person.organisation_id,
            person=person,
            kind=kind,
            title=title,
            body="",
            url=url,
            created_at=timezone.now() - timedelta(minutes=minutes_ago),
            read_at=timezone.now() if read else None,
        )
