"""Personal growth: learning budgets and their ledger, learning time, the catalogue of offers, requests
with approval, development plans (POP) and micro-learning paths.

Money is `Decimal` in euros (two places), never a float. The ledger is append-only: a balance is the
sum of its entries up to a date, so any date's balance can be read back and nothing is ever rewritten.
"""

import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerritme.orgs.models import Person, Team, TenantModel

MONEY = {"max_digits": 10, "decimal_places": 2}
ZERO = Decimal("0.00")


# --- Budget rules, profiles, periods and the ledger -----------------------------------------------------

class TimeMode(models.TextChoices):
    HOURS = "hours", _("Hours per year")
    PERCENT = "percent", _("Percentage of the contract")


class BudgetRule(TenantModel):
    """How the organisation grants learning budget and time (a CAO rule), valid for a span of years."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=150)
    amount = models.DecimalField(_("amount per year (full-time)"), validators=[MinValueValidator(ZERO)], **MONEY)
    pro_rata = models.BooleanField(_("pro rata for part-time"), default=True,
                                   help_text=_("Multiply the amount by the person's FTE."))
    carry_over_years = models.PositiveSmallIntegerField(
        _("years unused budget carries over"), default=0, validators=[MaxValueValidator(5)],
        help_text=_("0: unused budget expires at the end of the year."))
    approval_threshold = models.DecimalField(
        _("L&D approves too above"), default=Decimal("1000.00"), validators=[MinValueValidator(ZERO)], **MONEY,
        help_text=_("Requests costing more than this need L&D's approval after the team lead's."))
    time_mode = models.CharField(_("learning time"), max_length=10, choices=TimeMode, default=TimeMode.HOURS)
    time_hours = models.DecimalField(_("learning hours per year (full-time)"), max_digits=6, decimal_places=1,
                                     default=Decimal("40.0"), validators=[MinValueValidator(Decimal("0"))])
    time_percent = models.DecimalField(_("percentage of contract hours"), max_digits=4, decimal_places=1,
                                       default=Decimal("2.0"),
                                       validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("50"))])
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("budget rule")
        verbose_name_plural = _("budget rules")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(condition=models.Q(valid_until__isnull=True)
                                   | models.Q(valid_until__gte=models.F("valid_from")),
                                   name="budget_rule_ends_after_start"),
        ]

    def __str__(self):
        return self.name


class GrowthProfile(TenantModel):
    """What growth needs to know about a person that the membership does not hold: FTE and contract hours."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="growth_profile")
    fte = models.DecimalField(_("FTE"), max_digits=4, decimal_places=3, default=Decimal("1.000"),
                              validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1.5"))])
    contract_hours = models.DecimalField(_("contract hours per week"), max_digits=5, decimal_places=2,
                                         default=Decimal("36.00"),
                                         validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))])
    time_hours_override = models.DecimalField(_("own learning hours per year"), max_digits=6, decimal_places=1,
                                              null=True, blank=True, validators=[MinValueValidator(Decimal("0"))],
                                              help_text=_("Leave empty to follow the organisation's rule."))
    nudges = models.BooleanField(_("remind me of unused budget"), default=True)
    last_nudged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("growth profile")
        verbose_name_plural = _("growth profiles")

    def __str__(self):
        return str(self.person)


