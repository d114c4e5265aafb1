import math
import uuid
from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerritme.orgs.models import Person, Team, TenantModel
from leerritme.people.models import Skill

WORDS_PER_MINUTE = 200


class TsVectorField(models.Field):
    """PostgreSQL's tsvector; plain text (unused) on SQLite, where the FTS5 table does the searching.

    Not django.contrib.postgres' SearchVectorField: that one insists on the contrib app being
    installed, and this one column is all the search needs from it.
    """

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ArticleVisibility(models.TextChoices):
    TEAM = "team", _("My team")
    ORGANISATION = "organisation", _("Everyone in the organisation")


class Community(TenantModel):
    """A community of practice: colleagues across teams who share a craft and a purpose."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=150)
    purpose = models.TextField(_("purpose"))
    created_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("community of practice")
        verbose_name_plural = _("communities of practice")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="unique_community_name")]

    def __str__(self):
        return self.name


class CommunityRole(models.TextChoices):
    MEMBER = "member", _("Member")
    MODERATOR = "moderator", _("Moderator")


class CommunityMembership(TenantModel):
    """A person's membership of a community, as member or moderator."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="community_memberships")
    role = models.CharField(max_length=10, choices=CommunityRole, default=CommunityRole.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["community", "person"], name="one_membership_per_community")]

    def __str__(self):
        return f"{self.person} – {self.community}"


class CommunityInvitation(TenantModel):
    """A moderator's invitation to a colleague to join a community; open until answered."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="community_invitations")
    invited_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    accepted = models.BooleanField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "person"], condition=models.Q(answered_at__isnull=True),
                                    name="one_open_community_invitation")
        ]

    def __str__(self):
        return f"{self.person} → {self.community}"


class Article(TenantModel):
    """An instruction, how-to or briefing note written by colleagues for colleagues, in Markdown."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown: # heading, **bold**, - list, [link](url)."))
    # The sanitised HTML of `body`, rendered once on every save instead of on every view.
    body_html = models.TextField(blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=ArticleStatus, default=ArticleStatus.DRAFT)
    visibility = models.CharField(_("who can read it"), max_length=20, choices=ArticleVisibility,
                                  default=ArticleVisibility.ORGANISATION)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("team"))
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="owned_articles")
    co_authors = models.ManyToManyField(Person, through="ArticleCoAuthor", related_name="co_authored_articles",
                                        blank=True)
    skills = models.ManyToManyField(Skill, through="ArticleSkill", related_name="articles", blank=True)
    community = models.ForeignKey(Community, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="articles", verbose_name=_("community"))
    version = models.PositiveIntegerField(default=0)
    reading_minutes = models.PositiveSmallIntegerField(default=1)
    review_interval_days = models.PositiveSmallIntegerField(_("review every (days)"), default=180)
    last_reviewed_at = models.DateTimeField(_("last reviewed"), null=True, blank=True)
    review_due_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    # Set when an answer became this article ("turn this answer into an article").
    from_answer = models.ForeignKey("Answer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["organisation", "status", "-updated_at"]),
            models.Index(fields=["status", "review_due_at"]),
        ]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED

    @property
    def review_is_due(self) -> bool:
        return self.review_due_at is not None and self.review_due_at <= timezone.now()

    @staticmethod
    def minutes_to_read(text: str) -> int:
        return max(1, math.ceil(len(text.split()) / WORDS_PER_MINUTE))

    def next_review(self, reviewed_at):
        return reviewed_at + timedelta(days=self.review_interval_days)


class ArticleCoAuthor(TenantModel):
    """A colleague who may edit an article beside its owner."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "person"], name="one_coauthor_entry")]


class ArticleSkill(TenantModel):
    """A skill an article teaches."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE)
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "skill"], name="one_article_skill_entry")]


class ArticleVersion(TenantModel):
    """One saved state of an article, for its history, differences and restore."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    author = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="one_article_version_number")]

    def __str__(self):
        return f"{self.article_id} v{self.number}"


def attachment_path(instance, filename):
    # A random name on disk: the original name is kept in `name`, never used as a path.
    return f"knowledge/{instance.organisation_id}/{uuid.uuid4().hex}"


class Attachment(TenantModel):
    """An image or file attached to an article, served only to people who may read the article."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    name = models.CharField(max_length=150)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ArticleFeedback(TenantModel):
    """A reader's answer to "was this helpful?", which the authors see."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    helpful = models.BooleanField()
    comment = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "person"], name="one_feedback_per_reader")]


class Question(TenantModel):
    """A question to colleagues, tagged with skills so those who can teach them hear of it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("question"), max_length=200)
    body = models.TextField(_("details"), blank=True)
    body_html = models.TextField(blank=True, editable=False)
    asker = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="questions")
    skills = models.ManyToManyField(Skill, through="QuestionSkill", related_name="questions", blank=True)
    community = models.ForeignKey(Community, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="questions", verbose_name=_("community"))
    accepted_answer = models.ForeignKey("Answer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answer_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    # Set by the first edit; the text before each edit is kept as a QuestionVersion.
    edited_at = models.DateTimeField(null=True, blank=True)
    edited_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self):
        return self.title


class QuestionSkill(TenantModel):
    """A skill a question is about."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE)
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "skill"], name="one_question_skill_entry")]


class Answer(TenantModel):
    """A colleague's answer to a question."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="answers")
    body = models.TextField(_("answer"))
    body_html = models.TextField(blank=True, editable=False)
    votes = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    edited_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-votes", "created_at"]

    def __str__(self):
        return f"{self.question_id}: {self.body[:40]}"


