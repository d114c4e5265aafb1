import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    LD_ADMIN = "ld_admin", _("L&D admin")
    OWNER = "owner", _("Owner")


class Organisation(models.Model):
    """A tenant: a company or institution whose data only its own people see."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name"), max_length=50, unique=True,
                            help_text=_("Used in web addresses: letters, digits and hyphens."))
    default_language = models.CharField(_("default language"), max_length=5, choices=settings.LANGUAGES,
                                        default="nl")
    anonymity_threshold = models.PositiveSmallIntegerField(
        _("minimum group size for survey results"), default=5,
        validators=[MinValueValidator(3), MaxValueValidator(10)],
        help_text=_("Survey results are only shown for groups with at least this many answers (3 to 10)."),
    )
    team_rankings = models.BooleanField(
        _("rankings between teams in challenges"), default=False,
        help_text=_("Off by default. When on, team challenges show a ranking of the teams; a person appears in "
                    "a ranking only if they opt in."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class TenantModel(models.Model):
    """Base for every model owned by one organisation; its manager refuses to query outside a scope."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organisation"))

    objects = ScopedManager(organisation="organisation")

    class Meta:
        abstract = True


class PersonQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_user(self):
        return self.select_related("user")


class Person(TenantModel):
    """A user's membership of one organisation, with their role there: the colleague others see."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.MEMBER)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    about = models.TextField(_("about me"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    deactivated_at = models.DateTimeField(_("deactivated"), null=True, blank=True)

    objects = ScopedManager(organisation="organisation", _manager_class=models.Manager.from_queryset(PersonQuerySet))

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="one_person_per_user_and_org")]
        indexes = [models.Index(fields=["organisation", "is_active"])]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name colleagues see; a deactivated person's contributions stay under "a former colleague"."""
        if not self.is_active:
            return str(_("a former colleague"))
        return self.user.name or self.user.email

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER

    @property
    def is_ld_admin(self) -> bool:
        """L&D admins and owners administer people, teams and skills."""
        return self.role in (Role.LD_ADMIN, Role.OWNER)

    @property
    def initials(self) -> str:
        if not self.is_active:
            return "?"
        parts = [p for p in (self.user.name or self.user.email).split() if p[:1].isalpha()]
        return "".join(p[0] for p in (parts[:1] + parts[-1:] if len(parts) > 1 else parts)).upper() or "?"


class TeamRole(models.TextChoices):
    MEMBER = "member", _("Member")
    LEAD = "lead", _("Team lead")


class Team(TenantModel):
    """A team or, when other teams hang under it, a department."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=150)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children",
                               verbose_name=_("part of"))
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="unique_team_name_per_org")]

    def __str__(self):
        return self.name

    def ancestors(self) -> list["Team"]:
        """The departments above this team, nearest first (teams form a shallow tree)."""
        found, node, seen = [], self.parent, {self.pk}
        while node is not None and node.pk not in seen:
            found.append(node)
            seen.add(node.pk)
            node = node.parent
        return found


class TeamMembership(TenantModel):
    """A person's place in a team, as member or team lead."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="team_memberships")
    role = models.CharField(_("role in the team"), max_length=10, choices=TeamRole, default=TeamRole.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [models.UniqueConstraint(fields=["team", "person"], name="one_membership_per_team")]

    def __str__(self):
        return f"{self.person} – {self.team}"


class DemoPart(TenantModel):
    """Records that a registered demo part has added its data, so `leerritme demo` only adds what is missing."""

    name = models.CharField(max_length=100)
    applied_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="one_demo_part_per_org")]

    def __str__(self):
        return self.name
