"""Journeys: a colleague gives kudos and it appears in the feed (the kudos wall and the team's learning timeline);
L&D defines a badge and awards it, and its Open Badges assertion address verifies (assertion → badge class →
issuer, the hashed identity matching the recipient's e-mail)."""

import hashlib

from django_scopes import scope, scopes_disabled
from playwright.sync_api import expect

from leerritme.learning.models import LearningKind
from leerritme.learning.selectors import team_timeline
from leerritme.people.models import Skill
from leerritme.recognition.models import BadgeAward, Kudos


def test_a_colleague_gives_kudos_and_it_appears_in_the_feed(transactional_db, org, team, alice, bob, base, page,
                                                            sign_in):
    with scopes_disabled():
        Skill.objects.create(organisation=org, name="Storingen analyseren")
    celebrate = f"{base}/o/{org.slug}/celebrate"

    sign_in(bob)
    page.goto(f"{celebrate}/")
    page.locator("#give-kudos").click()
    page.get_by_label("Alice de Vries").check()
    page.locator("#id_message").fill("Knap hoe je die storing stap voor stap uitzocht en het team liet meekijken.")
    page.locator("#id_skill").select_option(label="Storingen analyseren")
    page.locator("#id_visibility_0").check()  # the team
    page.locator("#send-kudos").click()
    expect(page.locator(".kudos-card")).to_contain_text("Alice de Vries")

    page.goto(f"{celebrate}/")
    expect(page.locator("#feed")).to_contain_text("storing stap voor stap")
    expect(page.locator("#feed")).to_contain_text("Storingen analyseren")
    with scope(organisation=org):
        assert Kudos.objects.count() == 1
        events = list(team_timeline(team, bob).filter(kind=LearningKind.KUDOS_RECEIVED))
        assert [e.person for e in events] == [alice]

    # Alice sees it on her wall and among her kudos on her own page.
    page.context.clear_cookies()
    sign_in(alice)
    page.goto(f"{celebrate}/teams/{team.uuid}/")
    expect(page.locator("#feed")).to_contain_text("storing stap voor stap")
    page.goto(f"{celebrate}/me/")
    expect(page.locator("#kudos-received")).to_contain_text("Bob Jansen")


def test_a_badge_is_awarded_and_its_assertion_verifies(transactional_db, settings, org, team, alice, carol, base,
                                                       page, sign_in):
    settings.SITE_URL = base
    celebrate = f"{base}/o/{org.slug}/celebrate"

    # Carol (L&D) defines the badge and awards it by hand.
    sign_in(carol)
    page.goto(f"{celebrate}/badges/")
    page.locator("#new-badge").click()
    page.locator("#id_name").fill("Veilig vakmanschap")
    page.locator("#id_description").fill("Liet zien hoe veilig werken en leren samengaan.")
    page.locator("#id_criteria").fill("Toegekend voor een voorbeeld van veilig werken dat collega's helpt.")
    page.locator("#save-badge").click()
    expect(page.locator("h1")).to_contain_text("Veilig vakmanschap")
    page.locator("#id_email").fill(alice.user.email)
    page.locator("#id_narrative").fill("Voor de valbeveiliging die ze het team liet zien.")
    page.locator("#award-badge").click()
    expect(page.locator("#holders")).to_contain_text("Alice de Vries")

    # Alice finds the badge on her page with its public address.
    page.context.clear_cookies()
    sign_in(alice)
    page.goto(f"{celebrate}/me/")
    address = page.locator("#badges input[readonly]").first.input_value()
    with scope(organisation=org):
        award = BadgeAward.objects.get()
    assert address == f"{base}/badges/assertions/{award.uuid}.json"

    # Anyone verifies it: fetch the assertion, follow badge → issuer, compare the hashed e-mail.
    page.context.clear_cookies()
    assertion = page.request.get(address)
    assert assertion.ok and assertion.headers["content-type"].startswith("application/ld+json")
    document = assertion.json()
    assert document["id"] == address and document["type"] == "Assertion"
    assert document["verification"]["type"] == "hosted"
    recipient = document["recipient"]
    assert recipient["hashed"] is True and recipient["type"] == "email"
    assert recipient["identity"] == "sha256$" + hashlib.sha256(
        (alice.user.email.lower() + recipient["salt"]).encode()).hexdigest()
    badge_class = page.request.get(document["badge"]).json()
    assert badge_class["type"] == "BadgeClass" and badge_class["name"] == "Veilig vakmanschap"
    image = page.request.get(badge_class["image"]["id"])
    assert image.ok and image.headers["content-type"] == "image/svg+xml"
    issuer = page.request.get(badge_class["issuer"]).json()
    assert issuer["type"] == "Issuer" and issuer["name"] == org.name and issuer["email"]
    assert document["id"].startswith(f"http://{issuer['verification']['allowedOrigins']}")
