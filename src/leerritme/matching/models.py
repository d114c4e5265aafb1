"""Bringing people together: duo, circle and coffee programmes with their rounds and groups; coaching
offers, requests, matching runs and matches with their meetings; buddies for newcomers."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerritme.orgs.models import Person, Team, TenantModel
from leerritme.people.models import Skill


class ProgrammeKind(models.TextChoices):
    DUOS = "duos", _("Collaboration duos")
    CIRCLES = "circles", _("Intervision or learning circles")
    COFFEE = "coffee", _("Virtual coffee")


class Reach(models.TextChoices):
    TEAM = "team", _("Within one team")
    TEAMS = "teams", _("Across teams")
    ORGANISATION = "organisation", _("Across the organisation")


class Protocol(models.TextChoices):
    NONE = "", _("No set protocol (learning circle)")
    INCIDENT = "incident", _("Incident method")
    BALINT = "balint", _("Balint method")
    FIVE_WHYS = "five_whys", _("Five whys")


class Programme(TenantModel):
    """A series of rounds that puts people together: duos, circles or virtual coffee."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=ProgrammeKind)
    name = models.CharField(_("name"), max_length=150)
    purpose = models.TextField(_("purpose"), blank=True)
    reach = models.CharField(_("who takes part"), max_length=15, choices=Reach, default=Reach.TEAM)
    teams = models.ManyToManyField(Team, blank=True, related_name="+", verbose_name=_("teams"))
    group_size = models.PositiveSmallIntegerField(_("group size"), default=2)
    rotating = models.BooleanField(_("new groups every round"), default=True)
    every_weeks = models.PositiveSmallIntegerField(_("a round every (weeks)"), default=4)
    skill = models.ForeignKey(Skill, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("skill to pair on"))
    protocol = models.CharField(_("protocol"), max_length=20, choices=Protocol, blank=True, default="")
    opt_in = models.BooleanField(_("only people who opt in"), default=False)
    is_active = models.BooleanField(_("running"), default=True)
    next_round_on = models.DateField(_("next round on"), null=True, blank=True)
    created_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # The team's adopted practice (rotating duos, intervision...) this programme runs, if any.
    adoption = models.ForeignKey("practices.Adoption", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["organisation", "is_active", "next_round_on"])]

    def __str__(self):
        return self.name

    @property
    def rounds_in_worker(self) -> bool:
        """Rounds across teams or the whole organisation can be large: the task worker forms them."""
        return self.reach != Reach.TEAM


class Participant(TenantModel):
    """Someone who opted in to an opt-in programme (virtual coffee)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "person"], name="matching_participant_once")]

    def __str__(self):
        return f"{self.person} in {self.programme}"


class OptOut(TenantModel):
    """Someone who skips one round of a programme (the round's number)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="opt_outs")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    round_number = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "person", "round_number"],
                                               name="matching_opt_out_once")]

    def __str__(self):
        return f"{self.person} skips round {self.round_number}"


class Round(TenantModel):
    """One round of a programme: its groups meet between the start and the end."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveIntegerField()
    starts_at = models.DateTimeField(_("starts"))
    ends_on = models.DateField(_("ends"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["programme", "-number"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="matching_round_once")]

    def __str__(self):
        return f"{self.programme} #{self.number}"


class RoundJobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RoundJobStep(models.TextChoices):
    FORMING = "forming", _("Forming the groups")
    SAVING = "saving", _("Saving the groups and telling everyone")


class RoundJob(TenantModel):
    """A round of a large programme (across teams or the whole organisation) formed by the task worker.

    Its error is a code with numbers, not a sentence, so the page shows it in the reader's language."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="round_jobs")
    number = models.PositiveIntegerField()  # the round it forms (updated if another round came first)
    status = models.CharField(max_length=10, choices=RoundJobStatus, default=RoundJobStatus.QUEUED)
    step = models.CharField(max_length=10, choices=RoundJobStep, blank=True, default="")
    people_count = models.PositiveIntegerField(default=0)
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    error = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(
            fields=["programme"], condition=models.Q(status__in=["queued", "running"]),
            name="matching_round_job_one_open")]

    def __str__(self):
        return f"round {self.number} of {self.programme}"

    @property
    def is_open(self) -> bool:
        return self.status in (RoundJobStatus.QUEUED, RoundJobStatus.RUNNING)

    @property
    def progress_percent(self) -> int:
        if self.status in (RoundJobStatus.DONE, RoundJobStatus.FAILED):
            return 100
        if self.status == RoundJobStatus.QUEUED:
            return 5
        return 70 if self.step == RoundJobStep.SAVING else 30


