"""Recognition: kudos, celebration cards, badges (Open Badges 2.0 hosted assertions) and challenges.

Everything here makes learning visible without ranking people: kudos and celebrations can be hidden by the
person they concern (hidden is hidden everywhere), rankings exist only between teams and only when the
organisation turns them on, and nobody takes part in a challenge without joining it.
"""

import hashlib
import secrets
import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerritme.learning.models import LearningEvent, LearningKind, Visibility
from leerritme.orgs.models import Person, Team, TenantModel
from leerritme.people.models import Skill


class WebhookFormat(models.TextChoices):
    SLACK = "slack", _("Slack")
    TEAMS = "teams", _("Microsoft Teams")


class RecognitionSettings(TenantModel):
    """An organisation's settings for recognition: the chat channel kudos go to and the badge issuer."""

    webhook_url = models.URLField(_("incoming webhook address"), max_length=500, blank=True,
                                  help_text=_("An https address from Slack (hooks.slack.com) or Microsoft Teams "
                                              "(…webhook.office.com). Leave empty to post nothing."))
    webhook_format = models.CharField(_("channel type"), max_length=10, choices=WebhookFormat,
                                      default=WebhookFormat.SLACK)
    issuer_name = models.CharField(_("badge issuer name"), max_length=150, blank=True,
                                   help_text=_("Shown on every badge; the organisation's name when empty."))
    issuer_url = models.URLField(_("issuer website"), max_length=300, blank=True,
                                 help_text=_("The organisation's public website, shown to whoever checks a badge."))
    issuer_email = models.EmailField(_("issuer contact e-mail"), blank=True,
                                     help_text=_("Open Badges require a contact address for the issuer."))

    class Meta:
        verbose_name = _("recognition settings")
        verbose_name_plural = _("recognition settings")
        constraints = [models.UniqueConstraint(fields=["organisation"], name="one_recognition_settings_per_org")]

    def __str__(self):
        return str(self.organisation)


class DeliveryStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class WebhookDelivery(TenantModel):
    """One attempt to post a kudos (or a test message) to the organisation's chat channel."""

    kudos = models.ForeignKey("Kudos", null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries")
    url_host = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=DeliveryStatus)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    attempted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-attempted_at"]

    def __str__(self):
        return f"{self.url_host} {self.status}"


class KudosVisibility(models.TextChoices):
    TEAM = Visibility.TEAM.value, _("The team")
    ORGANISATION = Visibility.ORGANISATION.value, _("Everyone in the organisation")


class Kudos(TenantModel):
    """Appreciation for a learning effort, from one colleague to one or more others."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    giver = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="kudos_given")
    message = models.TextField(_("message"), max_length=1000)
    skill = models.ForeignKey(Skill, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("skill"))
    value = models.CharField(_("value"), max_length=100, blank=True)
    visibility = models.CharField(_("visible to"), max_length=20, choices=KudosVisibility,
                                  default=KudosVisibility.TEAM)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("team"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kudos")
        verbose_name_plural = _("kudos")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self):
        return self.message[:60]


class KudosRecipient(TenantModel):
    """One recipient of a kudos; the recipient may hide it, and then nobody sees it anywhere."""

    kudos = models.ForeignKey(Kudos, on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="kudos_received")
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kudos", "person"], name="one_recipient_row_per_kudos")]

    def __str__(self):
        return f"{self.kudos_id} → {self.person_id}"


class Celebration(TenantModel):
    """A card celebrating a milestone, made by a rule in `celebrations.py` from a recorded learning event.

    It is seen by whoever may see the event it comes from; when that event is withdrawn, the card goes too.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="celebrations")
    rule = models.CharField(max_length=40)
    key = models.CharField(max_length=80, help_text="Rule and milestone; one card per person and key.")
    subject = models.CharField(max_length=250)
    milestone = models.PositiveIntegerField(default=1)
    event = models.ForeignKey(LearningEvent, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    visibility = models.CharField(max_length=20, choices=Visibility, default=Visibility.PRIVATE)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    occurred_at = models.DateTimeField(default=timezone.now)
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at"]
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="one_celebration_per_person_key")]
        indexes = [models.Index(fields=["organisation", "-occurred_at"])]

    def __str__(self):
        return self.key

    @property
    def text(self) -> str:
        from leerritme.recognition.celebrations import describe

        return describe(self)


