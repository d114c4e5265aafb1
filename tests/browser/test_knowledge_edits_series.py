"""Journeys: the asker edits a question and an answerer their answer (the page says "edited", the history keeps
the earlier text); an organiser starts a series that plans its own sessions, a colleague says "I will present",
the organiser hears of it and names a speaker for another session with the keyboard-driven colleague picker."""

import re
from datetime import datetime, timedelta

from django.utils import timezone
from django_scopes import scope, scopes_disabled
from playwright.sync_api import expect

from leerritme.knowledge.models import AnswerVersion, KnowledgeSession, QuestionVersion, SessionSeries
from leerritme.knowledge.services.questions import answer_add, question_ask


def test_editing_a_question_and_an_answer(transactional_db, org, alice, bob, base, sign_in, page):
    with scope(organisation=org):
        question = question_ask(asker=alice, title="Marge op een warmtepomp?", body="Hoeveel?")
        answer = answer_add(question=question, author=bob, body="Twintig procent.")
    knowledge = f"{base}/o/{org.slug}/knowledge"

    sign_in(alice)
    page.goto(f"{knowledge}/questions/{question.uuid}/")
    page.locator(f'a[href$="/questions/{question.uuid}/edit/"]').click()
    page.locator("#id_title").fill("Welke marge reken ik op een warmtepomp?")
    page.locator("#question-form button[type=submit]").click()
    expect(page.locator("#question-title")).to_have_text("Welke marge reken ik op een warmtepomp?")
    expect(page.locator("#question-title + p .badge")).to_be_visible()  # "edited"
    # Alice may not edit Bob's answer: no edit link for it.
    expect(page.locator(f'a[href$="/answers/{answer.uuid}/edit/"]')).to_have_count(0)
    page.locator(f'a[href$="/questions/{question.uuid}/history/"]').click()
    expect(page.locator("main")).to_contain_text("Marge op een warmtepomp?")

    page.context.clear_cookies()
    sign_in(bob)
    page.goto(f"{knowledge}/questions/{question.uuid}/")
    page.locator(f'a[href$="/answers/{answer.uuid}/edit/"]').click()
    page.locator("#answer-edit-form textarea[name=body]").fill("Twintig procent, plus de **extra uren**.")
    page.locator("#answer-edit-form button[type=submit]").click()
    card = page.locator(f"#answer-{answer.uuid}")
    expect(card.locator("strong")).to_have_text("extra uren")
    expect(card.locator(".badge")).to_be_visible()
    with scopes_disabled():
        assert QuestionVersion.objects.get().title == "Marge op een warmtepomp?"
        assert AnswerVersion.objects.get().body == "Twintig procent."


def test_a_series_plans_sessions_a_colleague_claims_one_and_the_organiser_picks_a_speaker(
        transactional_db, org, alice, bob, carol, base, sign_in, page):
    knowledge = f"{base}/o/{org.slug}/knowledge"
    now = timezone.localtime()
    monday = now.date() + timedelta(days=(7 - now.weekday()) % 7 or 7)
    first = datetime(monday.year, monday.month, monday.day, 12, 0)

    # Bob starts "every two weeks someone presents".
    sign_in(bob)
    page.goto(f"{knowledge}/series/new/")
    page.locator("#id_title").fill("Iemand vertelt")
    page.locator("#id_interval_weeks").fill("2")
    page.locator("#id_first_starts_at").fill(first.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_weeks_ahead").fill("6")
    page.locator("#series-form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Iemand vertelt")
    expect(page.locator("#up-heading + ul li")).to_have_count(3)
    with scopes_disabled():
        series = SessionSeries.objects.get()
        sessions = list(KnowledgeSession.objects.filter(series=series).order_by("starts_at"))
    assert len(sessions) == 3 and all(s.speaker_id is None for s in sessions)

    # Alice says she will present the first one, and gives it her topic.
    page.context.clear_cookies()
    sign_in(alice)
    page.goto(f"{knowledge}/sessions/{sessions[0].uuid}/")
    expect(page.locator("#speaker-wanted")).to_be_visible()
    page.locator("button[name=action][value=claim]").click()
    page.locator("#id_title").fill("Mijn project: de nieuwe werkbon")
    page.locator("#session-form button[type=submit]").click()
    expect(page.locator("#session-title")).to_have_text("Mijn project: de nieuwe werkbon")
    expect(page.locator("#speaker-wanted")).to_have_count(0)

    # Bob hears that Alice will present, and the notification leads to her session.
    page.context.clear_cookies()
    sign_in(bob)
    page.goto(f"{base}/o/{org.slug}/notifications/")
    told = page.locator("#notification-items li", has_text=alice.display_name)
    expect(told).to_contain_text("Iemand vertelt")
    told.locator("a").click()
    expect(page).to_have_url(re.compile(re.escape(f"/sessions/{sessions[0].uuid}/") + "$"))
    expect(page.locator("#session-title")).to_have_text("Mijn project: de nieuwe werkbon")

    # Bob names Carol for the second one with the picker, by keyboard only.
    page.goto(f"{knowledge}/sessions/{sessions[1].uuid}/")
    search = page.locator("#speaker-form [data-picker-search]")
    search.press_sequentially("bakk", delay=40)
    option = page.locator("#speaker-form [data-pick-email]")
    expect(option).to_have_count(1)
    search.press("ArrowDown")
    expect(option).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#speaker-form input[name=speaker]")).to_have_value("carol@vonk.test")
    page.locator("#speaker-form button[type=submit]").click()
    expect(page.locator("#speaker-wanted")).to_have_count(0)
    with scopes_disabled():
        assert KnowledgeSession.objects.get(pk=sessions[1].pk).speaker_id == carol.pk
        assert KnowledgeSession.objects.get(pk=sessions[0].pk).speaker_id == alice.pk
