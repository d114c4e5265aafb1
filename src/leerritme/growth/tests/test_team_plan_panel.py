"""The team page (people part) shows the team's learning plan of this year through the panel seam: to its
members and L&D, with its ambition, focus skills and a link to the plan; not to colleagues outside the team."""

from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from conftest import make_person
from leerritme.growth.services.team_plans import team_plan_skill_add, team_plan_start, team_plan_update
from leerritme.lib.panels import TEAM, registered_panels
from leerritme.orgs.models import Team
from leerritme.people.models import Skill
from tests import english

alice, bob, carol = english.alice, english.bob, english.carol
YEAR = timezone.localdate().year


def team_page(team):
    return reverse("people:team_detail", kwargs={"org": team.organisation.slug, "uuid": team.uuid})


def plan_url(team):
    return reverse("growth:team_plan", kwargs={"org": team.organisation.slug, "uuid": team.uuid})


def plan_with_focus(team, lead, *names):
    with scope(organisation=team.organisation):
        plan = team_plan_start(team=team, year=YEAR, by=lead)
        team_plan_update(plan=plan, by=lead, ambition="Elke monteur regelt zelf een warmtepomp in.")
        for name in names:
            team_plan_skill_add(plan=plan, by=lead,
                                skill=Skill.objects.create(organisation=team.organisation, name=name))
    return plan


def test_the_panel_is_registered_for_the_team_page_only():
    assert "growth.team_plan" in [panel.name for panel in registered_panels(TEAM)]
    assert "growth.team_plan" not in [panel.name for panel in registered_panels()]


def test_a_member_sees_the_plan_in_short_with_a_link_to_it(org, team, alice, bob, login):
    plan_with_focus(team, bob, "Warmtepompen", "Storingen")
    page = login(alice).get(team_page(team)).content.decode()
    assert 'id="team-plan-panel"' in page and f"Learning plan {YEAR}" in page
    assert "Elke monteur regelt zelf een warmtepomp in." in page
    assert "Warmtepompen" in page and "Storingen" in page
    assert f'id="team-plan-link" href="{plan_url(team)}"' in page
    assert login(alice).get(plan_url(team)).status_code == 200


def test_without_a_plan_the_panel_says_so_and_still_leads_to_it(org, team, alice, bob, login):
    page = login(bob).get(team_page(team)).content.decode()
    assert f"This team has no learning plan for {YEAR} yet." in page
    assert f'href="{plan_url(team)}"' in page


def test_many_focus_skills_are_summed_up(org, team, alice, bob, login):
    plan_with_focus(team, bob, *[f"Vak {n}" for n in range(7)])
    page = login(alice).get(team_page(team)).content.decode()
    assert "Vak 4" in page and "Vak 5" not in page and "and 2 more" in page


def test_l_and_d_sees_it_and_a_colleague_outside_the_team_does_not(org, team, bob, carol, login):
    plan_with_focus(team, bob, "Warmtepompen")
    assert 'id="team-plan-panel"' in login(carol).get(team_page(team)).content.decode()
    outsider = english.in_english(make_person(org, "erik@vonk.test", "Erik Smit"))
    response = login(outsider).get(team_page(team))
    assert response.status_code == 200  # the team page is for everyone in the organisation
    page = response.content.decode()
    assert 'id="team-plan-panel"' not in page and plan_url(team) not in page
    assert login(outsider).get(plan_url(team)).status_code == 403


def test_a_plan_of_another_team_or_year_is_not_shown(org, team, alice, bob, login):
    with scope(organisation=org):
        other = Team.objects.create(organisation=org, name="Projecten")
    plan_with_focus(team, bob, "Warmtepompen")
    with scope(organisation=org):
        team.learning_plans.update(year=YEAR - 1)
    page = login(alice).get(team_page(team)).content.decode()
    assert f"This team has no learning plan for {YEAR} yet." in page and "Warmtepompen" not in page
    assert login(alice).get(team_page(other)).content.decode().count('id="team-plan-panel"') == 0


def test_charlie_gets_404_on_the_team_page_with_the_panel(org, team, bob, charlie, login):
    plan_with_focus(team, bob, "Warmtepompen")
    assert login(charlie).get(team_page(team)).status_code == 404


def test_the_team_page_keeps_a_fixed_number_of_queries_with_the_plan(org, team, alice, bob, login,
                                                                     django_assert_max_num_queries):
    client = login(alice)
    client.get(team_page(team))
    with django_assert_max_num_queries(20) as without_plan:
        client.get(team_page(team))
    plan_with_focus(team, bob, "Warmtepompen")
    with django_assert_max_num_queries(len(without_plan.captured_queries) + 1) as small:
        client.get(team_page(team))
    plan_with_focus_more = [f"Vak {n}" for n in range(8)]
    with scope(organisation=org):
        plan = team.learning_plans.get()
        for name in plan_with_focus_more:
            team_plan_skill_add(plan=plan, by=bob, skill=Skill.objects.create(organisation=org, name=name))
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(team_page(team)).content.decode()
    assert "and 4 more" in page