class Congratulation(TenantModel):
    """A colleague's "well done" on a celebration card (one per person)."""

    celebration = models.ForeignKey(Celebration, on_delete=models.CASCADE, related_name="congratulations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["celebration", "person"], name="one_congratulation_each")]

    def __str__(self):
        return f"{self.person_id} → {self.celebration_id}"


class ImageType(models.TextChoices):
    PNG = "image/png", "PNG"
    SVG = "image/svg+xml", "SVG"


class Badge(TenantModel):
    """A badge the organisation defines (an Open Badges BadgeClass), awarded by hand or by a rule."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("short description"), max_length=500)
    criteria = models.TextField(_("criteria"), help_text=_("What someone did to earn it, in a few sentences."))
    image = models.BinaryField(null=True, blank=True, editable=False)
    image_type = models.CharField(max_length=20, choices=ImageType, blank=True)
    colour = models.CharField(_("colour"), max_length=7, default="#1b6e5a",
                              help_text=_("Used for the generated image when no image is uploaded."))
    rule_kind = models.CharField(_("award automatically for"), max_length=40, choices=LearningKind, blank=True,
                                 help_text=_("Leave empty to award this badge only by hand."))
    rule_count = models.PositiveSmallIntegerField(_("how many times"), null=True, blank=True,
                                                  help_text=_("For example 5: five knowledge sessions given."))
    active = models.BooleanField(_("can be awarded"), default=True)
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="unique_badge_name_per_org")]

    def __str__(self):
        return self.name

    @property
    def has_rule(self) -> bool:
        return bool(self.rule_kind and self.rule_count)


class BadgeAward(TenantModel):
    """A badge awarded to a person, published as an Open Badges 2.0 hosted assertion at a public address.

    The recipient is identified only by "sha256$" + sha256(e-mail + salt), computed when awarded and kept,
    so the assertion stays the same and the e-mail address itself is never published.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    badge = models.ForeignKey(Badge, on_delete=models.PROTECT, related_name="awards")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="badge_awards")
    awarded_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   help_text="Empty when the badge's rule awarded it.")
    narrative = models.TextField(_("why"), blank=True)
    issued_on = models.DateTimeField(default=timezone.now)
    salt = models.CharField(max_length=64)
    identity_hash = models.CharField(max_length=80)
    hidden = models.BooleanField(default=False, help_text="The recipient keeps it off their colleagues' view.")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.CharField(_("reason"), max_length=250, blank=True)

    class Meta:
        ordering = ["-issued_on"]
        constraints = [models.UniqueConstraint(fields=["badge", "person"], condition=Q(revoked_at__isnull=True),
                                               name="one_valid_award_per_badge_person")]

    def __str__(self):
        return f"{self.badge_id} → {self.person_id}"

    @staticmethod
    def hash_identity(email: str, salt: str) -> str:
        return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()

    def set_identity(self, email: str) -> None:
        self.salt = secrets.token_hex(16)
        self.identity_hash = self.hash_identity(email, self.salt)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class ChallengeMode(models.TextChoices):
    INDIVIDUAL = "individual", _("Each on their own")
    TEAM = "team", _("Team against goal")


class GoalType(models.TextChoices):
    EVENTS = "events", _("A number of learning moments of one kind")
    MINUTES = "minutes", _("Minutes of learning")
    CHECKINS = "checkins", _("Days checked in")


class Challenge(TenantModel):
    """A learning challenge for a period with a goal; people join it (nobody counts without joining)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    mode = models.CharField(_("how it counts"), max_length=12, choices=ChallengeMode, default=ChallengeMode.INDIVIDUAL)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("only for team"),
                             help_text=_("Leave empty to open it to the whole organisation."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    goal_type = models.CharField(_("goal"), max_length=10, choices=GoalType, default=GoalType.EVENTS)
    goal_kind = models.CharField(_("kind of learning"), max_length=40, choices=LearningKind, blank=True)
    goal_target = models.PositiveIntegerField(_("target"), help_text=_("Per person, or per team for team challenges."))
    checkin_minutes = models.PositiveSmallIntegerField(
        _("minutes a day for a check-in"), null=True, blank=True,
        help_text=_("For check-in goals, such as 15 minutes a day (optional)."))
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["-starts_on", "title"]

    def __str__(self):
        return self.title

    def is_running(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.starts_on <= today <= self.ends_on


class ChallengeParticipant(TenantModel):
    """A person who joined a challenge; in a ranking they appear by name only if they said so."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             help_text="The team this person counts for in a team challenge.")
    show_name = models.BooleanField(_("show my name in the team ranking"), default=False)
    joined_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["challenge", "person"], name="one_participation_each")]

    def __str__(self):
        return f"{self.person_id} in {self.challenge_id}"


class CheckIn(TenantModel):
    """A self-reported day of a check-in challenge ("I did my 15 minutes today")."""

    participant = models.ForeignKey(ChallengeParticipant, on_delete=models.CASCADE, related_name="checkins")
    day = models.DateField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["participant", "day"], name="one_checkin_per_day")]

    def __str__(self):
        return f"{self.participant_id} {self.day}"
