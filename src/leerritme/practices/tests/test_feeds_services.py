"""Calendar feed services: one secret address per person and per team, replaced and stopped safely."""

import string
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from leerritme.practices.models import CalendarFeed
from leerritme.practices.services.feeds import (
    calendar_feed_create,
    calendar_feed_for_token,
    calendar_feed_mark_fetched,
    calendar_feed_may_manage,
    calendar_feed_replace,
    calendar_feed_revoke,
)

URL_SAFE = set(string.ascii_letters + string.digits + "-_")


def test_a_person_gets_one_secret_address(alice, in_org):
    feed = calendar_feed_create(person=alice)

    assert feed.person == alice and feed.team is None and feed.created_by == alice
    assert len(feed.token) == 43 and set(feed.token) <= URL_SAFE
    assert calendar_feed_create(person=alice) == feed
    assert CalendarFeed.objects.count() == 1


def test_every_address_has_its_own_secret(alice, bob, team, in_org):
    tokens = {calendar_feed_create(person=alice).token, calendar_feed_create(person=bob).token,
              calendar_feed_create(person=alice, team=team).token}

    assert len(tokens) == 3


def test_a_team_has_one_address_that_every_member_shares(alice, bob, team, in_org):
    made = calendar_feed_create(person=alice, team=team)

    assert made.team == team and made.person is None and made.created_by == alice
    assert calendar_feed_create(person=bob, team=team) == made
    assert calendar_feed_may_manage(bob, made)


def test_only_members_make_a_teams_address(carol, dave, team, in_org):
    for outsider in (carol, dave):  # an L&D admin and the owner, not in the team
        with pytest.raises(PermissionDenied):
            calendar_feed_create(person=outsider, team=team)
    assert CalendarFeed.objects.count() == 0


def test_a_deactivated_person_makes_no_address(alice, team, in_org):
    alice.is_active = False
    with pytest.raises(PermissionDenied):
        calendar_feed_create(person=alice)
    with pytest.raises(PermissionDenied):
        calendar_feed_create(person=alice, team=team)


def test_a_personal_address_is_managed_by_its_person_only(alice, bob, carol, in_org):
    feed = calendar_feed_create(person=alice)

    assert calendar_feed_may_manage(alice, feed)
    assert not calendar_feed_may_manage(bob, feed)
    assert not calendar_feed_may_manage(carol, feed)
    with pytest.raises(PermissionDenied):
        calendar_feed_revoke(feed=feed, person=bob)
    with pytest.raises(PermissionDenied):
        calendar_feed_replace(feed=feed, person=carol)
    feed.refresh_from_db()
    assert feed.revoked_at is None


def test_stopping_an_address_makes_its_token_unknown(alice, in_org):
    feed = calendar_feed_create(person=alice)

    assert calendar_feed_revoke(feed=feed, person=alice) is True
    feed.refresh_from_db()
    assert feed.revoked_at is not None
    assert calendar_feed_for_token(feed.token) is None
    assert calendar_feed_revoke(feed=feed, person=alice) is False
    # A new one can be made afterwards.
    assert calendar_feed_create(person=alice).token != feed.token


def test_replacing_gives_a_new_secret_for_the_same_calendar(alice, bob, team, in_org):
    old = calendar_feed_create(person=alice, team=team)

    new = calendar_feed_replace(feed=old, person=bob)

    old.refresh_from_db()
    assert old.revoked_at is not None
    assert new.token != old.token and new.team == team and new.person is None and new.created_by == bob
    assert calendar_feed_for_token(old.token) is None
    assert calendar_feed_for_token(new.token) == new


def test_replacing_an_address_someone_just_replaced_gives_their_new_one(alice, in_org):
    old = calendar_feed_create(person=alice)
    theirs = calendar_feed_replace(feed=old, person=alice)

    assert calendar_feed_replace(feed=old, person=alice) == theirs
    assert CalendarFeed.objects.filter(revoked_at__isnull=True).count() == 1


def test_a_token_is_found_across_organisations_outside_any_scope(alice, charlie, other_org, org):
    with scope(organisation=org):
        ours = calendar_feed_create(person=alice)
    with scope(organisation=other_org):
        theirs = calendar_feed_create(person=charlie)

    found = calendar_feed_for_token(ours.token)
    assert found == ours and found.organisation == org
    assert calendar_feed_for_token(theirs.token).organisation == other_org


@pytest.mark.parametrize("token", ["", "unknown", "x" * 65, "a" * 43])
def test_an_unknown_token_finds_nothing(token, alice, in_org):
    calendar_feed_create(person=alice)

    assert calendar_feed_for_token(token) is None


def test_a_personal_address_stops_with_its_person(alice, in_org):
    feed = calendar_feed_create(person=alice)

    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert calendar_feed_for_token(feed.token) is None


def test_a_personal_address_stops_with_the_login(alice, in_org):
    feed = calendar_feed_create(person=alice)

    alice.user.is_active = False
    alice.user.save(update_fields=["is_active"])
    assert calendar_feed_for_token(feed.token) is None


def test_a_teams_address_outlives_the_member_who_made_it(alice, team, in_org):
    feed = calendar_feed_create(person=alice, team=team)

    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert calendar_feed_for_token(feed.token) == feed


def test_the_last_fetch_is_written_at_most_every_ten_minutes(alice, in_org, django_assert_num_queries):
    feed = calendar_feed_create(person=alice)
    now = timezone.now()

    with django_assert_num_queries(1):
        calendar_feed_mark_fetched(feed=feed, now=now)
    with django_assert_num_queries(0):
        calendar_feed_mark_fetched(feed=feed, now=now + timedelta(minutes=9))
    with scopes_disabled():
        assert CalendarFeed.objects.get(pk=feed.pk).last_fetched_at == now

    # Another worker that loaded the feed before the write does not write again.
    stale_copy = CalendarFeed.objects.get(pk=feed.pk)
    stale_copy.last_fetched_at = None
    calendar_feed_mark_fetched(feed=stale_copy, now=now + timedelta(minutes=5))
    assert CalendarFeed.objects.get(pk=feed.pk).last_fetched_at == now

    calendar_feed_mark_fetched(feed=feed, now=now + timedelta(minutes=11))
    assert CalendarFeed.objects.get(pk=feed.pk).last_fetched_at == now + timedelta(minutes=11)
