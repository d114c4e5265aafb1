"""This part's registration with the demo seam: a lived-in knowledge base for Van der Linden Installatietechniek.

About sixty Dutch articles written by colleagues who can teach their subject ("Zo maak je een offerte"
among them), some with a second version, a few drafts and a few for one team, with "was this helpful?"
answers; questions with answers, upvotes and accepted answers (and a few still open, one for the demo
team lead's skills); a year of knowledge sessions, held ones with attendance, notes and feedback, and
coming ones with sign-ups (the demo member is signed up for the next one, one is full with a waiting
list); and three communities of practice with moderators and members.

Everything goes through the services, so the search index, learning events and notifications are as a
user would leave them; only the moments (published, asked, answered) are set back afterwards. The
amount is the same at every size: at 20,000 people it takes a few seconds, sampling people by id.
"""

from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from leerritme.knowledge.demo_content import ARTICLES, COMMUNITIES, QUESTIONS, SESSIONS
from leerritme.knowledge.models import (
    Answer,
    AnswerVote,
    Article,
    ArticleFeedback,
    ArticleVisibility,
    Community,
    CommunityMembership,
    KnowledgeSession,
    Question,
    SessionFeedback,
    SessionSeries,
    SessionSignup,
    SignupStatus,
)
from leerritme.knowledge.services import articles as article_services
from leerritme.knowledge.services import communities as community_services
from leerritme.knowledge.services import questions as question_services
from leerritme.knowledge.services import sessions as session_services
from leerritme.learning.models import LearningEvent
from leerritme.lib.demo import DemoContext, DemoDataPart, register_demo_part
from leerritme.orgs.models import Person, TeamMembership
from leerritme.people.models import Skill
from leerritme.people.selectors import who_can_teach

FEEDBACK_COMMENTS = ["Precies wat ik zocht.", "Handig, de foto's zouden het nog beter maken.",
                     "Mist de stap met de klant bellen.", "Duidelijk, heb het meteen gebruikt."]
SESSION_COMMENTS = ["Heel praktisch, meer van dit!", "Goede voorbeelden uit echte klussen.",
                    "Iets te snel, maar veel geleerd.", "Fijn dat er tijd was voor vragen."]


def _markdown(intro: str, steps: list[str], skill: str) -> str:
    numbered = "\n".join(f"{number}. {step}" for number, step in enumerate(steps, start=1))
    return (f"{intro}\n\n## Zo doe je het\n\n{numbered}\n\n"
            f"> Vragen? Kijk bij *Wie weet wat* wie {skill.lower()} kan uitleggen.")


class _Cast:
    """Who plays which part: teachers per skill, a sample of colleagues, and the demo logins."""

    def __init__(self, context: DemoContext, skill_names: set[str]):
        self.rng = context.rng
        self.skills = {s.name: s for s in Skill.objects.filter(name__in=skill_names)}
        self.teachers = {name: [e.person for e in who_can_teach(skill)[:8]] for name, skill in self.skills.items()}
        ids = list(Person.objects.active().values_list("pk", flat=True))
        sample = self.rng.sample(ids, min(len(ids), 300))
        self.people = list(Person.objects.filter(pk__in=sample).select_related("user"))
        from leerritme.people.demo import demo_logins

        emails = {email: login.key for login, email in demo_logins(context.organisation)}
        self.logins = {emails[p.user.email]: p for p in Person.objects.filter(user__email__in=list(emails))
                       .select_related("user")}

    def teacher(self, skill_name: str) -> Person:
        return self.rng.choice(self.teachers.get(skill_name) or self.people)

    def others(self, count: int, exclude=()) -> list[Person]:
        pool = [p for p in self.people if p not in exclude]
        return self.rng.sample(pool, min(count, len(pool)))


def _set_back_events(objects, when_of) -> None:
    """Learning events were stamped "now" by the services; give them the moment the demo says."""
    if not objects:
        return
    content_type = ContentType.objects.get_for_model(objects[0])
    for obj in objects:
        LearningEvent.objects.filter(content_type=content_type, object_id=str(obj.pk)).update(
            occurred_at=when_of(obj), recorded_at=when_of(obj))


