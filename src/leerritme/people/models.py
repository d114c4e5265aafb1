import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from leerritme.orgs.models import Person, Role, Team, TeamRole, TenantModel


class Skill(TenantModel):
    """An entry of the organisation's skills taxonomy."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=150)
    category = models.CharField(_("category"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["category", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="unique_skill_name_per_org")]

    def __str__(self):
        return self.name


class SkillLevel(models.IntegerChoices):
    BEGINNER = 1, _("Beginner")
    PRACTISED = 2, _("Practised")
    PROFICIENT = 3, _("Proficient")
    EXPERT = 4, _("Expert")


class PersonSkill(TenantModel):
    """A skill on a person's profile: the level they have, whether they can teach it or want to learn it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="holders")
    level = models.PositiveSmallIntegerField(_("level"), choices=SkillLevel, null=True, blank=True)
    can_teach = models.BooleanField(_("can teach"), default=False)
    wants_to_learn = models.BooleanField(_("wants to learn"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("skill on a profile")
        verbose_name_plural = _("skills on profiles")
        constraints = [models.UniqueConstraint(fields=["person", "skill"], name="one_entry_per_person_skill")]
        indexes = [models.Index(fields=["skill", "can_teach", "level"])]

    def __str__(self):
        return f"{self.person} – {self.skill}"


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_DAYS)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(TenantModel):
    """An e-mailed invitation to join an organisation, valid until it expires or is used."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.MEMBER)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("team"))
    team_role = models.CharField(_("role in the team"), max_length=10, choices=TeamRole, default=TeamRole.MEMBER)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organisation="organisation",
                            _manager_class=models.Manager.from_queryset(InvitationQuerySet))

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired


class ImportKind(models.TextChoices):
    PEOPLE = "people", _("People")
    TEAMS = "teams", _("Teams and departments")
    SKILLS = "skills", _("Skills")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    CHECKING = "checking", _("Checking")
    CHECKED = "checked", _("Checked")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class ImportJob(TenantModel):
    """An uploaded CSV or XLSX file on its way in: checked first (dry run), imported only when clean."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=ImportKind, default=ImportKind.PEOPLE)
    file_name = models.CharField(_("file"), max_length=255)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=20, choices=ImportStatus, default=ImportStatus.UPLOADED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    preview = models.JSONField(default=dict, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    # What the admin chose on upload (create missing teams, send invitations), applied on import.
    options = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def is_running(self) -> bool:
        return self.status in (ImportStatus.UPLOADED, ImportStatus.CHECKING, ImportStatus.IMPORTING)

    @property
    def status_label(self) -> str:
        """The status as the admin needs it: a checked file either has errors or waits to be imported."""
        if self.status == ImportStatus.CHECKED:
            if (self.preview or {}).get("error_count"):
                return _("Has errors")
            return _("Checked, not imported yet")
        return self.get_status_display()

    @property
    def is_ready(self) -> bool:
        """Checked, clean, and not imported yet: the admin may start the import."""
        return self.status == ImportStatus.CHECKED and not self.errors and bool(self.preview)


class ErasureRecord(TenantModel):
    """The log of one erasure: who was erased, by whom, when, and how many things each part removed."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="erasure")
    erased_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    erased_at = models.DateTimeField(default=timezone.now)
    counts = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self):
        return f"{self.person_id} {self.erased_at:%Y-%m-%d}"

    @property
    def total(self) -> int:
        return sum(self.counts.values())
