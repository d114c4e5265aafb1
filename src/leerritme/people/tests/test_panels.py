"""The people part's home panels: my teams, my skills, colleagues to learn from, people at a glance and
getting started."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from conftest import make_person
from leerritme.orgs.models import Organisation, Team, TeamMembership, TeamRole
from leerritme.people import panels
from leerritme.people.models import Invitation
from leerritme.people.tests.test_who_can_teach import give, make_skill


@pytest.fixture
def login(login):
    """Log in speaking English, so the assertions below read the English source strings."""

    def as_person(person):
        person.user.language = "en"
        person.user.save(update_fields=["language"])
        return login(person)

    return as_person


def request_for(person):
    request = RequestFactory().get("/")
    request.user = person.user
    request.person = person
    request.organisation = person.organisation
    return request


def home(org):
    return reverse("home", kwargs={"org": org.slug})


# --- My teams ------------------------------------------------------------------------------------

def test_my_teams_lists_my_teams_and_their_leads(org, in_org, team, alice, bob):
    context = panels.my_teams(request_for(alice))
    [row] = context["teams"]
    assert row["team"] == team and row["leads"] == [bob]


def test_my_teams_does_not_name_me_as_my_own_lead(org, in_org, team, bob):
    [row] = panels.my_teams(request_for(bob))["teams"]
    assert row["membership"].role == TeamRole.LEAD and row["leads"] == []


def test_my_teams_is_not_shown_without_a_team(org, in_org, carol):
    assert panels.my_teams(request_for(carol)) is None


def test_my_teams_uses_two_queries_for_many_teams(org, in_org, alice, django_assert_num_queries):
    for i in range(8):
        t = Team.objects.create(organisation=org, name=f"Team {i}")
        TeamMembership.objects.create(organisation=org, team=t, person=alice)
        lead = make_person(org, f"lead{i}@vonk.test", f"Lead {i}")
        TeamMembership.objects.create(organisation=org, team=t, person=lead, role=TeamRole.LEAD)
    with django_assert_num_queries(2):
        context = panels.my_teams(request_for(alice))
        assert all(row["leads"][0].user.name.startswith("Lead") for row in context["teams"][1:])


# --- My skills -----------------------------------------------------------------------------------

def test_my_skills_shows_my_skills_with_levels(org, in_org, alice):
    give(alice, make_skill(org, "Lassen"), 3, can_teach=True)
    give(alice, make_skill(org, "Excel"), 1, wants_to_learn=True)
    context = panels.my_skills(request_for(alice))
    assert [e.skill.name for e in context["entries"]] == ["Lassen", "Excel"]
    assert context["profile_url"].endswith(f"/colleagues/{alice.uuid}/")


def test_my_skills_invites_me_to_add_my_first_skills_with_a_real_form(org, in_org, alice):
    make_skill(org, "Lassen")
    context = panels.my_skills(request_for(alice))
    assert context["entries"] == []
    assert context["skill_options"] == ["Lassen"]
    assert context["add_url"] == reverse("people:my_skills", kwargs={"org": org.slug})


def test_my_skills_is_not_shown_while_the_taxonomy_is_empty(org, in_org, alice):
    assert panels.my_skills(request_for(alice)) is None


def test_my_skills_uses_one_query_with_skills(org, in_org, alice, django_assert_num_queries):
    for i in range(12):
        give(alice, make_skill(org, f"Skill {i}"), (i % 4) + 1)
    with django_assert_num_queries(1):
        context = panels.my_skills(request_for(alice))
        assert [e.skill.name for e in context["entries"]][:1] and context["has_more"]


def test_the_first_skill_form_on_the_home_page_adds_a_skill(org, alice, login):
    make_skill(org, "Lassen")
    client = login(alice)
    body = client.get(home(org)).content.decode()
    assert "Add your first skills" in body and 'list="panel-skill-options"' in body
    response = client.post(reverse("people:my_skills", kwargs={"org": org.slug}),
                           {"skill": "Lassen", "level": "2", "can_teach": "on"})
    assert response.status_code == 302
    body = client.get(home(org)).content.decode()
    assert "Add your first skills" not in body and "My skills" in body


# --- Colleagues to learn from --------------------------------------------------------------------

def test_learn_from_suggests_teachers_for_my_wishes(org, in_org, alice, bob):
    welding = make_skill(org, "Lassen")
    give(alice, welding, wants_to_learn=True)
    give(bob, welding, 4, can_teach=True)
    context = panels.colleagues_to_learn_from(request_for(alice))
    [wish] = context["wishes"]
    assert [e.person for e in wish.teachers] == [bob]
    assert context["with_teachers"] == 1


def test_learn_from_is_not_shown_without_wishes(org, in_org, alice, bob):
    give(bob, make_skill(org, "Lassen"), 4, can_teach=True)
    assert panels.colleagues_to_learn_from(request_for(alice)) is None


def test_learn_from_takes_two_queries(org, in_org, alice, bob, django_assert_num_queries):
    for i in range(6):
        skill = make_skill(org, f"Skill {i}")
        give(alice, skill, wants_to_learn=True)
        give(bob, skill, 4, can_teach=True)
    with django_assert_num_queries(2):
        context = panels.colleagues_to_learn_from(request_for(alice))
        assert all(w.teachers[0].person.user.name == "Bob Jansen" for w in context["wishes"])


# --- People at a glance --------------------------------------------------------------------------

def test_at_a_glance_counts_people_teams_invitations_and_skills(org, in_org, team, alice, bob, carol, dave):
    Invitation.objects.create(organisation=org, email="new@vonk.test")
    Invitation.objects.create(organisation=org, email="old@vonk.test",
                              expires_at=timezone.now() - timedelta(days=1))
    make_skill(org, "Lassen")
    gone = make_person(org, "gone@vonk.test", "Gone")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    context = panels.people_at_a_glance(request_for(carol))
    assert (context["people"], context["teams"], context["pending_invitations"], context["without_team"],
            context["skills"]) == (4, 1, 1, 2, 1)


def test_at_a_glance_is_only_for_ld_admins_and_owners(org, in_org, alice, bob, carol, dave):
    assert panels.people_at_a_glance(request_for(alice)) is None
    assert panels.people_at_a_glance(request_for(bob)) is None
    assert panels.people_at_a_glance(request_for(carol)) is not None
    assert panels.people_at_a_glance(request_for(dave)) is not None


def test_at_a_glance_takes_a_fixed_number_of_queries(org, in_org, carol, django_assert_max_num_queries):
    for i in range(10):
        make_person(org, f"p{i}@vonk.test", f"P {i}")
    with django_assert_max_num_queries(5):
        panels.people_at_a_glance(request_for(carol))


# --- Getting started -----------------------------------------------------------------------------

def steps(context):
    return [step["done"] for step in context["steps"]]


def test_getting_started_shows_what_a_new_organisation_still_has_to_do(org, in_org, dave):
    Team.objects.all().delete()
    context = panels.getting_started(request_for(dave))
    assert steps(context) == [False, False, False, False]
    assert context["next"]["url"] == reverse("people:invitation_list", kwargs={"org": org.slug})


def test_getting_started_ticks_off_the_steps_that_are_done(org, in_org, team, dave, alice):
    make_skill(org, "Lassen")
    context = panels.getting_started(request_for(dave))
    assert steps(context) == [True, True, True, False]
    assert context["done"] == 3
    assert context["next"]["url"].endswith("#add-skill")


def test_a_pending_invitation_counts_as_inviting(org, in_org, dave):
    Invitation.objects.create(organisation=org, email="new@vonk.test")
    assert steps(panels.getting_started(request_for(dave)))[0]


def test_getting_started_disappears_when_everything_is_done(org, in_org, team, dave, alice):
    give(dave, make_skill(org, "Lassen"), 2)
    assert panels.getting_started(request_for(dave)) is None


def test_getting_started_is_only_for_ld_admins_and_owners(org, in_org, alice, bob, carol, dave):
    assert panels.getting_started(request_for(alice)) is None
    assert panels.getting_started(request_for(bob)) is None
    assert panels.getting_started(request_for(carol)) is not None


def test_getting_started_steps_aside_once_the_organisation_is_no_longer_young(org, in_org, dave):
    Organisation.objects.filter(pk=org.pk).update(created_at=timezone.now() - timedelta(days=200))
    dave.organisation.refresh_from_db()
    assert panels.getting_started(request_for(dave)) is None


def test_getting_started_takes_a_fixed_number_of_queries(org, in_org, dave, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        panels.getting_started(request_for(dave))


def test_the_home_page_shows_the_checklist_at_the_top_for_the_owner(org, dave, login):
    body = login(dave).get(home(org)).content.decode()
    assert "Getting started" in body
    assert body.index("Getting started") < body.index("People at a glance")
    assert reverse("people:invitation_list", kwargs={"org": org.slug}) in body
    assert reverse("people:admin_teams", kwargs={"org": org.slug}) in body


# --- The home page as a whole --------------------------------------------------------------------

def test_a_member_sees_teams_skills_and_colleagues_to_learn_from(org, team, alice, bob, login):
    welding = make_skill(org, "Lassen")
    give(alice, welding, 1, wants_to_learn=True)
    give(bob, welding, 4, can_teach=True)
    body = login(alice).get(home(org)).content.decode()
    for text in ("My team", "Onderhoud", "My skills", "Colleagues to learn from", "Bob Jansen"):
        assert text in body, text
    assert "People at a glance" not in body and "Getting started" not in body


def test_charlie_gets_404_on_the_home_page_with_these_panels(org, charlie, login):
    assert login(charlie).get(home(org)).status_code == 404


def test_panels_do_not_leak_across_organisations(org, other_org, in_org, alice):
    stranger = make_person(other_org, "sam@anders.test", "Sam")
    with scopes_disabled():
        skill = make_skill(other_org, "Lassen")
    give(stranger, skill, 4, can_teach=True)
    give(alice, make_skill(org, "Lassen"), wants_to_learn=True)
    [wish] = panels.colleagues_to_learn_from(request_for(alice))["wishes"]
    assert wish.teachers == []
