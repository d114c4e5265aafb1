"""notify(): the one way any part tells a person something."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from leerritme.notifications.email import render_plain
from leerritme.notifications.kinds import get_kind
from leerritme.notifications.models import Notification, NotificationPreference
from leerritme.orgs.models import Person


def wants_email(person: Person, kind: str) -> bool:
    preference = NotificationPreference.objects.filter(person=person, kind=kind).first()
    if preference is not None:
        return preference.email
    return get_kind(kind).email_by_default


def notify(person: Person, kind: str, context: dict | None = None, *, url: str = "") -> Notification | None:
    """Store an in-app notification and, per the person's preferences, e-mail it through the task worker.

    `kind` must be registered (notifications.kinds); its template `notifications/kinds/<kind>.txt`
    renders the title (first line) and message (the rest) in the person's language. A deactivated
    person gets nothing. The e-mail is enqueued when the surrounding transaction commits.
    """
    get_kind(kind)
    if not person.is_active:
        return None
    context = {"person": person, "organisation": person.organisation, **(context or {})}
    # Rendered in every language now, so the notification reads in whichever language the person
    # uses when they open it (the context holds objects that are not kept).
    translations = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            rendered = render_plain(f"notifications/kinds/{kind}.txt", context).strip()
        title, _, body = rendered.partition("\n")
        translations[language] = {"title": title.strip()[:250], "body": body.strip()}
    own = translations.get(person.user.language) or next(iter(translations.values()))
    notification = Notification.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        kind=kind,
        title=own["title"],
        body=own["body"],
        translations=translations,
        url=url,
    )
    if wants_email(person, kind):
        from leerritme.notifications.tasks import send_notification_email

        uuid = str(notification.uuid)
        transaction.on_commit(lambda: send_notification_email.enqueue(uuid))
    return notification


def notification_preference_set(*, person: Person, kind: str, email: bool) -> NotificationPreference:
    get_kind(kind)
    preference, _ = NotificationPreference.objects.update_or_create(
        person=person, kind=kind, defaults={"email": email, "organisation_id": person.organisation_id}
    )
    return preference


def notifications_mark_read(*, person: Person, uuids=None) -> int:
    """Mark the person's unread notifications (all, or those with these uuids) as read; returns how many."""
    unread = Notification.objects.filter(person=person, read_at__isnull=True)
    if uuids is not None:
        unread = unread.filter(uuid__in=uuids)
    return unread.update(read_at=timezone.now())
