"""Teams administration: the tree of teams, creating, editing, members and deleting (services and pages)."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled

from conftest import make_person
from leerritme.notifications.models import Notification
from leerritme.orgs.models import Team, TeamMembership, TeamRole
from leerritme.people.services.admin import team_create, team_delete, team_update


@pytest.fixture
def login(login):
    """Log in with English as the person's language, so messages can be checked against the source text."""

    def as_person(person):
        person.user.language = "en"
        person.user.save(update_fields=["language"])
        return login(person)

    return as_person


def teams_url():
    return reverse("people:admin_teams", kwargs={"org": "vonk"})


def create_url():
    return reverse("people:admin_team_create", kwargs={"org": "vonk"})


def team_url(team, action=""):
    names = {
        "": "people:admin_team",
        "delete": "people:admin_team_delete",
        "add": "people:admin_team_member_add",
    }
    return reverse(names[action], kwargs={"org": "vonk", "uuid": team.uuid})


def member_url(team, person, remove=False):
    name = "people:admin_team_member_remove" if remove else "people:admin_team_member"
    return reverse(name, kwargs={"org": "vonk", "uuid": team.uuid, "person": person.uuid})


# --- services ---


def test_it_creates_a_team_under_a_department(in_org, org):
    department = team_create(organisation=org, name="Techniek")
    team = team_create(
        organisation=org, name="  Onderhoud   Noord ", parent=department, description=" Vakmensen "
    )
    assert team.name == "Onderhoud Noord"
    assert team.parent == department
    assert team.description == "Vakmensen"


def test_team_names_are_unique_regardless_of_case(in_org, org, team):
    with pytest.raises(ValidationError) as error:
        team_create(organisation=org, name="onderhoud")
    assert error.value.code == "duplicate"


def test_a_team_cannot_be_its_own_ancestor(in_org, org):
    top = team_create(organisation=org, name="Techniek")
    middle = team_create(organisation=org, name="Onderhoud", parent=top)
    bottom = team_create(organisation=org, name="Ploeg A", parent=middle)
    with pytest.raises(ValidationError) as error, translation.override("en"):
        team_update(team=top, name="Techniek", parent=bottom, description="")
    assert error.value.code == "cycle"
    assert "Ploeg A is part of Techniek" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        team_update(team=top, name="Techniek", parent=top, description="")
    assert error.value.code == "own_parent"
    top.refresh_from_db()
    assert top.parent is None


def test_deleting_a_department_keeps_its_teams(in_org, org, alice, team):
    department = team_create(organisation=org, name="Techniek")
    team_update(team=team, name=team.name, parent=department, description="")
    children = team_delete(team=department)
    assert [child.name for child in children] == ["Onderhoud"]
    team.refresh_from_db()
    assert team.parent is None
    assert TeamMembership.objects.filter(team=team, person=alice).exists()


# --- who may come in ---


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_members_and_team_leads_get_403(who, request, login, team, alice):
    client = login(request.getfixturevalue(who))
    assert client.get(teams_url()).status_code == 403
    assert client.get(create_url()).status_code == 403
    assert client.get(team_url(team)).status_code == 403
    assert client.post(team_url(team), {"name": "Weg"}).status_code == 403
    assert client.post(team_url(team, "delete")).status_code == 403
    assert client.post(member_url(team, alice, remove=True)).status_code == 403
    with scopes_disabled():
        assert Team.objects.filter(pk=team.pk, name="Onderhoud").exists()


@pytest.mark.parametrize("who", ["carol", "dave"])
def test_ld_admins_and_owners_get_the_pages(who, request, login, team):
    client = login(request.getfixturevalue(who))
    for url in (teams_url(), create_url(), team_url(team), team_url(team, "delete")):
        assert client.get(url).status_code == 200, url


