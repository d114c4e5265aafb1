"""Calendar feeds: the page where people make and manage their calendar addresses, the public feed
that calendar programs read by secret token, and the .ics download of a single occurrence."""

import hashlib
import uuid as uuid_module
from datetime import timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe
from django_scopes import scope

from leerritme.lib.calendar import entries_for
from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Team, TeamMembership
from leerritme.practices.calendar import occurrence_entry
from leerritme.practices.ical import calendar_document, single_event_document
from leerritme.practices.models import CalendarFeed, Occurrence
from leerritme.practices.services.feeds import (
    calendar_feed_create,
    calendar_feed_for_token,
    calendar_feed_mark_fetched,
    calendar_feed_may_manage,
    calendar_feed_replace,
    calendar_feed_revoke,
)

# What a feed holds: the last quarter (so last weeks' events stay visible) and the coming 13 months.
FEED_PAST = timedelta(days=90)
FEED_FUTURE = relativedelta(months=13)
# Calendar programs poll; a repeat within five minutes may be answered from their own cache.
FEED_MAX_AGE = 300
UPCOMING_WINDOW = timedelta(weeks=6)
UPCOMING_SHOWN = 5


# The feeds page ----------------------------------------------------------------------------------------


@require_GET
def my_feeds(request, org):
    """My calendar address (every team I am in) and those of my teams, with how to subscribe."""
    person = request.person
    teams = [
        membership.team
        for membership in TeamMembership.objects.filter(person=person)
        .select_related("team")
        .only("team__uuid", "team__name")
        .order_by("team__name")
    ]
    feeds = list(
        CalendarFeed.objects.filter(Q(person=person) | Q(team__in=[team.pk for team in teams]), revoked_at__isnull=True)
        .select_related("created_by__user")
        .order_by("created_at")
    )
    mine = next((feed for feed in feeds if feed.person_id == person.pk), None)
    by_team = {feed.team_id: feed for feed in feeds if feed.team_id}
    now = timezone.now()
    upcoming = [e for e in entries_for(person, now, now + UPCOMING_WINDOW) if not e.cancelled][:UPCOMING_SHOWN]
    context = {
        "mine": _feed_links(mine),
        "team_feeds": [(team, _feed_links(by_team.get(team.pk))) for team in teams],
        "upcoming": [(entry, _in_app(entry.url)) for entry in upcoming],
        "time_zone": settings.TIME_ZONE,
    }
    return render(request, "practices/feeds/page.html", context)


def _in_app(url: str) -> str:
    """Entries link absolutely (for calendar programs); on our own page a path works on any host."""
    return url.removeprefix(settings.SITE_URL) if url.startswith(settings.SITE_URL + "/") else url


def _feed_links(feed: CalendarFeed | None) -> dict | None:
    if feed is None:
        return None
    url = settings.SITE_URL + reverse("calendar_feed", kwargs={"token": feed.token})
    webcal = "webcal://" + url.split("://", 1)[1]
    return {
        "feed": feed,
        "url": url,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe=""),
    }


@require_POST
def feed_create(request, org):
    """Make my calendar address, or my team's (field `team`: its uuid)."""
    team = None
    if request.POST.get("team"):
        team = get_in_organisation(Team.objects, uuid=_uuid_or_404(request.POST["team"]))
    feed = calendar_feed_create(person=request.person, team=team)
    messages.success(request, _("Your calendar address is ready. Add it to your calendar program below."))
    return redirect(_page_anchor(org, feed))


@require_POST
def feed_replace(request, org, uuid):
    """A new address for the same calendar: for when the old one reached someone it should not."""
    feed = _manageable_feed(request, uuid)
    new = calendar_feed_replace(feed=feed, person=request.person)
    messages.success(
        request,
        _("The old address no longer works. Subscribe again with the new address in every calendar that used it."),
    )
    return redirect(_page_anchor(org, new))


@require_POST
def feed_revoke(request, org, uuid):
    """Stop an address: calendars subscribed to it get no more updates."""
    feed = _manageable_feed(request, uuid)
    calendar_feed_revoke(feed=feed, person=request.person)
    messages.success(request, _("The calendar address no longer works. You can make a new one at any time."))
    return redirect(_page_anchor(org, feed))