class Group(TenantModel):
    """A duo (or trio), circle or coffee pair in a round."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="groups")
    members = models.ManyToManyField(Person, through="GroupMember", related_name="+")

    class Meta:
        ordering = ["round", "pk"]

    def __str__(self):
        return f"group in {self.round}"


class GroupMember(TenantModel):
    """A person in a group, whether they lead its session, and what they learned from the others."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="matching_groups")
    is_facilitator = models.BooleanField(default=False)
    reflection = models.TextField(_("what did you learn from each other?"), blank=True)
    reflected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "person"], name="matching_member_once")]
        indexes = [models.Index(fields=["person", "group"])]

    def __str__(self):
        return f"{self.person} in {self.group}"


class CoachOffer(TenantModel):
    """What a coach or mentor offers, and how many learners they take at once."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="coach_offer")
    skills = models.ManyToManyField(Skill, related_name="+", verbose_name=_("what I can help with"))
    description = models.TextField(_("how I coach"), blank=True)
    capacity = models.PositiveSmallIntegerField(_("learners at a time"), default=1)
    languages = models.JSONField(_("languages"), default=list)
    is_active = models.BooleanField(_("taking learners"), default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"coaching by {self.person}"


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Looking for a coach")
    MATCHED = "matched", _("Matched")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class CoachingRequest(TenantModel):
    """A learner's concrete goal and the skills it needs; waits for the next matching run."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="coaching_requests")
    goal = models.TextField(_("my goal"))
    skills = models.ManyToManyField(Skill, related_name="+", verbose_name=_("skills"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="nl")
    other_team_only = models.BooleanField(_("a coach from another team"), default=False)
    status = models.CharField(max_length=10, choices=RequestStatus, default=RequestStatus.OPEN)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.goal[:60]


class MatchingRun(TenantModel):
    """One matching of the open requests to the coaches, reviewed by L&D before it is published."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    unmatched = models.JSONField(default=list, blank=True)  # request uuids nobody could take

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"matching of {self.created_at:%Y-%m-%d}"


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed (not published)")
    PUBLISHED = "published", _("Waiting for answers")
    ACTIVE = "active", _("Running")
    DECLINED = "declined", _("Declined")
    CLOSED = "closed", _("Closed")


class Match(TenantModel):
    """A learner with a coach: proposed with its reasons, published, accepted, met and closed."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    run = models.ForeignKey(MatchingRun, null=True, on_delete=models.SET_NULL, related_name="matches")
    request = models.ForeignKey(CoachingRequest, on_delete=models.CASCADE, related_name="matches")
    learner = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    coach = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(default=0)
    reasons = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=MatchStatus, default=MatchStatus.PROPOSED)
    learner_accepted_at = models.DateTimeField(null=True, blank=True)
    coach_accepted_at = models.DateTimeField(null=True, blank=True)
    declined_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    next_meeting_at = models.DateTimeField(_("next meeting"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress towards the goal (%)"), default=0)
    reflection = models.TextField(_("closing reflection"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["learner", "status"]), models.Index(fields=["coach", "status"])]

    def __str__(self):
        return f"{self.learner} with {self.coach}"


class CoachingMeeting(TenantModel):
    """A meeting of learner and coach, logged with what they worked on."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("held on"))
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=60)
    notes = models.TextField(_("what we worked on"))
    logged_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-created_at"]

    def __str__(self):
        return f"meeting on {self.held_on}"


class BuddyStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    DECLINED = "declined", _("Declined")
    ENDED = "ended", _("Ended")


class Buddy(TenantModel):
    """A colleague from another team who helps a newcomer find their way."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    newcomer = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    buddy = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=BuddyStatus, default=BuddyStatus.PROPOSED)
    proposed_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at"]
        indexes = [models.Index(fields=["newcomer", "status"]), models.Index(fields=["buddy", "status"])]

    def __str__(self):
        return f"{self.buddy} for {self.newcomer}"
