"""notify(): the one way any part tells a person something."""

from contextlib import nullcontext
from datetime import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from leerritme.notifications.email import render_plain
from leerritme.notifications.kinds import get_kind
from leerritme.notifications.models import (
    Notification,
    NotificationPreference,
    NotificationSettings,
    validate_quiet_hours,
)
from leerritme.orgs.models import Person


def wants_email(person: Person, kind: str) -> bool:
    preference = NotificationPreference.objects.filter(person=person, kind=kind).first()
    if preference is not None:
        return preference.email
    return get_kind(kind).email_by_default


def notify(person: Person, kind: str, context: dict | None = None, *, url: str = "",
           dedupe_key: str = "") -> Notification | None:
    """Store an in-app notification and, per the person's preferences, e-mail it through the task worker.

    `kind` must be registered (notifications.kinds); its template `notifications/kinds/<kind>.txt`
    renders the title (first line) and message (the rest) in the person's language. A deactivated
    person gets nothing. The e-mail is enqueued when the surrounding transaction commits.

    Senders that may run twice for the same thing (a scheduler tick retried, two workers) pass a
    `dedupe_key`: the person gets one notification per key, and a repeated call returns the one
    already stored without sending anything again, also when two calls race.
    """
    get_kind(kind)
    if not person.is_active:
        return None
    if dedupe_key:
        existing = Notification.objects.filter(person=person, dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
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
    try:
        # With a key, a savepoint: when another worker stored the same key a moment ago, the unique
        # constraint refuses this one and the surrounding transaction carries on.
        with transaction.atomic() if dedupe_key else nullcontext():
            notification = Notification.objects.create(
                organisation_id=person.organisation_id,
                person=person,
                kind=kind,
                title=own["title"],
                body=own["body"],
                translations=translations,
                url=url,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if not dedupe_key:
            raise
        return Notification.objects.get(person=person, dedupe_key=dedupe_key)
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


def notification_settings_update(*, person: Person, quiet_from: time | None, quiet_until: time | None,
                                 reminder_hours: int, weekly_digest: bool) -> NotificationSettings:
    """Save the person's general settings; raises ValidationError (nothing saved) when they cannot be right."""
    found = NotificationSettings.objects.filter(person=person).first() or NotificationSettings(
        organisation_id=person.organisation_id, person=person
    )
    found.quiet_from, found.quiet_until = quiet_from, quiet_until
    found.reminder_hours, found.weekly_digest = reminder_hours, weekly_digest
    validate_quiet_hours(quiet_from, quiet_until)
    found.full_clean(exclude=["organisation", "person"])
    found.save()
    return found
