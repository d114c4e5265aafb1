"""The pages: who may see and do what, where it leads, and their query counts."""

import pytest
from django.urls import reverse
from django_scopes import scope

from leerritme.matching import services
from leerritme.matching.models import GroupMember, Match, MatchStatus, Programme, ProgrammeKind, Reach
from leerritme.matching.tests.helpers import knows, member, skill

pytestmark = pytest.mark.django_db


def url(name, org, **kwargs):
    return reverse(f"matching:{name}", kwargs={"org": org.slug, **kwargs})


@pytest.fixture
def duos(org, team, crew, carol):
    with scope(organisation=org):
        programme = services.programme_create(organisation=org, kind=ProgrammeKind.DUOS, name="Duo's Onderhoud",
                                              reach=Reach.TEAM, teams=[team], created_by=carol)
        services.round_start(programme=programme, by=carol)
    return programme


def test_a_lead_starts_duo_rounds_for_their_team_and_members_see_their_duo(org, team, crew, alice, bob, login):
    client = login(bob)
    response = client.post(url("programme_new", org) + "?kind=duos", {
        "kind": "duos", "name": "Duo's", "reach": "team", "teams": [team.uuid], "group_size": 2, "every_weeks": 4,
    })
    with scope(organisation=org):
        programme = Programme.objects.get()
    assert response.status_code == 302 and response["Location"] == url("programme", org, uuid=programme.uuid)
    assert client.post(url("programme_round", org, uuid=programme.uuid)).status_code == 302
    with scope(organisation=org):
        partner = GroupMember.objects.get(person=alice).group.memberships.exclude(person=alice).first().person
    page = login(alice).get(url("home", org))
    assert page.status_code == 200
    assert partner.display_name in page.text


def test_a_member_cannot_start_a_programme_or_a_round(org, alice, duos, login):
    client = login(alice)
    assert client.get(url("programme_new", org)).status_code == 403
    assert client.post(url("programme_round", org, uuid=duos.uuid)).status_code == 403
    assert client.post(url("programme_stop", org, uuid=duos.uuid)).status_code == 403


def test_a_lead_cannot_start_an_organisation_wide_programme(org, team, bob, login):
    response = login(bob).post(url("programme_new", org) + "?kind=duos", {
        "kind": "duos", "name": "Iedereen", "reach": "organisation", "group_size": 2, "every_weeks": 4,
    })
    assert response.status_code == 200
    with scope(organisation=org):
        assert not Programme.objects.exists()


def test_a_member_skips_the_next_round(org, alice, duos, login):
    client = login(alice)
    assert client.post(url("programme_skip", org, uuid=duos.uuid), {"skip": "1"}).status_code == 302
    with scope(organisation=org):
        rnd = services.round_start(programme=duos)
        assert not GroupMember.objects.filter(group__round=rnd, person=alice).exists()


def test_a_member_reflects_on_their_duo_and_others_cannot_see_it(org, alice, duos, login, other_team):
    outsider = member(org, other_team, "out@vonk.test", "Buitenstaander")
    with scope(organisation=org):
        group = GroupMember.objects.get(person=alice).group
    client = login(alice)
    assert client.get(url("group", org, uuid=group.uuid)).status_code == 200
    response = client.post(url("group", org, uuid=group.uuid), {"reflection": "Veel geleerd."})
    assert response.status_code == 302
    with scope(organisation=org):
        assert GroupMember.objects.get(person=alice).reflection == "Veel geleerd."
    assert login(outsider).get(url("group", org, uuid=group.uuid)).status_code == 403


def test_charlie_gets_404_everywhere(org, alice, duos, charlie, login, carol):
    with scope(organisation=org):
        group = GroupMember.objects.get(person=alice).group
    client = login(charlie)
    for name, kwargs in [("home", {}), ("coaching", {}), ("overview", {}), ("programme", {"uuid": duos.uuid}),
                         ("group", {"uuid": group.uuid}), ("person", {"uuid": alice.uuid})]:
        assert client.get(url(name, org, **kwargs)).status_code == 404
        assert client.post(url(name, org, **kwargs)).status_code == 404


def test_a_person_page_is_for_themselves_and_ld(org, alice, bob, carol, duos, login):
    assert login(bob).get(url("person", org, uuid=alice.uuid)).status_code == 403
    assert login(carol).get(url("person", org, uuid=alice.uuid)).status_code == 200
    assert login(alice).get(url("person", org, uuid=alice.uuid)).status_code == 200


def test_the_overview_is_for_ld(org, alice, carol, duos, login, django_assert_max_num_queries):
    assert login(alice).get(url("overview", org)).status_code == 403
    client = login(carol)
    with django_assert_max_num_queries(20):
        assert client.get(url("overview", org)).status_code == 200


