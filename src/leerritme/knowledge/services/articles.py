"""Writing articles: drafts, publishing, versions and restore, reviews, attachments and "was this helpful?"."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leerritme.knowledge.files import check_upload
from leerritme.knowledge.markdown import render_markdown
from leerritme.knowledge.models import (
    Article,
    ArticleCoAuthor,
    ArticleFeedback,
    ArticleSkill,
    ArticleStatus,
    ArticleVersion,
    ArticleVisibility,
    Attachment,
    Community,
)
from leerritme.knowledge.services.indexing import article_reindex
from leerritme.learning.models import LearningKind, Visibility
from leerritme.learning.services import learning_event_record, learning_events_remove_for
from leerritme.orgs.models import Person, Team, TeamMembership
from leerritme.people.models import Skill

MAX_TITLE = 200
MAX_BODY = 100_000
MAX_ATTACHMENTS = 30
REVIEW_INTERVALS = (30, 90, 180, 365)


@dataclass
class ArticleInput:
    """What an author fills in; the same for a new article and an edit."""

    title: str
    body: str
    visibility: str = ArticleVisibility.ORGANISATION
    team: Team | None = None
    skills: tuple[Skill, ...] = ()
    co_authors: tuple[Person, ...] = ()
    community: Community | None = None
    review_interval_days: int = 180


def _clean(values: ArticleInput, *, owner: Person) -> ArticleInput:
    errors: dict[str, str] = {}
    title = " ".join((values.title or "").split())
    body = (values.body or "").replace("\r\n", "\n")
    if not title:
        errors["title"] = _("Give the article a title.")
    elif len(title) > MAX_TITLE:
        errors["title"] = _("Keep the title under %(n)s characters.") % {"n": MAX_TITLE}
    if len(body) > MAX_BODY:
        errors["body"] = _("The text is too long: at most %(n)s characters.") % {"n": MAX_BODY}
    if values.visibility not in ArticleVisibility.values:
        errors["visibility"] = _("Choose who can read it.")
    team = values.team
    if values.visibility == ArticleVisibility.TEAM:
        if team is None:
            errors["team"] = _("Choose the team that can read it.")
        elif team.organisation_id != owner.organisation_id or not (
            owner.is_ld_admin or TeamMembership.objects.filter(person=owner, team=team).exists()
        ):
            errors["team"] = _("Choose one of your own teams.")
    else:
        team = None
    if values.review_interval_days not in REVIEW_INTERVALS:
        errors["review_interval_days"] = _("Choose how often it should be reviewed.")
    for person in values.co_authors:
        if person.organisation_id != owner.organisation_id or not person.is_active:
            errors["co_authors"] = _("Co-authors must be active colleagues.")
    for skill in values.skills:
        if skill.organisation_id != owner.organisation_id:
            errors["skills"] = _("Choose skills of your organisation.")
    if values.community is not None and values.community.organisation_id != owner.organisation_id:
        errors["community"] = _("Choose a community of your organisation.")
    if errors:
        raise ValidationError(errors)
    co_authors = tuple(p for p in dict.fromkeys(values.co_authors) if p.pk != owner.pk)
    return ArticleInput(title=title, body=body, visibility=values.visibility, team=team,
                        skills=tuple(dict.fromkeys(values.skills)), co_authors=co_authors,
                        community=values.community, review_interval_days=values.review_interval_days)


def _set_relations(article: Article, values: ArticleInput) -> None:
    org = article.organisation_id
    ArticleSkill.objects.filter(article=article).exclude(skill__in=values.skills).delete()
    have = set(ArticleSkill.objects.filter(article=article).values_list("skill_id", flat=True))
    ArticleSkill.objects.bulk_create([ArticleSkill(organisation_id=org, article=article, skill=s)
                                      for s in values.skills if s.pk not in have])
    ArticleCoAuthor.objects.filter(article=article).exclude(person__in=values.co_authors).delete()
    have = set(ArticleCoAuthor.objects.filter(article=article).values_list("person_id", flat=True))
    ArticleCoAuthor.objects.bulk_create([ArticleCoAuthor(organisation_id=org, article=article, person=p)
                                         for p in values.co_authors if p.pk not in have])


def _add_version(article: Article, *, by: Person, note: str = "") -> ArticleVersion:
    article.version += 1
    return ArticleVersion.objects.create(organisation_id=article.organisation_id, article=article,
                                         number=article.version, title=article.title, body=article.body,
                                         author=by, note=note[:200])


def _apply_text(article: Article, title: str, body: str) -> None:
    article.title, article.body = title, body
    article.body_html = render_markdown(body)
    article.reading_minutes = Article.minutes_to_read(body)


def _record_written(article: Article) -> None:
    team_visible = article.visibility == ArticleVisibility.TEAM
    for person in [article.owner, *article.co_authors.all()]:
        learning_event_record(
            person=person, kind=LearningKind.ARTICLE_WRITTEN, title=article.title, obj=article,
            visibility=Visibility.TEAM if team_visible else Visibility.ORGANISATION,
            team=article.team if team_visible else None, occurred_at=article.published_at,
        )


@transaction.atomic
def article_create(*, owner: Person, values: ArticleInput, publish: bool = False, from_answer=None) -> Article:
    """A new article (a draft unless `publish`), with its first version.

    Made from an answer, the answer's author becomes a co-author: it is their text.
    """
    if from_answer is not None and from_answer.author_id != owner.pk and from_answer.author.is_active:
        values.co_authors = (*values.co_authors, from_answer.author)
    values = _clean(values, owner=owner)
    now = timezone.now()
    article = Article(organisation_id=owner.organisation_id, owner=owner, visibility=values.visibility,
                      team=values.team, community=values.community,
                      review_interval_days=values.review_interval_days, created_at=now, updated_at=now,
                      from_answer=from_answer)
    _apply_text(article, values.title, values.body)
    article.save()
    _set_relations(article, values)
    _add_version(article, by=owner, note=_("First version"))
    article.save(update_fields=["version"])
    if publish:
        article_publish(article=article, by=owner)
    return article


@transaction.atomic
def article_update(*, article: Article, by: Person, values: ArticleInput, note: str = "",
                   publish: bool = False) -> Article:
    """Save an edit; a changed title or text becomes a new version in the history."""
    values = _clean(values, owner=article.owner)
    article = Article.objects.select_for_update().get(pk=article.pk)
    changed = (values.title, values.body) != (article.title, article.body)
    _apply_text(article, values.title, values.body)
    article.visibility, article.team, article.community = values.visibility, values.team, values.community
    article.review_interval_days = values.review_interval_days
    article.updated_at = timezone.now()
    if changed:
        _add_version(article, by=by, note=note)
    if article.last_reviewed_at:
        article.review_due_at = article.next_review(article.last_reviewed_at)
    article.save(update_fields=["title", "body", "body_html", "reading_minutes", "visibility", "team", "community",
                                "review_interval_days", "updated_at", "version", "review_due_at"])
    _set_relations(article, values)
    if publish and not article.is_published:
        return article_publish(article=article, by=by)
    article_reindex(article)
    return article


@transaction.atomic
def article_publish(*, article: Article, by: Person) -> Article:
    """Colleagues can find and read it; writing it counts as learning for its authors."""
    if article.is_published:
        return article
    now = timezone.now()
    article.status, article.published_at, article.updated_at = ArticleStatus.PUBLISHED, now, now
    # Publishing counts as the first review: the reminder comes one interval later.
    article.last_reviewed_at = now
    article.review_due_at = article.next_review(now)
    article.save(update_fields=["status", "published_at", "updated_at", "last_reviewed_at", "review_due_at"])
    article_reindex(article)
    _record_written(article)
    return article


@transaction.atomic
def article_unpublish(*, article: Article, by: Person) -> Article:
    """Back to draft: nobody but its authors finds or reads it."""
    article.status, article.updated_at = ArticleStatus.DRAFT, timezone.now()
    article.save(update_fields=["status", "updated_at"])
    article_reindex(article)
    learning_events_remove_for(article)
    return article


@transaction.atomic
def article_restore(*, article: Article, version: ArticleVersion, by: Person) -> Article:
    """Make an earlier version current again, as a new version (the history keeps everything)."""
    if version.article_id != article.pk:
        raise ValidationError(_("That version belongs to another article."))
    article = Article.objects.select_for_update().get(pk=article.pk)
    _apply_text(article, version.title, version.body)
    article.updated_at = timezone.now()
    _add_version(article, by=by, note=_("Restored version %(n)s") % {"n": version.number})
    article.save(update_fields=["title", "body", "body_html", "reading_minutes", "updated_at", "version"])
    article_reindex(article)
    return article


def article_mark_reviewed(*, article: Article, by: Person) -> Article:
    """Someone checked that it is still right: the next reminder comes one interval from now."""
    now = timezone.now()
    article.last_reviewed_at = now
    article.review_due_at = article.next_review(now)
    article.save(update_fields=["last_reviewed_at", "review_due_at"])
    return article


@transaction.atomic
def article_delete(*, article: Article, by: Person) -> None:
    learning_events_remove_for(article)
    for attachment in article.attachments.all():
        attachment.file.delete(save=False)
    from leerritme.knowledge.models import SearchKind
    from leerritme.knowledge.search import remove_entry

    remove_entry(kind=SearchKind.ARTICLE, object_id=article.pk)
    article.delete()


def article_feedback_give(*, article: Article, person: Person, helpful: bool, comment: str = "") -> ArticleFeedback:
    """A reader's "was this helpful?"; answering again changes the answer."""
    if not article.is_published:
        raise ValidationError(_("Only published articles take feedback."))
    feedback, _created = ArticleFeedback.objects.update_or_create(
        article=article, person=person,
        defaults={"organisation_id": article.organisation_id, "helpful": bool(helpful),
                  "comment": " ".join((comment or "").split())[:500], "created_at": timezone.now()},
    )
    return feedback


@transaction.atomic
def attachment_add(*, article: Article, upload, by: Person) -> Attachment:
    """Attach an image or a file; its type is proven by its content and its size limited."""
    checked = check_upload(upload)
    if article.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(_("An article has at most %(n)s attachments.") % {"n": MAX_ATTACHMENTS})
    attachment = Attachment(organisation_id=article.organisation_id, article=article, name=checked.name,
                            content_type=checked.content_type, size=checked.size, uploaded_by=by)
    attachment.file.save(checked.name, upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


def attachment_remove(*, attachment: Attachment, by: Person) -> None:
    attachment.file.delete(save=False)
    attachment.delete()
