import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from leerritme.orgs.models import Person, Team, TenantModel


class KolbPhase(models.TextChoices):
    """The phase of Kolb's learning cycle a practice serves (seed 004)."""

    EXPERIENCE = "experience", _("Experience")
    REFLECT = "reflect", _("Reflect")
    CONCEPTUALISE = "conceptualise", _("Conceptualise")
    EXPERIMENT = "experiment", _("Experiment")


class PracticeLevel(models.TextChoices):
    PERSON = "person", _("Person")
    TEAM = "team", _("Team")
    ORGANISATION = "organisation", _("Organisation")


class TypicalCadence(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    BIWEEKLY = "biweekly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    PER_PROJECT = "per_project", _("After each project")
    ONGOING = "ongoing", _("Ongoing")
    ONCE = "once", _("Once, when needed")


class PracticePart(models.TextChoices):
    """The part of Leerritme that runs a practice; RHYTHM means its own occurrences here."""

    RHYTHM = "rhythm", _("The rhythm itself")
    REFLECTION = "reflection", _("Reflection meetings")
    KNOWLEDGE = "knowledge", _("Knowledge sessions")
    DUOS = "duos", _("Duos")
    CIRCLES = "circles", _("Intervision and learning circles")
    COACHING = "coaching", _("Coaching")
    LEARNING_TIME = "learning_time", _("Learning time")


class Practice(TenantModel):
    """A way to learn in the work, from the shipped catalogue (copied per organisation) or the organisation's own."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The shipped catalogue's key ("lunch-and-learn"); empty for the organisation's own practices.
    key = models.SlugField(max_length=80, blank=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    purpose_nl = models.TextField(_("purpose (Dutch)"))
    purpose_en = models.TextField(_("purpose (English)"))
    howto_nl = models.TextField(_("how to (Dutch)"), help_text=_("One step per line."))
    howto_en = models.TextField(_("how to (English)"), help_text=_("One step per line."))
    participants_nl = models.CharField(_("who takes part (Dutch)"), max_length=250)
    participants_en = models.CharField(_("who takes part (English)"), max_length=250)
    duration_minutes = models.PositiveIntegerField(_("duration in minutes"), null=True, blank=True)
    typical_cadence = models.CharField(_("typical cadence"), max_length=20, choices=TypicalCadence)
    kolb_phase = models.CharField(_("phase of the learning cycle"), max_length=20, choices=KolbPhase)
    level = models.CharField(_("level"), max_length=20, choices=PracticeLevel)
    part = models.CharField(_("runs in"), max_length=20, choices=PracticePart, default=PracticePart.RHYTHM)
    seed = models.CharField(_("source"), max_length=40, blank=True,
                            help_text=_("The article of the learning organisation this practice comes from."))
    is_adapted = models.BooleanField(_("adapted by the organisation"), default=False)
    is_active = models.BooleanField(_("in the catalogue"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["name_nl"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], condition=~models.Q(key=""),
                                    name="one_catalogue_copy_per_org"),
        ]

    def __str__(self):
        return self.name

    def _in_language(self, field: str) -> str:
        value = getattr(self, f"{field}_{(get_language() or 'nl')[:2]}", "") or ""
        return value or getattr(self, f"{field}_nl") or getattr(self, f"{field}_en")

    @property
    def name(self) -> str:
        return self._in_language("name")

    @property
    def purpose(self) -> str:
        return self._in_language("purpose")

    @property
    def howto_steps(self) -> list[str]:
        return [line.strip() for line in self._in_language("howto").splitlines() if line.strip()]

    @property
    def participants(self) -> str:
        return self._in_language("participants")

    @property
    def is_own(self) -> bool:
        return not self.key


class WayOfLearning(TenantModel):
    """The organisation's stated learning vision: the heading of its way-of-learning page."""

    vision = models.TextField(_("learning vision"), blank=True)
    updated_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("way of learning")
        verbose_name_plural = _("ways of learning")
        constraints = [models.UniqueConstraint(fields=["organisation"], name="one_way_of_learning_per_org")]

    def __str__(self):
        return str(self.organisation_id)


class AdoptionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Adopted")
    DECLINED = "declined", _("Declined")
    STOPPED = "stopped", _("Stopped")


class Adoption(TenantModel):
    """A team's choice to practise something, with an owner and a purpose; or an L&D admin's proposal to it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="adoptions", verbose_name=_("team"))
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="adoptions",
                                 verbose_name=_("practice"))
    status = models.CharField(_("status"), max_length=20, choices=AdoptionStatus, default=AdoptionStatus.ACTIVE)
    owner = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_adoptions",
                              verbose_name=_("owner"))
    purpose = models.TextField(_("why we do this"), blank=True)
    proposed_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    proposal_note = models.TextField(_("note with the proposal"), blank=True)
    answer_note = models.TextField(_("reason for declining"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    adopted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("adopted practice")
        verbose_name_plural = _("adopted practices")
        ordering = ["team__name", "practice__name_nl"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "practice"],
                condition=models.Q(status__in=["proposed", "active"]),
                name="one_open_adoption_per_team_practice",
            )
        ]

    def __str__(self):
        return f"{self.team} – {self.practice}"


class Rhythm(TenantModel):
    """When an adopted practice happens: an RFC 5545 recurrence in the organisation's local time."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    adoption = models.OneToOneField(Adoption, on_delete=models.CASCADE, related_name="rhythm")
    # The RRULE part of RFC 5545 ("FREQ=WEEKLY;BYDAY=MO"), empty for a rhythm of given dates only.
    rrule = models.CharField(_("recurrence rule"), max_length=500, blank=True)
    # Extra or only dates (RFC 5545 RDATE) as local ISO datetimes, for "after each project".
    dates = models.JSONField(_("given dates"), default=list, blank=True)
    starts_at = models.DateTimeField(_("first time"))
    time_zone = models.CharField(max_length=64, default="Europe/Amsterdam")
    duration_minutes = models.PositiveIntegerField(_("duration in minutes"), default=30)
    until = models.DateField(_("until"), null=True, blank=True)
    meeting = models.CharField(_("part of the meeting"), max_length=150, blank=True,
                               help_text=_("An existing meeting it belongs to, e.g. the Monday team meeting."))
    location = models.CharField(_("location"), max_length=250, blank=True)
    generated_until = models.DateTimeField(null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rhythm")
        verbose_name_plural = _("rhythms")

    def __str__(self):
        return f"{self.adoption} ({self.rrule or 'dates'})"


class OccurrenceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    SKIPPED = "skipped", _("Skipped")
    CANCELLED = "cancelled", _("Cancelled")


class Occurrence(TenantModel):
    """One time a rhythm happens; it can be moved or skipped on its own, and is held when its part says so."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    rhythm = models.ForeignKey(Rhythm, on_delete=models.CASCADE, related_name="occurrences")
    # The time the recurrence gave it (RFC 5545 RECURRENCE-ID); `start` differs when it was moved.
    original_start = models.DateTimeField()
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    status = models.CharField(_("status"), max_length=20, choices=OccurrenceStatus, default=OccurrenceStatus.PLANNED)
    sequence = models.PositiveIntegerField(default=0)
    note = models.TextField(_("note"), blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The part's record of it (a knowledge session, a closed reflection), when a part runs the practice.
    record_type = models.CharField(max_length=100, blank=True)
    record_id = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["rhythm", "original_start"], name="one_occurrence_per_instance"),
        ]
        # (organisation, start, status): the indicators count a year of meetings held versus planned from
        # the index alone.
        indexes = [models.Index(fields=["organisation", "start", "status"]), models.Index(fields=["rhythm", "start"])]

    def __str__(self):
        return f"{self.rhythm.adoption} @ {self.start:%Y-%m-%d %H:%M}"

    @property
    def is_moved(self) -> bool:
        return self.start != self.original_start


class CalendarFeed(TenantModel):
    """A secret, revocable iCalendar address for one person's or one team's learning rhythm."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    token = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="calendar_feeds")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="calendar_feeds")
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, team__isnull=True)
                | models.Q(person__isnull=True, team__isnull=False),
                name="feed_is_for_a_person_or_a_team",
            )
        ]

    def __str__(self):
        return f"feed {self.uuid}"
