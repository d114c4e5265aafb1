import uuid
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from leerritme.orgs.models import Person, TenantModel


class Notification(TenantModel):
    """An in-app message to one person; e-mailed too when their preferences say so."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=250)
    body = models.TextField(_("message"), blank=True)
    # Title and message in every language, {"nl": {"title": ..., "body": ...}, "en": {...}}.
    translations = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=500, blank=True)
    # Set by senders that may run twice (scheduler ticks, worker restarts): one notification per key.
    dedupe_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["person", "read_at", "-created_at"]),
            # Senders look up which of many keys were already sent (reminders of an occurrence, a week's digests).
            models.Index(fields=["dedupe_key"], condition=~models.Q(dedupe_key=""), name="notification_dedupe_key"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["person", "dedupe_key"], condition=~models.Q(dedupe_key=""),
                                    name="one_notification_per_dedupe_key"),
        ]

    def __str__(self):
        return self.title

    @property
    def text(self) -> dict:
        """Title and message in the active language (falling back to the person's language at the time)."""
        return self.translations.get(get_language()) or {"title": self.title, "body": self.body}


class NotificationPreference(TenantModel):
    """A person's choice to receive (or not) e-mail for one kind of notification."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notification_preferences")
    kind = models.CharField(max_length=60)
    email = models.BooleanField(_("send e-mail"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "kind"], name="one_preference_per_kind")]

    def __str__(self):
        return f"{self.person}: {self.kind}"


# A reminder more than a week ahead is a calendar, not a reminder.
MAX_REMINDER_HOURS = 168


def validate_quiet_hours(quiet_from, quiet_until) -> None:
    """Quiet hours have both a start and an end, or neither; they may span midnight but not be empty."""
    if quiet_from is not None and quiet_until is None:
        raise ValidationError({"quiet_until": _("Say when your quiet hours end, or leave both times empty.")})
    if quiet_from is None and quiet_until is not None:
        raise ValidationError({"quiet_from": _("Say when your quiet hours start, or leave both times empty.")})
    if quiet_from is not None and quiet_from == quiet_until:
        raise ValidationError({"quiet_until": _("Quiet hours cannot end at the time they start.")})


class NotificationSettings(TenantModel):
    """A person's general notification settings: quiet hours, reminder lead time and the weekly digest."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="notification_settings")
    quiet_from = models.TimeField(_("quiet from"), null=True, blank=True,
                                  help_text=_("No e-mail is sent between these times; it waits until they end."))
    quiet_until = models.TimeField(_("quiet until"), null=True, blank=True)
    reminder_hours = models.PositiveSmallIntegerField(
        _("remind me this many hours before"), default=24,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REMINDER_HOURS)],
    )
    weekly_digest = models.BooleanField(_("weekly digest"), default=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return str(self.person_id)

    @property
    def has_quiet_hours(self) -> bool:
        return self.quiet_from is not None and self.quiet_until is not None and self.quiet_from != self.quiet_until

    def quiet_hours_end(self, now: datetime) -> datetime | None:
        """When the quiet hours `now` falls in end, or None when it falls outside them.

        Quiet hours are local times in the organisation's time zone (TIME_ZONE) and may span midnight
        (22:00 to 07:00): from `quiet_from` up to, not including, `quiet_until`.
        """
        if not self.has_quiet_hours:
            return None
        zone = timezone.get_default_timezone()
        local = now.astimezone(zone)
        clock = local.time().replace(tzinfo=None)
        start, end = self.quiet_from, self.quiet_until
        if start < end:
            if not start <= clock < end:
                return None
            day = local.date()
        elif clock >= start:
            day = local.date() + timedelta(days=1)
        elif clock < end:
            day = local.date()
        else:
            return None
        return datetime.combine(day, end, tzinfo=zone)


class OutboxMessage(models.Model):
    """An e-mail kept instead of sent when no mail server is configured (read at /dev/outbox/ in DEBUG)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    to = models.TextField()
    subject = models.CharField(max_length=500)
    body = models.TextField()
    html = models.TextField(blank=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return self.subject
