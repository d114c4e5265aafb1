"""Team learning plans: the lead composes the year's plan from the members' wishes (counts only), members read it,
L&D sees every team's; recommendations rank offers of the team plan's skills in, with the reason shown."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import make_person
from leerritme.growth.due import nudge_people
from leerritme.growth.models import (
    DevelopmentPlan,
    FocusPriority,
    GoalStatus,
    Offer,
    PlanGoal,
    TeamPlan,
    TeamPlanSkill,
)
from leerritme.growth.selectors import (
    common_plan_skills,
    my_team_plans,
    recommendations,
    team_plans_overview,
    team_wishes,
)
from leerritme.growth.services.budget import budget_period_open
from leerritme.growth.services.team_plans import (
    team_plan_skill_add,
    team_plan_skill_remove,
    team_plan_skill_update,
    team_plan_start,
    team_plan_update,
)
from leerritme.notifications.models import Notification
from leerritme.orgs.models import Team, TeamMembership, TeamRole
from leerritme.people.models import PersonSkill, Skill
from tests import english

# Messages are read in English here: the people logged in as choose English (see tests/english.py).
alice, bob, carol, dave = english.alice, english.bob, english.carol, english.dave
english_messages = english.english_messages

YEAR = timezone.localdate().year


def u(name, **kwargs):
    return reverse(f"growth:{name}", kwargs={"org": "vonk", **kwargs})


def skill(org, name):
    return Skill.objects.create(organisation=org, name=name)


def goal_with(person, skills, *, year=YEAR, status=GoalStatus.OPEN):
    plan, _created = DevelopmentPlan.objects.get_or_create(organisation=person.organisation, person=person, year=year)
    goal = PlanGoal.objects.create(organisation=person.organisation, plan=plan, title="Goal", status=status)
    goal.skills.set(skills)
    return goal


@pytest.fixture
def other_team(in_org):
    """Another team of the same organisation, led by erin."""
    team = Team.objects.create(organisation=in_org, name="Installatie")
    erin = english.in_english(make_person(in_org, "erin@vonk.test", "Erin Smits"))
    TeamMembership.objects.create(organisation=in_org, team=team, person=erin, role=TeamRole.LEAD)
    return team, erin


# --- Services ---------------------------------------------------------------------------------------------------

def test_a_new_year_starts_from_last_years_plan_and_last_year_stays(in_org, team, bob):
    heat = skill(in_org, "Heat pumps")
    old = TeamPlan.objects.create(organisation=in_org, team=team, year=YEAR - 1, ambition="Fewer call-backs")
    TeamPlanSkill.objects.create(organisation=in_org, plan=old, skill=heat, why="Customers ask", priority=1, target=3)
    plan = team_plan_start(team=team, year=YEAR, by=bob)
    assert plan.ambition == "Fewer call-backs"
    assert [(f.skill, f.why, f.priority, f.target) for f in plan.focus.all()] == [(heat, "Customers ask", 1, 3)]
    assert team_plan_start(team=team, year=YEAR, by=bob) == plan and TeamPlan.objects.count() == 2
    with pytest.raises(ValidationError):
        team_plan_update(plan=old, by=bob, ambition="Rewritten")
    with pytest.raises(ValidationError):
        team_plan_skill_remove(focus=old.focus.get(), by=bob)
    old.refresh_from_db()
    assert old.ambition == "Fewer call-backs" and old.focus.count() == 1


def test_the_lead_adds_changes_and_removes_focus_skills_and_bad_input_stores_nothing(in_org, team, bob):
    heat = skill(in_org, "Heat pumps")
    plan = team_plan_start(team=team, year=YEAR, by=bob)
    focus = team_plan_skill_add(plan=plan, by=bob, skill=heat, why=" Customers ask ", priority=FocusPriority.HIGH)
    assert focus.why == "Customers ask" and focus.target is None
    with pytest.raises(ValidationError, match="already in the plan"):
        team_plan_skill_add(plan=plan, by=bob, skill=heat)
    for bad in ({"priority": 7, "target": None}, {"priority": 1, "target": 0}, {"priority": 1, "target": 5000}):
        with pytest.raises(ValidationError):
            team_plan_skill_update(focus=focus, by=bob, why="x", **bad)
    focus.refresh_from_db()
    assert (focus.priority, focus.target, focus.why) == (FocusPriority.HIGH, None, "Customers ask")
    team_plan_skill_update(focus=focus, by=bob, why="Fewer call-backs", priority=FocusPriority.LOW, target=4)
    focus.refresh_from_db()
    assert (focus.priority, focus.target) == (FocusPriority.LOW, 4)
    team_plan_skill_remove(focus=focus, by=bob)
    assert not TeamPlanSkill.objects.exists()


def test_only_the_teams_lead_and_l_and_d_compose_its_plan(in_org, team, alice, bob, carol, other_team):
    _team, erin = other_team
    for person in (alice, erin):
        with pytest.raises(PermissionDenied):
            team_plan_start(team=team, year=YEAR, by=person)
    plan = team_plan_start(team=team, year=YEAR, by=carol)
    with pytest.raises(PermissionDenied):
        team_plan_skill_add(plan=plan, by=alice, skill=skill(in_org, "Soldering"))
    assert not plan.focus.exists()


def test_a_skill_of_another_organisation_is_refused(in_org, team, bob, other_org):
    from django_scopes import scopes_disabled

    with scopes_disabled():
        foreign = Skill.objects.create(organisation=other_org, name="Elsewhere")
    plan = team_plan_start(team=team, year=YEAR, by=bob)
    with pytest.raises(ValidationError):
        team_plan_skill_add(plan=plan, by=bob, skill=foreign)


# --- Selectors ----------------------------------------------------------------------------------------------------

def test_the_wishes_count_each_member_once_per_skill_and_the_teachers(in_org, team, alice, bob, carol,
                                                                      django_assert_num_queries):
    heat, lead, solder = skill(in_org, "Heat pumps"), skill(in_org, "Leading"), skill(in_org, "Soldering")
    PersonSkill.objects.create(organisation=in_org, person=alice, skill=heat, wants_to_learn=True)
    goal_with(alice, [heat])  # on her profile and in her plan: counts once
    goal_with(bob, [heat, lead])
    goal_with(bob, [solder], year=YEAR - 1)  # last year's goal: not this year's wish
    goal_with(bob, [solder], status=GoalStatus.ACHIEVED)
    PersonSkill.objects.create(organisation=in_org, person=carol, skill=solder, wants_to_learn=True)  # not a member
    PersonSkill.objects.create(organisation=in_org, person=bob, skill=heat, can_teach=True, level=3)
    with django_assert_num_queries(4):
        wishes = team_wishes(team, YEAR)
    assert [(w.name, w.wanting, w.teaching) for w in wishes] == [("Heat pumps", 2, 1), ("Leading", 1, 0)]


def test_the_wishes_cost_the_same_for_a_bigger_team(in_org, team, django_assert_num_queries):
    skills = [skill(in_org, f"Skill {n}") for n in range(8)]
    for n in range(12):
        person = make_person(in_org, f"p{n}@vonk.test", f"Person {n}")
        TeamMembership.objects.create(organisation=in_org, team=team, person=person)
        PersonSkill.objects.create(organisation=in_org, person=person, skill=skills[n % 8], wants_to_learn=True)
        PersonSkill.objects.create(organisation=in_org, person=person, skill=skills[(n + 1) % 8], can_teach=True)
        goal_with(person, skills[n % 3:n % 3 + 2])
    with django_assert_num_queries(4):
        assert len(team_wishes(team, YEAR)) == 8


def test_l_and_d_sees_which_teams_have_a_plan_and_the_most_common_skills(in_org, team, bob, carol, other_team):
    second, erin = other_team
    Team.objects.create(organisation=in_org, name="Zonder plan")
    heat, lead = skill(in_org, "Heat pumps"), skill(in_org, "Leading")
    for the_team, by in ((team, bob), (second, erin)):
        plan = team_plan_start(team=the_team, year=YEAR, by=by)
        team_plan_skill_add(plan=plan, by=by, skill=heat, priority=FocusPriority.HIGH)
    team_plan_skill_add(plan=TeamPlan.objects.get(team=team), by=bob, skill=lead)
    TeamPlan.objects.create(organisation=in_org, team=Team.objects.get(name="Zonder plan"), year=YEAR - 1)
    rows, teams, planned = team_plans_overview(YEAR)
    assert (teams, planned) == (3, 2)
    assert [(r.name, r.plan_uuid is not None, r.focus) for r in rows] == [
        ("Installatie", True, 1), ("Onderhoud", True, 2), ("Zonder plan", False, 0)]
    assert [(c.name, c.teams, c.high) for c in common_plan_skills(YEAR)] == [("Heat pumps", 2, 2), ("Leading", 1, 0)]


# --- Recommendations --------------------------------------------------------------------------------------------

def test_an_offer_of_a_team_plan_skill_ranks_in_with_the_reason(in_org, team, alice, bob):
    heat, team_wish, other = skill(in_org, "Heat pumps"), skill(in_org, "Team wish"), skill(in_org, "Other")
    PersonSkill.objects.create(organisation=in_org, person=bob, skill=team_wish, wants_to_learn=True)
    plan = team_plan_start(team=team, year=YEAR, by=bob)
    team_plan_skill_add(plan=plan, by=bob, skill=heat, priority=FocusPriority.HIGH)
    for title, skills in (("planned", [heat]), ("wished by the team", [team_wish]), ("unrelated", [other])):
        Offer.objects.create(organisation=in_org, title=title).skills.set(skills)
    picked = recommendations(alice)
    assert [o.title for o in picked] == ["planned", "wished by the team"]
    assert [str(r) for r in picked[0].reasons] == ["In your team's plan"]
    assert [str(r) for r in picked[1].reasons] == ["Your teammates want to learn this"]


def test_own_wishes_and_the_team_plan_add_up_and_both_reasons_show(in_org, team, alice, bob):
    heat = skill(in_org, "Heat pumps")
    PersonSkill.objects.create(organisation=in_org, person=alice, skill=heat, wants_to_learn=True)
    team_plan_skill_add(plan=team_plan_start(team=team, year=YEAR, by=bob), by=bob, skill=heat)
    Offer.objects.create(organisation=in_org, title="Heat").skills.add(heat)
    assert [str(r) for r in recommendations(alice)[0].reasons] == ["You want to learn this", "In your team's plan"]


def test_last_years_team_plan_and_other_teams_plans_do_not_count(in_org, team, alice, bob, other_team):
    second, erin = other_team
    old, theirs = skill(in_org, "Old focus"), skill(in_org, "Their focus")
    previous = TeamPlan.objects.create(organisation=in_org, team=team, year=YEAR - 1)
    TeamPlanSkill.objects.create(organisation=in_org, plan=previous, skill=old)
    team_plan_skill_add(plan=team_plan_start(team=second, year=YEAR, by=erin), by=erin, skill=theirs)
    Offer.objects.create(organisation=in_org, title="Old").skills.add(old)
    Offer.objects.create(organisation=in_org, title="Theirs").skills.add(theirs)
    assert recommendations(alice) == []


def test_recommendations_cost_six_queries_however_many_plans_skills_and_offers(in_org, team, alice, bob,
                                                                               django_assert_num_queries):
    def grow(n):
        skills = [skill(in_org, f"Skill {n}-{i}") for i in range(4)]
        other = Team.objects.create(organisation=in_org, name=f"Team {n}")
        TeamMembership.objects.create(organisation=in_org, team=other, person=alice)
        for s in skills[:2]:
            TeamPlanSkill.objects.create(organisation=in_org, skill=s, plan=TeamPlan.objects.get_or_create(
                organisation=in_org, team=other, year=YEAR)[0])
        PersonSkill.objects.create(organisation=in_org, person=alice, skill=skills[2], wants_to_learn=True)
        PersonSkill.objects.create(organisation=in_org, person=bob, skill=skills[3], wants_to_learn=True)
        goal_with(alice, skills[1:3])
        for s in skills:
            Offer.objects.create(organisation=in_org, title=f"Offer {s.name}").skills.add(s)

    grow(0)
    with django_assert_num_queries(6):
        small = recommendations(alice)
    for n in range(1, 6):
        grow(n)
    with django_assert_num_queries(6):
        large = recommendations(alice)
    assert small and len(large) == 6 and all(o.reasons for o in large)


def test_the_budget_nudge_names_why_an_offer_fits(rule, in_org, team, alice, bob):
    budget_period_open(person=alice, year=YEAR)
    heat = skill(in_org, "Heat pumps")
    team_plan_skill_add(plan=team_plan_start(team=team, year=YEAR, by=bob), by=bob, skill=heat)
    Offer.objects.create(organisation=in_org, title="Heat pumps in practice").skills.add(heat)
    today = timezone.localdate()
    assert nudge_people([(alice.pk, f"{YEAR}-m6")], today) == 1
    body = Notification.objects.get(person=alice, kind="growth.nudge").translations["en"]["body"]
    assert "Heat pumps in practice" in body and "In your team's plan" in body


# --- Pages -------------------------------------------------------------------------------------------------------

@pytest.fixture
def composed(in_org, team, alice, bob):
    """This year's plan of alice's and bob's team with one focus skill, and alice wishing for another skill."""
    heat, lead = skill(in_org, "Heat pumps"), skill(in_org, "Leading")
    PersonSkill.objects.create(organisation=in_org, person=alice, skill=lead, wants_to_learn=True)
    goal_with(alice, [lead])
    plan = team_plan_start(team=team, year=YEAR, by=bob)
    team_plan_update(plan=plan, by=bob, ambition="Every call fixed the first time")
    team_plan_skill_add(plan=plan, by=bob, skill=heat, why="Customers ask for it", priority=FocusPriority.HIGH)
    return plan, heat, lead