def add_knowledge(context: DemoContext) -> None:
    if Article.objects.exists():
        context.log("  the knowledge base has content already")
        return
    names = {a[1] for a in ARTICLES} | {q[1] for q in QUESTIONS} | {s[3] for s in SESSIONS} | {
        n for c in COMMUNITIES for n in c[2]}
    cast = _Cast(context, names)
    communities = _communities(context, cast)
    articles = _articles(context, cast, communities)
    questions = _questions(context, cast, communities)
    sessions = _sessions(context, cast, communities)
    planned = _plan_series(context)
    context.log(f"  {len(articles)} articles, {questions} questions, {sessions} sessions, {planned} planned by series, "
                f"{len(set(communities.values()))} communities")


def _communities(context: DemoContext, cast: _Cast) -> dict[str, Community]:
    made = {}
    for name, purpose, skill_names in COMMUNITIES:
        moderator = cast.teacher(skill_names[0])
        community = community_services.community_create(creator=moderator, name=name, purpose=purpose)
        members = {p for s in skill_names for p in cast.teachers.get(s, [])} | set(cast.others(12))
        members.discard(moderator)
        CommunityMembership.objects.bulk_create([
            CommunityMembership(organisation=context.organisation, community=community, person=p,
                                joined_at=context.now - timedelta(days=context.rng.randint(5, 300)))
            for p in members
        ])
        for skill_name in skill_names:
            made[skill_name] = community
        Community.objects.filter(pk=community.pk).update(created_at=context.now - timedelta(days=330))
    member = cast.logins.get("member")
    duurzaam = made.get("Warmtepompen installeren")
    if member is not None and duurzaam is not None:
        community_services.community_join(community=duurzaam, person=member)
    return made


def _articles(context: DemoContext, cast: _Cast, communities) -> list[Article]:
    rng, now = context.rng, context.now
    made = []
    for index, (title, skill_name, intro, steps) in enumerate(ARTICLES):
        owner = cast.teacher(skill_name)
        skill = cast.skills.get(skill_name)
        co_authors = tuple(p for p in cast.teachers.get(skill_name, []) if p != owner)[:1] if index % 5 == 0 else ()
        team = None
        visibility = ArticleVisibility.ORGANISATION
        if index % 13 == 7:
            membership = TeamMembership.objects.filter(person=owner).select_related("team").first()
            if membership is not None:
                team, visibility = membership.team, ArticleVisibility.TEAM
        body = _markdown(intro, steps, skill_name)
        values = article_services.ArticleInput(
            title=title, body=body, visibility=visibility, team=team, skills=(skill,) if skill else (),
            co_authors=co_authors, community=communities.get(skill_name),
            review_interval_days=rng.choice((90, 180, 180, 365)),
        )
        article = article_services.article_create(owner=owner, values=values, publish=index % 20 != 19)
        if index % 4 == 1:
            values.body = body + "\n\n**Let op:** overleg bij twijfel altijd met een collega."
            article = article_services.article_update(article=article, by=owner, values=values,
                                                      note="Tip toegevoegd", publish=article.is_published)
        made.append(article)
    # Back in time: published over the past year; some are due for a review now.
    feedback = []
    for article in made:
        published = now - timedelta(days=rng.randint(3, 360), hours=rng.randint(0, 8))
        reviewed = published if rng.random() < 0.7 else published + timedelta(days=rng.randint(1, 60))
        reviewed = min(reviewed, now)
        Article.objects.filter(pk=article.pk).update(
            created_at=published - timedelta(days=2), updated_at=reviewed,
            published_at=published if article.is_published else None,
            last_reviewed_at=reviewed if article.is_published else None,
            review_due_at=reviewed + timedelta(days=article.review_interval_days) if article.is_published else None,
        )
        article.published_at = published
        if article.is_published:
            for reader in cast.others(rng.randint(0, 6), exclude=(article.owner,)):
                helpful = rng.random() < 0.8
                feedback.append(ArticleFeedback(
                    organisation=context.organisation, article=article, person=reader, helpful=helpful,
                    comment=rng.choice(FEEDBACK_COMMENTS) if rng.random() < 0.3 else "",
                    created_at=published + timedelta(days=rng.randint(1, 20))))
    ArticleFeedback.objects.bulk_create(feedback, ignore_conflicts=True)
    _set_back_events([a for a in made if a.is_published], lambda a: a.published_at)
    return made


