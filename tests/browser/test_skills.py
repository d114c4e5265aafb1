"""Journey: add a skill you want to learn to your profile, and see which colleague can teach it."""

from django_scopes import scopes_disabled
from playwright.sync_api import expect

from leerritme.people.models import PersonSkill, Skill


def test_alice_adds_a_skill_she_wants_to_learn_and_sees_who_can_teach_it(
    transactional_db, org, alice, bob, base, sign_in
):
    with scopes_disabled():
        welding = Skill.objects.create(organisation=org, name="Lassen", category="Techniek")
        Skill.objects.create(organisation=org, name="Planning")
        PersonSkill.objects.create(organisation=org, person=bob, skill=welding, level=4, can_teach=True,
                                   note="MIG en TIG")

    page = sign_in(alice)
    page.goto(f"{base}/o/{org.slug}/colleagues/{alice.uuid}/")
    learn_from = page.locator("#learn-from")
    expect(learn_from).not_to_contain_text("Bob Jansen")

    add = page.locator("#add-skill form")
    add.locator("#id_add_skill").fill("Lassen")
    add.locator("#id_add_level").select_option("1")
    add.locator("#id_add_wants_to_learn").check()
    add.locator("button[type=submit]").click()

    # htmx swaps the skills section in place: the new skill and its teacher appear without a reload.
    expect(page.locator("#skills")).to_contain_text("Lassen")
    expect(learn_from).to_contain_text("Bob Jansen")
    expect(learn_from).to_contain_text("MIG en TIG")
    learn_from.get_by_role("link", name="Bob Jansen").click()
    expect(page.locator("h1")).to_have_text("Bob Jansen")

    with scopes_disabled():
        entry = PersonSkill.objects.get(person=alice, skill=welding)
    assert (entry.level, entry.wants_to_learn, entry.can_teach) == (1, True, False)


def test_on_a_phone_the_colleagues_list_fits_with_long_skill_names(transactional_db, org, alice, bob, base, page,
                                                                   sign_in):
    """A colleague who can teach a skill with a long name: its badge wraps instead of widening the page."""
    with scopes_disabled():
        long_name = Skill.objects.create(organisation=org, name="Werkbon-app en planningssoftware voor monteurs")
        PersonSkill.objects.create(organisation=org, person=bob, skill=long_name, level=3, can_teach=True)
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(alice)
    for url in (f"{base}/o/{org.slug}/colleagues/", f"{base}/o/{org.slug}/colleagues/{bob.uuid}/"):
        page.goto(url)
        expect(page.locator(".badge").filter(has_text="Werkbon-app en planningssoftware").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, url
