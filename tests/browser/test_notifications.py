"""Journey: a person sees the unread badge, opens the list, opens the notification, and it is read."""

import re

from django_scopes import scopes_disabled
from playwright.sync_api import expect

from leerritme.notifications.models import Notification
from leerritme.notifications.tests.factories import make_notification


def test_alice_opens_an_unread_notification_and_it_is_marked_read(transactional_db, org, alice, team, base,
                                                                   sign_in):
    team_url = f"/o/{org.slug}/teams/{team.uuid}/"
    make_notification(alice, "Older news that was read", read=True, minutes_ago=60)
    notification = make_notification(alice, "Je bent toegevoegd aan Onderhoud", url=team_url)

    page = sign_in(alice)
    page.goto(f"{base}/o/{org.slug}/")
    notifications_link = page.locator(f'nav a[href="/o/{org.slug}/notifications/"]')
    badge = notifications_link.locator(".badge")
    # The badge arrives through htmx, with a count for the eye and words for a screen reader.
    expect(badge).to_contain_text("1")
    expect(badge.locator(".visually-hidden")).to_have_text(re.compile(r"\S"))

    notifications_link.click()
    expect(page).to_have_url(re.compile(r"/notifications/$"))
    unread_item = page.locator("#notification-items li", has_text="Je bent toegevoegd aan Onderhoud")
    expect(unread_item.locator(".badge")).to_be_visible()
    read_item = page.locator("#notification-items li", has_text="Older news that was read")
    expect(read_item.locator(".badge")).to_have_count(0)

    unread_item.get_by_role("link", name="Je bent toegevoegd aan Onderhoud").click()
    expect(page).to_have_url(re.compile(re.escape(team_url) + "$"))
    with scopes_disabled():
        assert Notification.objects.get(pk=notification.pk).read_at is not None

    # Back on the list nothing is unread any more, and the navigation shows no badge.
    page.goto(f"{base}/o/{org.slug}/notifications/")
    expect(page.locator("#notification-items .badge")).to_have_count(0)
    page.wait_for_load_state("networkidle")
    expect(page.locator(f'nav a[href="/o/{org.slug}/notifications/"] .badge')).to_have_count(0)
