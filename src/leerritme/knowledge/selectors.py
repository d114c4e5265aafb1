"""Reads of the knowledge part; every list here costs a fixed number of queries, whatever its length."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, Max, Prefetch, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from leerritme.knowledge.models import (
    Answer,
    Article,
    ArticleFeedback,
    ArticleStatus,
    ArticleVisibility,
    Community,
    CommunityMembership,
    CommunityRole,
    KnowledgeSession,
    Question,
    SessionSignup,
    SessionStatus,
    SignupStatus,
)
from leerritme.orgs.models import Person, TeamMembership
from leerritme.people.models import Skill

PER_PAGE = 25


def my_team_ids(person: Person) -> list[int]:
    return list(TeamMembership.objects.filter(person=person).values_list("team_id", flat=True))


def readable_articles(person: Person, team_ids: list[int] | None = None) -> QuerySet[Article]:
    """Published articles the person may read: the organisation's, and their own teams'."""
    teams = my_team_ids(person) if team_ids is None else team_ids
    return Article.objects.filter(status=ArticleStatus.PUBLISHED).filter(
        Q(visibility=ArticleVisibility.ORGANISATION) | Q(team_id__in=teams) | Q(owner=person)
    )


def _with_skills(articles: QuerySet[Article]) -> QuerySet[Article]:
    return articles.select_related("owner__user", "team").prefetch_related(
        Prefetch("skills", queryset=Skill.objects.order_by("name"))
    )


@dataclass
class ArticlePage:
    page: Page
    skill: Skill | None = None


def article_page(person: Person, *, skill_uuid: str = "", page=None) -> ArticlePage:
    articles = readable_articles(person)
    skill = None
    if skill_uuid:
        skill = Skill.objects.filter(uuid=skill_uuid).first() if _valid_uuid(skill_uuid) else None
        articles = articles.filter(skills=skill) if skill else articles.none()
    articles = _with_skills(articles.order_by("-published_at", "-pk"))
    return ArticlePage(page=Paginator(articles, PER_PAGE).get_page(page), skill=skill)


def _valid_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def my_drafts(person: Person) -> list[Article]:
    return list(
        Article.objects.filter(status=ArticleStatus.DRAFT)
        .filter(Q(owner=person) | Q(co_authors=person)).distinct()
        .select_related("owner__user").order_by("-updated_at")[:20]
    )


@dataclass
class FeedbackSummary:
    helpful: int = 0
    not_helpful: int = 0
    comments: list[ArticleFeedback] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.helpful + self.not_helpful


def article_context(article: Article, person: Person) -> dict:
    """What the article page shows besides the article: skills, authors, files, and the feedback."""
    authors_only = article.owner_id == person.pk or article.co_authors.filter(pk=person.pk).exists()
    summary = None
    if authors_only:
        counts = article.feedback.aggregate(yes=Count("pk", filter=Q(helpful=True)),
                                            no=Count("pk", filter=Q(helpful=False)))
        summary = FeedbackSummary(
            helpful=counts["yes"], not_helpful=counts["no"],
            comments=list(article.feedback.exclude(comment="").select_related("person__user")
                          .order_by("-created_at")[:20]),
        )
    return {
        "skills": list(article.skills.order_by("name")),
        "co_authors": list(article.co_authors.select_related("user")),
        "attachments": list(article.attachments.all()),
        "my_feedback": article.feedback.filter(person=person).first(),
        "feedback_summary": summary,
        "is_author": authors_only,
    }


# --- Questions --------------------------------------------------------------------------------------


def question_page(*, skill: Skill | None = None, unanswered: bool = False, page=None) -> Page:
    questions = Question.objects.select_related("asker__user").prefetch_related(
        Prefetch("skills", queryset=Skill.objects.order_by("name"))
    )
    if skill is not None:
        questions = questions.filter(skills=skill)
    if unanswered:
        questions = questions.filter(answer_count=0)
    return Paginator(questions.order_by("-created_at", "-pk"), PER_PAGE).get_page(page)


def answers_of(question: Question, person: Person) -> list[Answer]:
    """Answers, the accepted one first, then by votes; each says whether the person upvoted it."""
    answers = list(
        question.answers.select_related("author__user")
        .annotate(mine=Count("upvotes", filter=Q(upvotes__person=person)))
        .order_by("-votes", "created_at")
    )
    answers.sort(key=lambda a: a.pk != question.accepted_answer_id)
    return answers


def questions_for_my_skills(person: Person, *, limit: int = 5) -> list[Question]:
    """Open questions about skills I can teach, that I did not ask and have not answered yet."""
    from leerritme.people.models import PersonSkill

    skills = PersonSkill.objects.filter(person=person, can_teach=True).values("skill_id")
    return list(
        Question.objects.filter(skills__in=skills, accepted_answer__isnull=True)
        .exclude(asker=person).exclude(answers__author=person).distinct()
        .select_related("asker__user").order_by("-created_at")[:limit]
    )


# --- Sessions ---------------------------------------------------------------------------------------


def upcoming_sessions(*, limit: int | None = None, community: Community | None = None) -> list[KnowledgeSession]:
    sessions = KnowledgeSession.objects.filter(ends_at__gte=timezone.now(), status=SessionStatus.PLANNED)
    if community is not None:
        sessions = sessions.filter(community=community)
    sessions = sessions.select_related("speaker__user", "series").annotate(
        confirmed=Count("signups", filter=Q(signups__status=SignupStatus.CONFIRMED)),
    ).order_by("starts_at", "pk")
    return list(sessions[:limit] if limit else sessions)


def past_sessions(*, limit: int = 20, community: Community | None = None) -> list[KnowledgeSession]:
    sessions = KnowledgeSession.objects.filter(ends_at__lt=timezone.now()).exclude(status=SessionStatus.CANCELLED)
    if community is not None:
        sessions = sessions.filter(community=community)
    return list(sessions.select_related("speaker__user").order_by("-starts_at", "-pk")[:limit])


def my_signups(person: Person, session_ids) -> dict[int, SessionSignup]:
    return {s.session_id: s for s in SessionSignup.objects.filter(person=person, session_id__in=list(session_ids))
            .exclude(status=SignupStatus.CANCELLED)}


def my_upcoming_sessions(person: Person, *, limit: int = 5) -> list[SessionSignup]:
    return list(
        SessionSignup.objects.filter(person=person, session__ends_at__gte=timezone.now(),
                                     session__status=SessionStatus.PLANNED)
        .exclude(status=SignupStatus.CANCELLED)
        .select_related("session__speaker__user").order_by("session__starts_at")[:limit]
    )


# --- Communities ------------------------------------------------------------------------------------


def communities_with_counts(person: Person) -> list[Community]:
    mine = set(CommunityMembership.objects.filter(person=person).values_list("community_id", flat=True))
    communities = list(Community.objects.annotate(
        member_count=Count("memberships", distinct=True),
    ).order_by("name"))
    for community in communities:
        community.is_member = community.pk in mine
    return communities


def community_moderators(community: Community) -> list[CommunityMembership]:
    return list(community.memberships.filter(role=CommunityRole.MODERATOR).select_related("person__user")
                .order_by("person__user__name"))


# --- Who knows what ---------------------------------------------------------------------------------


@dataclass
class Expert:
    """A colleague who knows about the skills asked for, with what they did and why they appear."""

    person: Person
    entries: list = field(default_factory=list)
    articles: int = 0
    answers: int = 0
    sessions: int = 0

    @property
    def can_teach(self) -> bool:
        return any(e.can_teach for e in self.entries)

    @property
    def best_level(self):
        levels = [e.level for e in self.entries if e.level]
        return max(levels) if levels else None


EXPERTS_PER_PAGE = 20


def experts(skills: list[Skill], *, page=None) -> tuple[Page, list[Expert]]:
    """Colleagues with these skills who can teach them or are at least practised, best first.

    Five queries whatever the page holds: the page count and entries (people.selectors' teacher order,
    teachers first), then what each person on the page wrote, answered and presented about them.
    """
    from django.db.models import F

    from leerritme.people.models import PersonSkill

    if not skills:
        return Paginator([], EXPERTS_PER_PAGE).get_page(1), []
    people_ids = (
        PersonSkill.objects.filter(skill__in=skills, person__is_active=True)
        .filter(Q(can_teach=True) | Q(level__gte=2))
        .values("person_id")
        .annotate(teach=Max(Cast("can_teach", IntegerField())), best=Max("level"), name=Max("person__user__name"))
        .order_by(F("teach").desc(), F("best").desc(nulls_last=True), "name", "person_id")
    )
    paginated = Paginator(people_ids, EXPERTS_PER_PAGE).get_page(page)
    ids = [row["person_id"] for row in paginated.object_list]
    by_person = {pk: Expert(person=None) for pk in ids}
    for entry in PersonSkill.objects.filter(person_id__in=ids, skill__in=skills).select_related(
            "person__user", "skill").order_by("skill__name"):
        found = by_person[entry.person_id]
        found.person = entry.person
        found.entries.append(entry)
    counts = (
        ("articles", Article.objects.filter(status=ArticleStatus.PUBLISHED, skills__in=skills, owner_id__in=ids)
         .values("owner_id").annotate(n=Count("pk", distinct=True)).values_list("owner_id", "n")),
        ("answers", Answer.objects.filter(question__skills__in=skills, author_id__in=ids)
         .values("author_id").annotate(n=Count("pk", distinct=True)).values_list("author_id", "n")),
        ("sessions", KnowledgeSession.objects.filter(skills__in=skills, speaker_id__in=ids,
                                                     status=SessionStatus.HELD)
         .values("speaker_id").annotate(n=Count("pk", distinct=True)).values_list("speaker_id", "n")),
    )
    for name, rows in counts:
        for person_id, n in rows:
            setattr(by_person[person_id], name, n)
    return paginated, [by_person[pk] for pk in ids if by_person[pk].person is not None]


# --- Choosing colleagues (co-authors, speakers, invitations) -----------------------------------------

PICK_LIMIT = 8
PICK_MIN_LENGTH = 2


def people_matching(q: str, *, limit: int = PICK_LIMIT) -> list[Person]:
    """Active colleagues of this organisation whose name has every typed word, or whose e-mail address
    starts with what was typed; a handful, by name. One query, however large the organisation."""
    q = " ".join((q or "").split())[:100]
    if len(q) < PICK_MIN_LENGTH:
        return []
    by_name = Q()
    for word in q.split(" ")[:5]:
        by_name &= Q(user__name__icontains=word)
    return list(Person.objects.active().with_user().filter(by_name | Q(user__email__istartswith=q))
                .order_by("user__name", "pk")[:limit])
