import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerritme.orgs.models import Person, TenantModel


class LearningKind(models.TextChoices):
    """What kind of learning an event records; parts add their kinds here."""

    SKILL_GROWN = "skill_grown", _("Skill grown")
    SKILL_TAUGHT = "skill_taught", _("Taught a colleague")
    COURSE_COMPLETED = "course_completed", _("Course completed")
    SESSION_ATTENDED = "session_attended", _("Knowledge session attended")
    SESSION_GIVEN = "session_given", _("Knowledge session given")
    REFLECTION_HELD = "reflection_held", _("Reflection held")
    ARTICLE_WRITTEN = "article_written", _("Article written")
    LESSON_SHARED = "lesson_shared", _("Lesson shared")
    COACHING_MEETING = "coaching_meeting", _("Coaching meeting")
    COACHING_GOAL_REACHED = "coaching_goal_reached", _("Coaching goal reached")
    LEARNING_TIME = "learning_time", _("Learning time spent")
    PATH_COMPLETED = "path_completed", _("Learning path completed")
    PEER_MEETING = "peer_meeting", _("Duo or circle meeting")
    ACTION_DONE = "action_done", _("Improvement action done")
    EXPERIMENT_CONCLUDED = "experiment_concluded", _("Experiment concluded")
    IDEA_ADOPTED = "idea_adopted", _("Improvement idea adopted")
    KUDOS_RECEIVED = "kudos_received", _("Kudos received")
    BADGE_EARNED = "badge_earned", _("Badge earned")
    CHALLENGE_COMPLETED = "challenge_completed", _("Challenge completed")
    OUTSIDE_LEARNING = "outside_learning", _("Learning in an outside tool")
    OTHER = "other", _("Other learning")


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Only me")
    TEAM = "team", _("Only my team")
    ORGANISATION = "organisation", _("Everyone in the organisation")


class LearningEvent(TenantModel):
    """One moment in which someone learned something; read by timelines, learning records and indicators."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="learning_events")
    kind = models.CharField(_("kind"), max_length=40, choices=LearningKind)
    title = models.CharField(_("title"), max_length=250)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    visibility = models.CharField(_("visible to"), max_length=20, choices=Visibility,
                                  default=Visibility.PRIVATE)
    team = models.ForeignKey("orgs.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             help_text=_("The team that sees a team-visible event."))
    minutes = models.PositiveIntegerField(_("minutes"), null=True, blank=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("learning event")
        verbose_name_plural = _("learning events")
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["organisation", "-occurred_at"]),
            # Timelines filtered by kind (the lessons of the last year) and indicators counting one kind.
            models.Index(fields=["organisation", "kind", "-occurred_at"]),
            models.Index(fields=["person", "-occurred_at"]),
            models.Index(fields=["content_type", "object_id"]),
        ]

    def __str__(self):
        return self.title
