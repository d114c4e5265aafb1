"""Journey: a colleague writes "Zo maak je een offerte" tagged with a skill; another searches "offerte" and
finds it, then asks a question tagged with that skill; the expert sees the notification and answers; a third
colleague signs up for a lunch & learn and downloads its .ics."""

import re
from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from django_scopes import scope, scopes_disabled
from icalendar import Calendar
from playwright.sync_api import expect

from leerritme.knowledge.models import Article, Question, SessionSignup, SignupStatus
from leerritme.knowledge.services.sessions import SessionInput, session_create
from leerritme.people.models import PersonSkill, Skill


def test_colleagues_teach_colleagues(transactional_db, org, alice, bob, carol, dave, base, sign_in, page):
    with scopes_disabled():
        offertes = Skill.objects.create(organisation=org, name="Offertes maken", category="Verkoop")
        PersonSkill.objects.create(organisation=org, person=bob, skill=offertes, level=4, can_teach=True)
    with scope(organisation=org):
        lunch = session_create(created_by=carol, values=SessionInput(
            title="Lunch & learn: de perfecte offerte", kind="lunch_learn", speaker=bob, location="Kantine",
            starts_at=timezone.now() + timedelta(days=5), duration_minutes=45, capacity=12))
    knowledge = f"{base}/o/{org.slug}/knowledge"

    # Alice writes the instruction; the preview follows her typing.
    sign_in(alice)
    page.goto(f"{knowledge}/articles/new/")
    page.locator("#id_title").fill("Zo maak je een offerte")
    page.locator("#id_body").fill("## Stappen\n\n1. Bel de klant\n2. Reken het uit in de calculatietool")
    expect(page.locator("#preview h2")).to_have_text("Stappen")
    expect(page.locator("#preview ol li")).to_have_count(2)
    page.locator("#id_skills").select_option(label="Offertes maken")
    page.locator("#article-form button[name=publish]").click()
    expect(page.locator("#article-title")).to_have_text("Zo maak je een offerte")
    expect(page.locator("#article-body h2")).to_have_text("Stappen")
    with scopes_disabled():
        assert Article.objects.get().is_published

    # Carol searches "offerte" and the results come as she types.
    page.context.clear_cookies()
    sign_in(carol)
    page.goto(f"{knowledge}/")
    page.locator("#id_q").press_sequentially("offerte", delay=40)
    result = page.locator("#results .search-results li", has_text="Zo maak je een offerte")
    expect(result).to_be_visible()
    expect(result.locator("mark").first).to_have_text(re.compile("offerte", re.I))
    expect(page).to_have_url(re.compile(r"\?q=offerte"))
    result.get_by_role("link").click()
    expect(page.locator("#article-title")).to_have_text("Zo maak je een offerte")

    # She asks a question about the skill.
    page.goto(f"{knowledge}/questions/new/")
    page.locator("#id_title").fill("Welke marge reken ik op een warmtepomp?")
    page.locator("#id_skills").select_option(label="Offertes maken")
    page.locator("#question-form button[type=submit]").click()
    expect(page.locator("#question-title")).to_have_text("Welke marge reken ik op een warmtepomp?")

    # Bob, who can teach it, sees the notification and answers.
    page.context.clear_cookies()
    sign_in(bob)
    page.goto(f"{base}/o/{org.slug}/")
    bell = page.locator(f'nav a[href="/o/{org.slug}/notifications/"]')
    expect(bell.locator(".badge")).to_contain_text("1")
    bell.click()
    item = page.locator("#notification-items li", has_text="Carol Bakker")
    item.get_by_role("link").first.click()
    expect(page.locator("#question-title")).to_have_text("Welke marge reken ik op een warmtepomp?")
    page.locator("#answer-form textarea[name=body]").fill("Dezelfde opslag als bij ketels, plus de **extra uren**.")
    page.locator("#answer-form button[type=submit]").click()
    expect(page.locator("#answers-heading + div strong")).to_have_text("extra uren")
    with scopes_disabled():
        assert Question.objects.get().answer_count == 1

    # Dave signs up for the lunch & learn and downloads the invitation.
    page.context.clear_cookies()
    sign_in(dave)
    page.goto(f"{knowledge}/sessions/")
    page.locator("a", has_text="Lunch & learn: de perfecte offerte").click()
    page.locator("#signup button[name=action][value=signup]").click()
    expect(page.locator("#signup button[name=action][value=cancel]")).to_be_visible()
    with scopes_disabled():
        assert SessionSignup.objects.get(person=dave).status == SignupStatus.CONFIRMED
    with page.expect_download() as download_info:
        page.locator("#signup a[href$='/ics/']").click()
    download = download_info.value
    assert download.suggested_filename.startswith("lunch-learn-de-perfecte-offerte")
    [event] = Calendar.from_ical(Path(download.path()).read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == lunch.title
    assert str(event["UID"]) == f"knowledge-session-{lunch.uuid}@leerritme"


def test_on_a_phone_the_search_and_article_fit_the_screen(transactional_db, org, alice, bob, base, sign_in, page):
    with scope(organisation=org):
        from leerritme.knowledge.services.articles import ArticleInput, article_create

        article_create(owner=alice, publish=True, values=ArticleInput(
            title="Zo maak je een offerte", body="Een **offerte** begint bij de klant. " * 30))
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(bob)
    page.goto(f"{base}/o/{org.slug}/knowledge/?q=offerte")
    expect(page.locator("#results .search-results li")).to_have_count(1)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    page.locator("#results .search-results a").first.click()
    expect(page.locator("#article-title")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