class BudgetPeriod(TenantModel):
    """One person's budget for one year; its grant can be used until `expires_on` (carry-over)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="budget_periods")
    rule = models.ForeignKey(BudgetRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="periods")
    year = models.PositiveSmallIntegerField(_("year"))
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    expires_on = models.DateField(_("unused budget expires"))
    # Running totals of the period's ledger lines, written in the same transaction as each line (see
    # services.budget.ledger_write), so overviews of 20,000 people read one row per period instead of
    # summing the ledger; `budget_periods_recount` rebuilds them from the ledger, which stays the truth.
    granted = models.DecimalField(default=ZERO, **MONEY)
    reserved = models.DecimalField(default=ZERO, **MONEY)
    spent = models.DecimalField(default=ZERO, **MONEY)
    expired = models.DecimalField(default=ZERO, **MONEY)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("budget period")
        verbose_name_plural = _("budget periods")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="one_budget_period_per_person_year"),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="budget_period_ends_after_start"),
            models.CheckConstraint(condition=models.Q(expires_on__gte=models.F("ends_on")),
                                   name="budget_period_expires_after_end"),
        ]
        indexes = [models.Index(fields=["organisation", "expires_on"])]

    def __str__(self):
        return f"{self.person} {self.year}"

    @property
    def available(self) -> Decimal:
        return self.granted - self.reserved - self.spent - self.expired


class EntryKind(models.TextChoices):
    GRANT = "grant", _("Granted")
    ADJUSTMENT = "adjustment", _("Adjustment")
    RESERVATION = "reservation", _("Reserved")
    RELEASE = "release", _("Released")
    SPENDING = "spending", _("Spent")
    EXPIRY = "expiry", _("Expired")


class LedgerEntry(TenantModel):
    """One line of a person's budget ledger; never changed or deleted, so every past balance stays readable.

    Signs: grants, releases and positive adjustments add; reservations, spending, expiry and negative
    adjustments subtract. The balance available is the sum of all entries.
    """

    period = models.ForeignKey(BudgetPeriod, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind)
    amount = models.DecimalField(_("amount"), **MONEY)
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    request = models.ForeignKey("OfferRequest", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="ledger_entries")
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["occurred_on", "pk"]
        indexes = [
            models.Index(fields=["person", "occurred_on"]),
            models.Index(fields=["organisation", "kind", "occurred_on"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount}"

    def save(self, *args, **kwargs):
        # Append-only: a correction is a new entry (an adjustment or a release), never an edit.
        if self.pk is not None:
            raise ValidationError("Ledger entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Ledger entries cannot be deleted.")


# --- The catalogue ----------------------------------------------------------------------------------------

class OfferKind(models.TextChoices):
    COURSE = "course", _("External course")
    INTERNAL_COURSE = "internal_course", _("Internal course")
    KNOWLEDGE_SESSION = "knowledge_session", _("Knowledge session")
    COACHING = "coaching", _("Coaching")
    PATH = "path", _("Micro-learning path")
    CONFERENCE = "conference", _("Conference or event")


INTERNAL_KINDS = frozenset({OfferKind.INTERNAL_COURSE, OfferKind.KNOWLEDGE_SESSION, OfferKind.COACHING,
                            OfferKind.PATH})


class OfferFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    CLASSROOM = "classroom", _("Classroom")
    BLENDED = "blended", _("Blended")
    SELF_PACED = "self_paced", _("At your own pace")


class OfferLevel(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class OfferLanguage(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")


class Offer(TenantModel):
    """Something to learn from the catalogue: an external course or an internal offer, curated by L&D."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OfferKind, default=OfferKind.COURSE)
    provider = models.CharField(_("provider"), max_length=150, blank=True)
    price = models.DecimalField(_("price (euros)"), default=ZERO, validators=[MinValueValidator(ZERO)], **MONEY)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, default=Decimal("0"),
                                validators=[MinValueValidator(Decimal("0"))])
    format = models.CharField(_("format"), max_length=12, choices=OfferFormat, default=OfferFormat.CLASSROOM)
    language = models.CharField(_("language"), max_length=2, choices=OfferLanguage, default=OfferLanguage.DUTCH)
    level = models.CharField(_("level"), max_length=12, choices=OfferLevel, default=OfferLevel.BEGINNER)
    skills = models.ManyToManyField("people.Skill", blank=True, related_name="offers", verbose_name=_("skills"))
    url = models.URLField(_("link"), blank=True)
    path = models.ForeignKey("LearningPath", null=True, blank=True, on_delete=models.SET_NULL, related_name="offers",
                             verbose_name=_("micro-learning path"))
    active = models.BooleanField(_("in the catalogue"), default=True)
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["title"]
        indexes = [models.Index(fields=["organisation", "active", "created_at"])]

    def __str__(self):
        return self.title

    @property
    def is_internal(self) -> bool:
        return self.kind in INTERNAL_KINDS


# --- Requests and their history ---------------------------------------------------------------------------

class RequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for the team lead")
    LEAD_APPROVED = "lead_approved", _("Waiting for L&D")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    BOOKED = "booked", _("Booked")
    COMPLETED = "completed", _("Completed")


OPEN_STATUSES = frozenset({RequestStatus.REQUESTED, RequestStatus.LEAD_APPROVED})
RESERVED_STATUSES = frozenset({RequestStatus.APPROVED, RequestStatus.BOOKED})
FINAL_STATUSES = frozenset({RequestStatus.DECLINED, RequestStatus.CANCELLED, RequestStatus.COMPLETED})


def evidence_path(instance, filename: str) -> str:
    return f"growth/evidence/{instance.organisation_id}/{instance.uuid}/{filename}"


