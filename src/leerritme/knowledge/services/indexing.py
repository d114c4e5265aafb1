"""What each kind of object puts in the search (called by the services after every change)."""

from leerritme.knowledge.models import (
    Article,
    ArticleVisibility,
    Community,
    KnowledgeSession,
    Question,
    SearchKind,
    SessionStatus,
)
from leerritme.knowledge.search import IndexItem, index_entry, remove_entry


def article_item(article: Article, *, skill_names: list[str] | None = None) -> IndexItem:
    skills = skill_names if skill_names is not None else [s.name for s in article.skills.all()]
    team_id = article.team_id if article.visibility == ArticleVisibility.TEAM else None
    return IndexItem(SearchKind.ARTICLE, article.pk, article.uuid, article.title,
                     "\n".join([article.body, " ".join(skills)]), team_id)


def article_reindex(article: Article) -> None:
    if not article.is_published:
        remove_entry(kind=SearchKind.ARTICLE, object_id=article.pk)
        return
    index_entry(organisation_id=article.organisation_id, item=article_item(article))


def question_reindex(question: Question) -> None:
    answers = list(question.answers.values_list("body", flat=True))
    skills = [s.name for s in question.skills.all()]
    text = "\n".join([question.body, *answers, " ".join(skills)])
    index_entry(organisation_id=question.organisation_id,
                item=IndexItem(SearchKind.QUESTION, question.pk, question.uuid, question.title, text))


def session_item(session: KnowledgeSession, *, speaker_name: str = "", skill_names=()) -> IndexItem:
    text = "\n".join([session.description, speaker_name, session.location, session.notes, " ".join(skill_names)])
    return IndexItem(SearchKind.SESSION, session.pk, session.uuid, session.title, text)


def session_reindex(session: KnowledgeSession) -> None:
    if session.status == SessionStatus.CANCELLED:
        remove_entry(kind=SearchKind.SESSION, object_id=session.pk)
        return
    speaker = session.speaker.display_name if session.speaker_id else ""
    skills = [s.name for s in session.skills.all()]
    index_entry(organisation_id=session.organisation_id,
                item=session_item(session, speaker_name=speaker, skill_names=skills))


def community_item(community: Community) -> IndexItem:
    return IndexItem(SearchKind.COMMUNITY, community.pk, community.uuid, community.name, community.purpose)


def community_reindex(community: Community) -> None:
    index_entry(organisation_id=community.organisation_id, item=community_item(community))