def test_a_member_reads_the_plan_but_not_the_wishes_and_cannot_change_it(composed, login, alice, team):
    plan, heat, lead = composed
    client = login(alice)
    html = client.get(u("team_plan", uuid=team.uuid)).content.decode()
    assert "Every call fixed the first time" in html and "Customers ask for it" in html
    assert 'id="wishes"' not in html and "<form" not in html.split("<main", 1)[-1].split("</main>")[0]
    assert client.post(u("team_plan_focus_add", uuid=team.uuid), {"skill": lead.pk, "priority": 2}).status_code == 403
    focus = plan.focus.get()
    assert client.post(u("team_plan_focus_remove", uuid=team.uuid, focus=focus.uuid)).status_code == 403
    assert client.post(u("team_plan_edit", uuid=team.uuid), {"ambition": "Mine"}).status_code == 403
    assert "Every call fixed the first time" in client.get(u("index")).content.decode()


def test_the_lead_sees_counts_only_and_adds_a_wished_skill_with_a_reason(composed, login, bob, alice, team):
    plan, heat, lead = composed
    client = login(bob)
    html = client.get(u("team_plan", uuid=team.uuid)).content.decode()
    assert 'id="wishes"' in html and 'data-skill="Leading"' in html
    assert alice.display_name not in html  # counts, never whose wish or goal
    response = client.post(u("team_plan_focus_add", uuid=team.uuid),
                           {"skill": lead.pk, "why": "New customers", "priority": "1"})
    assert response.status_code == 302 and response["Location"] == u("team_plan", uuid=team.uuid)
    added = plan.focus.get(skill=lead)
    assert (added.why, added.priority) == ("New customers", FocusPriority.HIGH)
    response = client.post(u("team_plan_focus_edit", uuid=team.uuid, focus=added.uuid),
                           {f"f{added.pk}-why": "Changed", f"f{added.pk}-priority": "3", f"f{added.pk}-target": "2"})
    added.refresh_from_db()
    assert (added.why, added.priority, added.target) == ("Changed", 3, 2)
    client.post(u("team_plan_focus_remove", uuid=team.uuid, focus=added.uuid))
    assert not plan.focus.filter(skill=lead).exists()


