"""Writing articles: drafts, publishing, versions and restore, reviews, feedback and what is learned."""

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from conftest import make_person
from leerritme.knowledge.models import ArticleVersion, ArticleVisibility
from leerritme.knowledge.services import articles as services
from leerritme.knowledge.services.articles import ArticleInput
from leerritme.knowledge.tests.helpers import article
from leerritme.learning.models import LearningEvent, LearningKind

pytestmark = pytest.mark.django_db


def test_it_keeps_a_draft_out_of_sight_and_records_no_learning(org, alice, in_org):
    draft = article(alice, publish=False)
    assert not draft.is_published
    assert draft.version == 1
    assert not LearningEvent.objects.filter(kind=LearningKind.ARTICLE_WRITTEN).exists()


def test_publishing_records_article_written_for_owner_and_co_authors(org, alice, bob, in_org):
    written = article(alice, co_authors=[bob])
    assert written.is_published
    people = set(LearningEvent.objects.filter(kind=LearningKind.ARTICLE_WRITTEN).values_list("person_id", flat=True))
    assert people == {alice.pk, bob.pk}
    assert written.review_due_at is not None


def test_it_renders_sanitised_html_and_reading_time(org, alice, in_org):
    written = article(alice, body="# Stap 1\n\n" + "woord " * 450)
    assert written.body_html.startswith("<h1>Stap 1</h1>")
    assert written.reading_minutes == 3


def test_an_edit_becomes_a_version_and_restore_brings_the_old_text_back(org, alice, in_org):
    written = article(alice, body="Eerste tekst")
    services.article_update(article=written, by=alice, values=ArticleInput(title=written.title, body="Tweede tekst"),
                            note="beter")
    written.refresh_from_db()
    assert written.version == 2 and written.body == "Tweede tekst"
    first = ArticleVersion.objects.get(article=written, number=1)
    services.article_restore(article=written, version=first, by=alice)
    written.refresh_from_db()
    assert written.body == "Eerste tekst"
    assert written.version == 3
    assert list(written.versions.values_list("number", flat=True)) == [3, 2, 1]


def test_an_unchanged_save_adds_no_version(org, alice, in_org):
    written = article(alice)
    services.article_update(article=written, by=alice, values=ArticleInput(title=written.title, body=written.body))
    written.refresh_from_db()
    assert written.version == 1


def test_team_visibility_needs_one_of_my_own_teams(org, alice, team, in_org):
    from leerritme.orgs.models import Team

    other = Team.objects.create(organisation=org, name="Verkoop")
    with pytest.raises(ValidationError) as error:
        article(alice, visibility=ArticleVisibility.TEAM, team=other)
    assert "team" in error.value.error_dict
    with pytest.raises(ValidationError):
        article(alice, visibility=ArticleVisibility.TEAM, team=None)
    assert article(alice, visibility=ArticleVisibility.TEAM, team=team).team == team


def test_it_refuses_an_empty_title_and_stores_nothing(org, alice, in_org):
    from leerritme.knowledge.models import Article

    with pytest.raises(ValidationError):
        article(alice, title="   ")
    assert not Article.objects.exists()


def test_co_authors_must_be_active_colleagues(org, other_org, alice, in_org):
    outsider = make_person(other_org, "x@anders.test", "X")
    with pytest.raises(ValidationError):
        article(alice, co_authors=[outsider])


def test_feedback_is_one_answer_per_reader_that_can_change(org, alice, bob, in_org):
    written = article(alice)
    services.article_feedback_give(article=written, person=bob, helpful=True)
    services.article_feedback_give(article=written, person=bob, helpful=False, comment="Mist de btw")
    assert written.feedback.count() == 1
    assert written.feedback.get().comment == "Mist de btw"


def test_marking_reviewed_moves_the_next_review(org, alice, in_org):
    from datetime import timedelta

    from django.utils import timezone

    written = article(alice)
    written.review_due_at = timezone.now() - timedelta(days=1)
    written.save(update_fields=["review_due_at"])
    services.article_mark_reviewed(article=written, by=alice)
    assert written.review_due_at > timezone.now() + timedelta(days=170)


def test_unpublishing_withdraws_the_learning_events(org, alice, in_org):
    written = article(alice)
    services.article_unpublish(article=written, by=alice)
    assert not LearningEvent.objects.filter(kind=LearningKind.ARTICLE_WRITTEN).exists()


def test_scope_is_required(org, alice):
    with scope(organisation=org):
        assert article(alice).organisation_id == org.pk
