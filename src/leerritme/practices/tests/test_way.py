"""The organisation's way of learning: the vision, who practises what per department, proposals, printing,
and the home panel."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from conftest import make_person
from leerritme.orgs.models import Team, TeamMembership, TeamRole
from leerritme.practices import panels
from leerritme.practices.models import AdoptionStatus, Rhythm, WayOfLearning
from leerritme.practices.tests import helpers
from leerritme.practices.tests.helpers import adopt

pytestmark = pytest.mark.django_db
english = helpers.english  # the fixture: log in speaking English


def way_url(org):
    return reverse("practices:way", kwargs={"org": org.slug})


def vision_url(org):
    return reverse("practices:vision_edit", kwargs={"org": org.slug})


@pytest.fixture
def department(org, team):
    with scopes_disabled():
        service = Team.objects.create(organisation=org, name="Service & Onderhoud")
        team.parent = service
        team.save(update_fields=["parent"])
    return service


# --- Reading -------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["alice", "bob", "carol", "dave"])
def test_everyone_in_the_organisation_reads_it(who, org, team, request, english):
    adopt(team, "check-out", purpose="Better meetings")
    response = english(request.getfixturevalue(who)).get(way_url(org))
    assert response.status_code == 200
    assert "Check-out on the meeting and how we work together" in response.text and "Better meetings" in response.text


def test_charlie_gets_404(org, charlie, login):
    client = login(charlie)
    assert client.get(way_url(org)).status_code == 404
    assert client.get(vision_url(org)).status_code == 404
    assert client.post(vision_url(org), {"vision": "Mine now"}).status_code == 404


def test_it_shows_the_vision_in_paragraphs(org, alice, english):
    with scopes_disabled():
        WayOfLearning.objects.create(organisation=org, vision="Leren hoort bij het werk.\n\n<b>Samen</b> en vaak.")
    text = english(alice).get(way_url(org)).text
    assert "<p>Leren hoort bij het werk.</p>" in text
    assert "&lt;b&gt;Samen&lt;/b&gt; en vaak." in text  # plain text, never markup


def test_it_lists_practices_per_department_and_team_with_owner_purpose_and_rhythm(org, team, department, alice, bob,
                                                                                  english):
    adoption = adopt(team, "check-out", owner=bob, purpose="So our meetings get better")
    with scopes_disabled():
        Rhythm.objects.create(organisation=org, adoption=adoption, rrule="FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0",
                              starts_at=timezone.now() - timedelta(days=3), duration_minutes=15,
                              meeting="the Monday team meeting")
        lonely = Team.objects.create(organisation=org, name="Bedrijfsbureau")
    adopt(lonely, "kaizen")
    response = english(alice).get(way_url(org))
    [bureau, service] = response.context["overview"].departments
    assert (bureau.name, service.name) == ("Bedrijfsbureau", "Service & Onderhoud")
    assert [row.team.pk for row in service.teams] == [team.pk]
    text = response.text
    assert "Bob Jansen" in text and "So our meetings get better" in text
    assert "Every Monday at 09:00" in text and "the Monday team meeting" in text
    assert "no rhythm set yet" in text  # kaizen has none
    assert "2 practices in 2 of 3 teams." in text


def test_it_leaves_out_proposed_declined_and_stopped_practices(org, team, bob, carol, english):
    adopt(team, "kaizen", status=AdoptionStatus.PROPOSED, proposed_by=carol, purpose="")
    adopt(team, "mentoring", status=AdoptionStatus.DECLINED, proposed_by=carol, purpose="No")
    adopt(team, "experiment", status=AdoptionStatus.STOPPED)
    overview = english(bob).get(way_url(org)).context["overview"]
    assert overview.departments == [] and overview.adoption_count == 0


def test_leads_see_the_proposals_to_answer_members_do_not(org, team, alice, bob, carol, english):
    proposal = adopt(team, "kaizen", status=AdoptionStatus.PROPOSED, proposed_by=carol, purpose="")
    answer = reverse("practices:proposal", kwargs={"org": org.slug, "uuid": proposal.uuid})
    assert answer in english(bob).get(way_url(org)).text
    assert answer in english(carol).get(way_url(org)).text
    assert answer not in english(alice).get(way_url(org)).text


def test_it_nudges_a_lead_whose_team_practises_nothing(org, team, bob, english):
    assert "Your team Onderhoud has not adopted a practice yet." in english(bob).get(way_url(org)).text


def test_only_those_who_may_change_a_practice_get_its_links(org, team, alice, bob, english):
    adoption = adopt(team, "check-out", owner=bob)
    edit = reverse("practices:adoption_edit", kwargs={"org": org.slug, "uuid": adoption.uuid})
    assert edit in english(bob).get(way_url(org)).text
    assert edit not in english(alice).get(way_url(org)).text


def test_it_prints_as_a_clean_overview(org, team, alice, english):
    adopt(team, "check-out")
    text = english(alice).get(way_url(org)).text
    assert "@media print" in text and 'onclick="window.print()"' in text and ">Print<" in text
    assert "way-actions" in text  # buttons and links that make no sense on paper are left off


def test_the_query_count_stays_the_same_with_20_teams(org, team, department, alice, bob, english,
                                                     django_assert_max_num_queries):
    client = english(bob)
    adopt(team, "check-out", owner=bob)
    client.get(way_url(org))
    with django_assert_max_num_queries(14) as few:
        client.get(way_url(org))
    baseline = len(few.captured_queries)
    with scopes_disabled():
        for i in range(20):
            t = Team.objects.create(organisation=org, name=f"Regio {i:02}", parent=department if i % 2 else None)
            lead = make_person(org, f"lead{i}@vonk.test", f"Lead {i}")
            TeamMembership.objects.create(organisation=org, team=t, person=lead, role=TeamRole.LEAD)
            a = adopt(t, ["check-out", "kaizen", "retrospective", "lunch-and-learn"][i % 4], owner=lead)
            adopt(t, "mentoring", owner=lead)
            if i % 3 == 0:
                Rhythm.objects.create(organisation=org, adoption=a, rrule="FREQ=WEEKLY;BYDAY=TU;BYHOUR=14;BYMINUTE=0",
                                      starts_at=timezone.now(), duration_minutes=30)
    with django_assert_max_num_queries(baseline):
        response = client.get(way_url(org))
    assert response.context["overview"].adoption_count == 41


# --- The vision ----------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["alice", "bob"])
def test_members_and_leads_cannot_write_the_vision(who, org, request, login):
    client = login(request.getfixturevalue(who))
    assert client.get(vision_url(org)).status_code == 403
    assert client.post(vision_url(org), {"vision": "Ours"}).status_code == 403
    with scopes_disabled():
        assert not WayOfLearning.objects.filter(organisation=org).exists()


@pytest.mark.parametrize("who", ["carol", "dave"])
def test_admins_and_owners_write_the_vision(who, org, request, english):
    client = english(request.getfixturevalue(who))
    assert client.get(vision_url(org)).status_code == 200
    response = client.post(vision_url(org), {"vision": "We learn in the work.\r\n\r\nEvery week."})
    assert response.status_code == 302 and response["Location"] == way_url(org)
    with scopes_disabled():
        assert WayOfLearning.objects.get(organisation=org).vision == "We learn in the work.\n\nEvery week."


def test_a_too_long_vision_is_refused_with_a_message(org, carol, english):
    response = english(carol).post(vision_url(org), {"vision": "x" * 10001})
    assert response.status_code == 200 and "at most 10000 characters" in response.text


# --- The home panel ------------------------------------------------------------------------------

def request_for(person):
    request = RequestFactory().get("/")
    request.user = person.user
    request.person = person
    request.organisation = person.organisation
    return request


def test_the_panel_shows_my_teams_practices_and_proposals_for_leads(org, team, alice, bob, carol):
    adoption = adopt(team, "check-out", owner=alice)
    proposal = adopt(team, "kaizen", status=AdoptionStatus.PROPOSED, proposed_by=carol, purpose="")
    with scope(organisation=org):
        mine = panels.my_practices(request_for(alice))
        leads = panels.my_practices(request_for(bob))
    assert mine["adoptions"] == [adoption] and mine["proposals"] == []
    assert leads["proposals"] == [proposal]


def test_the_panel_is_not_shown_when_there_is_nothing(org, team, alice, carol):
    adopt(team, "check-out", status=AdoptionStatus.PROPOSED, proposed_by=carol, purpose="")
    with scope(organisation=org):
        assert panels.my_practices(request_for(alice)) is None
        assert panels.my_practices(request_for(carol)) is None  # not a lead: proposals show on the way page


def test_the_panel_renders_on_the_home_page(org, team, alice, english):
    adopt(team, "check-out", owner=alice)
    text = english(alice).get(reverse("home", kwargs={"org": org.slug})).text
    assert "How my teams learn" in text and "you own it" in text


def test_a_large_organisation_sees_one_department_at_a_time(org, alice, login, settings, monkeypatch):
    """Above the threshold the page shows the person's own department and offers the others."""
    from django_scopes import scope

    from leerritme.orgs.models import Team, TeamMembership
    from leerritme.practices import selectors
    from leerritme.practices.catalogue import practices_ensure_catalogue
    from leerritme.practices.models import Adoption, AdoptionStatus, Practice

    monkeypatch.setattr(selectors, "ONE_DEPARTMENT_ABOVE", 2)
    with scope(organisation=org):
        practices_ensure_catalogue(org)
        practices = list(Practice.objects.all()[:2])
        north = Team.objects.create(organisation=org, name="Noord")
        south = Team.objects.create(organisation=org, name="Zuid")
        north_team = Team.objects.create(organisation=org, name="Noord A", parent=north)
        south_team = Team.objects.create(organisation=org, name="Zuid A", parent=south)
        TeamMembership.objects.create(organisation=org, team=north_team, person=alice)
        for team in (north_team, south_team):
            for practice in practices:
                Adoption.objects.create(organisation=org, team=team, practice=practice,
                                        status=AdoptionStatus.ACTIVE)

    client = login(alice)
    page = client.get(f"/o/{org.slug}/way-of-learning/").content.decode()
    assert "Noord A" in page and "Zuid A" not in page
    assert f'value="{south.uuid}"' in page

    page = client.get(f"/o/{org.slug}/way-of-learning/", {"department": str(south.uuid)}).content.decode()
    assert "Zuid A" in page and "Noord A" not in page


