import uuid

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerritme.orgs.models import Person, Team, TenantModel


class Format(models.TextChoices):
    ROUND = "round", _("Reflection round")
    RETROSPECTIVE = "retrospective", _("Retrospective")
    EVALUATION = "evaluation", _("Project evaluation")


class Phase(models.TextChoices):
    FOLLOWUP = "followup", _("Follow-up of open actions")
    WRITE = "write", _("Write")
    GROUP = "group", _("Group")
    VOTE = "vote", _("Vote")
    DISCUSS = "discuss", _("Discuss")
    ACTIONS = "actions", _("Actions")
    CHECKOUT = "checkout", _("Check-out")
    CLOSED = "closed", _("Closed")


PHASES = list(Phase)

CARD_MAX_LENGTH = 500
ACTION_MAX_LENGTH = 300
MAX_COLUMNS = 8


class ReflectionTemplate(TenantModel):
    """A team's (or, without a team, the organisation's) own board layout: named columns with prompts."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="reflection_templates", verbose_name=_("team"))
    name = models.CharField(_("name"), max_length=120)
    format = models.CharField(_("format"), max_length=20, choices=Format, default=Format.RETROSPECTIVE)
    # [{"key": "...", "title": "...", "prompt": "..."}], 1 to 8 columns.
    columns = models.JSONField(_("columns"), default=list)
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        verbose_name = _("reflection template")
        verbose_name_plural = _("reflection templates")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ReflectionSession(TenantModel):
    """One reflection round, retrospective or project evaluation of a team, live on a board."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="reflection_sessions",
                             verbose_name=_("team"))
    format = models.CharField(_("format"), max_length=20, choices=Format, default=Format.RETROSPECTIVE)
    title = models.CharField(_("title"), max_length=150, blank=True)
    template_key = models.CharField(max_length=40, blank=True)
    template = models.ForeignKey(ReflectionTemplate, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="sessions")
    # A snapshot taken at the start, so later edits of a template never rewrite history.
    columns = models.JSONField(default=list)
    project_name = models.CharField(_("project"), max_length=150, blank=True)
    project_start = models.DateField(_("project start"), null=True, blank=True)
    project_end = models.DateField(_("project end"), null=True, blank=True)
    occurrence = models.ForeignKey("practices.Occurrence", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="reflection_sessions")
    facilitator = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="facilitated_reflections",
                                    verbose_name=_("facilitator"))
    phase = models.CharField(_("phase"), max_length=20, choices=Phase, default=Phase.WRITE)
    phase_started_at = models.DateTimeField(default=timezone.now)
    phase_ends_at = models.DateTimeField(null=True, blank=True)
    revealed = models.BooleanField(default=False)
    votes_per_person = models.PositiveSmallIntegerField(
        _("votes per person"), default=3, validators=[MinValueValidator(1), MaxValueValidator(10)])
    allow_anonymous = models.BooleanField(_("allow anonymous cards"), default=True)
    # Bumped on every change: clients order events by it and resync when they see a gap.
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reflection session")
        verbose_name_plural = _("reflection sessions")
        ordering = ["-created_at"]
        # (organisation, phase, closed_at): the check-out indicator reads the meetings closed in a period.
        indexes = [models.Index(fields=["team", "created_at"]),
                   models.Index(fields=["organisation", "phase", "closed_at"])]

    def __str__(self):
        return self.title or f"{self.get_format_display()} {self.created_at:%Y-%m-%d}"

    @property
    def is_closed(self) -> bool:
        return self.phase == Phase.CLOSED

    def column_keys(self) -> list[str]:
        return [c["key"] for c in self.columns]


class Participant(TenantModel):
    """A person who joined a session; presence on the board itself lives in the channel layer."""

    session = models.ForeignKey(ReflectionSession, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reflection_participations")
    joined_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    wants_summary_email = models.BooleanField(_("e-mail me the summary"), default=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="one_participant_per_session")]

    def __str__(self):
        return f"{self.person} @ {self.session}"


