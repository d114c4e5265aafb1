"""Adopting, proposing, answering and stopping practices: the services."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scopes_disabled

from conftest import make_person
from leerritme.notifications.models import Notification
from leerritme.orgs.models import Team, TeamMembership, TeamRole
from leerritme.practices import parts
from leerritme.practices.models import (
    Adoption,
    AdoptionStatus,
    Occurrence,
    OccurrenceStatus,
    Practice,
    Rhythm,
)
from leerritme.practices.services.adoption import (
    adoption_create,
    adoption_stop,
    adoption_update,
    practice_propose,
    proposal_accept,
    proposal_decline,
    proposal_withdraw,
    way_of_learning_update,
)
from leerritme.practices.tests.helpers import adopt, practice


@pytest.fixture
def part_handler():
    """A stand-in for the knowledge part: adopting a knowledge practice starts a series there."""
    started, stopped = [], []

    def start(adoption):
        started.append(adoption.uuid)
        return f"/o/{adoption.team.organisation.slug}/knowledge/series/{adoption.uuid}/"

    parts.register_part_handler("knowledge", start, stop=lambda adoption: stopped.append(adoption.uuid))
    yield started, stopped
    parts.unregister_part_handler("knowledge")


# --- Adopting ------------------------------------------------------------------------------------

def test_a_lead_adopts_a_practice_with_owner_and_purpose(org, in_org, team, alice, bob):
    found = practice(org, "check-out")
    adopted = adoption_create(team=team, practice=found, owner=alice, purpose=" Zodat overleggen beter worden. ",
                              adopted_by=bob)
    adoption = adopted.adoption
    assert adopted.part_url == ""
    assert (adoption.status, adoption.owner, adoption.purpose) == (AdoptionStatus.ACTIVE, alice,
                                                                   "Zodat overleggen beter worden.")
    assert adoption.adopted_at is not None and adoption.organisation_id == org.pk


def test_it_needs_a_purpose_and_an_owner_from_the_team(org, in_org, team, alice, bob, carol):
    found = practice(org, "check-out")
    with pytest.raises(ValidationError) as error:
        adoption_create(team=team, practice=found, owner=alice, purpose="  ", adopted_by=bob)
    assert "purpose" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        adoption_create(team=team, practice=found, owner=carol, purpose="Waarom", adopted_by=bob)  # not in the team
    assert "owner" in error.value.message_dict
    with pytest.raises(ValidationError):
        adoption_create(team=team, practice=found, owner=None, purpose="Waarom", adopted_by=bob)
    assert not Adoption.objects.exists()


def test_it_refuses_a_second_active_adoption_and_a_hidden_practice(org, in_org, team, alice, bob):
    found = practice(org, "check-out")
    adoption_create(team=team, practice=found, owner=alice, purpose="Waarom", adopted_by=bob)
    with pytest.raises(ValidationError):
        adoption_create(team=team, practice=found, owner=alice, purpose="Nog eens", adopted_by=bob)
    hidden = practice(org, "kaizen")
    Practice.objects.filter(pk=hidden.pk).update(is_active=False)
    hidden.refresh_from_db()
    with pytest.raises(ValidationError):
        adoption_create(team=team, practice=hidden, owner=alice, purpose="Waarom", adopted_by=bob)
    assert Adoption.objects.count() == 1


def test_adopting_a_practice_proposed_to_the_team_accepts_the_proposal(org, in_org, team, alice, bob, carol):
    found = practice(org, "kaizen")
    [proposal] = practice_propose(practice=found, teams=[team], proposed_by=carol, note="Past bij jullie").adoptions
    adopted = adoption_create(team=team, practice=found, owner=alice, purpose="Kleine stappen", adopted_by=bob)
    assert adopted.adoption.pk == proposal.pk
    proposal.refresh_from_db()
    assert proposal.status == AdoptionStatus.ACTIVE and proposal.proposed_by == carol
    assert Adoption.objects.count() == 1


def test_a_practice_whose_part_registered_a_handler_starts_there(org, in_org, team, alice, bob, part_handler):
    started, _stopped = part_handler
    adopted = adoption_create(team=team, practice=practice(org, "lunch-and-learn"), owner=alice, purpose="Delen",
                              adopted_by=bob)
    assert started == [adopted.adoption.uuid]
    assert adopted.part_url == f"/o/{org.slug}/knowledge/series/{adopted.adoption.uuid}/"
    # A practice of the rhythm itself does not go to the part.
    assert adoption_create(team=team, practice=practice(org, "kaizen"), owner=alice, purpose="Beter",
                           adopted_by=bob).part_url == ""


def test_when_the_part_fails_nothing_is_adopted(org, in_org, team, alice, bob):
    def broken(adoption):
        raise ValidationError("The knowledge part is not set up.")

    parts.register_part_handler("knowledge", broken)
    try:
        with pytest.raises(ValidationError):
            adoption_create(team=team, practice=practice(org, "lunch-and-learn"), owner=alice, purpose="Delen",
                            adopted_by=bob)
    finally:
        parts.unregister_part_handler("knowledge")
    assert not Adoption.objects.exists()


def test_a_part_handler_must_name_a_known_part():
    with pytest.raises(ValueError):
        parts.register_part_handler("gardening", lambda adoption: "/")


def test_a_lead_changes_owner_and_purpose(org, in_org, team, alice, bob):
    adoption = adopt(team, "check-out", owner=bob)
    adoption_update(adoption=adoption, owner=alice, purpose="Nieuw doel")
    adoption.refresh_from_db()
    assert (adoption.owner, adoption.purpose) == (alice, "Nieuw doel")


# --- Stopping ------------------------------------------------------------------------------------

def test_stopping_keeps_the_history_and_cancels_what_was_still_planned(org, in_org, team, alice, bob, part_handler):
    _started, stopped = part_handler
    adoption = adopt(team, "lunch-and-learn", owner=alice)
    now = timezone.now()
    rhythm = Rhythm.objects.create(organisation=org, adoption=adoption, rrule="FREQ=WEEKLY;BYDAY=MO",
                                   starts_at=now - timedelta(days=14))
    past = Occurrence.objects.create(organisation=org, rhythm=rhythm, original_start=now - timedelta(days=7),
                                     start=now - timedelta(days=7), end=now - timedelta(days=7, minutes=-30),
                                     status=OccurrenceStatus.HELD)
    future = Occurrence.objects.create(organisation=org, rhythm=rhythm, original_start=now + timedelta(days=7),
                                       start=now + timedelta(days=7), end=now + timedelta(days=7, minutes=30))
    adoption_stop(adoption=adoption, stopped_by=bob)
    adoption.refresh_from_db()
    past.refresh_from_db()
    future.refresh_from_db()
    rhythm.refresh_from_db()
    assert adoption.status == AdoptionStatus.STOPPED and adoption.ended_at is not None
    assert adoption.owner == alice and adoption.purpose  # its history stays
    assert past.status == OccurrenceStatus.HELD
    assert future.status == OccurrenceStatus.CANCELLED and future.sequence == 1 and rhythm.sequence == 1
    assert stopped == [adoption.uuid]
    with pytest.raises(ValidationError):
        adoption_stop(adoption=adoption, stopped_by=bob)


def test_a_stopped_practice_can_be_adopted_again(org, in_org, team, alice, bob):
    first = adopt(team, "kaizen", owner=alice)
    adoption_stop(adoption=first, stopped_by=bob)
    again = adoption_create(team=team, practice=first.practice, owner=alice, purpose="Weer", adopted_by=bob).adoption
    assert again.pk != first.pk and Adoption.objects.filter(team=team).count() == 2


# --- Proposing and answering ---------------------------------------------------------------------

def test_an_admin_proposes_to_teams_and_their_leads_are_notified(org, in_org, team, alice, bob, carol):
    other = Team.objects.create(organisation=org, name="Werkplaats")
    erik = make_person(org, "erik@vonk.test", "Erik Lead")
    TeamMembership.objects.create(organisation=org, team=other, person=erik, role=TeamRole.LEAD)
    found = practice(org, "intervision")
    result = practice_propose(practice=found, teams=[team, other], proposed_by=carol, note="Voor lastige klussen")
    assert {a.team for a in result.adoptions} == {team, other}
    assert all(a.status == AdoptionStatus.PROPOSED and a.proposal_note == "Voor lastige klussen"
               for a in result.adoptions)
    notes = Notification.objects.filter(kind="practices.proposed")
    assert {n.person for n in notes} == {bob, erik}  # the leads, not alice
    bobs = notes.get(person=bob)
    bobs_adoption = next(a for a in result.adoptions if a.team == team)
    assert bobs.url == f"/o/{org.slug}/adoptions/{bobs_adoption.uuid}/proposal/"
    assert "Intervisiegroep" in bobs.title and "Onderhoud" in bobs.title
    assert "Carol Bakker" in bobs.body and "Voor lastige klussen" in bobs.body
    assert "Peer consultation group" in bobs.translations["en"]["title"]


def test_proposing_again_skips_teams_that_have_it_and_reports_teams_without_lead(org, in_org, team, bob, carol):
    adopt(team, "kaizen")
    leaderless = Team.objects.create(organisation=org, name="Zonder leider")
    result = practice_propose(practice=practice(org, "kaizen"), teams=[team, leaderless], proposed_by=carol, note="")
    assert result.skipped == [team]
    assert [a.team for a in result.adoptions] == [leaderless] and result.teams_without_lead == [leaderless]
    again = practice_propose(practice=practice(org, "kaizen"), teams=[leaderless], proposed_by=carol, note="")
    assert again.adoptions == [] and again.skipped == [leaderless]


def test_proposing_needs_a_team_and_a_visible_practice(org, in_org, team, carol):
    with pytest.raises(ValidationError):
        practice_propose(practice=practice(org, "kaizen"), teams=[], proposed_by=carol, note="")
    hidden = practice(org, "mentoring")
    Practice.objects.filter(pk=hidden.pk).update(is_active=False)
    hidden.refresh_from_db()
    with pytest.raises(ValidationError):
        practice_propose(practice=hidden, teams=[team], proposed_by=carol, note="")


def test_a_lead_accepts_a_proposal_and_the_proposer_hears_it(org, in_org, team, alice, bob, carol):
    [proposal] = practice_propose(practice=practice(org, "kaizen"), teams=[team], proposed_by=carol,
                                  note="").adoptions
    adopted = proposal_accept(adoption=proposal, owner=alice, purpose="Van elkaar leren", accepted_by=bob)
    proposal.refresh_from_db()
    assert adopted.adoption == proposal and adopted.part_url == ""
    assert (proposal.status, proposal.owner, proposal.purpose) == (AdoptionStatus.ACTIVE, alice, "Van elkaar leren")
    told = Notification.objects.get(person=carol, kind="practices.proposal_answered")
    assert "Onderhoud" in told.title and "Bob Jansen" in told.body
    with pytest.raises(ValidationError):
        proposal_accept(adoption=proposal, owner=alice, purpose="Nog eens", accepted_by=bob)


def test_a_lead_declines_a_proposal_with_a_reason(org, in_org, team, bob, carol):
    [proposal] = practice_propose(practice=practice(org, "intervision"), teams=[team], proposed_by=carol,
                                  note="").adoptions
    with pytest.raises(ValidationError):
        proposal_decline(adoption=proposal, reason=" ", declined_by=bob)
    proposal_decline(adoption=proposal, reason="We doen al een retrospective.", declined_by=bob)
    proposal.refresh_from_db()
    assert proposal.status == AdoptionStatus.DECLINED and proposal.answer_note == "We doen al een retrospective."
    told = Notification.objects.get(person=carol, kind="practices.proposal_answered")
    assert "We doen al een retrospective." in told.body
    # Declined, the practice may be proposed again later.
    assert practice_propose(practice=proposal.practice, teams=[team], proposed_by=carol, note="").adoptions


def test_an_admin_withdraws_an_unanswered_proposal(org, in_org, team, carol):
    [proposal] = practice_propose(practice=practice(org, "kaizen"), teams=[team], proposed_by=carol,
                                  note="").adoptions
    proposal_withdraw(adoption=proposal)
    assert not Adoption.objects.exists()


def test_accepting_a_proposal_of_a_part_starts_it_there(org, in_org, team, alice, bob, carol, part_handler):
    started, _stopped = part_handler
    [proposal] = practice_propose(practice=practice(org, "lunch-and-learn"), teams=[team], proposed_by=carol,
                                  note="").adoptions
    adopted = proposal_accept(adoption=proposal, owner=alice, purpose="Delen", accepted_by=bob)
    assert started == [proposal.uuid] and adopted.part_url.endswith(f"/knowledge/series/{proposal.uuid}/")


# --- The vision ----------------------------------------------------------------------------------

def test_the_vision_is_one_per_organisation_in_plain_paragraphs(org, in_org, carol):
    way = way_of_learning_update(organisation=org, vision="Leren hoort bij het werk.\r\n\r\n\r\n\r\nSamen.  ",
                                 updated_by=carol)
    assert way.vision == "Leren hoort bij het werk.\n\nSamen."
    again = way_of_learning_update(organisation=org, vision="Anders.", updated_by=carol)
    assert again.pk == way.pk and again.vision == "Anders." and again.updated_by == carol
    with scopes_disabled():
        from leerritme.practices.models import WayOfLearning

        assert WayOfLearning.objects.filter(organisation=org).count() == 1
