"""The learning loop: experiments, lessons (also from mistakes) and the team's improvement ideas.

Experiments and ideas belong to a team; lessons belong to their author until shared with the team or the
organisation. An anonymous idea stores no author at all (not even a hidden one) and only the day it came in,
so nothing links it to a person.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerritme.orgs.models import Person, Team, TenantModel

TITLE_MAX = 150
TEXT_MAX = 4000


class ExperimentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    EVALUATING = "evaluating", _("To evaluate")
    CONCLUDED = "concluded", _("Concluded")
    STOPPED = "stopped", _("Stopped")


OPEN_EXPERIMENT = (ExperimentStatus.PLANNED, ExperimentStatus.RUNNING, ExperimentStatus.EVALUATING)


class Decision(models.TextChoices):
    KEEP = "keep", _("Keep it")
    ADAPT = "adapt", _("Adapt it and try again")
    STOP = "stop", _("Stop it")


class IdeaStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    TRYING = "trying", _("Trying it")
    ADOPTED = "adopted", _("Adopted")
    DROPPED = "dropped", _("Dropped")


class Idea(TenantModel):
    """A suggestion in a team's always-open improvement box; anonymous ones have no author stored."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="loop_ideas", verbose_name=_("team"))
    author = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="loop_ideas")
    anonymous = models.BooleanField(_("anonymous"), default=False)
    title = models.CharField(_("idea"), max_length=TITLE_MAX)
    description = models.TextField(_("explanation"), blank=True, max_length=TEXT_MAX)
    status = models.CharField(_("status"), max_length=10, choices=IdeaStatus, default=IdeaStatus.SUBMITTED)
    status_reason = models.TextField(_("reason"), blank=True, max_length=TEXT_MAX)
    decided_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    # For an anonymous idea only the day (midnight): an exact time could be matched to who was online.
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("improvement idea")
        verbose_name_plural = _("improvement ideas")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["team", "status"])]
        constraints = [models.CheckConstraint(condition=models.Q(anonymous=False) | models.Q(author__isnull=True),
                                              name="anonymous_idea_has_no_author")]

    def __str__(self):
        return self.title


class IdeaVote(TenantModel):
    """One person's vote for an idea (one per person)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "person"], name="one_vote_per_idea_and_person")]

    def __str__(self):
        return f"vote {self.pk}"


class Experiment(TenantModel):
    """A small, time-boxed try of an improvement: a hypothesis, a period and, at the end, an evaluation."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="loop_experiments",
                             verbose_name=_("team"))
    owner = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="loop_experiments", verbose_name=_("owner"))
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    if_we = models.TextField(_("If we …"), max_length=TEXT_MAX)
    then = models.TextField(_("then …"), max_length=TEXT_MAX)
    we_will_see = models.TextField(_("and we will see it in …"), max_length=TEXT_MAX)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    status = models.CharField(_("status"), max_length=12, choices=ExperimentStatus,
                              default=ExperimentStatus.PLANNED)
    what_happened = models.TextField(_("what happened"), blank=True, max_length=TEXT_MAX)
    what_we_learned = models.TextField(_("what we learned"), blank=True, max_length=TEXT_MAX)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision, blank=True)
    evaluated_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    evaluated_at = models.DateTimeField(null=True, blank=True)
    from_action = models.ForeignKey("reflection.Action", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("from the action"))
    from_idea = models.ForeignKey(Idea, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="experiments", verbose_name=_("from the idea"))
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("experiment")
        verbose_name_plural = _("experiments")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["team", "status"]), models.Index(fields=["status", "ends_on"]),
                   models.Index(fields=["owner", "status"])]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_EXPERIMENT

    def is_overdue(self, today=None) -> bool:
        """The end date passed and nobody evaluated it yet."""
        return self.is_open and self.ends_on < (today or timezone.localdate())


class LessonVisibility(models.TextChoices):
    DRAFT = "draft", _("Draft: only me")
    TEAM = "team", _("My team")
    ORGANISATION = "organisation", _("Everyone in the organisation")


class Lesson(TenantModel):
    """A lesson in a blameless format: what happened, what we expected, what we learned, what we do differently."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="loop_lessons")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="loop_lessons",
                             verbose_name=_("team"))
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    what_happened = models.TextField(_("What happened?"), max_length=TEXT_MAX)
    what_we_expected = models.TextField(_("What did we expect?"), max_length=TEXT_MAX)
    what_we_learned = models.TextField(_("What did we learn?"), max_length=TEXT_MAX)
    do_differently = models.TextField(_("What will we do differently?"), max_length=TEXT_MAX)
    from_mistake = models.BooleanField(_("learned from a mistake"), default=False)
    visibility = models.CharField(_("shared with"), max_length=20, choices=LessonVisibility,
                                  default=LessonVisibility.DRAFT)
    experiment = models.ForeignKey(Experiment, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="lessons")
    article = models.ForeignKey("knowledge.Article", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    involved = models.ManyToManyField(Person, through="Involvement", related_name="+", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    shared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["-shared_at", "-created_at", "-pk"]
        indexes = [models.Index(fields=["visibility", "-shared_at"]), models.Index(fields=["team", "visibility"])]

    def __str__(self):
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.visibility == LessonVisibility.DRAFT


class Consent(models.TextChoices):
    ASKED = "asked", _("Not answered yet")
    GIVEN = "given", _("Agrees")
    DECLINED = "declined", _("Declines")


class Involvement(TenantModel):
    """A person involved in what a lesson tells; they decide whether it may be celebrated."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="involvements")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    consent = models.CharField(_("consent"), max_length=10, choices=Consent, default=Consent.ASKED)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lesson", "person"], name="one_involvement_per_person")]

    def __str__(self):
        return f"{self.person} – {self.lesson}"


class Reaction(models.TextChoices):
    THANKS = "thanks", _("Thanks for sharing")
    LEARNED = "learned", _("I learned from this")
    RECOGNISE = "recognise", _("I recognise this")
    BRAVE = "brave", _("Brave to share")


class LessonReaction(TenantModel):
    """One person's reaction of one kind to a lesson."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="reactions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Reaction)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lesson", "person", "kind"], name="one_reaction_per_kind")]

    def __str__(self):
        return f"{self.kind} {self.pk}"


class LessonOfTheMonth(TenantModel):
    """The team lead's choice of a team's lesson of the month; celebrated only when everyone involved agreed."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The first day of the month.")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="months")
    chosen_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    chosen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "month"], name="one_lesson_of_the_month_per_team")]
        ordering = ["-month"]

    def __str__(self):
        return f"{self.team} {self.month:%Y-%m}"
