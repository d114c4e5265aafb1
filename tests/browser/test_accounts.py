"""Journeys: logging in in Dutch and switching to English; the first start of an empty installation."""

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from leerritme.accounts.models import User
from leerritme.orgs.models import Organisation, Person, Role

PASSWORD = "correct horse battery"


@pytest.fixture
def browser_context_args(browser_context_args):
    # A Dutch browser, as most of Leerritme's people have.
    return {**browser_context_args, "locale": "nl-NL"}


def test_alice_logs_in_in_dutch_and_switches_to_english(transactional_db, org, alice, base, page):
    page.goto(f"{base}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("h1")).to_have_text("Inloggen")
    expect(page.get_by_label("Wachtwoord", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Wachtwoord vergeten?")).to_be_visible()

    page.locator("input[name=login]").fill("alice@vonk.test")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/o/{org.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    # The switcher in the footer.
    page.locator("#language-select").select_option("en")
    page.locator("footer form button[type=submit]").click()

    expect(page).to_have_url(f"{base}/o/{org.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("header")).to_contain_text("Log out")
    assert User.objects.get(pk=alice.user.pk).language == "en"

    # The preference stays after logging out and in again.
    page.locator("header form button[type=submit]", has_text="Log out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Sign In")


def test_the_first_visitor_starts_the_organisation_and_becomes_its_owner(transactional_db, base, page):
    page.goto(f"{base}/")
    expect(page).to_have_url(f"{base}/setup/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    page.get_by_label("Je naam").fill("Els Jansen")
    page.get_by_label("Je e-mailadres").fill("els@vonk.test")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("Naam van je organisatie").fill("Werkplaats De Vonk")
    # The short name is suggested while typing.
    expect(page.locator("#id_slug")).to_have_value("werkplaats-de-vonk")
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(f"{base}/o/werkplaats-de-vonk/")
    expect(page.locator("main")).to_contain_text("Werkplaats De Vonk")
    expect(page.locator("header")).to_contain_text("Els Jansen")
    with scopes_disabled():
        owner = Person.objects.get(organisation__slug="werkplaats-de-vonk")
    assert (owner.user.email, owner.role) == ("els@vonk.test", Role.OWNER)
    assert Organisation.objects.count() == 1


def test_a_short_password_is_explained_next_to_the_field(transactional_db, base, page):
    page.goto(f"{base}/setup/")
    page.get_by_label("Je naam").fill("Els Jansen")
    page.get_by_label("Je e-mailadres").fill("els@vonk.test")
    page.locator("#id_password1").fill("kort")
    page.locator("#id_password2").fill("kort")
    page.get_by_label("Naam van je organisatie").fill("De Vonk")
    page.locator("main form button[type=submit]").click()

    expect(page.locator("[role=alert]")).to_be_visible()
    expect(page.locator("#id_password1")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_password1_error")).to_be_visible()
    expect(page.locator("#id_password1")).to_be_focused()
    assert not Organisation.objects.exists()
