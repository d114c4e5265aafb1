"""Who may do what with articles, questions, sessions and communities (checked in views and templates)."""

from leerritme.orgs.models import TeamMembership
from leerritme.orgs.rules import rule


def _is_author(person, article) -> bool:
    if article.owner_id == person.pk:
        return True
    from leerritme.knowledge.models import ArticleCoAuthor

    return ArticleCoAuthor.objects.filter(article=article, person=person).exists()


def _in_team(person, team_id) -> bool:
    return team_id is not None and TeamMembership.objects.filter(person=person, team_id=team_id).exists()


@rule("knowledge.article.view")
def _view_article(person, article=None):
    """Published articles for the organisation or for my team; drafts only for their authors."""
    from leerritme.knowledge.models import ArticleVisibility

    if article is None:
        return True
    if article.owner_id == person.pk:
        return True
    if article.is_published and (
        article.visibility == ArticleVisibility.ORGANISATION or _in_team(person, article.team_id)
    ):
        return True
    return _is_author(person, article)


@rule("knowledge.article.edit")
def _edit_article(person, article=None):
    """The owner and co-authors edit, publish, restore versions and read the feedback."""
    return article is not None and _is_author(person, article)


@rule("knowledge.article.delete")
def _delete_article(person, article=None):
    """The owner deletes an article; L&D admins too (something that should not be there)."""
    return article is not None and (article.owner_id == person.pk or person.is_ld_admin)


@rule("knowledge.question.accept")
def _accept_answer(person, question=None):
    """The one who asked picks the answer that helped."""
    return question is not None and question.asker_id == person.pk


@rule("knowledge.question.edit")
def _edit_question(person, question=None):
    """The one who asked changes the question; L&D admins moderate."""
    return question is not None and (question.asker_id == person.pk or person.is_ld_admin)


@rule("knowledge.question.remove")
def _remove_question(person, question=None):
    """L&D admins take a question away; the one who asked may, as long as nobody has answered it."""
    if question is None:
        return False
    return person.is_ld_admin or (question.asker_id == person.pk and question.answer_count == 0)


@rule("knowledge.answer.edit")
def _edit_answer(person, answer=None):
    """The author changes or takes back their answer; L&D admins moderate."""
    return answer is not None and (answer.author_id == person.pk or person.is_ld_admin)


@rule("knowledge.session.manage")
def _manage_session(person, session=None):
    """The organiser, the speaker and L&D admins change a session, note attendance and add notes."""
    if session is None:
        return False
    return person.is_ld_admin or person.pk in (session.created_by_id, session.speaker_id)


@rule("knowledge.series.manage")
def _manage_series(person, series=None):
    """The organiser and L&D admins change or end a series and name its speakers."""
    return series is not None and (person.is_ld_admin or series.organiser_id == person.pk)


@rule("knowledge.session.feedback_read")
def _read_session_feedback(person, session=None):
    """Feedback is for the speaker (and the organiser, who asked them to speak)."""
    return session is not None and person.pk in (session.speaker_id, session.created_by_id)


@rule("knowledge.community.moderate")
def _moderate_community(person, community=None):
    """Moderators edit the community and invite colleagues; L&D admins can always step in."""
    if community is None:
        return False
    if person.is_ld_admin:
        return True
    from leerritme.knowledge.models import CommunityMembership, CommunityRole

    return CommunityMembership.objects.filter(community=community, person=person,
                                              role=CommunityRole.MODERATOR).exists()