def test_adding_starts_the_plan_and_bad_input_shows_a_message_and_stores_nothing(in_org, login, bob, team):
    heat = skill(in_org, "Heat pumps")
    client = login(bob)
    response = client.post(u("team_plan_focus_add", uuid=team.uuid),
                           {"skill": heat.pk, "priority": "1", "target": "lots"}, follow=True)
    assert "Enter a whole number." in response.content.decode()
    assert not TeamPlan.objects.exists()
    response = client.post(u("team_plan_focus_add", uuid=team.uuid), {"skill": "999999", "priority": "1"},
                           follow=True)
    assert "Choose a skill of your organisation." in response.content.decode() and not TeamPlan.objects.exists()
    client.post(u("team_plan_focus_add", uuid=team.uuid), {"skill": heat.pk, "priority": "2"})
    response = client.post(u("team_plan_focus_add", uuid=team.uuid), {"skill": heat.pk, "priority": "2"}, follow=True)
    assert "Heat pumps is already in the plan." in response.content.decode()
    assert TeamPlan.objects.get().focus.count() == 1


def test_the_lead_starts_the_plan_from_the_page(in_org, login, bob, team):
    client = login(bob)
    html = client.get(u("team_plan", uuid=team.uuid)).content.decode()
    assert 'id="start-plan"' in html
    assert client.post(u("team_plan_start", uuid=team.uuid)).status_code == 302
    assert TeamPlan.objects.get().year == YEAR
    assert client.get(u("team_plan_start", uuid=team.uuid)).status_code == 405