def _manageable_feed(request, uuid) -> CalendarFeed:
    # Someone else's calendar address is not theirs to know about: 404, as for one that never existed.
    feed = get_in_organisation(CalendarFeed.objects.filter(revoked_at__isnull=True), uuid=uuid)
    if not calendar_feed_may_manage(request.person, feed):
        raise Http404
    return feed


def _page_anchor(org: str, feed: CalendarFeed) -> str:
    anchor = "mine" if feed.person_id else f"team-{feed.team.uuid}"
    return reverse("practices:feeds", kwargs={"org": org}) + "#" + anchor


def _uuid_or_404(value: str) -> uuid_module.UUID:
    try:
        return uuid_module.UUID(value)
    except ValueError:
        raise Http404 from None


# The feed itself (public, by secret token) --------------------------------------------------------------


@require_safe
def feed(request, token):
    """The iCalendar document for a calendar program; 404 for an unknown, stopped or orphaned token."""
    found = calendar_feed_for_token(token)
    if found is None:
        raise Http404
    with scope(organisation=found.organisation):
        return _serve(request, found)


def _serve(request, feed: CalendarFeed) -> HttpResponse:
    subject = feed.person or feed.team
    now = timezone.now()
    # A person's own calendar speaks their language; a team's shared one the organisation's.
    language = feed.person.user.language if feed.person_id else feed.organisation.default_language
    with translation.override(language):
        entries = entries_for(subject, now - FEED_PAST, now + FEED_FUTURE)
        if feed.person_id:
            name = _("My learning rhythm · %(organisation)s") % {"organisation": feed.organisation.name}
            description = _("The learning practices of your teams, from Leerritme.")
        else:
            name = _("Learning rhythm of %(team)s · %(organisation)s") % {
                "team": feed.team.name, "organisation": feed.organisation.name,
            }
            description = _("The learning practices of team %(team)s, from Leerritme.") % {"team": feed.team.name}
        etag = _etag(entries, name, description, language)
        calendar_feed_mark_fetched(feed=feed, now=now)
        unchanged = get_conditional_response(request, etag=etag)
        if unchanged is not None:
            response = unchanged
        else:
            body = calendar_document(entries, name=name, description=description, time_zone=settings.TIME_ZONE, now=now)
            response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Content-Language"] = language
    response["X-Robots-Tag"] = "noindex, nofollow"
    # "private": the address is a secret, so no shared cache should keep a copy.
    patch_cache_control(response, private=True, max_age=FEED_MAX_AGE)
    return response


def _etag(entries, *parts) -> str:
    """A weak validator of what the document says (its DTSTAMP changes on every generation)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part.encode() + b"\0")
    for e in entries:
        digest.update(
            f"{e.uid}|{e.sequence}|{e.cancelled}|{e.start.isoformat()}|{e.end.isoformat()}|{e.title}|"
            f"{e.description}|{e.location}|{e.url}|{e.updated_at}\0".encode()
        )
    return f'W/"{digest.hexdigest()}"'


# One occurrence as a file --------------------------------------------------------------------------------


@require_GET
def occurrence_ics(request, org, uuid):
    """A single occurrence as an .ics file, for people who add events one at a time."""
    occurrence = get_in_organisation(
        Occurrence.objects.select_related(
            "rhythm__organisation", "rhythm__adoption__team", "rhythm__adoption__practice"
        ),
        uuid=uuid,
    )
    entry = occurrence_entry(occurrence)
    body = single_event_document(entry, time_zone=occurrence.rhythm.time_zone or settings.TIME_ZONE)
    local = occurrence.start.astimezone(ZoneInfo(occurrence.rhythm.time_zone or settings.TIME_ZONE))
    filename = f"{slugify(occurrence.rhythm.adoption.practice.name) or 'leerritme'}-{local:%Y-%m-%d}.ics"
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, private=True, no_cache=True)
    return response
