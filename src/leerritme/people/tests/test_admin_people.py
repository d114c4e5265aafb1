"""People administration pages: the people list and a person's page (role, teams, deactivation)."""

import uuid

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from conftest import make_person
from leerritme.orgs.models import Person, Role, Team, TeamMembership, TeamRole


@pytest.fixture
def login(login):
    """Log in with English as the person's language, so messages can be checked against the source text."""

    def as_person(person):
        person.user.language = "en"
        person.user.save(update_fields=["language"])
        return login(person)

    return as_person


def people_url(**params):
    url = reverse("people:admin_people", kwargs={"org": "vonk"})
    if params:
        from urllib.parse import urlencode

        url += "?" + urlencode(params)
    return url


def person_url(person, action=""):
    name = {
        "": "people:admin_person",
        "deactivate": "people:admin_person_deactivate",
        "reactivate": "people:admin_person_reactivate",
        "teams": "people:admin_person_team_add",
    }[action]
    return reverse(name, kwargs={"org": "vonk", "uuid": person.uuid})


def _reload(person):
    with scopes_disabled():
        return Person.objects.select_related("user").get(pk=person.pk)


# --- who may come in ---


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_members_and_team_leads_get_403(who, request, login, alice):
    client = login(request.getfixturevalue(who))
    assert client.get(people_url()).status_code == 403
    assert client.get(person_url(alice)).status_code == 403
    assert client.post(person_url(alice), {"role": "owner", "job_title": ""}).status_code == 403
    assert client.get(person_url(alice, "deactivate")).status_code == 403
    assert client.post(person_url(alice, "deactivate")).status_code == 403
    assert _reload(alice).is_active


@pytest.mark.parametrize("who", ["carol", "dave"])
def test_ld_admins_and_owners_get_the_pages(who, request, login, alice):
    client = login(request.getfixturevalue(who))
    assert client.get(people_url()).status_code == 200
    assert client.get(person_url(alice)).status_code == 200


def test_charlie_gets_404(login, charlie, alice):
    client = login(charlie)
    for url in (
        people_url(),
        person_url(alice),
        person_url(alice, "deactivate"),
        person_url(alice, "reactivate"),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"role": "member"}).status_code == 404


def test_a_person_of_another_organisation_is_404_even_for_an_admin(login, carol, charlie):
    client = login(carol)
    assert client.get(person_url(charlie)).status_code == 404
    assert (
        client.get(reverse("people:admin_person", kwargs={"org": "vonk", "uuid": uuid.uuid4()})).status_code
        == 404
    )


# --- the list ---


def test_it_lists_people_with_email_job_title_role_teams_and_status(login, carol, alice, bob, team):
    with scopes_disabled():
        Person.objects.filter(pk=alice.pk).update(job_title="Monteur")
    html = login(carol).get(people_url()).content.decode()
    assert "Alice de Vries" in html and "alice@vonk.test" in html and "Monteur" in html
    assert "Onderhoud" in html
    assert "Bob Jansen" in html and "Carol Bakker" in html
    assert reverse("people:admin_person", kwargs={"org": "vonk", "uuid": alice.uuid}) in html


def test_it_searches_by_name_and_email(login, carol, alice, bob):
    client = login(carol)
    html = client.get(people_url(q="vries")).content.decode()
    assert "Alice de Vries" in html and "Bob Jansen" not in html
    html = client.get(people_url(q="bob@vonk")).content.decode()
    assert "Bob Jansen" in html and "Alice de Vries" not in html


def test_it_filters_by_role_team_and_status(login, org, carol, dave, alice, bob, team):
    client = login(carol)
    html = client.get(people_url(role="owner")).content.decode()
    assert "Dave Visser" in html and "Alice de Vries" not in html
    html = client.get(people_url(team=str(team.uuid))).content.decode()
    assert "Alice de Vries" in html and "Bob Jansen" in html and "Dave Visser" not in html
    with scopes_disabled():
        Person.objects.filter(pk=alice.pk).update(is_active=False)
    html = client.get(people_url()).content.decode()
    assert "Alice de Vries" not in html
    html = client.get(people_url(status="deactivated")).content.decode()
    assert "Alice de Vries" in html and "Bob Jansen" not in html
    # Admins see the real name of a deactivated person, not "a former colleague".
    html = client.get(people_url(status="all")).content.decode()
    assert "Alice de Vries" in html and "Bob Jansen" in html


def test_a_department_filter_includes_its_teams(login, org, carol, alice, team):
    with scopes_disabled():
        department = Team.objects.create(organisation=org, name="Techniek")
        Team.objects.filter(pk=team.pk).update(parent=department)
    html = login(carol).get(people_url(team=str(department.uuid))).content.decode()
    assert "Alice de Vries" in html


def test_bad_filter_values_show_everyone_active_instead_of_an_error(login, carol, alice):
    response = login(carol).get(people_url(team="not-a-team", role="king", page="x"))
    assert response.status_code == 200
    assert "Alice de Vries" in response.content.decode()


