"""Reading the learning loop: the timelines, a team's experiments and ideas, the lessons a person may read.

Every read here costs a fixed number of queries however much there is; the tests hold them to it.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from leerritme.learning.models import LearningEvent, Visibility
from leerritme.learning.selectors import learning_events_visible_to, team_timeline
from leerritme.loop.models import (
    OPEN_EXPERIMENT,
    Consent,
    Experiment,
    Idea,
    IdeaStatus,
    IdeaVote,
    Involvement,
    Lesson,
    LessonOfTheMonth,
    LessonVisibility,
)
from leerritme.loop.rules import is_ld
from leerritme.orgs.models import Person, Team, TeamMembership, TeamRole

PAGE = 25
PERIODS = {"week": 7, "month": 31, "quarter": 92, "year": 366}

# Where a timeline item links to: (app label, model) -> URL name taking the object's uuid.
LINKS = {
    ("loop", "experiment"): "loop:experiment",
    ("loop", "lesson"): "loop:lesson",
    ("loop", "idea"): "loop:idea",
    ("knowledge", "article"): "knowledge:article",
    ("reflection", "reflectionsession"): "reflection:summary",
    ("reflection", "action"): "reflection:action_edit",
}


@dataclass
class TimelineItem:
    event: LearningEvent
    url: str = ""


@dataclass
class TimelinePage:
    items: list[TimelineItem]
    next_cursor: str = ""


def _cursor_of(event: LearningEvent) -> str:
    return f"{event.occurred_at.isoformat()}_{event.pk}"


def _parse_cursor(cursor: str) -> tuple[datetime, int] | None:
    moment, _sep, pk = (cursor or "").rpartition("_")
    try:
        parsed = parse_datetime(moment)
        return (parsed, int(pk)) if parsed is not None and timezone.is_aware(parsed) else None
    except ValueError:
        return None


def timeline_events(viewer: Person, *, team: Team | None = None) -> QuerySet[LearningEvent]:
    """The shared learning the viewer may see: a team's, or the whole organisation's. Private events are in a
    person's own learning record, never in a timeline."""
    events = team_timeline(team, viewer) if team is not None else learning_events_visible_to(viewer)
    return events.exclude(visibility=Visibility.PRIVATE)


