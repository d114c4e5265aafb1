"""Lessons: blameless, drafts private, shared as a learning event, reactions, promotion to an article and the
lesson of the month only with everyone's consent."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from leerritme.knowledge.models import Article, ArticleStatus, ArticleVisibility
from leerritme.learning.models import LearningEvent, LearningKind, Visibility
from leerritme.loop import selectors
from leerritme.loop.models import Consent, Involvement, LessonOfTheMonth, LessonReaction, LessonVisibility, Reaction
from leerritme.loop.services import lessons as services
from leerritme.notifications.models import Notification

from .conftest import lesson_values


def test_a_draft_is_only_its_authors(make_lesson, alice, bob, carol, dave, erin):
    lesson = make_lesson(alice)
    assert lesson.visibility == LessonVisibility.DRAFT and lesson.shared_at is None
    assert not LearningEvent.objects.exists()
    assert list(selectors.lessons_visible_to(alice)) == [lesson]
    for person in (bob, carol, dave, erin):
        assert lesson not in selectors.lessons_visible_to(person)


def test_visibility_rules(make_lesson, alice, bob, carol, erin):
    from leerritme.orgs.rules import can

    team_lesson = make_lesson(alice, visibility=LessonVisibility.TEAM)
    org_lesson = make_lesson(alice, visibility=LessonVisibility.ORGANISATION, title="Voor iedereen")
    draft = make_lesson(alice, title="Nog niet klaar")
    assert [can(p, "loop.lesson.view", team_lesson) for p in (alice, bob, carol, erin)] == [True, True, True, False]
    assert all(can(p, "loop.lesson.view", org_lesson) for p in (alice, bob, carol, erin))
    assert [can(p, "loop.lesson.view", draft) for p in (alice, bob, carol, erin)] == [True, False, False, False]
    assert set(selectors.lessons_visible_to(erin)) == {org_lesson}
    assert set(selectors.lessons_visible_to(bob)) == {team_lesson, org_lesson}


def test_sharing_records_the_event_with_the_lessons_visibility(make_lesson, alice, team):
    lesson = make_lesson(alice, visibility=LessonVisibility.TEAM, from_mistake=True)
    event = LearningEvent.objects.get()
    assert (event.kind, event.visibility, event.team, event.person) == (
        LearningKind.LESSON_SHARED, Visibility.TEAM, team, alice)
    assert event.data == {"from_mistake": True}
    services.lesson_update(lesson, by=alice, values=lesson_values(team=team, visibility=LessonVisibility.ORGANISATION))
    event = LearningEvent.objects.get()
    assert event.visibility == Visibility.ORGANISATION and event.team is None
    services.lesson_update(lesson, by=alice, values=lesson_values(team=team, visibility=LessonVisibility.DRAFT))
    assert not LearningEvent.objects.exists()


def test_bad_input_gives_messages_and_stores_nothing(in_org, alice, other_team):
    with pytest.raises(ValidationError) as error:
        services.lesson_create(author=alice, values=lesson_values(what_happened="", do_differently=" ",
                                                                  visibility="everywhere"))
    assert {"what_happened", "do_differently", "visibility"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        services.lesson_create(author=alice, values=lesson_values(team=other_team))
    assert "team" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.lesson_create(author=alice, values=lesson_values(visibility=LessonVisibility.TEAM))
    assert "team" in error.value.message_dict
    from leerritme.loop.models import Lesson

    assert not Lesson.objects.exists()


def test_only_the_author_edits(make_lesson, alice, bob, carol):
    lesson = make_lesson(alice, visibility=LessonVisibility.TEAM)
    for person in (bob, carol):
        with pytest.raises(PermissionDenied):
            services.lesson_update(lesson, by=person, values=lesson_values())
        with pytest.raises(PermissionDenied):
            services.lesson_promote(lesson, by=person)


def test_reactions_are_one_per_person_per_kind_and_toggle(make_lesson, alice, bob, erin):
    lesson = make_lesson(alice, visibility=LessonVisibility.TEAM)
    assert services.lesson_react(lesson, by=bob, kind=Reaction.THANKS) is True
    assert services.lesson_react(lesson, by=bob, kind=Reaction.BRAVE) is True
    assert services.lesson_react(lesson, by=bob, kind=Reaction.THANKS) is False
    assert list(LessonReaction.objects.values_list("kind", flat=True)) == [Reaction.BRAVE]
    with pytest.raises(ValidationError):
        services.lesson_react(lesson, by=bob, kind="like")
    with pytest.raises(PermissionDenied):
        services.lesson_react(lesson, by=erin, kind=Reaction.THANKS)
    draft = make_lesson(alice, title="Concept")
    with pytest.raises(ValidationError):
        services.lesson_react(draft, by=alice, kind=Reaction.THANKS)


def test_promoting_makes_a_draft_article_linked_both_ways(make_lesson, alice, team):
    lesson = make_lesson(alice, visibility=LessonVisibility.TEAM)
    article = services.lesson_promote(lesson, by=alice)
    lesson.refresh_from_db()
    assert lesson.article == article and article.status == ArticleStatus.DRAFT and article.owner == alice
    assert article.visibility == ArticleVisibility.TEAM and article.team == team
    assert f"/improve/lessons/{lesson.uuid}/" in article.body and lesson.what_we_learned in article.body
    assert services.lesson_promote(lesson, by=alice) == article
    assert Article.objects.count() == 1


def test_lesson_of_the_month_needs_everyone_involved(make_lesson, alice, bob, carol, team):
    from conftest import make_person
    from leerritme.orgs.models import TeamMembership

    frank = make_person(alice.organisation, "frank@vonk.test", "Frank")
    TeamMembership.objects.create(organisation=alice.organisation, team=team, person=frank)
    lesson = make_lesson(alice, visibility=LessonVisibility.TEAM, from_mistake=True, involved=(frank,))
    assert set(Involvement.objects.values_list("person_id", flat=True)) == {alice.pk, frank.pk}
    with pytest.raises(PermissionDenied):
        services.lesson_month_choose(lesson, by=alice)
    with pytest.raises(PermissionDenied):
        services.lesson_month_choose(lesson, by=carol)
    services.lesson_month_choose(lesson, by=bob)
    assert set(Notification.objects.filter(kind="loop.lesson_consent").values_list("person_id", flat=True)) == {
        alice.pk, frank.pk}
    assert not selectors.lesson_celebrated(lesson) and selectors.lessons_of_the_month(team) == []
    services.lesson_consent(lesson, by=alice, consent=Consent.GIVEN)
    services.lesson_consent(lesson, by=frank, consent=Consent.DECLINED)
    assert not selectors.lesson_celebrated(lesson) and selectors.lessons_of_the_month(team) == []
    services.lesson_consent(lesson, by=frank, consent=Consent.GIVEN)
    assert selectors.lesson_celebrated(lesson)
    assert [m.lesson for m in selectors.lessons_of_the_month(team)] == [lesson]
    with pytest.raises(PermissionDenied):
        services.lesson_consent(lesson, by=bob, consent=Consent.GIVEN)
    with pytest.raises(ValidationError):
        services.lesson_consent(lesson, by=alice, consent="maybe")


def test_a_draft_cannot_be_lesson_of_the_month_and_taking_it_back_withdraws_it(make_lesson, alice, bob, team):
    draft = make_lesson(alice)
    with pytest.raises(PermissionDenied):
        services.lesson_month_choose(draft, by=bob)
    lesson = make_lesson(alice, visibility=LessonVisibility.TEAM, title="Gedeeld")
    services.lesson_month_choose(lesson, by=bob)
    services.lesson_update(lesson, by=alice, values=lesson_values(team=team, visibility=LessonVisibility.DRAFT))
    assert not LessonOfTheMonth.objects.exists()


def test_deleting_a_lesson_withdraws_its_event(make_lesson, alice):
    lesson = make_lesson(alice, visibility=LessonVisibility.ORGANISATION)
    services.lesson_delete(lesson, by=alice)
    assert not LearningEvent.objects.exists()
