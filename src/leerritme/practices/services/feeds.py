"""Calendar feeds: secret, revocable addresses at which calendar programs read a learning rhythm.

A person has at most one working address for their own calendar (every team they are in), and a
team at most one, shared by its members: any member may make it, replace it (when it has leaked) or
stop it. Stopping or replacing makes the old address answer 404 at once.
"""

import secrets
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_scopes import scopes_disabled

from leerritme.orgs.models import Person, Team, TeamMembership
from leerritme.practices.models import CalendarFeed

# Writing the time of every fetch would turn each calendar program's poll into a write.
FETCH_MARK_INTERVAL = timedelta(minutes=10)


def calendar_feed_token() -> str:
    """A new secret: 256 bits, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


def calendar_feed_may_manage(person: Person, feed: CalendarFeed) -> bool:
    """A person manages their own feed; every member of a team manages the team's feed."""
    if feed.organisation_id != person.organisation_id or not person.is_active:
        return False
    if feed.person_id is not None:
        return feed.person_id == person.pk
    return TeamMembership.objects.filter(person=person, team_id=feed.team_id).exists()


def _require_member(person: Person, team: Team) -> None:
    if team.organisation_id != person.organisation_id or not person.is_active:
        raise PermissionDenied
    if not TeamMembership.objects.filter(person=person, team=team).exists():
        raise PermissionDenied


def _active_feed(*, person: Person | None, team: Team | None) -> CalendarFeed | None:
    subject = Q(team=team) if team is not None else Q(person=person)
    return CalendarFeed.objects.filter(subject, revoked_at__isnull=True).order_by("-created_at").first()


@transaction.atomic
def calendar_feed_create(*, person: Person, team: Team | None = None) -> CalendarFeed:
    """The person's own feed, or `team`'s feed made by `person` (a member of it).

    When one already works, that one is returned: there is one address per person and per team.
    """
    if team is not None:
        _require_member(person, team)
        # Serialise concurrent creations for the same team (PostgreSQL; SQLite writes one at a time).
        Team.objects.select_for_update().filter(pk=team.pk).first()
    elif not person.is_active:
        raise PermissionDenied
    else:
        Person.objects.select_for_update().filter(pk=person.pk).first()
    existing = _active_feed(person=None if team else person, team=team)
    if existing is not None:
        return existing
    return CalendarFeed.objects.create(
        organisation_id=person.organisation_id,
        token=calendar_feed_token(),
        person=None if team is not None else person,
        team=team,
        created_by=person,
    )


@transaction.atomic
def calendar_feed_revoke(*, feed: CalendarFeed, person: Person) -> bool:
    """Stop the address: from now on it answers 404. False when it was already stopped."""
    if not calendar_feed_may_manage(person, feed):
        raise PermissionDenied
    now = timezone.now()
    stopped = CalendarFeed.objects.filter(pk=feed.pk, revoked_at__isnull=True).update(revoked_at=now)
    feed.revoked_at = feed.revoked_at or now
    return bool(stopped)


@transaction.atomic
def calendar_feed_replace(*, feed: CalendarFeed, person: Person) -> CalendarFeed:
    """A new secret address for the same calendar; the old one stops working."""
    if not calendar_feed_revoke(feed=feed, person=person):
        # Someone replaced or stopped it a moment ago (the update above waited for them): their
        # new address, if any, is the one to use.
        existing = _active_feed(person=feed.person, team=feed.team)
        if existing is not None:
            return existing
    return CalendarFeed.objects.create(
        organisation_id=feed.organisation_id,
        token=calendar_feed_token(),
        person_id=feed.person_id,
        team_id=feed.team_id,
        created_by=person,
    )


def calendar_feed_for_token(token: str) -> CalendarFeed | None:
    """The working feed with this secret, with what serving it needs; None when unknown or stopped.

    Looked up across organisations (the token is the only thing the caller has); the caller then
    enters the feed's organisation's scope. A personal feed stops working with its person.
    """
    if not token or len(token) > 64:
        return None
    with scopes_disabled():
        feed = (
            CalendarFeed.objects.select_related("organisation", "person__user", "team")
            .filter(token=token, revoked_at__isnull=True)
            .first()
        )
    if feed is None:
        return None
    if feed.person_id is not None and not (feed.person.is_active and feed.person.user.is_active):
        return None
    return feed


def calendar_feed_mark_fetched(*, feed: CalendarFeed, now: datetime) -> None:
    """Remember when a calendar program last read the feed, at most once every ten minutes."""
    if feed.last_fetched_at is not None and now - feed.last_fetched_at < FETCH_MARK_INTERVAL:
        return
    stale = Q(last_fetched_at__isnull=True) | Q(last_fetched_at__lt=now - FETCH_MARK_INTERVAL)
    CalendarFeed.objects.filter(stale, pk=feed.pk).update(last_fetched_at=now)
    feed.last_fetched_at = now
