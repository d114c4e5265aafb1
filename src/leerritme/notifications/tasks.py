import logging

from django.conf import settings
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import override as language_override
from django_scopes import scope, scopes_disabled

from leerritme.notifications.email import send_email
from leerritme.notifications.kinds import find_kind
from leerritme.notifications.models import Notification
from leerritme.notifications.selectors import notification_settings_for

logger = logging.getLogger(__name__)


@task()
def send_notification_email(notification_uuid: str) -> bool:
    """E-mail one stored notification to its person (run by the worker, after the transaction committed).

    Sent at most once: the task claims the notification (sets `emailed_at` where it is still empty)
    before sending, so a worker restarted half-way or a second worker with the same task sends nothing
    again. During the person's quiet hours the task puts itself back in the queue for when they end.
    Returns whether it sent the e-mail.
    """
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
        now = timezone.now()
        quiet_until = notification_settings_for(person).quiet_hours_end(now)
        if quiet_until is not None and _send_later(notification_uuid, quiet_until):
            return False
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=now)
        if claimed != 1:
            return False
        try:
            _send(notification)
        except Exception:
            # Not sent after all: free the claim, so that running the task again can send it.
            Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
            raise
    return True


def _send_later(notification_uuid: str, run_after) -> bool:
    """Queue the e-mail again for `run_after`; False when the task backend cannot wait (it runs at once)."""
    if not send_notification_email.get_backend().supports_defer:
        logger.warning("The task backend cannot defer tasks: sending during quiet hours.")
        return False
    send_notification_email.using(run_after=run_after).enqueue(notification_uuid)
    return True


def _send(notification: Notification) -> None:
    person, organisation = notification.person, notification.organisation
    # The button goes through the "open" view, so following it from the mail also marks it read.
    action_url = settings.SITE_URL + reverse(
        "notifications:open", kwargs={"org": organisation.slug, "uuid": notification.uuid}
    )
    settings_url = settings.SITE_URL + reverse("notifications:preferences", kwargs={"org": organisation.slug})
    kind = find_kind(notification.kind)
    language = person.user.language
    with language_override(language):
        action_label = gettext("Open in Leerritme")
        context = {
            "notification": notification,
            "person": person,
            "organisation": organisation,
            "action_url": action_url,
            "action_label": action_label,
            "settings_url": settings_url,
        }
        prefix = "notifications/email/notification"
        if kind is not None:
            prefix = kind.email_template or prefix
            if kind.email_context is not None:
                context.update(kind.email_context(notification))
    send_email(to=person.user.email, prefix=prefix, context=context, language=language)
