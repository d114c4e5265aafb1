"""Benchmark (not a timed test): calendar feeds for an organisation of 200 teams with a year of occurrences.

In a throw-away database it makes 200 teams, each with one adopted practice meeting weekly for a year
(12 weeks back, 40 ahead: 10,400 occurrences, about a tenth skipped, the past ones held), one person
in all 200 teams and one in a single team, and their calendar addresses. Then it requests, N times
each with Django's test client (DEBUG off, in-process, so without network or a web server):

- the feed of the person in all 200 teams (every occurrence of the organisation);
- the same feed revalidated with its ETag (the 304 a polling calendar program gets);
- the feed of one team;
- the feed of the person in one team;

and prints the median and p95 server time, the number of queries, the events and the size of the
document. For the 200-team feed it also times its two parts: collecting the entries through the
calendar seam and writing the iCalendar document. The target is under 1 s for the 200-team feed.

    .venv/bin/python bench/calendar_feeds.py [-n 20] [--teams 200] [--database-url URL]

Without --database-url it uses a new SQLite file in a temporary folder; with it (a throw-away
PostgreSQL database, say) it migrates that database and adds its rows there.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--repeat", type=int, default=20, help="Requests per feed (default 20).")
    parser.add_argument("--teams", type=int, default=200, help="Teams in the organisation (default 200).")
    parser.add_argument("--database-url", help="A throw-away database to use instead of a new SQLite file.")
    return parser.parse_args()


ARGS = _arguments()
WORKDIR = tempfile.mkdtemp(prefix="leerritme-bench-calendar-")
os.environ["DATABASE_URL"] = ARGS.database_url or f"sqlite:///{WORKDIR}/bench.sqlite3"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leerritme.settings")
os.environ["DEBUG"] = "false"
os.environ["SECURE_SSL_REDIRECT"] = "false"
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ.setdefault("LOG_LEVEL", "WARNING")

import warnings  # noqa: E402

import django  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")
django.setup()

from datetime import timedelta  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scope, scopes_disabled  # noqa: E402
from icalendar import Calendar  # noqa: E402

from leerritme.accounts.models import User  # noqa: E402
from leerritme.lib.calendar import entries_for  # noqa: E402
from leerritme.orgs.models import Organisation, Person, Team, TeamMembership  # noqa: E402
from leerritme.practices.ical import calendar_document  # noqa: E402
from leerritme.practices.models import (  # noqa: E402
    Adoption,
    AdoptionStatus,
    KolbPhase,
    Occurrence,
    OccurrenceStatus,
    Practice,
    PracticeLevel,
    Rhythm,
    TypicalCadence,
)
from leerritme.practices.services.feeds import calendar_feed_create  # noqa: E402
from leerritme.practices.views.feeds import FEED_FUTURE, FEED_PAST  # noqa: E402

TARGET_MS = 1000
WEEKS_BACK, WEEKS_AHEAD = 12, 40
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")
PRACTICES = [
    ("Check-out in het werkoverleg", "Check-out in the team meeting"),
    ("Lunch & learn", "Lunch & learn"),
    ("Leren van incidenten", "Learning from incidents"),
    ("Kennisdeling op de werkvloer", "Knowledge sharing on the shop floor"),
    ("Retrospectief", "Retrospective"),
]


@transaction.atomic
def build(teams: int) -> dict:
    """The organisation, its teams, practices, rhythms, a year of occurrences and the feeds to measure."""
    started = time.perf_counter()
    org = Organisation.objects.create(name="Bench Installatietechniek", slug="bench-calendar")
    everywhere = User.objects.create_user(email="overal@bench.example", password="bench", name="Overal Lid")
    one_team = User.objects.create_user(email="een@bench.example", password="bench", name="Eén Team")
    now = timezone.now().astimezone(AMSTERDAM)
    first_monday = (now - timedelta(weeks=WEEKS_BACK, days=now.weekday())).replace(
        hour=9, minute=0, second=0, microsecond=0)
    with scopes_disabled():
        person = Person.objects.create(organisation=org, user=everywhere)
        single = Person.objects.create(organisation=org, user=one_team)
        team_rows = Team.objects.bulk_create(
            [Team(organisation=org, name=f"Team {number:03d}") for number in range(teams)])
        TeamMembership.objects.bulk_create(
            [TeamMembership(organisation=org, team=team, person=person) for team in team_rows]
            + [TeamMembership(organisation=org, team=team_rows[0], person=single)])
        practices = Practice.objects.bulk_create([
            Practice(
                organisation=org, name_nl=nl, name_en=en,
                purpose_nl=f"Waarom: {nl.lower()} helpt ons samen beter te worden.",
                purpose_en=f"Why: {en.lower()} helps us get better together.",
                howto_nl="Kies een onderwerp.\nIeder vertelt kort.\nSpreek één ding af om te proberen.",
                howto_en="Pick a topic.\nEveryone speaks briefly.\nAgree on one thing to try.",
                participants_nl="Het team", participants_en="The team", duration_minutes=30,
                typical_cadence=TypicalCadence.WEEKLY, kolb_phase=KolbPhase.REFLECT, level=PracticeLevel.TEAM,
            )
            for nl, en in PRACTICES
        ])
        adoptions = Adoption.objects.bulk_create([
            Adoption(organisation=org, team=team, practice=practices[index % len(practices)],
                     status=AdoptionStatus.ACTIVE, purpose="")
            for index, team in enumerate(team_rows)
        ])
        rhythms = Rhythm.objects.bulk_create([
            Rhythm(organisation=org, adoption=adoption, rrule=f"FREQ=WEEKLY;BYDAY={WEEKDAYS[i % 5]}",
                   starts_at=first_monday + timedelta(days=i % 5), duration_minutes=30,
                   location=f"Vergaderruimte {i % 12 + 1}", meeting="Werkoverleg")
            for i, adoption in enumerate(adoptions)
        ])
        weeks = WEEKS_BACK + WEEKS_AHEAD
        occurrences = []
        for i, rhythm in enumerate(rhythms):
            for week in range(weeks):
                start = rhythm.starts_at + timedelta(weeks=week)  # wall-clock: 9:00 across DST
                if (week + i) % 10 == 3:
                    status = OccurrenceStatus.SKIPPED
                elif start < now:
                    status = OccurrenceStatus.HELD
                else:
                    status = OccurrenceStatus.PLANNED
                occurrences.append(Occurrence(
                    organisation=org, rhythm=rhythm, original_start=start, start=start,
                    end=start + timedelta(minutes=30), status=status, updated_at=now,
                ))
        Occurrence.objects.bulk_create(occurrences, batch_size=2000)
    with scope(organisation=org):
        feeds = {
            f"feed: person in all {teams} teams": calendar_feed_create(person=person),
            "feed: one team": calendar_feed_create(person=person, team=team_rows[0]),
            "feed: person in one team": calendar_feed_create(person=single),
        }
    print(f"Made {teams} teams, {len(rhythms)} rhythms and {len(occurrences):,} occurrences "
          f"in {time.perf_counter() - started:.1f} s")
    return {"org": org, "person": person, "feeds": feeds}


def measure(client: Client, url: str, repeat: int, **headers) -> dict:
    first = client.get(url, **headers)  # warm-up (and the once-in-ten-minutes fetch mark)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    queries = len(captured.captured_queries)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url, **headers)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    events = len(Calendar.from_ical(response.content).events) if response.status_code == 200 else 0
    return {
        "status": response.status_code,
        "median": statistics.median(times),
        "p95": times[max(0, round(0.95 * len(times)) - 1)],
        "queries": queries,
        "events": events,
        "kb": len(response.content) / 1024,
        "etag": first.get("ETag", ""),
    }


def parts(org, person, repeat: int) -> tuple[list[float], list[float], int]:
    """The 200-team feed's two parts: entries through the seam, then the document."""
    seam, document = [], []
    with scope(organisation=org):
        for _ in range(repeat):
            now = timezone.now()
            started = time.perf_counter()
            entries = entries_for(person, now - FEED_PAST, now + FEED_FUTURE)
            middle = time.perf_counter()
            calendar_document(entries, name="Bench", time_zone=settings.TIME_ZONE)
            seam.append((middle - started) * 1000)
            document.append((time.perf_counter() - middle) * 1000)
    return sorted(seam), sorted(document), len(entries)