def _questions(context: DemoContext, cast: _Cast, communities) -> int:
    rng, now = context.rng, context.now
    member = cast.logins.get("member")
    for index, (title, skill_name, body, answers) in enumerate(QUESTIONS):
        asker = member if (member is not None and index == 3) else cast.rng.choice(cast.people)
        skill = cast.skills.get(skill_name)
        question = question_services.question_ask(asker=asker, title=title, body=body,
                                                   skills=[skill] if skill else [],
                                                   community=communities.get(skill_name))
        asked = now - timedelta(days=rng.randint(1, 200) if answers else rng.randint(0, 6), hours=rng.randint(1, 9))
        Question.objects.filter(pk=question.pk).update(created_at=asked)
        made = []
        for number, text in enumerate(answers):
            author = cast.teacher(skill_name)
            if author == asker:
                author = cast.rng.choice(cast.people)
            answer = question_services.answer_add(question=question, author=author, body=text)
            Answer.objects.filter(pk=answer.pk).update(created_at=asked + timedelta(hours=2 + 5 * number))
            made.append(answer)
        votes = []
        for answer in made:
            for voter in cast.others(rng.randint(0, 5), exclude=(answer.author,)):
                votes.append(AnswerVote(organisation=context.organisation, answer=answer, person=voter))
        AnswerVote.objects.bulk_create(votes, ignore_conflicts=True)
        for answer in made:
            answer.votes = AnswerVote.objects.filter(answer=answer).count()
            answer.save(update_fields=["votes"])
        if made and index % 3 != 2:
            question_services.answer_accept(question=question, answer=made[0], by=asker)
            _set_back_events([made[0]], lambda a, when=asked: when + timedelta(hours=2))
    return len(QUESTIONS)


def _series(context: DemoContext) -> SessionSeries:
    """The organisation's own lunch & learn series (not a team's: the rhythm part may have adopted those)."""
    existing = SessionSeries.objects.filter(ended_at__isnull=True, team__isnull=True).order_by("pk").first()
    if existing is not None:
        return existing
    return session_services.series_create(
        organiser=None, organisation_id=context.organisation.pk, title="Lunch & learn Van der Linden",
        description="Elke twee weken vertelt een collega over zijn vak, een klus of een passie. Broodjes van de zaak.",
        interval_weeks=2,
    )


def _on_a_weekday(moment, *, later: bool):
    """A session falling on a weekend moves to the Monday after (a coming one) or the Friday before (a past
    one): nobody holds a lunch & learn on Sunday, whatever day the demo is made."""
    weekday = timezone.localtime(moment).weekday()
    if weekday < 5:
        return moment
    return moment + timedelta(days=7 - weekday) if later else moment - timedelta(days=weekday - 4)


