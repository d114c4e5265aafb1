from django.conf import settings
from django.tasks import task
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from leerritme.notifications.email import send_email
from leerritme.notifications.models import Notification


@task()
def send_notification_email(notification_uuid: str) -> bool:
    """E-mail one stored notification to its person (run by the worker, after the transaction committed)."""
    with scopes_disabled():
        notification = (
            Notification.objects.select_related("person__user", "organisation").filter(uuid=notification_uuid).first()
        )
    if notification is None or notification.emailed_at is not None:
        return False
    with scope(organisation=notification.organisation):
        person = notification.person
        url = notification.url
        if url.startswith("/"):
            url = settings.SITE_URL + url
        send_email(
            to=person.user.email,
            prefix="notifications/email/notification",
            context={"notification": notification, "person": person, "url": url,
                     "organisation": notification.organisation},
            language=person.user.language,
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True
