"""Who may join, facilitate and start a board, manage templates and see trends across teams."""

import pytest

from leerritme.orgs.rules import can
from leerritme.reflection.models import ReflectionTemplate
from leerritme.reflection.tests.board_fixtures import *  # noqa: F403 (fixtures)


def test_the_team_joins_its_board_and_nobody_else(retro, alice, bob, carol, dave, charlie):
    assert can(alice, "reflection.join", retro) and can(bob, "reflection.join", retro)
    # L&D admins and owners see aggregates only, never a team's board.
    for outsider in (carol, dave, charlie):
        assert not can(outsider, "reflection.join", retro)


def test_the_facilitator_or_a_lead_facilitates(in_org, team, alice, bob, erik):
    from leerritme.reflection.services import session_start

    by_alice = session_start(team=team, by=alice, format="round")
    assert can(alice, "reflection.facilitate", by_alice)
    assert can(bob, "reflection.facilitate", by_alice)  # the team's lead
    assert not can(erik, "reflection.facilitate", by_alice)


def test_members_and_leads_start_sessions_for_their_team(in_org, team, alice, bob, carol, charlie):
    assert can(alice, "reflection.start", team) and can(bob, "reflection.start", team)
    assert not can(carol, "reflection.start", team)
    assert not can(charlie, "reflection.start", team)


def test_leads_manage_team_templates_and_ld_the_organisations(in_org, org, team, alice, bob, carol, dave):
    own = ReflectionTemplate(organisation=org, team=team, name="Ours")
    shared = ReflectionTemplate(organisation=org, team=None, name="Everyone's")
    assert can(bob, "reflection.templates", own) and can(bob, "reflection.templates", team)
    assert not can(alice, "reflection.templates", own)
    assert not can(carol, "reflection.templates", own)
    assert can(carol, "reflection.templates", shared) and can(dave, "reflection.templates", shared)
    assert not can(bob, "reflection.templates", shared)


@pytest.mark.parametrize("who,allowed", [("alice", False), ("bob", False), ("carol", True), ("dave", True)])
def test_trends_across_teams_are_for_ld_and_owners(in_org, request, who, allowed):
    assert can(request.getfixturevalue(who), "reflection.trends.organisation") is allowed


def test_a_deactivated_member_no_longer_joins(retro, alice):
    alice.is_active = False
    assert not can(alice, "reflection.join", retro)
