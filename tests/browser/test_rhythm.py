"""Journey: a team lead adopts the check-out weekly on Monday 9:00, sees it in the team's rhythm and
subscribes to the calendar; a member gets the Dutch reminder e-mail and opens the occurrence from it."""

import re
from datetime import datetime, time, timedelta

from django.core import mail
from django.utils import timezone
from django_scopes import scopes_disabled
from icalendar import Calendar
from playwright.sync_api import expect

from leerritme.practices import recurrence
from leerritme.practices.catalogue import practices_ensure_catalogue
from leerritme.practices.models import Adoption, Occurrence, OccurrenceStatus, Practice
from leerritme.scheduler.services import scheduler_tick

PURPOSE = "Na het werkoverleg even stilstaan bij hoe het ging, zodat het kort en nuttig blijft."
AMSTERDAM = recurrence.zone("Europe/Amsterdam")


def next_monday() -> datetime:
    """The first Monday after tomorrow (local): far enough ahead that its 9:00 is still to come."""
    day = timezone.localtime(timezone.now(), AMSTERDAM).date() + timedelta(days=2)
    return datetime.combine(day + timedelta(days=(7 - day.weekday()) % 7), time(9, 0))


def test_a_lead_adopts_the_check_out_weekly_and_a_member_opens_the_dutch_reminder(
    transactional_db, settings, org, team, alice, bob, base, page, sign_in
):
    settings.SITE_URL = base  # links in the calendar page and the e-mail point at this server
    practices_ensure_catalogue(org)
    with scopes_disabled():
        check_out = Practice.objects.get(organisation=org, key="check-out")
    first = next_monday()

    # Bob finds the check-out in the catalogue, from the way of learning.
    sign_in(bob)
    page.goto(f"{base}/o/{org.slug}/")
    page.get_by_role("button", name="Organisatie", exact=True).click()  # the menu that holds the way of learning
    page.locator(f'nav a[href="/o/{org.slug}/way-of-learning/"]').click()
    page.locator(f'main a[href="/o/{org.slug}/practices/"]').first.click()
    page.locator("#id_q").fill("check-out")
    card = page.locator("#results li", has_text=check_out.name_nl)
    expect(card).to_have_count(1)
    card.get_by_role("link", name=check_out.name_nl).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(check_out.name_nl)

    # He adopts it for his team, as its owner, with a purpose.
    page.locator(f'a[href$="/adopt/?team={team.uuid}"]').click()
    owner = page.locator("select[name=owner]")
    expect(owner.locator("option:checked")).to_have_text(bob.display_name)
    page.locator("textarea[name=purpose]").fill(PURPOSE)
    page.locator("form:has(textarea[name=purpose]) button[type=submit]").click()

    # Next the rhythm: weekly on Monday at 9:00, ten minutes, in the Monday meeting.
    expect(page).to_have_url(re.compile(r"/adoptions/[0-9a-f-]+/rhythm/$"))
    form = page.locator("#rhythm-form")
    form.locator("input[name=cadence][value=weekly]").check()
    for box in form.locator("input[name=weekdays]").all():
        box.set_checked(box.get_attribute("value") == "0")
    form.locator("input[name=start_date]").fill(first.date().isoformat())
    form.locator("input[name=at]").fill("09:00")
    form.locator("input[name=duration_minutes]").fill("10")
    form.locator("input[name=meeting]").fill("Werkoverleg maandag")
    # The preview lists the next times, on Mondays ("maandag": dates in bob's language).
    expect(page.locator("#rhythm-preview ol li").first).to_contain_text("maandag")
    expect(page.locator("#rhythm-preview ol li").first).to_contain_text("09:00")
    form.locator("button[type=submit]").click()

    # The team's rhythm shows it in the coming weeks, every Monday.
    expect(page).to_have_url(re.compile(rf"/o/{org.slug}/teams/{team.uuid}/rhythm/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(team.name)
    times = page.locator(f'a[href^="/o/{org.slug}/occurrences/"]', has_text=check_out.name_nl)
    expect(times.first).to_be_visible()
    assert times.count() >= 5
    with scopes_disabled():
        adoption = Adoption.objects.select_related("rhythm").get(team=team, practice=check_out)
        assert adoption.owner_id == bob.pk and adoption.purpose == PURPOSE
        assert adoption.rhythm.rrule == "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0"
        occurrence = Occurrence.objects.filter(rhythm=adoption.rhythm, status=OccurrenceStatus.PLANNED).order_by(
            "start").first()
    assert recurrence.aware_to_local(occurrence.start, AMSTERDAM) == first

    # He subscribes to his calendar: the address answers a valid iCalendar document with the occurrence.
    page.get_by_role("button", name=bob.user.name, exact=True).click()  # his own menu
    page.locator(f'nav a[href="/o/{org.slug}/calendar/"]').click()
    page.locator("#mine form button[type=submit]").click()
    address = page.locator("#address-mine")
    expect(address).to_have_value(re.compile(r"/calendar/[\w-]+\.ics$"))
    feed = page.request.get(address.input_value())
    assert feed.status == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(feed.body())
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    [event] = [event for uid, event in events.items() if str(occurrence.uuid) in uid]
    assert check_out.name_nl in str(event["SUMMARY"])
    start = event.decoded("DTSTART")
    assert str(start.tzinfo) == "Europe/Amsterdam" and start.replace(tzinfo=None) == first
    assert event.decoded("DTEND") - start == timedelta(minutes=10)

    # The scheduler's tick a little less than a day before: alice's reminder (24 hours ahead) is due.
    mail.outbox.clear()
    scheduler_tick(occurrence.start - timedelta(hours=23, minutes=55), worker_id="browser-test")
    [reminder] = [message for message in mail.outbox if message.to == [alice.user.email]]
    assert check_out.name_nl in reminder.subject and "maandag" in reminder.subject
    assert "09:00" in reminder.body and "maandag" in reminder.body and PURPOSE in reminder.body
    html, mimetype = reminder.alternatives[0]
    assert mimetype == "text/html" and 'lang="nl"' in html
    links = re.findall(rf'href="({re.escape(base)}/o/{org.slug}/notifications/[^"]+)"', html)
    assert links

    # Alice follows the link from the e-mail, signs in and lands on the occurrence.
    page.context.clear_cookies()
    sign_in(alice)
    page.goto(links[0])
    expect(page).to_have_url(re.compile(rf"/o/{org.slug}/occurrences/{occurrence.uuid}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(check_out.name_nl)
    expect(page.locator("main")).to_contain_text("maandag")
    expect(page.locator("main")).to_contain_text("09:00")