def test_htmx_gets_only_the_results(login, carol, alice):
    response = login(carol).get(people_url(q="alice"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="people-results"' in html
    assert "<html" not in html


def test_it_pages_by_50(login, org, carol):
    for number in range(55):
        make_person(org, f"p{number:02d}@vonk.test", f"Persoon {number:02d}")
    client = login(carol)
    first = client.get(people_url()).content.decode()
    assert "Persoon 00" in first and "Persoon 48" in first and "Persoon 54" not in first
    second = client.get(people_url(page=2)).content.decode()
    assert "Persoon 54" in second and "Persoon 00" not in second


def _make_colleagues(org, teams, start, count):
    with scopes_disabled():
        for number in range(start, start + count):
            person = make_person(org, f"q{number}@vonk.test", f"Collega {number}")
            for team in teams[number % 3 : number % 3 + 2]:
                TeamMembership.objects.create(organisation=org, team=team, person=person)


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_list_takes_a_constant_number_of_queries(login, org, carol, django_assert_max_num_queries):
    with scopes_disabled():
        teams = [Team.objects.create(organisation=org, name=f"Team {n}") for n in range(6)]
    _make_colleagues(org, teams, 0, 3)
    client = login(carol)
    client.get(people_url())  # warm up the session
    few, _html = _queries(client, people_url())
    _make_colleagues(org, teams, 3, 27)
    many, html = _queries(client, people_url())
    assert html.count('<th scope="row"') == 31  # 30 colleagues and carol
    assert many == few
    with django_assert_max_num_queries(9):
        client.get(people_url())
    filtered_few, _html = _queries(client, people_url(team=str(teams[0].uuid), q="collega"))
    assert filtered_few == many


# --- a person's page ---


def test_an_admin_changes_role_and_job_title(login, carol, alice):
    response = login(carol).post(person_url(alice), {"role": "ld_admin", "job_title": "Planner"})
    assert response.status_code == 302
    alice = _reload(alice)
    assert alice.role == Role.LD_ADMIN and alice.job_title == "Planner"


def test_an_ld_admin_cannot_make_an_owner(login, carol, alice):
    response = login(carol).post(person_url(alice), {"role": "owner", "job_title": ""})
    assert response.status_code == 400
    assert _reload(alice).role == Role.MEMBER


def test_an_ld_admin_cannot_change_an_owners_role_but_can_edit_their_job_title(login, org, carol, dave):
    make_person(org, "erik@vonk.test", "Erik Smit", role="owner")
    client = login(carol)
    html = client.get(person_url(dave)).content.decode()
    assert "Only an owner can change the role of an owner." in html
    response = client.post(person_url(dave), {"role": "member", "job_title": "Directeur"})
    assert response.status_code == 302
    dave = _reload(dave)
    assert dave.role == Role.OWNER and dave.job_title == "Directeur"


def test_the_last_owner_is_told_why_they_cannot_step_down(login, dave):
    response = login(dave).post(person_url(dave), {"role": "member", "job_title": ""})
    assert response.status_code == 400
    assert "last owner" in response.content.decode()
    assert _reload(dave).role == Role.OWNER


def test_an_owner_makes_someone_owner(login, dave, alice):
    assert login(dave).post(person_url(alice), {"role": "owner", "job_title": ""}).status_code == 302
    assert _reload(alice).role == Role.OWNER


def test_an_admin_who_demotes_themselves_goes_home(login, carol):
    response = login(carol).post(person_url(carol), {"role": "member", "job_title": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("home", kwargs={"org": "vonk"})


def test_it_adds_a_person_to_a_team_from_their_page(login, org, carol, dave):
    with scopes_disabled():
        kitchen = Team.objects.create(organisation=org, name="Keuken")
    response = login(carol).post(person_url(dave, "teams"), {"team": str(kitchen.uuid), "role": "lead"})
    assert response.status_code == 302
    with scopes_disabled():
        assert TeamMembership.objects.get(team=kitchen, person=dave).role == TeamRole.LEAD


def test_a_team_of_another_organisation_cannot_be_chosen(login, other_org, carol, dave):
    with scopes_disabled():
        foreign = Team.objects.create(organisation=other_org, name="Elders")
    response = login(carol).post(person_url(dave, "teams"), {"team": str(foreign.uuid), "role": "member"})
    assert response.status_code == 400
    with scopes_disabled():
        assert not TeamMembership.objects.filter(person=dave).exists()


def test_deactivation_asks_for_confirmation_and_get_changes_nothing(login, carol, alice):
    response = login(carol).get(person_url(alice, "deactivate"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form method="post"' in html
    assert "a former colleague" in html
    assert _reload(alice).is_active


def test_it_deactivates_and_the_person_can_no_longer_enter(login, client, carol, alice):
    response = login(carol).post(person_url(alice, "deactivate"))
    assert response.status_code == 302
    assert not _reload(alice).is_active
    client.force_login(alice.user)
    assert client.get(reverse("home", kwargs={"org": "vonk"})).status_code == 404


def test_the_last_owner_cannot_be_deactivated_and_sees_why(login, carol, dave):
    client = login(carol)
    response = client.post(person_url(dave, "deactivate"), follow=True)
    assert "last owner" in response.content.decode()
    assert _reload(dave).is_active


def test_it_reactivates_after_confirmation(login, carol, alice):
    client = login(carol)
    client.post(person_url(alice, "deactivate"))
    assert client.get(person_url(alice, "reactivate")).status_code == 200
    assert not _reload(alice).is_active
    assert client.post(person_url(alice, "reactivate")).status_code == 302
    assert _reload(alice).is_active
