"""The timelines: only shared learning the viewer may see, filters, keyset paging, links, constant queries."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from leerritme.learning.models import LearningKind, Visibility
from leerritme.learning.services import learning_event_record, learning_events_record_many
from leerritme.loop import selectors
from leerritme.loop.models import LessonVisibility
from leerritme.loop.services.experiments import Evaluation, experiment_evaluate


def _many(person, team, n, *, start=None, kind=LearningKind.REFLECTION_HELD):
    start = start or timezone.now()
    learning_events_record_many([
        {"person": person, "kind": kind, "title": f"Moment {i}", "visibility": Visibility.TEAM, "team": team,
         "occurred_at": start - timedelta(hours=i)} for i in range(n)])


def test_private_events_never_show_and_team_events_only_to_the_team(in_org, team, alice, bob, carol, erin):
    learning_event_record(person=alice, kind=LearningKind.LEARNING_TIME, title="Eigen tijd")
    learning_event_record(person=alice, kind=LearningKind.REFLECTION_HELD, title="Teamreflectie",
                          visibility=Visibility.TEAM, team=team)
    learning_event_record(person=alice, kind=LearningKind.ARTICLE_WRITTEN, title="Voor iedereen",
                          visibility=Visibility.ORGANISATION)
    titles = lambda person, **kw: [i.event.title for i in selectors.timeline(person, **kw).items]  # noqa: E731
    assert titles(alice) == ["Voor iedereen", "Teamreflectie"] or set(titles(alice)) == {"Voor iedereen",
                                                                                          "Teamreflectie"}
    assert set(titles(bob, team=team)) == {"Voor iedereen", "Teamreflectie"}
    assert titles(erin) == ["Voor iedereen"]
    assert titles(carol) == ["Voor iedereen"]
    assert "Eigen tijd" not in titles(alice, team=team)


def test_filters_by_kind_and_period(in_org, team, alice):
    now = timezone.now()
    learning_event_record(person=alice, kind=LearningKind.REFLECTION_HELD, title="Vorige maand",
                          visibility=Visibility.TEAM, team=team, occurred_at=now - timedelta(days=20))
    learning_event_record(person=alice, kind=LearningKind.REFLECTION_HELD, title="Lang geleden",
                          visibility=Visibility.TEAM, team=team, occurred_at=now - timedelta(days=200))
    learning_event_record(person=alice, kind=LearningKind.ACTION_DONE, title="Actie",
                          visibility=Visibility.TEAM, team=team, occurred_at=now - timedelta(days=2))
    page = selectors.timeline(alice, team=team, kinds=[LearningKind.REFLECTION_HELD])
    assert [i.event.title for i in page.items] == ["Vorige maand", "Lang geleden"]
    page = selectors.timeline(alice, team=team, period="month")
    assert [i.event.title for i in page.items] == ["Actie", "Vorige maand"]
    page = selectors.timeline(alice, team=team, period="week", kinds=[LearningKind.REFLECTION_HELD])
    assert page.items == []


def test_keyset_paging_walks_every_event_once(in_org, team, alice):
    moment = timezone.now()
    # Ties on the same moment are ordered by id, so none is skipped or repeated.
    learning_events_record_many([{"person": alice, "kind": LearningKind.REFLECTION_HELD, "title": f"Tie {i}",
                                  "visibility": Visibility.TEAM, "team": team, "occurred_at": moment}
                                 for i in range(4)])
    _many(alice, team, 7, start=moment - timedelta(minutes=1))
    seen, cursor = [], ""
    while True:
        page = selectors.timeline(alice, team=team, cursor=cursor, limit=3)
        seen += [i.event.pk for i in page.items]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert len(seen) == 11 and len(set(seen)) == 11
    assert selectors.timeline(alice, cursor="nonsense").items  # a bad cursor starts at the top


def test_items_link_to_their_objects_in_one_query(in_org, team, alice, bob, experiment, make_lesson,
                                                   django_assert_num_queries):
    from leerritme.loop.services.ideas import idea_decide, idea_submit

    experiment_evaluate(experiment, by=alice, values=Evaluation("a", "b", "keep"))
    lesson = make_lesson(alice, visibility=LessonVisibility.ORGANISATION)
    idea = idea_submit(team=team, by=alice, title="Idee")
    idea_decide(idea, by=_lead(team), status="adopted", reason="Goed")
    learning_event_record(person=alice, kind=LearningKind.REFLECTION_HELD, title="Zonder link",
                          visibility=Visibility.TEAM, team=team)
    with django_assert_num_queries(2):
        urls = {i.event.title: i.url for i in selectors.timeline(alice, team=team).items}
    assert urls == {
        experiment.title: f"/o/{in_org.slug}/improve/experiments/{experiment.uuid}/",
        lesson.title: f"/o/{in_org.slug}/improve/lessons/{lesson.uuid}/",
        idea.title: f"/o/{in_org.slug}/improve/ideas/{idea.uuid}/",
        "Zonder link": "",
    }


def _lead(team):
    from leerritme.orgs.models import Person

    return Person.objects.get(team_memberships__team=team, team_memberships__role="lead")


def test_constant_queries_as_the_timeline_grows(in_org, team, alice, make_lesson, django_assert_num_queries,
                                               django_assert_max_num_queries):
    ContentType.objects.get_for_model(alice)  # the content-type cache is warm in a running server
    _many(alice, team, 5)
    make_lesson(alice, visibility=LessonVisibility.TEAM)
    selectors.timeline(alice, team=team)
    with django_assert_num_queries(2):
        small = selectors.timeline(alice, team=team)
    _many(alice, team, 60)
    for n in range(5):
        make_lesson(alice, visibility=LessonVisibility.TEAM, title=f"Les {n}")
    learning_event_record(person=alice, kind=LearningKind.ARTICLE_WRITTEN, title="Org",
                          visibility=Visibility.ORGANISATION)
    with django_assert_num_queries(2):
        large = selectors.timeline(alice, team=team)
    assert len(small.items) == 6 and len(large.items) == selectors.PAGE and large.next_cursor
    # A later page of plain moments links to nothing: one query only.
    with django_assert_max_num_queries(2):
        selectors.timeline(alice, cursor=large.next_cursor)