def _sessions(context: DemoContext, cast: _Cast, communities) -> int:
    rng, now = context.rng, context.now
    series = _series(context)
    organiser = cast.logins.get("ld_admin") or cast.rng.choice(cast.people)
    member = cast.logins.get("member")
    first_upcoming = True
    for days, kind, title, skill_name, place, minutes in SESSIONS:
        speaker = cast.teacher(skill_name)
        skill = cast.skills.get(skill_name)
        start = _on_a_weekday((now + timedelta(days=days)).replace(hour=12, minute=0, second=0, microsecond=0),
                              later=days > 0)
        capacity = 20 if kind == "lunch_learn" else None
        if days > 0 and days == 19:
            capacity = 6  # a popular one: full, with a waiting list
        session = session_services.session_create(created_by=organiser, values=session_services.SessionInput(
            title=title, kind=kind, starts_at=start, duration_minutes=minutes, speaker=speaker, location=place,
            video_url="" if place else "https://meet.vanderlinden.example/kennis",
            capacity=capacity, skills=(skill,) if skill else (), community=communities.get(skill_name),
            series=series if kind == "lunch_learn" else None,
            description=f"{speaker.display_name} vertelt over {skill_name.lower()}: wat werkt, wat niet, "
                        "en wat je morgen al anders kunt doen.",
        ))
        people = cast.others(rng.randint(6, 18) if capacity is None else min(capacity + 3, 18), exclude=(speaker,))
        if days > 0 and first_upcoming and member is not None and member != speaker:
            people = [member, *[p for p in people if p != member]]
            first_upcoming = False
        signups = []
        for position, person in enumerate(people):
            full = capacity is not None and position >= capacity
            signups.append(SessionSignup(
                organisation=context.organisation, session=session, person=person,
                status=SignupStatus.WAITING if full else SignupStatus.CONFIRMED,
                created_at=start - timedelta(days=10, minutes=-position), updated_at=start - timedelta(days=10)))
        SessionSignup.objects.bulk_create(signups)
        if days < 0:
            attended = [s.person_id for s in signups if s.status == SignupStatus.CONFIRMED and rng.random() < 0.85]
            session_services.session_mark_held(session=session, by=organiser, attended=attended)
            session_services.session_notes_save(
                session=session, by=speaker,
                notes=f"## Wat we bespraken\n\n- De belangrijkste punten over {skill_name.lower()}\n"
                      "- Vragen uit de groep, met de antwoorden\n\nDe dia's staan bij de materialen.")
            session_services.material_add(session=session, by=speaker, title="Dia's en links",
                                          url="https://intranet.vanderlinden.example/kennis")
            SessionFeedback.objects.bulk_create([
                SessionFeedback(organisation=context.organisation, session=session, person_id=person_id,
                                rating=rng.choice((3, 4, 4, 5, 5)),
                                comment=rng.choice(SESSION_COMMENTS) if rng.random() < 0.5 else "",
                                created_at=start + timedelta(hours=3))
                for person_id in attended[:6]
            ])
        KnowledgeSession.objects.filter(pk=session.pk).update(created_at=start - timedelta(days=21))
    return len(SESSIONS)


def _plan_series(context: DemoContext) -> int:
    """Give every series a first session, so they plan their own sessions as the daily due work keeps doing.

    A series with sessions already goes on one interval after its last one; a team's new series (the
    practices part adopted it) starts on a coming Thursday. In each team's series a colleague has claimed
    the first session ("I will present"); the later ones still want a speaker.
    """
    rng, now = context.rng, timezone.localtime(context.now)
    planned = 0
    series_list = SessionSeries.objects.filter(ended_at__isnull=True, first_starts_at__isnull=True).select_related(
        "organiser").order_by("pk")
    for series in series_list:
        first = session_services.series_next_start(series)
        if first is None:
            day = now.date() + timedelta(days=(3 - now.weekday()) % 7 or 7)
            first = timezone.make_aware(datetime.combine(day, time(12, 15)))
        weeks_ahead = min(session_services.MAX_WEEKS_AHEAD, -(-(first - now).days // 7) + 4)
        session_services.series_update(series=series, by=series.organiser, values=session_services.SeriesInput(
            title=series.title, kind=series.kind, description=series.description,
            interval_weeks=series.interval_weeks, first_starts_at=first, duration_minutes=series.duration_minutes,
            location=series.location or "Kantine", video_url=series.video_url, capacity=series.capacity,
            weeks_ahead=max(series.weeks_ahead, weeks_ahead)))
        sessions = list(series.sessions.filter(series_slot__isnull=False, speaker__isnull=True).order_by("starts_at"))
        planned += len(sessions)
        if series.team_id is None or len(sessions) < 2:
            continue
        colleagues = [m.person for m in TeamMembership.objects.filter(team_id=series.team_id, person__is_active=True)
                      .exclude(person_id=series.organiser_id).select_related("person").order_by("pk")]
        if colleagues:
            session_services.session_claim(session=sessions[0], person=rng.choice(colleagues))
    return planned


register_demo_part(DemoDataPart(
    "knowledge.base", add_knowledge,
    after=("orgs.teams", "people.people", "people.profiles", "practices.way"),
))
