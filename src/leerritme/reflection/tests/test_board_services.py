"""The board's services: phases, hidden and anonymous cards, conflicts, votes, actions and their follow-up,
the anonymous check-out and closing a session."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from leerritme.learning.models import LearningEvent, LearningKind
from leerritme.reflection.models import (
    Action,
    ActionStatus,
    Card,
    CheckOutAnswered,
    CheckOutResponse,
    Participant,
    Phase,
    Vote,
)
from leerritme.reflection.selectors.board import board_state, checkout_aggregate
from leerritme.reflection.services import (
    CardConflict,
    action_create,
    action_review,
    action_update,
    card_add,
    card_delete,
    card_edit,
    card_move,
    checkout_submit,
    group_create,
    session_close,
    session_join,
    session_phase_set,
    session_reveal,
    session_start,
    vote_cast,
    vote_withdraw,
)
from leerritme.reflection.tests.board_fixtures import *  # noqa: F403 (fixtures)


def test_a_session_without_open_actions_starts_with_writing(retro):
    assert retro.phase == Phase.WRITE
    assert [c["key"] for c in retro.columns] == ["went_well", "better", "actions"]
    assert Participant.objects.filter(session=retro, person=retro.facilitator).exists()


def test_it_carries_open_actions_to_next_meeting(retro, team, bob, alice):
    action = action_create(retro, by=alice, text="Pair on deployments", owner=alice,
                           due_date=date.today() + timedelta(days=7))
    session_close(retro, by=bob)
    following = session_start(team=team, by=bob, format="round")
    assert following.phase == Phase.FOLLOWUP
    state = board_state(following, alice)
    assert [a["uuid"] for a in state["followup"]] == [str(action.uuid)]
    action_review(following, by=bob, action=action, outcome="done")
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.closed_at is not None
    # Still shown in this session's follow-up with its outcome, and no longer open for the one after.
    assert board_state(following, alice)["followup"][0]["review"] == "done"
    action_review(following, by=bob, action=action, outcome="kept")
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_outsiders_cannot_start_join_or_write(retro, team, carol, dave):
    for outsider in (carol, dave):
        with pytest.raises(PermissionDenied):
            session_start(team=team, by=outsider, format="round")
        with pytest.raises(PermissionDenied):
            session_join(retro, person=outsider)
        with pytest.raises(PermissionDenied):
            card_add(retro, by=outsider, column="went_well", text="Hi")


def test_only_the_facilitator_or_a_lead_moves_the_phases(retro, alice, bob):
    with pytest.raises(PermissionDenied):
        session_phase_set(retro, by=alice, phase=Phase.GROUP)
    with pytest.raises(PermissionDenied):
        session_reveal(retro, by=alice)
    before = retro.version
    session_phase_set(retro, by=bob, phase=Phase.VOTE, minutes=5)
    assert retro.phase == Phase.VOTE and retro.version == before + 1
    assert retro.phase_ends_at - retro.phase_started_at == timedelta(minutes=5)
    session_phase_set(retro, by=bob, phase=Phase.WRITE)  # back is fine too
    assert retro.phase == Phase.WRITE and retro.phase_ends_at is None
    with pytest.raises(ValidationError):
        session_phase_set(retro, by=bob, phase=Phase.VOTE, minutes=500)


@pytest.mark.parametrize("text", ["", "   \n ", "x" * 501])
def test_empty_or_oversized_cards_are_refused(retro, alice, text):
    with pytest.raises(ValidationError):
        card_add(retro, by=alice, column="went_well", text=text)
    assert not Card.objects.exists()


def test_cards_go_in_a_column_of_the_board(retro, alice):
    with pytest.raises(ValidationError):
        card_add(retro, by=alice, column="sailboat", text="Wind")


def test_cards_stay_hidden_from_others_until_the_reveal(retro, alice, bob):
    card, token = card_add(retro, by=alice, column="went_well", text="Standups were short")
    assert token is None and card.author == alice
    bobs = board_state(retro, bob)["cards"][0]
    assert bobs["hidden"] and bobs["text"] == ""
    assert board_state(retro, alice)["cards"][0]["text"] == "Standups were short"
    session_reveal(retro, by=bob)
    assert board_state(retro, bob)["cards"][0]["text"] == "Standups were short"


def test_anonymous_cards_store_no_author_anywhere(retro, alice, bob):
    card, token = card_add(retro, by=alice, column="better", text="Meetings run late", anonymous=True)
    card.refresh_from_db()
    assert card.author_id is None and card.anonymous and token
    assert card.edit_token_hash and token not in card.edit_token_hash
    # Alice's browser shows the token; without it even she sees a placeholder, like everyone else.
    assert board_state(retro, alice)["cards"][0]["hidden"]
    mine = board_state(retro, alice, my_cards={str(card.uuid)})["cards"][0]
    assert mine["text"] == "Meetings run late" and mine["author"] is None
    with pytest.raises(PermissionDenied):
        card_edit(card, by=alice, text="Meetings run very late", expected_version=1)
    card_edit(card, by=alice, text="Meetings run very late", expected_version=1, token=token)
    card.refresh_from_db()
    # No time of its own either, which a request log could otherwise be matched against.
    assert card.created_at == card.updated_at == retro.created_at
    session_close(retro, by=bob)
    assert not LearningEvent.objects.filter(title__icontains="Meetings").exists()


def test_anonymous_cards_are_refused_when_the_session_does_not_allow_them(team, bob, in_org):
    session = session_start(team=team, by=bob, format="round", allow_anonymous=False)
    with pytest.raises(ValidationError):
        card_add(session, by=bob, column="learned", text="x", anonymous=True)


def test_two_people_editing_one_card_never_lose_a_change(retro, alice, bob):
    card, _ = card_add(retro, by=alice, column="went_well", text="Release went fine")
    session_reveal(retro, by=bob)
    card_edit(card, by=bob, text="Release went fine, docs lagged", expected_version=1)
    with pytest.raises(CardConflict) as conflict:
        card_edit(card, by=alice, text="Release went smoothly", expected_version=1)
    assert conflict.value.card.text == "Release went fine, docs lagged"
    assert conflict.value.card.version == 2
    # Alice saw both texts and chose hers: she sends it against the version she was shown.
    card_edit(card, by=alice, text="Release went smoothly", expected_version=2)
    card.refresh_from_db()
    assert card.text == "Release went smoothly" and card.version == 3


def test_others_cannot_edit_or_delete_a_card_before_the_reveal(retro, alice, bob):
    card, _ = card_add(retro, by=alice, column="went_well", text="Mine")
    with pytest.raises(PermissionDenied):
        card_edit(card, by=bob, text="Theirs", expected_version=1)
    with pytest.raises(PermissionDenied):
        card_delete(card, by=bob)
    card_delete(card, by=alice)
    assert not Card.objects.exists()


def test_dot_voting_respects_the_votes_per_person(retro, alice, bob):
    card, _ = card_add(retro, by=alice, column="went_well", text="A")
    with pytest.raises(ValidationError):
        vote_cast(retro, by=alice, card=card)  # not yet the vote phase
    session_phase_set(retro, by=bob, phase=Phase.VOTE)
    for _ in range(3):
        vote_cast(retro, by=alice, card=card)
    with pytest.raises(ValidationError):
        vote_cast(retro, by=alice, card=card)
    vote_withdraw(retro, by=alice, card=card)
    vote_cast(retro, by=bob, card=card)
    assert Vote.objects.filter(card=card).count() == 3
    state = board_state(retro, alice)
    assert state["me"]["votes_used"] == 2 and state["cards"][0]["my_votes"] == 2
    assert state["cards"][0]["votes"] == 3


def test_cards_are_grouped_and_moved(retro, alice, bob):
    a, _ = card_add(retro, by=alice, column="went_well", text="A")
    b, _ = card_add(retro, by=bob, column="better", text="B")
    session_reveal(retro, by=bob)
    session_phase_set(retro, by=bob, phase=Phase.GROUP)
    group = group_create(retro, by=alice, column="went_well", title="Flow", cards=[a, b])
    b.refresh_from_db()
    assert b.group == group and b.column == "went_well"
    card_move(b, by=alice, column="better")
    b.refresh_from_db()
    assert b.group is None and b.column == "better"
    session_phase_set(retro, by=bob, phase=Phase.VOTE)
    vote_cast(retro, by=alice, group=group)
    assert board_state(retro, bob)["groups"][0]["votes"] == 1


def test_action_owners_are_team_members(retro, alice, carol):
    with pytest.raises(ValidationError):
        action_create(retro, by=alice, text="Do it", owner=carol)
    with pytest.raises(ValidationError):
        action_create(retro, by=alice, text=" ")
    action = action_create(retro, by=alice, text="Do it", owner=alice)
    action_update(action, by=alice, status=ActionStatus.DONE)
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.closed_at
    action_update(action, by=alice, owner=None)
    action.refresh_from_db()
    assert action.owner is None and action.status == ActionStatus.DONE


def test_checkout_aggregate_appears_only_from_three_answers(retro, org, alice, bob, erik):
    org.anonymity_threshold = 3
    org.save()
    with pytest.raises(ValidationError):
        checkout_submit(retro, by=alice, quality=4, dynamics=5)  # not the check-out phase yet
    session_phase_set(retro, by=bob, phase=Phase.CHECKOUT)
    checkout_submit(retro, by=alice, quality=4, dynamics=5, word="Energiek")
    with pytest.raises(ValidationError):
        checkout_submit(retro, by=alice, quality=1, dynamics=1)
    checkout_submit(retro, by=bob, quality=2, dynamics=3)
    assert checkout_aggregate(retro) is None
    assert board_state(retro, bob)["checkout"]["answered"] == 2
    checkout_submit(retro, by=erik, quality=3, dynamics=4, word="energiek")
    aggregate = checkout_aggregate(retro)
    assert aggregate["answered"] == 3 and aggregate["quality"] == 3.0 and aggregate["dynamics"] == 4.0
    assert aggregate["quality_counts"] == [0, 1, 1, 1, 0]
    assert aggregate["words"] == [["energiek", 2]]


def test_the_organisations_higher_threshold_holds_back_the_aggregate(retro, org, alice, bob, erik):
    assert org.anonymity_threshold == 5
    session_phase_set(retro, by=bob, phase=Phase.CHECKOUT)
    for person in (alice, bob, erik):
        checkout_submit(retro, by=person, quality=3, dynamics=3)
    assert checkout_aggregate(retro) is None


def test_checkout_answers_are_not_linked_to_people(retro, alice, bob):
    session_phase_set(retro, by=bob, phase=Phase.CHECKOUT)
    checkout_submit(retro, by=alice, quality=5, dynamics=5)
    response = CheckOutResponse.objects.get()
    field_names = {f.name for f in CheckOutResponse._meta.get_fields()}
    assert not field_names & {"person", "created_at", "at"}
    assert response.pk.version == 4  # a random key, not a counter
    assert CheckOutAnswered.objects.filter(person=alice).exists()


@pytest.mark.parametrize("quality,dynamics", [(0, 3), (6, 3), (3, "x"), (3, None)])
def test_checkout_scores_run_from_one_to_five(retro, alice, bob, quality, dynamics):
    session_phase_set(retro, by=bob, phase=Phase.CHECKOUT)
    with pytest.raises(ValidationError):
        checkout_submit(retro, by=alice, quality=quality, dynamics=dynamics)
    assert not CheckOutResponse.objects.exists() and not CheckOutAnswered.objects.exists()


def test_closing_records_learning_for_each_participant(retro, alice, bob):
    session_join(retro, person=alice)
    session_close(retro, by=bob)
    assert retro.phase == Phase.CLOSED and retro.closed_at
    events = LearningEvent.objects.filter(kind=LearningKind.REFLECTION_HELD)
    assert {e.person_id for e in events} == {alice.pk, bob.pk}
    with pytest.raises(ValidationError):
        card_add(retro, by=alice, column="went_well", text="Too late")


def test_closing_a_session_from_an_occurrence_marks_it_held(in_org, team, bob, alice):
    from leerritme.practices.models import OccurrenceStatus
    from leerritme.practices.tests.scheduling import weekly

    _rhythm, [occurrence] = weekly(team, first=timezone.now() - timedelta(hours=1))
    session = session_start(team=team, by=bob, format="round", occurrence=occurrence)
    session_close(session, by=bob)
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.HELD
    assert occurrence.record_type == "reflection.reflectionsession" and occurrence.record_id == str(session.pk)


def test_a_session_cannot_start_from_a_later_or_cancelled_meeting(in_org, team, other_org, bob):
    from leerritme.practices.models import OccurrenceStatus
    from leerritme.practices.tests.scheduling import weekly

    _rhythm, [later, cancelled] = weekly(team, first=timezone.now() + timedelta(days=3), count=2)
    cancelled.status = OccurrenceStatus.CANCELLED
    cancelled.start = timezone.now()
    cancelled.save()
    for occurrence in (later, cancelled):
        with pytest.raises(ValidationError):
            session_start(team=team, by=bob, format="round", occurrence=occurrence)


def test_project_evaluations_need_a_project(in_org, team, bob):
    with pytest.raises(ValidationError):
        session_start(team=team, by=bob, format="evaluation")
    session = session_start(team=team, by=bob, format="evaluation", project_name="Nieuwe hal",
                            project_start=date(2026, 1, 5), project_end=date(2026, 10, 30))
    assert session.template_key == "pizza" and len(session.columns) == 3


def test_a_session_keeps_its_columns_when_the_template_changes(in_org, org, team, bob):
    from leerritme.reflection.models import ReflectionTemplate

    template = ReflectionTemplate.objects.create(organisation=org, team=team, name="Ours",
                                                 columns=[{"key": "a", "title": "A", "prompt": "?"}])
    session = session_start(team=team, by=bob, format="retrospective", template=template)
    template.columns = [{"key": "b", "title": "B", "prompt": "!"}]
    template.save()
    session.refresh_from_db()
    assert session.columns == [{"key": "a", "title": "A", "prompt": "?"}]


def test_every_write_bumps_the_version(retro, alice):
    versions = [retro.version]
    card, _ = card_add(retro, by=alice, column="went_well", text="One")
    versions.append(retro.version)
    card_edit(card, by=alice, text="Two", expected_version=1)
    versions.append(retro.version)
    action_create(retro, by=alice, text="Act")
    versions.append(retro.version)
    assert versions == sorted(set(versions))
    assert Action.objects.get().session == retro
