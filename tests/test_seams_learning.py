"""The learning-event seam: one service records learning; one selector decides who sees it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from leerritme.learning.models import LearningEvent, LearningKind, Visibility
from leerritme.learning.selectors import learning_events_visible_to, learning_record, team_timeline
from leerritme.learning.services import (
    learning_event_record,
    learning_events_record_many,
    learning_events_remove_for,
)
from leerritme.orgs.models import Team, TeamMembership


@pytest.fixture
def other_team(org):
    with scopes_disabled():
        return Team.objects.create(organisation=org, name="Planning")


@pytest.fixture
def erik(org, other_team):
    """A member of the other team only."""
    from conftest import make_person

    person = make_person(org, "erik@vonk.test", "Erik Mulder")
    with scopes_disabled():
        TeamMembership.objects.create(organisation=org, team=other_team, person=person)
    return person


def record(person, **kwargs):
    kwargs.setdefault("kind", LearningKind.SKILL_GROWN)
    kwargs.setdefault("title", "Learned something")
    return learning_event_record(person=person, **kwargs)


def visible_titles(viewer):
    return set(learning_events_visible_to(viewer).values_list("title", flat=True))


# Recording


@pytest.mark.django_db
def test_it_records_an_event_private_by_default(org, alice, in_org):
    event = record(alice, title="  Mastered the torque wrench  ", minutes=45)

    assert event.organisation_id == org.pk
    assert event.visibility == Visibility.PRIVATE
    assert event.title == "Mastered the torque wrench"
    assert event.minutes == 45
    assert abs(event.occurred_at - timezone.now()) < timedelta(seconds=5)


@pytest.mark.django_db
def test_it_links_the_object_it_is_about(alice, team, in_org):
    event = record(alice, obj=team, occurred_at=timezone.now() - timedelta(days=3))

    assert event.content_type.model == "team"
    assert event.object_id == str(team.pk)
    assert learning_events_remove_for(team) == 1
    assert not LearningEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "juggling"}, "Unknown learning kind"),
        ({"visibility": "everyone"}, "Unknown visibility"),
        ({"title": "   "}, "needs a title"),
        ({"minutes": -5}, "negative"),
        ({"visibility": Visibility.TEAM}, "needs the team"),
    ],
)
def test_it_refuses_bad_input_and_stores_nothing(alice, in_org, kwargs, message):
    with pytest.raises(ValueError, match=message):
        record(alice, **kwargs)

    assert not LearningEvent.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_team_or_object_of_another_organisation(alice, other_org):
    with scopes_disabled():
        foreign_team = Team.objects.create(organisation=other_org, name="Elders")
    with scope(organisation=alice.organisation):
        with pytest.raises(ValueError, match="another organisation"):
            record(alice, visibility=Visibility.TEAM, team=foreign_team)
        with pytest.raises(ValueError, match="another organisation"):
            record(alice, obj=foreign_team)
        assert not LearningEvent.objects.exists()


@pytest.mark.django_db
def test_recording_outside_a_scope_still_files_it_under_the_persons_organisation(org, alice):
    with scopes_disabled():
        event = record(alice)
        assert LearningEvent.objects.get(pk=event.pk).organisation_id == org.pk


@pytest.mark.django_db
def test_it_refuses_a_naive_datetime(alice, in_org):
    from datetime import datetime

    with pytest.raises(ValueError, match="aware"):
        record(alice, occurred_at=datetime(2026, 1, 1, 12, 0))


@pytest.mark.django_db
def test_it_records_many_at_once_with_the_same_checks(alice, bob, team, in_org):
    when = timezone.now() - timedelta(days=40)
    count = learning_events_record_many([
        {"person": alice, "kind": LearningKind.SKILL_GROWN, "title": "Grew", "occurred_at": when},
        {"person": bob, "kind": LearningKind.SKILL_TAUGHT, "title": "Taught", "visibility": Visibility.TEAM,
         "team": team, "obj": team},
    ])

    assert count == 2
    grew, taught = LearningEvent.objects.order_by("occurred_at")
    assert (grew.title, grew.occurred_at, grew.visibility) == ("Grew", when, Visibility.PRIVATE)
    assert (taught.team, taught.object_id) == (team, str(team.pk))


@pytest.mark.django_db
def test_recording_many_stores_nothing_when_one_is_bad(alice, in_org):
    with pytest.raises(ValueError):
        learning_events_record_many([
            {"person": alice, "kind": LearningKind.SKILL_GROWN, "title": "Fine"},
            {"person": alice, "kind": LearningKind.SKILL_GROWN, "title": ""},
        ])

    assert not LearningEvent.objects.exists()


# Who sees what


@pytest.mark.django_db
def test_a_private_event_is_seen_only_by_the_person(alice, bob, carol, dave, in_org):
    record(alice, title="Private note", visibility=Visibility.PRIVATE)

    assert "Private note" in visible_titles(alice)
    for other in (bob, carol, dave):  # not the team lead, not L&D, not the owner
        assert "Private note" not in visible_titles(other)


@pytest.mark.django_db
def test_a_team_event_is_seen_only_by_that_teams_members(alice, bob, carol, erik, team, in_org):
    record(alice, title="Team lesson", visibility=Visibility.TEAM, team=team)

    assert "Team lesson" in visible_titles(alice)
    assert "Team lesson" in visible_titles(bob)
    assert "Team lesson" not in visible_titles(carol)
    assert "Team lesson" not in visible_titles(erik)


@pytest.mark.django_db
def test_an_organisation_event_is_seen_by_everyone_in_it(alice, bob, carol, dave, erik, in_org):
    record(alice, title="Shared with all", visibility=Visibility.ORGANISATION)

    for viewer in (alice, bob, carol, dave, erik):
        assert "Shared with all" in visible_titles(viewer)


@pytest.mark.django_db
def test_nothing_crosses_organisations(org, other_org, alice, charlie):
    with scope(organisation=org):
        record(alice, title="Ours", visibility=Visibility.ORGANISATION)
    with scope(organisation=other_org):
        record(charlie, title="Theirs", visibility=Visibility.ORGANISATION)

    with scope(organisation=org):
        assert visible_titles(alice) == {"Ours"}
        assert visible_titles(charlie) == set()  # even when asked inside the wrong scope
    with scope(organisation=other_org):
        assert visible_titles(charlie) == {"Theirs"}
    with scopes_disabled():
        assert visible_titles(alice) == {"Ours"}
        assert visible_titles(charlie) == {"Theirs"}


@pytest.mark.django_db
def test_a_learning_record_shows_what_the_viewer_may_see(alice, bob, team, in_org):
    record(alice, title="Mine only", visibility=Visibility.PRIVATE)
    record(alice, title="For the team", visibility=Visibility.TEAM, team=team)
    record(bob, title="Bob's", visibility=Visibility.ORGANISATION)

    def titles(viewer):
        return set(learning_record(alice, viewer=viewer).values_list("title", flat=True))

    assert titles(alice) == {"Mine only", "For the team"}
    assert titles(bob) == {"For the team"}


@pytest.mark.django_db
def test_a_team_timeline_never_shows_a_colleagues_private_event(alice, bob, team, in_org):
    record(alice, title="Alice private", visibility=Visibility.PRIVATE)
    record(alice, title="Alice team", visibility=Visibility.TEAM, team=team)
    record(bob, title="Bob everyone", visibility=Visibility.ORGANISATION)

    def titles(viewer):
        return set(team_timeline(team, viewer=viewer).values_list("title", flat=True))

    assert titles(bob) == {"Alice team", "Bob everyone"}
    assert "Alice private" in titles(alice)


@pytest.mark.django_db
def test_it_reads_without_n_plus_one(alice, bob, team, in_org, django_assert_num_queries):
    for index in range(10):
        record(bob, title=f"Event {index}", visibility=Visibility.TEAM, team=team)

    with django_assert_num_queries(1):
        names = [(event.person.display_name, event.team.name) for event in learning_events_visible_to(alice)]
    assert len(names) == 10


@pytest.fixture
def heard():
    """A listener registered for one test; the real ones are restored after it."""
    from leerritme.learning import listeners

    saved = listeners.registered()
    calls = {"recorded": [], "removed": []}
    listeners.on_learning_recorded(lambda events: calls["recorded"].append([e.title for e in events]))
    listeners.on_learning_removed(lambda events: calls["removed"].append([e.title for e in events]))
    yield calls
    listeners.restore(saved)


def test_listeners_hear_single_bulk_and_withdrawn_events(alice, team, heard):
    with scope(organisation=alice.organisation):
        learning_event_record(person=alice, kind=LearningKind.LESSON_SHARED, title="One", obj=team)
        learning_events_record_many([
            {"person": alice, "kind": LearningKind.OTHER, "title": "Two"},
            {"person": alice, "kind": LearningKind.OTHER, "title": "Three"},
        ])
        assert learning_events_remove_for(team) == 1
    assert heard["recorded"] == [["One"], ["Two", "Three"]]
    assert heard["removed"] == [["One"]]


def test_a_failing_listener_rolls_back_the_event(alice, heard):
    from leerritme.learning import listeners

    def broken(events):
        raise RuntimeError("listener failed")

    listeners.on_learning_recorded(broken)
    with scope(organisation=alice.organisation), pytest.raises(RuntimeError):
        learning_event_record(person=alice, kind=LearningKind.OTHER, title="Lost")
    with scopes_disabled():
        assert not LearningEvent.objects.filter(title="Lost").exists()