def test_the_programme_page_does_not_grow_with_groups(org, team, carol, duos, login, django_assert_max_num_queries):
    client = login(carol)
    client.get(url("programme", org, uuid=duos.uuid))
    for i in range(10):
        member(org, team, f"more{i}@vonk.test", f"Meer {i}")
    with scope(organisation=org):
        services.round_start(programme=duos)
    with django_assert_max_num_queries(16):
        assert client.get(url("programme", org, uuid=duos.uuid)).status_code == 200


def test_my_page_does_not_grow_with_rounds(org, alice, duos, login, django_assert_max_num_queries):
    client = login(alice)
    for _ in range(3):
        with scope(organisation=org):
            services.round_start(programme=duos)
    with django_assert_max_num_queries(20):
        assert client.get(url("home", org)).status_code == 200


@pytest.fixture
def presenting(org, team, other_team, alice, bob, carol):
    found = skill(org, "Presenteren")
    knows(alice, found, level=1, wants_to_learn=True)
    coach = member(org, other_team, "coach@vonk.test", "Coach Eva")
    knows(coach, found, level=4, can_teach=True)
    return found, coach


def test_learner_asks_admin_runs_publishes_coach_accepts(org, alice, carol, presenting, login):
    found, coach = presenting
    login(coach).post(url("offer", org), {"skills": [found.uuid], "capacity": 2, "languages": ["nl"],
                                          "is_active": "on"})
    response = login(alice).post(url("request_new", org), {"goal": "Presenteren op het teamoverleg",
                                                            "skills": [found.uuid], "language": "nl"})
    assert response.status_code == 302
    admin = login(carol)
    response = admin.post(url("run_new", org))
    run_url = response["Location"]
    page = admin.get(run_url)
    assert page.status_code == 200 and coach.display_name in page.text
    admin.post(run_url, {"action": "publish"})
    with scope(organisation=org):
        match = Match.objects.get()
    assert match.status == MatchStatus.PUBLISHED
    assert login(coach).post(url("match", org, uuid=match.uuid), {"action": "accept"}).status_code == 302
    login(alice).post(url("match", org, uuid=match.uuid), {"action": "accept"})
    with scope(organisation=org):
        assert Match.objects.get().status == MatchStatus.ACTIVE
    response = login(alice).post(url("match", org, uuid=match.uuid), {
        "action": "meeting", "held_on": "2020-01-01", "minutes": 60, "notes": "Eerste sessie"})
    assert response.status_code == 302


def test_only_ld_runs_the_matching_and_others_cannot_open_a_match(org, alice, bob, carol, presenting, login):
    assert login(alice).post(url("run_new", org)).status_code == 403
    found, coach = presenting
    with scope(organisation=org):
        services.coach_offer_save(person=coach, skills=[found], capacity=1)
        services.coaching_request_create(person=alice, goal="Presenteren", skills=[found])
        run = services.matching_run_create(by=carol)
        match = run.matches.get()
    assert login(alice).get(url("run", org, uuid=run.uuid)).status_code == 403
    assert login(bob).get(url("match", org, uuid=match.uuid)).status_code == 403
    assert login(carol).get(url("match", org, uuid=match.uuid)).status_code == 200


def test_the_run_page_query_count_stays_flat(org, team, carol, presenting, login, django_assert_max_num_queries):
    found, coach = presenting
    with scope(organisation=org):
        services.coach_offer_save(person=coach, skills=[found], capacity=5)
    for i in range(5):
        learner = member(org, team, f"l{i}@vonk.test", f"Leerling {i}")
        knows(learner, found, level=1, wants_to_learn=True)
        with scope(organisation=org):
            services.coaching_request_create(person=learner, goal="Presenteren", skills=[found])
    with scope(organisation=org):
        run = services.matching_run_create(by=carol)
        services.matching_run_publish(run=run, by=carol)
        assert run.matches.count() == 5
    client = login(carol)
    with django_assert_max_num_queries(12):
        assert client.get(url("run", org, uuid=run.uuid)).status_code == 200


def test_the_home_panel_shows_my_duo_and_stays_away_without_one(org, alice, duos, carol, login):
    with scope(organisation=org):
        partner = GroupMember.objects.get(person=alice).group.memberships.exclude(person=alice).first().person
    page = login(alice).get(reverse("home", kwargs={"org": org.slug}))
    assert 'id="panel-together"' in page.text and partner.display_name in page.text
    assert 'id="panel-together"' not in login(carol).get(reverse("home", kwargs={"org": org.slug})).text
