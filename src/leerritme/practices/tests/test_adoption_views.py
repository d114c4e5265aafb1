"""Adopting, proposing and answering through the pages: who may do what, and where it leads."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from leerritme.orgs.models import Team
from leerritme.practices import parts
from leerritme.practices.models import Adoption, AdoptionStatus
from leerritme.practices.tests import helpers
from leerritme.practices.tests.helpers import adopt, practice

pytestmark = pytest.mark.django_db
english = helpers.english  # the fixture: log in speaking English


def url(name, obj):
    return reverse(f"practices:{name}", kwargs={"org": obj.organisation.slug, "uuid": obj.uuid})


@pytest.fixture
def other_team(org):
    with scopes_disabled():
        return Team.objects.create(organisation=org, name="Werkplaats")


def adoptions(org):
    with scopes_disabled():
        return list(Adoption.objects.filter(organisation=org).select_related("team", "owner"))


# --- Adopting ------------------------------------------------------------------------------------

def test_a_member_cannot_adopt(org, team, alice, english):
    found = practice(org, "kaizen")
    client = english(alice)
    assert client.get(url("adopt", found)).status_code == 403
    assert client.get(url("adopt", found) + f"?team={team.uuid}").status_code == 403
    assert client.post(url("adopt", found), {"team": team.uuid, "owner": alice.uuid,
                                             "purpose": "Waarom niet"}).status_code == 403
    assert adoptions(org) == []


def test_a_lead_adopts_for_their_team_and_goes_on_to_the_rhythm(org, team, alice, bob, english):
    found = practice(org, "check-out")
    client = english(bob)
    page = client.get(url("adopt", found))  # bob leads one team: no need to choose it
    assert page.status_code == 200 and "Adopt Check-out on the meeting and how we work together for Onderhoud" \
        in page.text
    response = client.post(url("adopt", found), {"team": team.uuid, "owner": alice.uuid,
                                                 "purpose": "So our meetings get better."})
    [adoption] = adoptions(org)
    assert (adoption.team, adoption.owner, adoption.status) == (team, alice, AdoptionStatus.ACTIVE)
    assert response.status_code == 302
    assert response["Location"] == f"/o/{org.slug}/adoptions/{adoption.uuid}/rhythm/"


def test_a_lead_cannot_adopt_for_another_team(org, team, other_team, alice, bob, english):
    found = practice(org, "check-out")
    client = english(bob)
    assert client.get(url("adopt", found) + f"?team={other_team.uuid}").status_code == 403
    assert client.post(url("adopt", found), {"team": other_team.uuid, "owner": alice.uuid,
                                             "purpose": "Sneaky"}).status_code == 403
    assert adoptions(org) == []


def test_the_owner_must_be_in_the_team(org, team, bob, carol, english):
    found = practice(org, "check-out")
    response = english(bob).post(url("adopt", found), {"team": team.uuid, "owner": carol.uuid, "purpose": "Why"})
    assert response.status_code == 200 and "Select a valid choice" in response.text
    assert adoptions(org) == []


def test_a_purpose_is_needed(org, team, bob, english):
    found = practice(org, "check-out")
    response = english(bob).post(url("adopt", found), {"team": team.uuid, "owner": bob.uuid, "purpose": ""})
    assert response.status_code == 200 and "This field is required." in response.text
    assert adoptions(org) == []


def test_an_unknown_or_foreign_team_is_not_found(org, other_org, bob, english):
    found = practice(org, "check-out")
    with scopes_disabled():
        theirs = Team.objects.create(organisation=other_org, name="Hun team")
    client = english(bob)
    assert client.get(url("adopt", found) + f"?team={theirs.uuid}").status_code == 404
    assert client.get(url("adopt", found) + "?team=not-a-uuid").status_code == 404


def test_an_admin_chooses_the_team_first(org, team, other_team, alice, carol, english):
    found = practice(org, "kaizen")
    client = english(carol)
    page = client.get(url("adopt", found))
    assert page.status_code == 200 and "Choose a team" in page.text and "Werkplaats" in page.text
    page = client.get(url("adopt", found) + f"?team={team.uuid}")
    assert page.status_code == 200 and "Alice de Vries" in page.text


def test_adopting_a_practice_that_runs_in_a_part_goes_to_that_part(org, team, bob, english):
    parts.register_part_handler("knowledge", lambda adoption: "/o/vonk/knowledge/somewhere/")
    try:
        response = english(bob).post(url("adopt", practice(org, "lunch-and-learn")),
                                     {"team": team.uuid, "owner": bob.uuid, "purpose": "Share"})
    finally:
        parts.unregister_part_handler("knowledge")
    assert response.status_code == 302 and response["Location"] == "/o/vonk/knowledge/somewhere/"


def test_adopting_what_the_team_already_practises_says_so(org, team, bob, english):
    existing = adopt(team, "kaizen", owner=bob)
    response = english(bob).get(url("adopt", existing.practice))
    assert response.status_code == 302 and response["Location"] == url("detail", existing.practice)


def test_a_hidden_practice_cannot_be_adopted(org, team, bob, english):
    found = practice(org, "kaizen")
    with scopes_disabled():
        found.is_active = False
        found.save(update_fields=["is_active"])
    response = english(bob).post(url("adopt", found), {"team": team.uuid, "owner": bob.uuid, "purpose": "x"})
    assert response.status_code == 302 and adoptions(org) == []


def test_charlie_gets_404_on_adopting_proposing_and_answering(org, team, bob, carol, charlie, login):
    found = practice(org, "kaizen")
    adoption = adopt(team, "check-out", owner=bob)
    proposal = adopt(team, "mentoring", status=AdoptionStatus.PROPOSED, proposed_by=carol, purpose="")
    client = login(charlie)
    for target in (url("adopt", found), url("propose", found), url("proposal", proposal),
                   url("adoption_edit", adoption), url("adoption_stop", adoption)):
        assert client.get(target).status_code == 404, target
        assert client.post(target, {"action": "decline", "decline-reason": "x"}).status_code == 404, target
    with scopes_disabled():
        adoption.refresh_from_db()
        proposal.refresh_from_db()
    assert adoption.status == AdoptionStatus.ACTIVE and proposal.status == AdoptionStatus.PROPOSED


# --- Changing and stopping ------------------------------------------------------------------------

def test_a_lead_changes_owner_and_purpose_a_member_cannot(org, team, alice, bob, english):
    adoption = adopt(team, "check-out", owner=bob)
    assert english(alice).post(url("adoption_edit", adoption), {"owner": alice.uuid, "purpose": "x"}).status_code \
        == 403
    response = english(bob).post(url("adoption_edit", adoption), {"owner": alice.uuid, "purpose": "Better meetings"})
    assert response.status_code == 302
    with scopes_disabled():
        adoption.refresh_from_db()
    assert (adoption.owner, adoption.purpose) == (alice, "Better meetings")


def test_a_lead_stops_a_practice_after_confirming(org, team, alice, bob, other_team, english):
    adoption = adopt(team, "check-out", owner=bob)
    theirs = adopt(other_team, "check-out")
    assert english(alice).post(url("adoption_stop", adoption)).status_code == 403
    client = english(bob)  # the test client is shared: log bob in after alice
    assert client.get(url("adoption_stop", adoption)).status_code == 200
    assert client.post(url("adoption_stop", theirs)).status_code == 403
    assert client.post(url("adoption_stop", adoption)).status_code == 302
    with scopes_disabled():
        adoption.refresh_from_db()
        theirs.refresh_from_db()
    assert adoption.status == AdoptionStatus.STOPPED and theirs.status == AdoptionStatus.ACTIVE


# --- Proposing and answering ---------------------------------------------------------------------

@pytest.mark.parametrize("who", ["alice", "bob"])
def test_members_and_leads_cannot_propose(who, org, team, request, login):
    found = practice(org, "kaizen")
    client = login(request.getfixturevalue(who))
    assert client.get(url("propose", found)).status_code == 403
    assert client.post(url("propose", found), {"teams": [team.uuid]}).status_code == 403
    assert adoptions(org) == []


def test_an_admin_proposes_to_teams_and_the_lead_accepts(org, team, other_team, alice, bob, carol, english):
    found = practice(org, "kaizen")  # a practice of the rhythm part itself: it gets a rhythm of its own
    adopt(other_team, "kaizen")
    page = english(carol).get(url("propose", found))
    assert page.status_code == 200 and "Already practising or proposed" in page.text
    assert f'value="{other_team.uuid}"' not in page.text  # it practises it already
    response = english(carol).post(url("propose", found), {"teams": [team.uuid], "note": "For tricky jobs"})
    assert response.status_code == 302
    [proposal] = [a for a in adoptions(org) if a.team == team]
    assert proposal.status == AdoptionStatus.PROPOSED and proposal.proposal_note == "For tricky jobs"

    lead = english(bob)
    page = lead.get(url("proposal", proposal))
    assert page.status_code == 200 and "For tricky jobs" in page.text and "Carol Bakker" in page.text
    response = lead.post(url("proposal", proposal), {"action": "accept", "accept-owner": alice.uuid,
                                                     "accept-purpose": "To learn from hard cases"})
    assert response.status_code == 302 and response["Location"].endswith(f"/adoptions/{proposal.uuid}/rhythm/")
    with scopes_disabled():
        proposal.refresh_from_db()
    assert (proposal.status, proposal.owner) == (AdoptionStatus.ACTIVE, alice)


def test_a_lead_declines_with_a_reason(org, team, bob, carol, english):
    proposal = adopt(team, "mentoring", status=AdoptionStatus.PROPOSED, proposed_by=carol, purpose="")
    lead = english(bob)
    response = lead.post(url("proposal", proposal), {"action": "decline", "decline-reason": ""})
    assert response.status_code == 200 and "This field is required." in response.text
    response = lead.post(url("proposal", proposal), {"action": "decline", "decline-reason": "Not now, busy season"})
    assert response.status_code == 302
    with scopes_disabled():
        proposal.refresh_from_db()
    assert proposal.status == AdoptionStatus.DECLINED and proposal.answer_note == "Not now, busy season"
    # The admin reads the reason on the practice.
    assert "Not now, busy season" in english(carol).get(url("detail", proposal.practice)).text


def test_a_member_and_another_lead_cannot_answer(org, team, other_team, alice, carol, english):
    adopt(other_team, "mentoring", status=AdoptionStatus.PROPOSED, proposed_by=carol, purpose="")
    mine = adopt(team, "kaizen", status=AdoptionStatus.PROPOSED, proposed_by=carol, purpose="")
    client = english(alice)
    assert client.get(url("proposal", mine)).status_code == 403
    assert client.post(url("proposal", mine), {"action": "decline", "decline-reason": "no"}).status_code == 403


def test_a_lead_of_another_team_cannot_answer(org, team, other_team, bob, carol, english):
    theirs = adopt(other_team, "mentoring", status=AdoptionStatus.PROPOSED, proposed_by=carol, purpose="")
    client = english(bob)
    assert client.get(url("proposal", theirs)).status_code == 403
    assert client.post(url("proposal", theirs), {"action": "accept", "accept-owner": bob.uuid,
                                                 "accept-purpose": "x"}).status_code == 403
    with scopes_disabled():
        theirs.refresh_from_db()
    assert theirs.status == AdoptionStatus.PROPOSED


def test_only_an_admin_withdraws_a_proposal(org, team, bob, carol, english):
    proposal = adopt(team, "mentoring", status=AdoptionStatus.PROPOSED, proposed_by=carol, purpose="")
    assert english(bob).post(url("proposal", proposal), {"action": "withdraw"}).status_code == 403
    assert english(carol).post(url("proposal", proposal), {"action": "withdraw"}).status_code == 302
    assert adoptions(org) == []


def test_adopting_a_proposed_practice_leads_to_the_proposal(org, team, bob, carol, english):
    proposal = adopt(team, "mentoring", status=AdoptionStatus.PROPOSED, proposed_by=carol, purpose="")
    response = english(bob).get(url("adopt", proposal.practice))
    assert response.status_code == 302 and response["Location"] == url("proposal", proposal)
