"""Journey: carol invites a new colleague, who opens the e-mailed link, sets a password and is in."""

import re

from django.core import mail
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from leerritme.orgs.models import Person, TeamMembership


def test_carol_invites_a_colleague_who_joins_through_the_link(transactional_db, org, carol, team, base,
                                                              sign_in, settings):
    # Links in mails point at SITE_URL; here that is the live test server.
    settings.SITE_URL = base
    page = sign_in(carol)
    page.goto(f"{base}/o/{org.slug}/manage/invitations/")
    page.locator("textarea[name=addresses]").fill("Eva Smit <eva@vonk.test>")
    page.locator("select[name=team]").select_option(str(team.uuid))
    page.locator("form:has(textarea[name=addresses]) button[type=submit]").click()
    page.wait_for_load_state()
    # The invitation is listed as open.
    expect(page.locator("#invitation-results")).to_contain_text("eva@vonk.test")

    assert [message.to for message in mail.outbox] == [["eva@vonk.test"]]
    link = re.search(r"http://\S+/invitation/[\w-]+/", mail.outbox[0].body).group(0)
    assert link in mail.outbox[0].alternatives[0][0]

    # Eva is someone else, in a browser without carol's session.
    page.context.clear_cookies()
    page.goto(link)
    expect(page.locator("h1")).to_contain_text(org.name)
    expect(page.locator("main")).to_contain_text("Carol Bakker")
    expect(page.locator("#invitation-email")).to_have_value("eva@vonk.test")
    expect(page.locator("input[name=name]")).to_have_value("Eva Smit")
    page.locator("input[name=password1]").fill("een lang genoeg wachtwoord")
    page.locator("input[name=password2]").fill("een lang genoeg wachtwoord")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    expect(page).to_have_url(f"{base}/o/{org.slug}/")
    expect(page.locator("header nav")).to_contain_text("Eva Smit")
    with scopes_disabled():
        eva = Person.objects.get(organisation=org, user__email="eva@vonk.test")
        assert eva.is_active
        assert TeamMembership.objects.filter(person=eva, team=team).exists()

    # The link has done its work: opening it again as a visitor says so.
    page.context.clear_cookies()
    response = page.goto(link)
    assert response.status == 410