def test_the_teams_shown_are_paged_in_the_order_of_the_page(org, department, alice, english, monkeypatch):
    """A department of a large organisation has hundreds of teams: they come a page at a time, in order."""
    from leerritme.practices import selectors

    monkeypatch.setattr(selectors, "TEAMS_PER_PAGE", 3)
    with scopes_disabled():
        for i in range(7):
            adopt(Team.objects.create(organisation=org, name=f"Ploeg {i}", parent=department), "check-out")
    client = english(alice)
    first = client.get(way_url(org))
    overview = first.context["overview"]
    assert [row.team.name for d in overview.departments for row in d.teams] == ["Ploeg 0", "Ploeg 1", "Ploeg 2"]
    assert overview.adoption_count == 7 and overview.page.paginator.num_pages == 3
    assert "Teams 1 to 3 of 7 teams that practise something here." in first.text and 'rel="next"' in first.text

    last = client.get(way_url(org), {"page": 3}).context["overview"]
    assert [row.team.name for d in last.departments for row in d.teams] == ["Ploeg 6"]
    nonsense = client.get(way_url(org), {"page": "x"}).context["overview"]  # a bad page number: the first page
    assert [row.team.name for d in nonsense.departments for row in d.teams][0] == "Ploeg 0"


def test_one_page_of_teams_shows_no_pager(org, team, alice, english):
    adopt(team, "check-out")
    response = english(alice).get(way_url(org))
    assert response.context["overview"].page is None and "Pages of teams" not in response.text