class QuestionVersion(TenantModel):
    """A question as it read before an edit (number 1 is the text as first asked)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    skill_names = models.CharField(max_length=1000, blank=True)
    # Who wrote this text, and who replaced it when.
    written_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    written_at = models.DateTimeField()
    replaced_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["question", "number"], name="one_question_version_number")]


class AnswerVersion(TenantModel):
    """An answer as it read before an edit."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    body = models.TextField()
    written_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    written_at = models.DateTimeField()
    replaced_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["answer", "number"], name="one_answer_version_number")]


class AnswerVote(TenantModel):
    """One colleague's upvote of an answer."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="upvotes")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer", "person"], name="one_vote_per_answer")]


class SessionKind(models.TextChoices):
    LUNCH_AND_LEARN = "lunch_learn", _("Lunch & learn")
    BRIEFING = "briefing", _("Briefing")
    DEMO = "demo", _("Demo")


class SessionSeries(TenantModel):
    """A recurring format ("every two weeks someone presents"), possibly run for a team's adopted practice."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind, default=SessionKind.LUNCH_AND_LEARN)
    description = models.TextField(_("description"), blank=True)
    interval_weeks = models.PositiveSmallIntegerField(_("every how many weeks"), default=2)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    community = models.ForeignKey(Community, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="series")
    organiser = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    # The team's adoption of "lunch & learn" in the way of learning, when the series runs it.
    adoption = models.ForeignKey("practices.Adoption", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    # The pattern the sessions are planned by: the first one, then every `interval_weeks` at the same local
    # time. Without a first start the organiser plans each session by hand.
    first_starts_at = models.DateTimeField(_("first session"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=45)
    location = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    weeks_ahead = models.PositiveSmallIntegerField(_("plan how many weeks ahead"), default=6)
    # Sessions are planned up to here; later slots follow as time passes (the scheduler's daily run).
    planned_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("session series")
        verbose_name_plural = _("session series")
        ordering = ["title"]

    def __str__(self):
        return self.title


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class KnowledgeSession(TenantModel):
    """A lunch & learn, briefing or demo where a colleague shares what they know."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind, default=SessionKind.LUNCH_AND_LEARN)
    title = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("what it is about"), blank=True)
    series = models.ForeignKey(SessionSeries, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="sessions")
    speaker = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="sessions_given", verbose_name=_("speaker"))
    skills = models.ManyToManyField(Skill, through="SessionSkill", related_name="sessions", blank=True)
    community = models.ForeignKey(Community, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="sessions", verbose_name=_("community"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True,
                                           help_text=_("Leave empty when there is room for everyone."))
    status = models.CharField(max_length=10, choices=SessionStatus, default=SessionStatus.PLANNED)
    notes = models.TextField(_("notes afterwards"), blank=True)
    notes_html = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # The series' slot this session was planned for (kept when the session is moved); none when by hand.
    series_slot = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("knowledge session")
        verbose_name_plural = _("knowledge sessions")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["organisation", "starts_at"])]
        constraints = [
            # Two schedulers planning at once cannot both fill a slot; a cancelled slot can be planned anew.
            models.UniqueConstraint(fields=["series", "series_slot"], name="one_session_per_series_slot",
                                    condition=models.Q(series_slot__isnull=False) & ~models.Q(status="cancelled")),
        ]

    @property
    def open_slot(self) -> bool:
        """A series' session that still needs someone to present."""
        return self.series_id is not None and self.speaker_id is None

    def __str__(self):
        return self.title

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()


class SessionSkill(TenantModel):
    """A skill a knowledge session is about."""

    session = models.ForeignKey(KnowledgeSession, on_delete=models.CASCADE)
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "skill"], name="one_session_skill_entry")]


class SignupStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Signed up")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class SessionSignup(TenantModel):
    """A colleague's place at a session, or on its waiting list; attendance is noted afterwards."""

    session = models.ForeignKey(KnowledgeSession, on_delete=models.CASCADE, related_name="signups")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="session_signups")
    status = models.CharField(max_length=10, choices=SignupStatus, default=SignupStatus.CONFIRMED)
    attended = models.BooleanField(null=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="one_signup_per_session")]
        indexes = [models.Index(fields=["session", "status", "created_at"])]


class SessionMaterial(TenantModel):
    """Slides, a link or a file shared after (or before) a session."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(KnowledgeSession, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(upload_to=attachment_path, max_length=300, blank=True)
    file_name = models.CharField(max_length=150, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    added_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return self.title


class SessionFeedback(TenantModel):
    """What an attendee tells the speaker afterwards; only the speaker and organisers read it."""

    session = models.ForeignKey(KnowledgeSession, on_delete=models.CASCADE, related_name="feedback")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="one_session_feedback")]


class SearchKind(models.TextChoices):
    ARTICLE = "article", _("Article")
    QUESTION = "question", _("Question")
    SESSION = "session", _("Knowledge session")
    COMMUNITY = "community", _("Community")


class SearchEntry(TenantModel):
    """What the one search finds for an article, question, session or community (kept by the services).

    On SQLite an FTS5 table holds the stemmed text under the same rowid; on PostgreSQL `vector` holds
    the Dutch and English tsvector. `team` limits who finds it, as the article's visibility does.
    """

    kind = models.CharField(max_length=10, choices=SearchKind)
    object_id = models.PositiveBigIntegerField()
    object_uuid = models.UUIDField()
    title = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    vector = TsVectorField(null=True, editable=False)
    # PostgreSQL: the title alone (kept by the same trigger), narrow enough to rank many matches cheaply.
    title_vector = TsVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_search_entry_per_object")]
        indexes = [models.Index(fields=["organisation", "kind"])]

    def __str__(self):
        return self.title
