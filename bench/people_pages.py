"""Benchmark: the colleague list, a search, a team page and a profile for the large demo organisation.

For an organisation made with `leerritme demo --size large` (20,000 people) it requests each page N
times with Django's test client, logged in as the demo L&D admin, and prints per page the median and
p95 server time (the whole request through every middleware, measured in-process, so without network
or a web server) and the number of SQL queries. The same query count on the small demo (120 people)
shows whether it grows with the data: it must not.

Run it through `bench/run sqlite|postgres` (see bench/README.md); it uses its own database, never the
demo's, and creates the demo organisations there when they are missing.
"""

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leerritme.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/bench.sqlite3")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
# Measured as in production (DEBUG off), but over plain HTTP and with the test client's host name.
os.environ["DEBUG"] = "false"
os.environ["SECURE_SSL_REDIRECT"] = "false"
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ.setdefault("LOG_LEVEL", "WARNING")

import warnings  # noqa: E402

import django  # noqa: E402

# WhiteNoise warns that collectstatic has not run; the benchmark serves no static files.
warnings.filterwarnings("ignore", message="No directory at")

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_scopes import scope  # noqa: E402

from leerritme.orgs.models import Organisation, Person, Team  # noqa: E402
from leerritme.people.demo import LOGINS, demo_logins  # noqa: E402

LARGE, SMALL = "demo", "demo-small"
TARGET_P95_MS = 100


def ensure_demo(slug: str, size: str) -> Organisation:
    started = time.monotonic()
    call_command("demo", "--org", slug, "--size", size, "--if-missing", verbosity=0)
    took = time.monotonic() - started
    if took > 5:
        print(f"  made the {size} demo '{slug}' in {took:.0f} s")
    return Organisation.objects.get(slug=slug)


def pages_for(organisation: Organisation) -> tuple[object, list[tuple[str, str]]]:
    """The L&D admin login, and (label, url) of the pages to measure."""
    slug = organisation.slug
    emails = {login.key: email for login, email in demo_logins(organisation)}
    with scope(organisation=organisation):
        ld_admin = Person.objects.select_related("user").get(user__email=emails["ld_admin"])
        member = Person.objects.get(user__email=emails["member"])
        team = Team.objects.get(name=next(login.team for login in LOGINS if login.key == "team_lead"))
    colleagues = reverse("people:list", kwargs={"org": slug})
    return ld_admin.user, [
        ("colleagues, page 1", colleagues),
        ("colleagues, search 'jansen'", colleagues + "?q=jansen"),
        ("colleagues, page 3 of a search", colleagues + "?q=de&page=3"),
        ("team page", reverse("people:team_detail", kwargs={"org": slug, "uuid": team.uuid})),
        ("profile page", reverse("people:profile", kwargs={"org": slug, "uuid": member.uuid})),
    ]


def measure(client: Client, url: str, repeat: int) -> dict:
    response = client.get(url)  # warm-up: templates, caches, the first connection
    status = response.status_code
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    # Read them now: the next request's request_started signal clears the connection's query log.
    queries = [query["sql"] for query in captured.captured_queries]
    sql_ms = sum(float(query["time"]) for query in captured.captured_queries) * 1000
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "status": status,
        "median": statistics.median(times),
        "p95": times[max(0, round(0.95 * len(times)) - 1)],
        "queries": len(queries),
        "sql_ms": sql_ms,
        "sql": queries,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--repeat", type=int, default=50, help="Requests per page (default 50).")
    parser.add_argument("--show-sql", action="store_true", help="Print each page's queries (large demo).")
    args = parser.parse_args()

    vendor = connection.vendor
    print(f"Database: {vendor} ({connection.settings_dict['NAME']})")
    call_command("migrate", verbosity=0)
    large = ensure_demo(LARGE, "large")
    small = ensure_demo(SMALL, "small")
    for organisation in (large, small):
        with scope(organisation=organisation):
            print(f"  {organisation.slug}: {Person.objects.count():,} people, {Team.objects.count():,} teams")

    results = {}
    with override_settings(STORAGES=STORAGES):
        for organisation, repeat in ((large, args.repeat), (small, 3)):
            user, pages = pages_for(organisation)
            client = Client()
            client.force_login(user)
            results[organisation.slug] = [(label, measure(client, url, repeat)) for label, url in pages]

    return report(results, repeat=args.repeat, show_sql=args.show_sql, who="as the L&D admin")


# Static files as in development: the benchmarks have no collectstatic manifest to read.
STORAGES = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


def measure_pages(pages_for, runs, **settings) -> dict:
    """Measure each (label, user, url) page of `pages_for(organisation)` for each (organisation, repeat) in
    `runs`, logged in as its user (None: anonymous); `settings` are overridden while measuring."""
    results = {}
    with override_settings(STORAGES=STORAGES, **settings):
        for organisation, repeat in runs:
            measured = []
            for label, user, url in pages_for(organisation):
                client = Client()
                if user is not None:
                    client.force_login(user)
                measured.append((label, measure(client, url, repeat)))
            results[organisation.slug] = measured
    return results


def report(results: dict, *, repeat: int, show_sql: bool, who: str = "") -> int:
    """Print the large demo's figures beside the small demo's query counts; 1 when a target is not met."""
    print()
    print(f"{repeat} requests per page{' ' + who if who else ''}; times in ms (server side, in-process);")
    print("'of it SQL' is the database time of one request, the rest is Python and templates.")
    header = (f"{'page':<34} {'status':>6} {'median':>8} {'p95':>8} {'of it SQL':>10} {'queries':>8} "
              f"{'small demo':>11}")
    print(header)
    print("-" * len(header))
    failures = []
    for (label, big), (_label, little) in zip(results[LARGE], results[SMALL], strict=True):
        print(f"{label:<34} {big['status']:>6} {big['median']:>8.1f} {big['p95']:>8.1f} "
              f"{big['sql_ms']:>10.1f} {big['queries']:>8} {little['queries']:>11}")
        if big["status"] != 200:
            failures.append(f"{label}: HTTP {big['status']}")
        if big["queries"] != little["queries"]:
            failures.append(f"{label}: {big['queries']} queries on the large demo, {little['queries']} on the small")
        if big["p95"] > TARGET_P95_MS:
            failures.append(f"{label}: p95 {big['p95']:.0f} ms is over the {TARGET_P95_MS} ms target")
        if show_sql:
            print("\n".join("    " + sql[:300] for sql in big["sql"]))
    print()
    if failures:
        print("Not met:")
        print("\n".join("  - " + failure for failure in failures))
        return 1
    print(f"All pages: HTTP 200, p95 under {TARGET_P95_MS} ms, query counts independent of the size.")
    return 0

if __name__ == "__main__":
    sys.exit(main())