def p95(values: list[float]) -> float:
    return values[max(0, round(0.95 * len(values)) - 1)]


def main() -> int:
    print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
    call_command("migrate", verbosity=0)
    with scopes_disabled():
        Organisation.objects.filter(slug="bench-calendar").delete()
    made = build(ARGS.teams)

    client = Client()
    results = []
    for label, feed in made["feeds"].items():
        url = reverse("calendar_feed", kwargs={"token": feed.token})
        result = measure(client, url, ARGS.repeat)
        results.append((label, result))
        if label.startswith("feed: person in all"):
            results.append(("  same, revalidated (304)", measure(client, url, ARGS.repeat,
                                                                HTTP_IF_NONE_MATCH=result["etag"])))

    print()
    print(f"{ARGS.repeat} requests per feed; server time in ms (in-process, no network).")
    header = f"{'request':<34} {'status':>6} {'median':>8} {'p95':>8} {'queries':>8} {'events':>7} {'KB':>7}"
    print(header)
    print("-" * len(header))
    for label, r in results:
        print(f"{label:<34} {r['status']:>6} {r['median']:>8.1f} {r['p95']:>8.1f} {r['queries']:>8} "
              f"{r['events']:>7} {r['kb']:>7.0f}")

    seam, document, count = parts(made["org"], made["person"], max(5, ARGS.repeat // 2))
    print()
    print(f"The {ARGS.teams}-team feed in parts ({count:,} entries):")
    print(f"  entries through the calendar seam   median {statistics.median(seam):7.1f}  p95 {p95(seam):7.1f}")
    print(f"  the iCalendar document              median {statistics.median(document):7.1f}  "
          f"p95 {p95(document):7.1f}")

    failures = [f"{label}: HTTP {r['status']}" for label, r in results
                if r["status"] not in (200, 304) or (label.startswith("  same") and r["status"] != 304)]
    big = results[0][1]
    if big["p95"] > TARGET_MS:
        failures.append(f"{results[0][0]}: p95 {big['p95']:.0f} ms is over the {TARGET_MS} ms target")
    query_counts = {r["queries"] for label, r in results if r["status"] == 200}
    if len(query_counts) > 1:
        failures.append(f"the feeds' query counts differ: {sorted(query_counts)}")
    print()
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        return 1
    print(f"OK: the {ARGS.teams}-team feed's p95 is under {TARGET_MS} ms and every feed costs the same queries.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
