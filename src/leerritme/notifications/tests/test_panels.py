import pytest
from django.test import RequestFactory
from django.urls import reverse

from leerritme.lib.panels import registered_panels
from leerritme.notifications.panels import unread_notifications
from leerritme.notifications.tests.factories import make_notification


def request_for(person):
    request = RequestFactory().get("/")
    request.person = person
    return request


def test_it_is_registered():
    assert "notifications.unread" in [panel.name for panel in registered_panels()]


@pytest.mark.django_db
def test_it_hides_itself_when_everything_is_read(alice, in_org):
    make_notification(alice, "Read", read=True)

    assert unread_notifications(request_for(alice)) is None


@pytest.mark.django_db
def test_it_shows_the_newest_unread_ones_and_the_total(alice, in_org):
    for index in range(7):
        make_notification(alice, f"N{index}", minutes_ago=index)

    context = unread_notifications(request_for(alice))

    assert [n.title for n in context["items"]] == ["N0", "N1", "N2", "N3", "N4"]
    assert context["count"] == 7


@pytest.mark.django_db
def test_it_appears_on_the_home_page(org, alice, login):
    make_notification(alice, "See me on the home page")

    response = login(alice).get(reverse("home", kwargs={"org": org.slug}))

    html = response.content.decode()
    assert "See me on the home page" in html
    assert 'id="panel-notifications-title"' in html


@pytest.mark.django_db
def test_it_is_absent_from_the_home_page_when_all_is_read(org, alice, login):
    make_notification(alice, "Old news", read=True)

    response = login(alice).get(reverse("home", kwargs={"org": org.slug}))

    assert 'id="panel-notifications-title"' not in response.content.decode()
