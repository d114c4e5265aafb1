"""Journey: an L&D admin opens the learning-culture scan for two teams; members answer anonymously (one saves
a draft on the way); the team's results appear only once five have answered; the weakest dimension
recommends practices from the catalogue, and the team lead adopts one for the team."""

from django_scopes import scope
from playwright.sync_api import expect

from conftest import make_person
from leerritme.orgs.models import Team, TeamMembership, TeamRole
from leerritme.practices.catalogue import practices_ensure_catalogue
from leerritme.practices.models import Adoption
from leerritme.scan.models import Response, Run, RunToken
from leerritme.scan.services.runs import response_submit
from leerritme.scan.tests.conftest import answers_for


def test_open_answer_results_from_five_and_the_lead_adopts(transactional_db, settings, org, carol, base, page,
                                                           sign_in):
    settings.SITE_URL = base
    practices_ensure_catalogue(org)
    with scope(organisation=org):
        installatie = Team.objects.create(organisation=org, name="Installatie")
        service = Team.objects.create(organisation=org, name="Service")
        lead = make_person(org, "lead@vonk.test", "Lotte Leider")
        TeamMembership.objects.create(organisation=org, team=installatie, person=lead, role=TeamRole.LEAD)
        members = []
        for number in range(5):
            person = make_person(org, f"m{number}@vonk.test", f"Monteur {number}")
            TeamMembership.objects.create(organisation=org, team=installatie, person=person)
            members.append(person)
        for number in range(3):
            person = make_person(org, f"s{number}@vonk.test", f"Servicer {number}")
            TeamMembership.objects.create(organisation=org, team=service, person=person)
    scan = f"{base}/o/{org.slug}/scan"

    # Carol, L&D admin, opens the learning-culture scan for the two teams.
    sign_in(carol)
    page.goto(f"{scan}/")
    page.locator("#new-run").click()
    page.locator("#id_instrument").select_option(label="Leercultuurscan")
    page.locator("#id_title").fill("Leercultuurscan najaar")
    page.get_by_label("Installatie", exact=True).check()
    page.get_by_label("Service", exact=True).check()
    page.locator("#open-run").click()
    expect(page.locator("[data-status=open]")).to_be_visible()
    expect(page.locator("#answered")).to_contain_text("0")
    with scope(organisation=org):
        run = Run.objects.get()
        assert RunToken.objects.filter(run=run).count() == 9
        wanted = answers_for(run, value=4, low_dimension="reflection-time", low=2)
        first_key = next(iter(wanted))

    # Four members of Installatie answer (three through the services, one here in the browser, with a draft).
    with scope(organisation=org):
        for person in members[:3]:
            response_submit(token=RunToken.objects.get(run=run, person=person), answers=wanted)
    page.context.clear_cookies()
    sign_in(members[3])
    page.goto(f"{base}/o/{org.slug}/")
    expect(page.locator("#scan-panel")).to_contain_text("Leercultuurscan najaar")
    page.locator("#scan-panel a").first.click()
    expect(page.locator("#anonymous-note")).to_be_visible()
    page.locator(f"label[for=item-{first_key}-{wanted[first_key]}]").click()
    page.locator("#save-draft").click()
    expect(page.locator(f"#item-{first_key}-{wanted[first_key]}")).to_be_checked()
    for key, value in wanted.items():
        page.locator(f"label[for=item-{key}-{value}]").click()
    page.locator("#id_comment").fill("Meer tijd om terug te kijken zou helpen.")
    page.locator("#send-answers").click()
    expect(page.locator("#waiting")).to_have_count(0)

    # With four answers Carol sees no results for the team yet.
    page.context.clear_cookies()
    sign_in(carol)
    page.goto(f"{scan}/runs/{run.uuid}/")
    expect(page.locator("#answered")).to_contain_text("4")
    expect(page.locator("#no-results")).to_be_visible()

    # The fifth member answers; now the team's results appear.
    page.context.clear_cookies()
    sign_in(members[4])
    page.goto(f"{scan}/runs/{run.uuid}/answer/")
    for key, value in wanted.items():
        page.locator(f"label[for=item-{key}-{value}]").click()
    page.locator("#send-answers").click()
    with scope(organisation=org):
        assert Response.objects.filter(run=run).count() == 5
        assert Response._meta.get_field("group").related_model._meta.model_name != "person"

    # The lead sees the team, its weakest dimension and the practices that work on it, and adopts one.
    page.context.clear_cookies()
    sign_in(lead)
    page.goto(f"{scan}/runs/{run.uuid}/")
    page.locator("#groups a[data-group=Installatie]").click()
    expect(page.locator("#group-results[data-kind=team]")).to_be_visible()
    expect(page.locator("#group-heading")).to_contain_text("5")
    expect(page.locator("#comments")).to_contain_text("Meer tijd om terug te kijken")
    expect(page.locator("[data-weak=reflection-time]")).to_be_visible()
    page.locator("[data-weak=reflection-time] [data-adopt=check-out]").click()
    with scope(organisation=org):
        adoption = Adoption.objects.get(team=installatie, practice__key="check-out")
        assert adoption.owner == lead and "Leercultuurscan najaar" in adoption.purpose
