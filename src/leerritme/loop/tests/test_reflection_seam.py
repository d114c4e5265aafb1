"""A reflection action marked done is the team's learning (ACTION_DONE); opened again, it is withdrawn."""

from leerritme.learning.models import LearningEvent, LearningKind, Visibility
from leerritme.reflection.models import Action, ActionStatus, ReviewOutcome
from leerritme.reflection.services.board import action_review, action_update, session_join, session_start


def test_marking_an_action_done_records_a_team_event_and_opening_it_again_withdraws_it(in_org, team, alice, bob):
    action = Action.objects.create(organisation=in_org, team=team, text="Werkbon direct invullen", owner=alice)
    action_update(action, by=bob, status=ActionStatus.DONE)
    event = LearningEvent.objects.get()
    assert (event.kind, event.person, event.visibility, event.team, event.object_id) == (
        LearningKind.ACTION_DONE, alice, Visibility.TEAM, team, str(action.pk))
    action_update(action, by=bob, status=ActionStatus.DONE)  # no change, no second event
    assert LearningEvent.objects.count() == 1
    action_update(action, by=bob, status=ActionStatus.OPEN)
    assert not LearningEvent.objects.exists()


def test_an_action_without_owner_counts_for_who_marked_it_and_a_review_records_it_too(in_org, team, alice, bob):
    action = Action.objects.create(organisation=in_org, team=team, text="Materiaallijst vooraf")
    session = session_start(team=team, by=bob, format="round")
    session_join(session, person=bob)
    action_review(session, by=bob, action=action, outcome=ReviewOutcome.DONE)
    assert list(LearningEvent.objects.values_list("kind", "person_id")) == [(LearningKind.ACTION_DONE, bob.pk)]
    action_review(session, by=bob, action=action, outcome=ReviewOutcome.KEPT)
    assert not LearningEvent.objects.exists()


def test_dropping_an_action_records_nothing(in_org, team, alice):
    action = Action.objects.create(organisation=in_org, team=team, text="Iets", owner=alice)
    action_update(action, by=alice, status=ActionStatus.DROPPED)
    assert not LearningEvent.objects.exists()