class OfferRequest(TenantModel):
    """A person's request to follow an offer, with its cost, time and motivation, through approval to completion."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="offer_requests")
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="requests", verbose_name=_("offer"))
    goal = models.ForeignKey("PlanGoal", null=True, blank=True, on_delete=models.SET_NULL, related_name="requests",
                             verbose_name=_("development goal"))
    cost = models.DecimalField(_("cost (euros)"), validators=[MinValueValidator(ZERO)], **MONEY)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, default=Decimal("0"),
                                validators=[MinValueValidator(Decimal("0"))])
    motivation = models.TextField(_("motivation"))
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus, default=RequestStatus.REQUESTED)
    needs_ld = models.BooleanField(default=False)
    decision_reason = models.TextField(_("reason"), blank=True)
    evidence = models.FileField(_("certificate or evidence"), upload_to=evidence_path, max_length=300, blank=True)
    reflection_apply = models.TextField(_("what will I apply in my work?"), blank=True)
    reflection_with = models.CharField(_("with whom?"), max_length=300, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    transfer_reminder_on = models.DateField(null=True, blank=True)
    transfer_reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["organisation", "transfer_reminder_on"]),
        ]

    def __str__(self):
        return f"{self.offer} – {self.person}"


class RequestEvent(TenantModel):
    """One change of a request's state: who did it, when, and why."""

    request = models.ForeignKey(OfferRequest, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, choices=RequestStatus, blank=True)
    to_status = models.CharField(max_length=20, choices=RequestStatus)
    by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("request change")
        verbose_name_plural = _("request changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


# --- Development plans (POP) -------------------------------------------------------------------------------

class DevelopmentPlan(TenantModel):
    """A person's development plan (POP) for one year; last year's stays when a new one starts."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="development_plans")
    year = models.PositiveSmallIntegerField(_("year"))
    ambition = models.TextField(_("where I want to grow"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("development plan")
        verbose_name_plural = _("development plans")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="one_plan_per_person_year")]

    def __str__(self):
        return f"{self.person} {self.year}"

    @property
    def available(self) -> Decimal:
        return self.granted - self.reserved - self.spent - self.expired


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Working on it")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class PlanGoal(TenantModel):
    """A development goal: what to grow in (skills) and why."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=200)
    why = models.TextField(_("why"), blank=True)
    skills = models.ManyToManyField("people.Skill", blank=True, related_name="+", verbose_name=_("skills"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    status = models.CharField(_("status"), max_length=10, choices=GoalStatus, default=GoalStatus.OPEN)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("development goal")
        verbose_name_plural = _("development goals")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.title


class ActionKind(models.TextChoices):
    COURSE = "course", _("Course or training")
    COACHING = "coaching", _("Coaching")
    DUO = "duo", _("Learning duo")
    STRETCH = "stretch", _("Stretch assignment in the work")
    SESSION = "session", _("Give a knowledge session")
    PATH = "path", _("Micro-learning path")
    READING = "reading", _("Reading or watching")
    OTHER = "other", _("Other")


class PlanAction(TenantModel):
    """Something the person will do for a goal (or the plan as a whole)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="actions")
    goal = models.ForeignKey(PlanGoal, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions",
                             verbose_name=_("goal"))
    kind = models.CharField(_("kind"), max_length=10, choices=ActionKind, default=ActionKind.OTHER)
    title = models.CharField(_("action"), max_length=200)
    due_on = models.DateField(_("by"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("development action")
        verbose_name_plural = _("development actions")
        ordering = ["done_at", "due_on", "pk"]

    def __str__(self):
        return self.title


class PlanReview(TenantModel):
    """A date on which person and lead look at the plan together."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="reviews")
    on = models.DateField(_("date"))
    done = models.BooleanField(_("held"), default=False)

    class Meta:
        verbose_name = _("review date")
        verbose_name_plural = _("review dates")
        ordering = ["on"]

    def __str__(self):
        return str(self.on)


class ConversationNote(TenantModel):
    """Notes of a development conversation: only the person and their team lead(s) ever see them."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    held_on = models.DateField(_("conversation on"), default=timezone.localdate)
    text = models.TextField(_("notes"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("conversation note")
        verbose_name_plural = _("conversation notes")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return str(self.held_on)


# --- Team learning plans -------------------------------------------------------------------------------------

class TeamPlan(TenantModel):
    """A team's learning plan for one year: its ambition and focus skills; earlier years' plans stay as they were."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="learning_plans")
    year = models.PositiveSmallIntegerField(_("year"))
    ambition = models.TextField(_("our ambition and focus"), blank=True)
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("team learning plan")
        verbose_name_plural = _("team learning plans")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["team", "year"], name="one_team_plan_per_team_year")]
        indexes = [models.Index(fields=["organisation", "year"])]

    def __str__(self):
        return f"{self.team} {self.year}"


class FocusPriority(models.IntegerChoices):
    HIGH = 1, _("High priority")
    MEDIUM = 2, _("Medium priority")
    LOW = 3, _("Low priority")


class TeamPlanSkill(TenantModel):
    """A skill a team focuses on in its yearly plan: why it matters for the team's work, its priority, a target."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(TeamPlan, on_delete=models.CASCADE, related_name="focus")
    skill = models.ForeignKey("people.Skill", on_delete=models.CASCADE, related_name="+", verbose_name=_("skill"))
    why = models.TextField(_("why it matters for our work"), blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=FocusPriority, default=FocusPriority.MEDIUM)
    target = models.PositiveSmallIntegerField(
        _("target: how many of us should be able to do it"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(1000)])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("focus skill")
        verbose_name_plural = _("focus skills")
        ordering = ["priority", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "skill"], name="one_focus_per_plan_skill")]

    def __str__(self):
        return str(self.skill)


# --- Learning time ------------------------------------------------------------------------------------------

class TimeBlock(TenantModel):
    """Learning time a person reserves as a recurring block (e.g. every Friday 14:00–16:00)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="learning_time_blocks")
    title = models.CharField(_("title"), max_length=150)
    rrule = models.CharField(max_length=300)
    starts_at = models.DateTimeField(_("first time"))
    time_zone = models.CharField(max_length=64, default="Europe/Amsterdam")
    duration_minutes = models.PositiveSmallIntegerField(
        _("minutes"), validators=[MinValueValidator(15), MaxValueValidator(480)])
    until = models.DateField(_("until"), null=True, blank=True)
    active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("learning-time block")
        verbose_name_plural = _("learning-time blocks")
        ordering = ["starts_at"]

    def __str__(self):
        return self.title