class CardGroup(TenantModel):
    """Cards the team put together under one title in the group phase."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(ReflectionSession, on_delete=models.CASCADE, related_name="groups")
    column = models.CharField(max_length=40)
    title = models.CharField(_("title"), max_length=150)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("card group")
        verbose_name_plural = _("card groups")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class Card(TenantModel):
    """One sticky note on the board; anonymous cards keep no trace of their author."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(ReflectionSession, on_delete=models.CASCADE, related_name="cards")
    column = models.CharField(max_length=40)
    text = models.TextField(_("text"), validators=[MaxLengthValidator(CARD_MAX_LENGTH)])
    # Always null for anonymous cards.
    author = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="reflection_cards")
    anonymous = models.BooleanField(_("anonymous"), default=False)
    # sha256 of a token only the author's browser keeps: lets them edit without the server knowing who they are.
    edit_token_hash = models.CharField(max_length=64, blank=True)
    group = models.ForeignKey(CardGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="cards")
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("card")
        verbose_name_plural = _("cards")
        ordering = ["position", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(anonymous=False) | models.Q(author__isnull=True),
                                   name="anonymous_card_has_no_author"),
        ]

    def __str__(self):
        return self.text[:50]


class Vote(TenantModel):
    """One dot on a card or a group; a person may put several dots on one."""

    session = models.ForeignKey(ReflectionSession, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    card = models.ForeignKey(Card, null=True, blank=True, on_delete=models.CASCADE, related_name="votes")
    group = models.ForeignKey(CardGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="votes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(card__isnull=False, group__isnull=True)
                           | models.Q(card__isnull=True, group__isnull=False)),
                name="vote_on_card_or_group",
            ),
        ]
        indexes = [models.Index(fields=["session", "person"])]

    def __str__(self):
        return f"vote {self.pk}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Action(TenantModel):
    """Something the team agreed to do, with an owner and a due date, followed up in its next session."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="reflection_actions",
                             verbose_name=_("team"))
    session = models.ForeignKey(ReflectionSession, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="actions")
    text = models.CharField(_("action"), max_length=ACTION_MAX_LENGTH)
    owner = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="reflection_actions", verbose_name=_("owner"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus, default=ActionStatus.OPEN)
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_date", "created_at"]
        indexes = [models.Index(fields=["team", "status"]), models.Index(fields=["owner", "status"])]

    def __str__(self):
        return self.text


class ReviewOutcome(models.TextChoices):
    DONE = "done", _("Done")
    KEPT = "kept", _("Kept open")
    DROPPED = "dropped", _("Dropped")


class ActionReview(TenantModel):
    """What a session decided about an open action in its follow-up phase."""

    session = models.ForeignKey(ReflectionSession, on_delete=models.CASCADE, related_name="action_reviews")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reviews")
    outcome = models.CharField(_("outcome"), max_length=10, choices=ReviewOutcome)
    by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("action review")
        verbose_name_plural = _("action reviews")
        constraints = [models.UniqueConstraint(fields=["session", "action"], name="one_review_per_session_action")]

    def __str__(self):
        return f"{self.action} – {self.outcome}"


class CheckOutResponse(TenantModel):
    """One anonymous check-out answer; a random key and no person or time, so nothing links it to anyone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(ReflectionSession, on_delete=models.CASCADE, related_name="checkout_responses")
    quality = models.PositiveSmallIntegerField(_("quality of the meeting"),
                                               validators=[MinValueValidator(1), MaxValueValidator(5)])
    dynamics = models.PositiveSmallIntegerField(_("team dynamics"),
                                                validators=[MinValueValidator(1), MaxValueValidator(5)])
    word = models.CharField(_("one word"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("check-out response")
        verbose_name_plural = _("check-out responses")
        constraints = [
            models.CheckConstraint(condition=models.Q(quality__gte=1, quality__lte=5), name="checkout_quality_1_5"),
            models.CheckConstraint(condition=models.Q(dynamics__gte=1, dynamics__lte=5),
                                   name="checkout_dynamics_1_5"),
        ]
        # The check-out indicator sums the scores per meeting from the index alone.
        indexes = [models.Index(fields=["session", "quality", "dynamics"])]

    def __str__(self):
        return f"check-out {self.pk}"


class CheckOutAnswered(TenantModel):
    """That a person answered the check-out, never what they answered."""

    session = models.ForeignKey(ReflectionSession, on_delete=models.CASCADE, related_name="checkout_answered")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("check-out answered")
        verbose_name_plural = _("check-outs answered")
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="one_checkout_per_person")]

    def __str__(self):
        return f"{self.person} answered"