def test_the_lead_of_another_team_and_an_outsider_member_get_403(composed, login, team, other_team, in_org):
    _second, erin = other_team
    stranger = make_person(in_org, "frank@vonk.test", "Frank")
    for person in (erin, stranger):
        client = login(person)
        assert client.get(u("team_plan", uuid=team.uuid)).status_code == 403
        assert client.post(u("team_plan_start", uuid=team.uuid)).status_code == 403


def test_l_and_d_composes_any_teams_plan_and_sees_the_overview(composed, login, carol, alice, team, other_team):
    second, _erin = other_team
    client = login(carol)
    assert 'id="wishes-heading"' in client.get(u("team_plan", uuid=second.uuid)).content.decode()
    client.post(u("team_plan_focus_add", uuid=second.uuid), {"skill": composed[1].pk, "priority": "1"})
    assert TeamPlan.objects.get(team=second).focus.count() == 1
    html = client.get(u("team_plans_overview")).content.decode()
    assert 'id="common-skills"' in html and "Heat pumps" in html and "2 of 2 teams" in html
    assert login(alice).get(u("team_plans_overview")).status_code == 403


def test_an_earlier_years_plan_is_read_only_and_a_missing_one_is_404(composed, login, bob, team, in_org):
    old = TeamPlan.objects.create(organisation=in_org, team=team, year=YEAR - 1, ambition="Fewer call-backs last year")
    old_focus = TeamPlanSkill.objects.create(organisation=in_org, plan=old, skill=composed[2])
    client = login(bob)
    response = client.get(u("team_plan_year", uuid=team.uuid, year=YEAR - 1))
    html = response.content.decode()
    assert response.status_code == 200 and "Fewer call-backs last year" in html and 'id="wishes"' not in html
    assert f"/plan/{YEAR - 1}/" in client.get(u("team_plan", uuid=team.uuid)).content.decode()
    assert client.get(u("team_plan_year", uuid=team.uuid, year=YEAR - 5)).status_code == 404
    response = client.post(u("team_plan_focus_remove", uuid=team.uuid, focus=old_focus.uuid), follow=True)
    assert "stays as it was" in response.content.decode() and TeamPlanSkill.objects.filter(pk=old_focus.pk).exists()


