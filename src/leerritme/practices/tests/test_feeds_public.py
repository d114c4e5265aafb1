"""The public feed (/calendar/<token>.ics) as calendar programs read it, and the single-occurrence .ics.

Every feed is parsed with icalendar, as a calendar program would read it.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from icalendar import Calendar

from leerritme.orgs.models import Team, TeamMembership
from leerritme.practices.models import CalendarFeed, Occurrence, OccurrenceStatus
from leerritme.practices.services.feeds import calendar_feed_create, calendar_feed_revoke
from leerritme.practices.tests.feeds_fixtures import add_occurrence, add_weekly, make_practice, make_rhythm

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def next_monday(weeks_ahead: int = 1, hour: int = 9) -> datetime:
    today = timezone.now().astimezone(AMSTERDAM).date()
    monday = today + timedelta(days=7 * weeks_ahead - today.weekday())
    return datetime(monday.year, monday.month, monday.day, hour, 0, tzinfo=AMSTERDAM)


def spring_change_mondays() -> tuple[datetime, datetime]:
    """The Mondays before and after the next move to summer time (inside the feed's 13 months)."""
    year = timezone.now().astimezone(AMSTERDAM).year + 1
    last_sunday = max(datetime(year, 3, day) for day in range(25, 32) if datetime(year, 3, day).weekday() == 6)
    after = (last_sunday + timedelta(days=1)).replace(hour=9, tzinfo=AMSTERDAM)
    return after - timedelta(weeks=1), after


def fetch(client, feed, **headers):
    return client.get(reverse("calendar_feed", kwargs={"token": feed.token}), **headers)


def parsed(response) -> Calendar:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


@pytest.fixture
def other_team(org):
    with scopes_disabled():
        return Team.objects.create(organisation=org, name="Verkoop")


@pytest.fixture
def alice_feed(alice, in_org):
    return calendar_feed_create(person=alice)


def test_a_personal_feed_has_the_persons_occurrences(client, org, team, alice_feed, in_org):
    add_weekly(make_rhythm(org, team), next_monday(), 3)

    calendar = parsed(fetch(client, alice_feed))

    assert [event["SUMMARY"] for event in calendar.events] == ["Check-out in het werkoverleg – Onderhoud"] * 3
    assert calendar["X-WR-CALNAME"] == "Mijn leerritme · Werkplaats De Vonk"  # alice reads Dutch
    assert calendar["METHOD"] == "PUBLISH"


def test_uids_stay_the_same_across_regenerations(client, org, team, alice_feed, in_org):
    made = add_weekly(make_rhythm(org, team), next_monday(), 3)

    first = [event["UID"] for event in parsed(fetch(client, alice_feed)).events]
    second = [event["UID"] for event in parsed(fetch(client, alice_feed)).events]

    assert first == second == [f"occurrence-{occurrence.uuid}@leerritme" for occurrence in made]


def test_moving_an_occurrence_raises_its_sequence_and_moves_it(client, org, team, alice_feed, in_org):
    occurrence = add_occurrence(make_rhythm(org, team), next_monday())
    (before,) = parsed(fetch(client, alice_feed)).events

    moved = next_monday(hour=14) + timedelta(days=1)
    Occurrence.objects.filter(pk=occurrence.pk).update(start=moved, end=moved + timedelta(minutes=30), sequence=1,
                                                       updated_at=timezone.now())
    (after,) = parsed(fetch(client, alice_feed)).events

    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after.start == moved


def test_a_skipped_occurrence_is_sent_as_cancelled(client, org, team, alice_feed, in_org):
    rhythm = make_rhythm(org, team)
    add_occurrence(rhythm, next_monday())
    skipped = add_occurrence(rhythm, next_monday(2), status=OccurrenceStatus.SKIPPED, sequence=1)

    events = {str(event["UID"]): event for event in parsed(fetch(client, alice_feed)).events}

    assert len(events) == 2
    cancelled = events[f"occurrence-{skipped.uuid}@leerritme"]
    assert cancelled["STATUS"] == "CANCELLED"
    assert [event["STATUS"] for event in events.values()].count("CONFIRMED") == 1


def test_times_are_local_with_a_vtimezone_across_the_change_to_summer_time(client, org, team, alice_feed, in_org):
    before, after = spring_change_mondays()
    rhythm = make_rhythm(org, team)
    add_weekly(rhythm, before, 2)

    response = fetch(client, alice_feed)
    calendar = parsed(response)

    (vtimezone,) = calendar.timezones
    assert vtimezone["TZID"] == "Europe/Amsterdam"
    starts = [event["DTSTART"] for event in calendar.events]
    assert [start.params["TZID"] for start in starts] == ["Europe/Amsterdam"] * 2
    assert [start.dt for start in starts] == [before, after]
    assert f"DTSTART;TZID=Europe/Amsterdam:{before:%Y%m%d}T090000".encode() in response.content
    assert f"DTSTART;TZID=Europe/Amsterdam:{after:%Y%m%d}T090000".encode() in response.content
    assert [start.dt.astimezone(UTC).hour for start in starts] == [8, 7]


def test_a_stopped_feed_answers_404(client, alice, alice_feed, in_org):
    assert fetch(client, alice_feed).status_code == 200
    calendar_feed_revoke(feed=alice_feed, person=alice)

    assert fetch(client, alice_feed).status_code == 404


def test_an_unknown_token_answers_404(client, alice_feed):
    assert client.get(reverse("calendar_feed", kwargs={"token": "not-a-token"})).status_code == 404
    assert client.get(reverse("calendar_feed", kwargs={"token": alice_feed.token[:-1]})).status_code == 404
    assert client.get(f"/calendar/{alice_feed.token}.ICS").status_code == 404


def test_a_deactivated_persons_feed_answers_404(client, alice, alice_feed, in_org):
    alice.is_active = False
    alice.save(update_fields=["is_active"])

    assert fetch(client, alice_feed).status_code == 404


def test_a_team_feed_has_only_the_teams_events(client, org, team, other_team, alice, in_org):
    TeamMembership.objects.create(organisation=org, team=other_team, person=alice)
    add_weekly(make_rhythm(org, team), next_monday(), 2)
    add_weekly(make_rhythm(org, other_team), next_monday(), 3)

    calendar = parsed(fetch(client, calendar_feed_create(person=alice, team=other_team)))

    assert [event["SUMMARY"] for event in calendar.events] == ["Check-out in het werkoverleg – Verkoop"] * 3
    assert calendar["X-WR-CALNAME"] == "Leerritme van Verkoop · Werkplaats De Vonk"  # the organisation's language


def test_a_personal_feed_has_nothing_of_teams_the_person_is_not_in(client, org, team, other_team, alice_feed,
                                                                   in_org):
    add_weekly(make_rhythm(org, team), next_monday(), 2)
    add_weekly(make_rhythm(org, other_team, practice=make_practice(org, name_nl="Leesclub")), next_monday(), 3)

    summaries = {event["SUMMARY"] for event in parsed(fetch(client, alice_feed)).events}

    assert summaries == {"Check-out in het werkoverleg – Onderhoud"}


def test_a_token_of_one_organisation_never_shows_another(client, org, other_org, team, alice, charlie):
    with scopes_disabled():
        their_team = Team.objects.create(organisation=other_org, name="Onderhoud")
        TeamMembership.objects.create(organisation=other_org, team=their_team, person=charlie)
    add_weekly(make_rhythm(org, team), next_monday(), 2)
    add_weekly(make_rhythm(other_org, their_team, practice=make_practice(other_org, name_nl="Geheim")),
               next_monday(), 4)
    with scope(organisation=org):
        ours = calendar_feed_create(person=alice)
        our_team = calendar_feed_create(person=alice, team=team)
    with scope(organisation=other_org):
        theirs = calendar_feed_create(person=charlie)

    for feed in (ours, our_team):
        summaries = [str(event["SUMMARY"]) for event in parsed(fetch(client, feed)).events]
        assert len(summaries) == 2 and not any("Geheim" in summary for summary in summaries)
    their_summaries = [str(event["SUMMARY"]) for event in parsed(fetch(client, theirs)).events]
    assert their_summaries == ["Geheim – Onderhoud"] * 4
    assert b"Werkplaats De Vonk" not in fetch(client, theirs).content


def test_the_query_count_does_not_grow_with_the_occurrences(client, org, team, other_team, alice_feed, in_org,
                                                            django_assert_num_queries, django_assert_max_num_queries):
    """The feed itself and the rhythm take 3 queries; every other calendar source (knowledge sessions, coaching,
    learning time) adds its own few, never one per entry."""
    from leerritme.lib.calendar import _sources

    TeamMembership.objects.create(organisation=org, team=other_team, person=alice_feed.person)
    add_weekly(make_rhythm(org, team), next_monday(), 2)
    fetch(client, alice_feed)  # the first fetch also writes last_fetched_at
    with django_assert_max_num_queries(3 + 2 * (len(_sources) - 1)) as few:
        assert len(parsed(fetch(client, alice_feed)).events) == 2

    for index in range(4):
        practice = make_practice(org, name_nl=f"Praktijk {index}", name_en=f"Practice {index}")
        add_weekly(make_rhythm(org, team if index % 2 else other_team, practice=practice), next_monday(), 40)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(parsed(fetch(client, alice_feed)).events) == 162


def test_the_feed_can_be_cached_briefly_and_revalidated(client, org, team, alice_feed, in_org):
    add_weekly(make_rhythm(org, team), next_monday(), 2)

    response = fetch(client, alice_feed)

    assert "private" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert response["ETag"].startswith('W/"')
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    again = fetch(client, alice_feed, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""

    add_occurrence(make_rhythm(org, team, practice=make_practice(org, name_nl="Nieuw")), next_monday())
    changed = fetch(client, alice_feed, HTTP_IF_NONE_MATCH=response["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != response["ETag"]


def test_a_calendar_program_may_ask_for_the_headers_only(client, alice_feed):
    url = reverse("calendar_feed", kwargs={"token": alice_feed.token})

    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


def test_fetching_records_when_a_program_last_read_it(client, alice_feed):
    assert alice_feed.last_fetched_at is None

    fetch(client, alice_feed)

    with scopes_disabled():
        assert CalendarFeed.objects.get(pk=alice_feed.pk).last_fetched_at is not None


def test_a_personal_feed_speaks_the_persons_language_and_a_team_feed_the_organisations(client, org, team, alice,
                                                                                      in_org):
    alice.user.language = "en"
    alice.user.save(update_fields=["language"])
    add_occurrence(make_rhythm(org, team), next_monday())
    mine = parsed(fetch(client, calendar_feed_create(person=alice)))
    teams = parsed(fetch(client, calendar_feed_create(person=alice, team=team)))

    assert mine.events[0]["SUMMARY"] == "Check-out in the team meeting – Onderhoud"
    assert teams.events[0]["SUMMARY"] == "Check-out in het werkoverleg – Onderhoud"


def test_the_feed_holds_the_last_quarter_and_the_coming_thirteen_months(client, org, team, alice_feed, in_org):
    rhythm = make_rhythm(org, team)
    now = timezone.now()
    for days in (-120, -80, 380, 410):
        add_occurrence(rhythm, now + timedelta(days=days))

    starts = [event.start for event in parsed(fetch(client, alice_feed)).events]

    assert len(starts) == 2
    assert starts[0] < now < starts[1]


# A single occurrence as a file ---------------------------------------------------------------------


@pytest.fixture
def occurrence(org, team):
    return add_occurrence(make_rhythm(org, team), next_monday())


def ics_url(occurrence) -> str:
    return reverse("practices:occurrence_ics", kwargs={"org": "vonk", "uuid": occurrence.uuid})


@pytest.mark.parametrize("who", ["alice", "bob", "carol", "dave"])
def test_members_download_one_occurrence(who, request, login, occurrence):
    response = login(request.getfixturevalue(who)).get(ics_url(occurrence))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="check-out-in-het-werkoverleg-{next_monday():%Y-%m-%d}.ics"'
    )
    calendar = parsed(response)
    (event,) = calendar.events
    assert event["UID"] == f"occurrence-{occurrence.uuid}@leerritme"
    assert event.start == next_monday()
    assert calendar.timezones[0]["TZID"] == "Europe/Amsterdam"


def test_the_download_speaks_the_readers_language(login, alice, occurrence):
    alice.user.language = "en"
    alice.user.save(update_fields=["language"])

    (event,) = parsed(login(alice).get(ics_url(occurrence))).events

    assert event["SUMMARY"] == "Check-out in the team meeting – Onderhoud"


def test_charlie_gets_404_on_a_download(login, charlie, occurrence):
    assert login(charlie).get(ics_url(occurrence)).status_code == 404


def test_visitors_log_in_before_a_download(client, occurrence):
    response = client.get(ics_url(occurrence))

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_unknown_occurrence_is_404(login, alice, occurrence):
    url = reverse("practices:occurrence_ics", kwargs={"org": "vonk", "uuid": "00000000-0000-0000-0000-000000000000"})

    assert login(alice).get(url).status_code == 404
