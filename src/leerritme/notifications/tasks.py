from django.conf import settings
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import override as language_override
from django_scopes import scope, scopes_disabled

from leerritme.notifications.email import send_email
from leerritme.notifications.models import Notification


@task()
def send_notification_email(notification_uuid: str) -> bool:
    """E-mail one stored notification to its person (run by the worker, after the transaction committed)."""
    with scopes_disabled():
        notification = (
            Notification.objects.select_related("person__user", "organisation")
            .filter(uuid=notification_uuid)
            .first()
        )
    if notification is None or notification.emailed_at is not None:
        return False
    person = notification.person
    if not person.is_active:
        return False
    organisation = notification.organisation
    with scope(organisation=organisation):
        # The button goes through the "open" view, so following it from the mail also marks it read.
        action_url = settings.SITE_URL + reverse(
            "notifications:open", kwargs={"org": organisation.slug, "uuid": notification.uuid}
        )
        settings_url = settings.SITE_URL + reverse(
            "notifications:preferences", kwargs={"org": organisation.slug}
        )
        with language_override(person.user.language):
            action_label = gettext("Open in Leerritme")
        send_email(
            to=person.user.email,
            prefix="notifications/email/notification",
            context={
                "notification": notification,
                "person": person,
                "organisation": organisation,
                "action_url": action_url,
                "action_label": action_label,
                "settings_url": settings_url,
            },
            language=person.user.language,
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True
