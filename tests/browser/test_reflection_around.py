"""Journey around the board: after a retrospective a member finds it on the team page with its trend,
reads the summary, downloads it as Markdown and PDF, has it e-mailed, marks her action done from "My
actions"; the lead makes the team's own template; the L&D admin sees the team in the trends, not its cards;
the team page fits a phone."""

import re
from concurrent.futures import ThreadPoolExecutor

from django.core import mail
from django_scopes import scope
from playwright.sync_api import expect

from conftest import make_person


def _retrospective(org, team, alice, bob):
    # The board's services tell the live board through async_to_sync, which refuses the thread in which
    # Playwright runs its event loop: the setup runs in a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_run_retrospective, org, team, alice, bob).result()


def _run_retrospective(org, team, alice, bob):
    from leerritme.orgs.models import TeamMembership
    from leerritme.reflection.tests.around_fixtures import run_session

    with scope(organisation=org):
        crew = [alice, bob]
        for n, name in enumerate(("Erik Mulder", "Fenna Smit", "Gijs de Boer")):
            person = make_person(org, f"p{n}@vonk.test", name)
            TeamMembership.objects.create(organisation=org, team=team, person=person)
            crew.append(person)
        # Closed outside a request: the summary task runs at once (immediate backend, autocommit).
        return run_session(team, bob, crew, checkouts=[(4, 3, "busy"), (5, 4, "good"), (3, 3, "busy"),
                                                       (4, 5, ""), (4, 4, "calm")])


def test_a_member_reads_the_summary_downloads_it_and_follows_up_her_action(
    transactional_db, settings, org, team, alice, bob, carol, base, page, sign_in, tmp_path
):
    settings.SITE_URL = base
    _retrospective(org, team, alice, bob)
    alice.user.language = "en"
    alice.user.save(update_fields=["language"])

    # From home, the reflection panel leads to her actions and to reflection.
    sign_in(alice)
    page.goto(f"{base}/o/{org.slug}/")
    panel = page.locator("section[aria-labelledby=panel-my-reflection]")
    expect(panel).to_contain_text("Order parts a week ahead")
    panel.get_by_role("link", name="Reflection").click()
    page.get_by_role("link", name=team.name, exact=True).click()

    # The team page: the trend as a chart and as a table, the open action.
    expect(page.get_by_role("heading", level=1)).to_contain_text(team.name)
    expect(page.locator("canvas[data-chart=scores]")).to_be_visible()
    table = page.locator("#team-trend-table")
    expect(table).to_contain_text("Sprint 12")
    expect(table.locator("tbody tr").first.locator("td").nth(1)).to_have_text("4.0")

    # The summary, its downloads and the e-mail.
    table.get_by_role("link", name="Sprint 12").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sprint 12")
    expect(page.locator("main")).to_contain_text("Pairing on the boiler job")
    expect(page.locator("#checkout-quality")).to_contain_text("4.0")
    with page.expect_download() as markdown:
        page.locator("#download-markdown").click()
    path = tmp_path / "summary.md"
    markdown.value.save_as(path)
    assert path.read_text().startswith("# Sprint 12")
    with page.expect_download() as pdf:
        page.locator("#download-pdf").click()
    assert pdf.value.suggested_filename.endswith(".pdf")
    sent = len(mail.outbox)
    page.locator("#email-summary").click()
    expect(page.locator(".alert-success, [role=alert], .alert")).to_contain_text("alice@vonk.test")
    assert len(mail.outbox) == sent + 1 and mail.outbox[-1].attachments

    # My actions: mark it done in place (htmx), and it says so.
    page.goto(f"{base}/o/{org.slug}/reflection/actions/")
    row = page.locator("#open-actions li", has_text="Order parts a week ahead")
    row.get_by_role("button", name=re.compile("^Done")).click()
    expect(page.locator("#open-actions li", has_text="Order parts a week ahead")).to_contain_text("done")
    expect(page.locator("[role=status]")).to_contain_text("Saved")

    # The team page on a phone: nothing wider than the screen.
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{base}/o/{org.slug}/reflection/teams/{team.uuid}/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path="/tmp/around/team-phone.png", full_page=True)


def test_a_lead_makes_a_template_and_the_ld_admin_sees_trends_only(
    transactional_db, settings, org, team, alice, bob, carol, base, page, sign_in
):
    session = _retrospective(org, team, alice, bob)
    for person in (bob, carol):
        person.user.language = "en"
        person.user.save(update_fields=["language"])

    sign_in(bob)
    page.goto(f"{base}/o/{org.slug}/reflection/teams/{team.uuid}/")
    page.get_by_role("link", name="Our templates").click()
    page.locator("#new-template").click()
    page.get_by_label("Name").fill("Tops and tips")
    page.get_by_label("Title of column 1").fill("Tops")
    page.get_by_label("Prompt of column 1").fill("What went great?")
    page.get_by_label("Title of column 2").fill("Tips")
    page.get_by_role("button", name="Save the template").click()
    expect(page.locator("#template-list")).to_contain_text("Tops / Tips")

    page.context.clear_cookies()
    sign_in(carol)
    page.goto(f"{base}/o/{org.slug}/reflection/trends/")
    expect(page.locator("#team-table")).to_contain_text(team.name)
    page.locator("#team-table").get_by_role("link", name=team.name).click()
    expect(page.locator("#team-trend-table")).to_contain_text("Sprint 12")
    expect(page.locator("main")).not_to_contain_text("Order parts a week ahead")
    assert page.locator(f'a[href*="/summary/{session.uuid}/"]').count() == 0
