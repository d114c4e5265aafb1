"""Journey: the team lead opens the team's learning plan, sees what the members want to learn (counts only) and
adds the most-wanted skill with a reason; a member opens "my growth", reads the team's plan and finds an offer
recommended because it is in the team's plan, and from the team's page (people) to the plan."""

from decimal import Decimal

from django_scopes import scope
from playwright.sync_api import expect

from conftest import make_person
from leerritme.growth.models import Offer, TeamPlan
from leerritme.orgs.models import TeamMembership
from leerritme.people.models import PersonSkill, Skill
from tests.english import in_english


def test_the_lead_composes_the_team_plan_and_a_member_gets_a_recommendation(
    transactional_db, org, team, alice, bob, base, page, sign_in
):
    in_english(alice)
    in_english(bob)
    with scope(organisation=org):
        erin = make_person(org, "erin@vonk.test", "Erin Smits")
        TeamMembership.objects.create(organisation=org, team=team, person=erin)
        heat, excel = (Skill.objects.create(organisation=org, name=name) for name in ("Heat pumps", "Spreadsheets"))
        for person, skill in ((erin, heat), (bob, heat), (erin, excel)):
            PersonSkill.objects.create(organisation=org, person=person, skill=skill, wants_to_learn=True)
        offer = Offer.objects.create(organisation=org, title="Heat pumps in practice", provider="ISSO",
                                     price=Decimal("650.00"), hours=Decimal("16"))
        offer.skills.add(heat)
    growth = f"{base}/o/{org.slug}/growth"

    # Bob, the team lead, goes from his growth page to the team's learning plan.
    sign_in(bob)
    page.goto(f"{growth}/")
    page.get_by_role("link", name="team learning plan").click()
    expect(page.locator("#wishes")).to_be_visible()
    most_wanted = page.locator("#wishes tbody tr").first
    expect(most_wanted).to_have_attribute("data-skill", "Heat pumps")
    expect(most_wanted.locator("td").first).to_have_text("2")
    expect(page.locator("#wishes")).not_to_contain_text("Erin")
    most_wanted.locator("input[name=why]").fill("Customers ask for heat pumps more and more.")
    most_wanted.locator("button[data-add]").click()
    expect(page.locator('#focus [data-skill="Heat pumps"]')).to_contain_text("Customers ask for heat pumps")
    expect(page.locator('#wishes tr[data-skill="Heat pumps"]')).to_contain_text("In the plan")
    with scope(organisation=org):
        assert TeamPlan.objects.get(team=team).focus.get().skill == heat

    # Alice, a member, reads the plan on her growth page and sees the offer recommended for it.
    page.context.clear_cookies()
    sign_in(alice)
    page.goto(f"{growth}/")
    expect(page.locator("#team-plans")).to_contain_text("Heat pumps")
    card = page.locator("article", has_text="Heat pumps in practice")
    expect(card.locator("[data-reason]", has_text="In your team's plan")).to_be_visible()
    page.goto(f"{growth}/catalogue/")
    card = page.locator("#rec-heading + div article", has_text="Heat pumps in practice")
    expect(card.locator("[data-reason]", has_text="In your team's plan")).to_be_visible()
    page.goto(f"{growth}/")
    page.locator("#team-plans a", has_text=team.name).click()
    expect(page.locator('#focus [data-skill="Heat pumps"]')).to_contain_text("Customers ask for heat pumps")
    expect(page.locator("#wishes")).to_have_count(0)

    # On the team's page (the people part) the plan shows in short, and its link leads to the whole plan.
    page.goto(f"{base}/o/{org.slug}/teams/{team.uuid}/")
    panel = page.locator("#team-plan-panel")
    expect(panel.locator(".badge", has_text="Heat pumps")).to_be_visible()
    panel.locator("#team-plan-link").click()
    expect(page.locator('#focus [data-skill="Heat pumps"]')).to_be_visible()