def timeline(viewer: Person, *, team: Team | None = None, kinds=(), period: str = "", cursor: str = "",
             limit: int = PAGE, now: datetime | None = None) -> TimelinePage:
    """One page of a timeline, newest first, continuing after `cursor` (keyset paging: constant cost on any page).

    Two queries (the events, then the objects they link to), whatever the size of the organisation.
    """
    events = timeline_events(viewer, team=team)
    if kinds:
        events = events.filter(kind__in=list(kinds))
    if period in PERIODS:
        events = events.filter(occurred_at__gte=(now or timezone.now()) - timedelta(days=PERIODS[period]))
    after = _parse_cursor(cursor)
    if after is not None:
        moment, pk = after
        events = events.filter(Q(occurred_at__lt=moment) | Q(occurred_at=moment, pk__lt=pk))
    rows = list(events.order_by("-occurred_at", "-pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    items = [TimelineItem(event) for event in rows]
    _add_links(items, viewer.organisation.slug)
    return TimelinePage(items, _cursor_of(rows[-1]) if more else "")


def _add_links(items: list[TimelineItem], org_slug: str) -> None:
    """Each item's URL, from the uuids of the objects on the page: one query for all kinds together (a UNION), so
    the cost does not depend on which kinds of learning happen to be on the page."""
    wanted: dict[int, set] = {}
    for item in items:
        if item.event.content_type_id and item.event.object_id:
            wanted.setdefault(item.event.content_type_id, set()).add(_as_pk(item.event.object_id))
    names, parts = {}, []
    for content_type_id, ids in sorted(wanted.items()):
        content_type = ContentType.objects.get_for_id(content_type_id)
        name = LINKS.get((content_type.app_label, content_type.model))
        model = content_type.model_class()
        if name is None or model is None:
            continue
        names[content_type_id] = name
        parts.append(model.objects.filter(pk__in=ids).order_by().annotate(
            linked_type=Value(content_type_id, output_field=IntegerField())).values_list("linked_type", "pk", "uuid"))
    if not parts:
        return
    rows = parts[0].union(*parts[1:], all=True).order_by() if len(parts) > 1 else parts[0]
    found = {(content_type_id, pk): uuid for content_type_id, pk, uuid in rows}
    for item in items:
        uuid = found.get((item.event.content_type_id, _as_pk(item.event.object_id or "")))
        if uuid is not None:
            item.url = reverse(names[item.event.content_type_id], kwargs={"org": org_slug, "uuid": uuid})


def _as_pk(value: str):
    return int(value) if value.isdigit() else value


# --- Experiments -------------------------------------------------------------------------------------------------

def experiments_of_team(team: Team) -> QuerySet[Experiment]:
    return Experiment.objects.filter(team=team).select_related("owner__user").order_by("-starts_on", "-pk")


def experiments_to_evaluate(person: Person, today=None) -> QuerySet[Experiment]:
    """Open experiments past their end that the person owns or whose team they lead."""
    today = today or timezone.localdate()
    led = TeamMembership.objects.filter(person=person, role=TeamRole.LEAD).values("team_id")
    return (Experiment.objects.filter(status__in=OPEN_EXPERIMENT, ends_on__lt=today)
            .filter(Q(owner=person) | Q(team_id__in=led)).select_related("team").order_by("ends_on", "pk"))


def my_open_experiments(person: Person) -> QuerySet[Experiment]:
    return (Experiment.objects.filter(status__in=OPEN_EXPERIMENT, owner=person).select_related("team")
            .order_by("ends_on", "pk"))


# --- Ideas -------------------------------------------------------------------------------------------------------

def ideas_of_team(team: Team, viewer: Person, *, status: str = "") -> QuerySet[Idea]:
    """A team's box, most votes first among open ideas, with whether the viewer voted (one query)."""
    ideas = Idea.objects.filter(team=team)
    if status in IdeaStatus.values:
        ideas = ideas.filter(status=status)
    return (ideas.select_related("author__user")
            .annotate(vote_count=Count("votes", distinct=True),
                      voted=Exists(IdeaVote.objects.filter(idea=OuterRef("pk"), person=viewer)))
            .order_by("-vote_count", "-created_at", "-pk"))


def adopted_counts(teams) -> dict[int, int]:
    """Adopted improvements per team (anonymous ones included: this count is how they are recognised)."""
    rows = (Idea.objects.filter(team__in=teams, status=IdeaStatus.ADOPTED).order_by()
            .values_list("team_id").annotate(n=Count("pk")))
    return dict(rows)


def new_ideas_for(person: Person, *, days: int = 14) -> QuerySet[Idea]:
    """Open ideas of the person's teams from the last `days` days that they did not write."""
    mine = TeamMembership.objects.filter(person=person).values("team_id")
    since = timezone.now() - timedelta(days=days)
    return (Idea.objects.filter(team_id__in=mine, status=IdeaStatus.SUBMITTED, created_at__gte=since)
            .exclude(author=person).select_related("team").order_by("-created_at", "-pk"))


# --- Lessons -----------------------------------------------------------------------------------------------------

def lessons_visible_to(viewer: Person) -> QuerySet[Lesson]:
    """Lessons the viewer may read: their own (drafts too), their teams', and the organisation's."""
    shared_with_teams = Q(visibility=LessonVisibility.TEAM)
    if not is_ld(viewer):
        shared_with_teams &= Q(team_id__in=TeamMembership.objects.filter(person=viewer).values("team_id"))
    return (Lesson.objects.filter(Q(author=viewer) | Q(visibility=LessonVisibility.ORGANISATION)
                                  | shared_with_teams)
            .select_related("author__user", "team").order_by("-shared_at", "-created_at", "-pk"))


def lesson_celebrated(lesson: Lesson) -> bool:
    """Everyone involved agreed (and someone is involved: the author at least)."""
    answers = list(Involvement.objects.filter(lesson=lesson).values_list("consent", flat=True))
    return bool(answers) and all(answer == Consent.GIVEN for answer in answers)


def lessons_of_the_month(team: Team, *, limit: int = 12) -> list[LessonOfTheMonth]:
    """The team's celebrated lessons of the month: only those every person involved agreed to."""
    not_agreed = Involvement.objects.filter(lesson=OuterRef("lesson")).exclude(consent=Consent.GIVEN)
    return list(LessonOfTheMonth.objects.filter(team=team).exclude(Exists(not_agreed))
                .select_related("lesson__author__user").order_by("-month")[:limit])


def my_teams(person: Person) -> list[Team]:
    """The teams whose loop the person follows: their own, or for L&D without a team, none (they pick one)."""
    return list(Team.objects.filter(memberships__person=person).order_by("name"))