def test_charlie_gets_404_on_every_team_plan_page(composed, login, charlie, team):
    focus = composed[0].focus.get()
    client = login(charlie)
    for name, kwargs in [("team_plan", {"uuid": team.uuid}), ("team_plan_year", {"uuid": team.uuid, "year": YEAR}),
                         ("team_plans_overview", {})]:
        assert client.get(u(name, **kwargs)).status_code == 404, name
    for name, kwargs in [("team_plan_start", {"uuid": team.uuid}), ("team_plan_edit", {"uuid": team.uuid}),
                         ("team_plan_focus_add", {"uuid": team.uuid}),
                         ("team_plan_focus_edit", {"uuid": team.uuid, "focus": focus.uuid}),
                         ("team_plan_focus_remove", {"uuid": team.uuid, "focus": focus.uuid})]:
        assert client.post(u(name, **kwargs), {"skill": composed[2].pk, "priority": "1"}).status_code == 404, name
    assert TeamPlan.objects.get().focus.count() == 1


def test_the_plan_pages_cost_the_same_for_a_bigger_team(composed, login, bob, alice, carol, team, in_org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pages = [(bob, u("team_plan", uuid=team.uuid)), (alice, u("team_plan", uuid=team.uuid)), (alice, u("index")),
             (carol, u("team_plans_overview"))]

    def counts():
        result = []
        for person, url in pages:
            client = login(person)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    Offer.objects.create(organisation=in_org, title="Leading well").skills.add(composed[2])
    counts()  # the first visit of each client also stores its session
    before = counts()
    assert max(before) <= 22
    plan = composed[0]
    for n in range(10):
        person = make_person(in_org, f"p{n}@vonk.test", f"Person {n}")
        TeamMembership.objects.create(organisation=in_org, team=team, person=person)
        extra = skill(in_org, f"Skill {n}")
        PersonSkill.objects.create(organisation=in_org, person=person, skill=extra, wants_to_learn=True)
        goal_with(person, [extra])
        TeamPlanSkill.objects.create(organisation=in_org, plan=plan, skill=extra, why="w")
        Offer.objects.create(organisation=in_org, title=f"Offer {n}").skills.add(extra)
        Team.objects.create(organisation=in_org, name=f"Team {n}")
    assert counts() == before
    assert login(bob).get(u("team_plan", uuid=team.uuid)).content.decode().count("data-why") == 11
    assert len(my_team_plans(alice, YEAR)) == 1