class TimeKind(models.TextChoices):
    FORMAL = "formal", _("Formal (course, training)")
    INFORMAL = "informal", _("Informal (reading, trying, asking)")


class TimeEntry(TenantModel):
    """Learning time actually spent, with a short note."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="learning_time_entries")
    on = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(_("minutes"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)])
    kind = models.CharField(_("kind"), max_length=10, choices=TimeKind, default=TimeKind.INFORMAL)
    note = models.CharField(_("what did you learn?"), max_length=300)
    block = models.ForeignKey(TimeBlock, null=True, blank=True, on_delete=models.SET_NULL, related_name="entries")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("learning time spent")
        verbose_name_plural = _("learning time spent")
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["person", "on"]), models.Index(fields=["organisation", "on"])]

    def __str__(self):
        return self.note


# --- Micro-learning paths -----------------------------------------------------------------------------------

class LearningPath(TenantModel):
    """A sequence of small steps someone composed, followed at one's own pace."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what you will learn"), blank=True)
    author = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    skills = models.ManyToManyField("people.Skill", blank=True, related_name="+", verbose_name=_("skills"))
    published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("micro-learning path")
        verbose_name_plural = _("micro-learning paths")
        ordering = ["title"]

    def __str__(self):
        return self.title


class StepKind(models.TextChoices):
    READ = "read", _("Read an article")
    WATCH = "watch", _("Watch a video")
    TRY = "try", _("Try it in your work")
    REFLECT = "reflect", _("Reflect")


class PathStep(TenantModel):
    """One small step of a path."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(_("kind"), max_length=10, choices=StepKind, default=StepKind.READ)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("instructions"), blank=True)
    url = models.URLField(_("link"), blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=10,
                                               validators=[MinValueValidator(1), MaxValueValidator(240)])

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class PathEnrolment(TenantModel):
    """A person following a path; completed when every step is done."""

    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="path_enrolments")
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("path followed")
        verbose_name_plural = _("paths followed")
        constraints = [models.UniqueConstraint(fields=["path", "person"], name="one_enrolment_per_path_person")]

    def __str__(self):
        return f"{self.person} – {self.path}"


class StepProgress(TenantModel):
    """A step a person has done, with what they noted."""

    enrolment = models.ForeignKey(PathEnrolment, on_delete=models.CASCADE, related_name="progress")
    step = models.ForeignKey(PathStep, on_delete=models.CASCADE, related_name="+")
    done_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("step done")
        verbose_name_plural = _("steps done")
        constraints = [models.UniqueConstraint(fields=["enrolment", "step"], name="one_progress_per_step")]

    def __str__(self):
        return str(self.step)