def test_charlie_gets_404(login, charlie, team, alice):
    client = login(charlie)
    for url in (
        teams_url(),
        create_url(),
        team_url(team),
        team_url(team, "delete"),
        team_url(team, "add"),
        member_url(team, alice),
        member_url(team, alice, remove=True),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url


def test_a_team_of_another_organisation_is_404_for_an_admin(login, other_org, carol):
    with scopes_disabled():
        foreign = Team.objects.create(organisation=other_org, name="Elders")
    client = login(carol)
    assert client.get(team_url(foreign)).status_code == 404
    assert client.post(team_url(foreign, "delete")).status_code == 404
    assert (
        client.get(reverse("people:admin_team", kwargs={"org": "vonk", "uuid": uuid.uuid4()})).status_code
        == 404
    )


# --- pages ---


def test_the_tree_lists_teams_with_size_and_leads_in_constant_queries(
    login, org, carol, bob, alice, team, django_assert_max_num_queries
):
    client = login(carol)
    client.get(teams_url())
    with scopes_disabled():
        departments = [Team.objects.create(organisation=org, name=f"Afdeling {n}") for n in range(3)]
        for number in range(24):
            sub = Team.objects.create(
                organisation=org, name=f"Ploeg {number:02d}", parent=departments[number % 3]
            )
            lead = make_person(org, f"lead{number}@vonk.test", f"Leider {number:02d}")
            TeamMembership.objects.create(organisation=org, team=sub, person=lead, role=TeamRole.LEAD)
    with django_assert_max_num_queries(8):
        response = client.get(teams_url())
    html = response.content.decode()
    assert "Ploeg 23" in html and "Leider 23" in html and "Bob Jansen" in html
    # A team's row comes after its department's.
    assert html.index("Afdeling 0") < html.index("Ploeg 00") < html.index("Afdeling 1")


def test_it_creates_a_team_and_goes_to_its_page(login, org, carol, team):
    response = login(carol).post(
        create_url(), {"name": "Keuken", "parent": str(team.uuid), "description": "Koks"}
    )
    with scopes_disabled():
        kitchen = Team.objects.get(organisation=org, name="Keuken")
    assert response.status_code == 302
    assert response["Location"] == team_url(kitchen)
    assert kitchen.parent == team


def test_a_duplicate_name_gets_a_clear_message(login, carol, team):
    response = login(carol).post(create_url(), {"name": "ONDERHOUD", "parent": ""})
    assert response.status_code == 400
    assert "There is already a team called ONDERHOUD" in response.content.decode()


def test_the_edit_form_does_not_offer_the_team_itself_or_its_subteams_as_parent(login, org, carol, team):
    with scopes_disabled():
        sub = Team.objects.create(organisation=org, name="Ploeg Noord", parent=team)
        other = Team.objects.create(organisation=org, name="Keuken")
    html = login(carol).get(team_url(team)).content.decode()
    parent_select = html[html.index('name="parent"') :]
    parent_select = parent_select[: parent_select.index("</select>")]
    assert str(other.uuid) in parent_select
    assert str(sub.uuid) not in parent_select and str(team.uuid) not in parent_select


def test_moving_a_department_under_its_own_team_is_refused_with_a_message(login, org, carol, team):
    with scopes_disabled():
        sub = Team.objects.create(organisation=org, name="Ploeg Noord", parent=team)
    response = login(carol).post(team_url(team), {"name": "Onderhoud", "parent": str(sub.uuid)})
    assert response.status_code == 400
    with scopes_disabled():
        team.refresh_from_db()
    assert team.parent is None


def test_it_renames_a_team(login, carol, team):
    response = login(carol).post(
        team_url(team), {"name": "Onderhoud & Service", "parent": "", "description": ""}
    )
    assert response.status_code == 302
    with scopes_disabled():
        team.refresh_from_db()
    assert team.name == "Onderhoud & Service"


def test_it_finds_colleagues_outside_the_team_to_add(login, org, carol, alice, team):
    make_person(org, "anna@vonk.test", "Anna Vos")
    response = login(carol).get(team_url(team) + "?q=a", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="candidates"' in html and "<html" not in html
    assert "Anna Vos" in html
    assert "Alice de Vries" not in html  # already in the team


def test_it_adds_a_member_as_lead_and_notifies_them(login, org, carol, dave, team):
    response = login(carol).post(team_url(team, "add"), {"person": str(dave.uuid), "role": "lead"})
    assert response.status_code == 302
    with scopes_disabled():
        assert TeamMembership.objects.get(team=team, person=dave).role == TeamRole.LEAD
        assert Notification.objects.filter(person=dave, kind="people.added_to_team").exists()


def test_adding_someone_of_another_organisation_is_404(login, carol, charlie, team):
    response = login(carol).post(team_url(team, "add"), {"person": str(charlie.uuid), "role": "member"})
    assert response.status_code == 404


def test_adding_with_a_malformed_person_is_a_message_not_an_error(login, carol, team):
    response = login(carol).post(team_url(team, "add"), {"person": "nope", "role": "member"}, follow=True)
    assert response.status_code == 200


def test_it_changes_a_members_role(login, carol, alice, team):
    assert login(carol).post(member_url(team, alice), {"role": "lead"}).status_code == 302
    with scopes_disabled():
        assert TeamMembership.objects.get(team=team, person=alice).role == TeamRole.LEAD


def test_removing_a_member_asks_first(login, carol, alice, team):
    client = login(carol)
    assert client.get(member_url(team, alice, remove=True)).status_code == 200
    with scopes_disabled():
        assert TeamMembership.objects.filter(team=team, person=alice).exists()
    assert client.post(member_url(team, alice, remove=True)).status_code == 302
    with scopes_disabled():
        assert not TeamMembership.objects.filter(team=team, person=alice).exists()


def test_deleting_a_department_says_its_teams_stay(login, org, carol, team):
    with scopes_disabled():
        department = Team.objects.create(organisation=org, name="Techniek")
        Team.objects.filter(pk=team.pk).update(parent=department)
    client = login(carol)
    confirm = client.get(team_url(department, "delete")).content.decode()
    assert "Onderhoud" in confirm
    response = client.post(team_url(department, "delete"), follow=True)
    html = response.content.decode()
    assert "Onderhoud" in html and "top-level" in html
    with scopes_disabled():
        assert not Team.objects.filter(pk=department.pk).exists()
        team.refresh_from_db()
        assert team.parent is None
