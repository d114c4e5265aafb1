"""The calendar page (/o/<org>/calendar/): make, show, replace and stop my own and my teams' addresses."""

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from leerritme.orgs.models import Team, TeamMembership
from leerritme.practices.models import CalendarFeed
from leerritme.practices.services.feeds import calendar_feed_create
from leerritme.practices.tests.feeds_fixtures import add_occurrence, make_rhythm
from leerritme.practices.tests.test_feeds_public import next_monday

PAGE = reverse("practices:feeds", kwargs={"org": "vonk"})
CREATE = reverse("practices:feed_create", kwargs={"org": "vonk"})

@pytest.fixture
def login(client):
    """These tests read the page's English wording: the person uses Leerritme in English."""
    from leerritme.accounts.models import User

    def as_person(person):
        User.objects.filter(pk=person.user_id).update(language="en")
        person.user.language = "en"
        client.force_login(person.user)
        return client

    return as_person



def action(name: str, feed: CalendarFeed) -> str:
    return reverse(f"practices:{name}", kwargs={"org": "vonk", "uuid": feed.uuid})


def make_feed(person, team=None) -> CalendarFeed:
    with scope(organisation=person.organisation):
        return calendar_feed_create(person=person, team=team)


def active_feeds(**subject):
    with scopes_disabled():
        return list(CalendarFeed.objects.filter(revoked_at__isnull=True, **subject))


def test_a_member_without_an_address_is_offered_one(login, alice):
    response = login(alice).get(PAGE)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Make my calendar address" in page
    assert "Make a calendar address for Onderhoud" in page


def test_making_my_address_shows_it_with_ways_to_subscribe(login, alice, settings):
    settings.SITE_URL = "https://leerritme.example"
    client = login(alice)

    response = client.post(CREATE)

    (feed,) = active_feeds(person=alice)
    assert response.status_code == 302 and response["Location"] == PAGE + "#mine"
    page = client.get(PAGE).content.decode()
    assert f"https://leerritme.example/calendar/{feed.token}.ics" in page
    assert f"webcal://leerritme.example/calendar/{feed.token}.ics" in page
    assert "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Fleerritme.example%2Fcalendar%2F" in page
    assert "Make my calendar address" not in page
    # Posting again keeps the one address.
    client.post(CREATE)
    assert len(active_feeds(person=alice)) == 1


def test_making_a_teams_address_shares_it_with_the_team(login, alice, bob, team):
    response = login(alice).post(CREATE, {"team": str(team.uuid)})

    (feed,) = active_feeds(team=team)
    assert response["Location"] == PAGE + f"#team-{team.uuid}"
    assert feed.token in login(bob).get(PAGE).content.decode()


def test_my_address_is_not_shown_to_colleagues(login, alice, bob):
    feed = make_feed(alice)

    assert feed.token not in login(bob).get(PAGE).content.decode()


def test_a_teams_address_is_not_shown_outside_the_team(login, alice, carol, team):
    feed = make_feed(alice, team=team)

    page = login(carol).get(PAGE).content.decode()
    assert feed.token not in page
    assert "You are not in a team yet" in page


def test_only_members_make_a_teams_address(login, carol, team):
    assert login(carol).post(CREATE, {"team": str(team.uuid)}).status_code == 403
    assert active_feeds() == []


@pytest.mark.parametrize("value", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_an_unknown_team_is_404(value, login, alice):
    assert login(alice).post(CREATE, {"team": value}).status_code == 404


def test_replacing_my_address_stops_the_old_one(login, client, alice):
    old = make_feed(alice)
    old_url = reverse("calendar_feed", kwargs={"token": old.token})

    response = login(alice).post(action("feed_replace", old))

    (new,) = active_feeds(person=alice)
    assert response.status_code == 302
    assert new.token != old.token
    assert new.token in client.get(PAGE).content.decode()
    client.logout()
    assert client.get(old_url).status_code == 404
    assert client.get(reverse("calendar_feed", kwargs={"token": new.token})).status_code == 200


def test_stopping_my_address(login, client, alice):
    feed = make_feed(alice)

    response = login(alice).post(action("feed_revoke", feed))

    assert response.status_code == 302
    assert active_feeds() == []
    assert "Make my calendar address" in client.get(PAGE).content.decode()
    client.logout()
    assert client.get(reverse("calendar_feed", kwargs={"token": feed.token})).status_code == 404


def test_a_colleague_cannot_touch_my_address(login, alice, bob, carol, dave):
    feed = make_feed(alice)

    for someone in (bob, carol, dave):
        client = login(someone)
        assert client.post(action("feed_revoke", feed)).status_code == 404
        assert client.post(action("feed_replace", feed)).status_code == 404
    assert active_feeds() == [feed]


def test_any_team_member_may_stop_the_teams_address_but_no_one_else(login, alice, bob, carol, team):
    feed = make_feed(alice, team=team)

    assert login(carol).post(action("feed_revoke", feed)).status_code == 404
    assert login(bob).post(action("feed_revoke", feed)).status_code == 302
    assert active_feeds() == []


def test_a_stopped_address_cannot_be_stopped_or_replaced_again(login, alice):
    feed = make_feed(alice)
    client = login(alice)
    client.post(action("feed_revoke", feed))

    assert client.post(action("feed_revoke", feed)).status_code == 404
    assert client.post(action("feed_replace", feed)).status_code == 404


def test_the_actions_only_take_posts(login, alice):
    feed = make_feed(alice)
    client = login(alice)

    assert client.get(CREATE).status_code == 405
    assert client.get(action("feed_revoke", feed)).status_code == 405
    assert client.get(action("feed_replace", feed)).status_code == 405
    assert client.post(PAGE).status_code == 405


def test_the_page_shows_what_is_coming_up(login, org, team, alice):
    add_occurrence(make_rhythm(org, team), next_monday())

    page = login(alice).get(PAGE).content.decode()

    assert "Check-out in the team meeting – Onderhoud" in page


def test_charlie_gets_404(login, charlie, alice, team):
    feed = make_feed(alice, team=team)
    client = login(charlie)

    assert client.get(PAGE).status_code == 404
    assert client.post(CREATE).status_code == 404
    assert client.post(action("feed_revoke", feed)).status_code == 404
    assert client.post(action("feed_replace", feed)).status_code == 404
    assert active_feeds() == [feed]


def test_visitors_are_sent_to_log_in(client):
    response = client.get(PAGE)

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_page_costs_the_same_queries_with_many_teams_and_addresses(login, org, team, alice,
                                                                      django_assert_max_num_queries):
    add_occurrence(make_rhythm(org, team), next_monday())
    client = login(alice)
    client.get(PAGE)
    with django_assert_max_num_queries(100) as few:
        client.get(PAGE)
    baseline = len(few.captured_queries)

    make_feed(alice)
    with scopes_disabled():
        for index in range(6):
            extra = Team.objects.create(organisation=org, name=f"Team {index}")
            TeamMembership.objects.create(organisation=org, team=extra, person=alice)
            add_occurrence(make_rhythm(org, extra), next_monday())
            if index % 2:
                make_feed(alice, team=extra)
    with django_assert_max_num_queries(baseline):
        response = client.get(PAGE)
    assert response.content.decode().count("Calendar address") == 4
