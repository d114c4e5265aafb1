"""Benchmark: the indicators dashboard for the large demo organisation with a year of data.

For an organisation made with `leerritme demo --size large` (20,000 people, 803 teams, a year of learning
events, rhythm meetings, reflection, knowledge sessions, budgets, coaching and scans) it requests each page
N times with Django's test client, with the dashboard's cache turned off (`METRICS_CACHE_SECONDS=0`, so
every request computes every indicator), and prints per page the median and p95 server time and the number
of SQL queries beside the small demo's count:

- the whole organisation over the last twelve months, by month and by week, as the L&D admin;
- one department and one team, as the L&D admin; the team lead's own team;
- the CSV and XLSX downloads and the management report (PDF) of the whole organisation.

It exits non-zero when a page does not answer 200, when a dashboard page's p95 is over the 300 ms target,
or when a query count differs between the two sizes for a page without scan results (the scan part's
`dimension_trend` costs a few queries per published run, so its count follows the number of runs).

Run: bench/run sqlite metrics [-n 30] [--analyze] [--show-sql]   (or: bench/run postgres metrics)
"""

import argparse
import sys

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_scopes import scope  # noqa: E402

# The shared set-up (environment, django.setup()) and measuring of the people pages' benchmark.
from people_pages import LARGE, SMALL, ensure_demo, measure  # noqa: I001

from leerritme.learning.models import LearningEvent  # noqa: E402
from leerritme.orgs.models import Organisation, Person, Team, TeamMembership, TeamRole  # noqa: E402
from leerritme.people.demo import demo_logins  # noqa: E402

TARGET_P95_MS = 300


def pages_for(organisation: Organisation) -> list[tuple[str, object, str, bool]]:
    """(label, user, url, is a dashboard page held to the target)."""
    slug = organisation.slug
    emails = {login.key: email for login, email in demo_logins(organisation)}
    with scope(organisation=organisation):
        ld_admin = Person.objects.select_related("user").get(user__email=emails["ld_admin"])
        lead = Person.objects.select_related("user").get(user__email=emails["team_lead"])
        team = Team.objects.get(pk=TeamMembership.objects.filter(person=lead, role=TeamRole.LEAD)
                                .values("team_id")[:1])
        department = Team.objects.filter(children__isnull=False).order_by("name").first()

    def u(name, **query):
        base = reverse(f"metrics:{name}", kwargs={"org": slug})
        return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")

    pages = [
        ("organisation, 12 months by month", ld_admin.user, u("index"), True),
        ("organisation, 12 months by week", ld_admin.user, u("index", bucket="week"), True),
    ]
    if department is not None:
        pages.append(("one department (L&D)", ld_admin.user, u("index", scope=department.uuid), True))
    pages += [
        ("one team (L&D)", ld_admin.user, u("index", scope=team.uuid), True),
        ("own team (team lead)", lead.user, u("index"), True),
        ("CSV, organisation", ld_admin.user, u("export_csv"), False),
        ("XLSX, organisation", ld_admin.user, u("export_xlsx"), False),
        ("PDF report, organisation", ld_admin.user, u("report_pdf"), False),
    ]
    return pages


def describe(organisation: Organisation) -> str:
    with scope(organisation=organisation):
        return (f"{Person.objects.count():,} people, {Team.objects.count():,} teams, "
                f"{LearningEvent.objects.count():,} learning events")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--repeat", type=int, default=30, help="Requests per page (default 30).")
    parser.add_argument("--show-sql", action="store_true", help="Print each page's queries (large demo).")
    parser.add_argument("--analyze", action="store_true",
                        help="Gather the database's table statistics (ANALYZE) before measuring.")
    args = parser.parse_args()

    print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
    call_command("migrate", verbosity=0)
    large = ensure_demo(LARGE, "large")
    small = ensure_demo(SMALL, "small")
    for organisation in (large, small):
        print(f"  {organisation.slug}: {describe(organisation)}")
    if args.analyze:
        # SQLite keeps no statistics until ANALYZE runs; without them it reads a year of rows through an index
        # one by one where a plain scan of the table is several times faster.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print("  table statistics gathered (ANALYZE)")
    storages = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    results = {}
    with override_settings(STORAGES=storages, METRICS_CACHE_SECONDS=0):
        for organisation, repeat in ((large, args.repeat), (small, 3)):
            measured = []
            for label, user, url, target in pages_for(organisation):
                client = Client()
                client.force_login(user)
                measured.append((label, target, measure(client, url, repeat)))
            results[organisation.slug] = measured

    print()
    print(f"{args.repeat} requests per page, uncached; times in ms (server side, in-process).")
    header = (f"{'page':<36} {'status':>6} {'median':>8} {'p95':>8} {'of it SQL':>10} {'queries':>8} "
              f"{'small demo':>11}")
    print(header)
    print("-" * len(header))
    failures = []
    for (label, target, big), (_label, _target, little) in zip(results[LARGE], results[SMALL], strict=True):
        print(f"{label:<36} {big['status']:>6} {big['median']:>8.1f} {big['p95']:>8.1f} {big['sql_ms']:>10.1f} "
              f"{big['queries']:>8} {little['queries']:>11}")
        if big["status"] != 200:
            failures.append(f"{label}: HTTP {big['status']}")
        if target and big["p95"] > TARGET_P95_MS:
            failures.append(f"{label}: p95 {big['p95']:.0f} ms is over the {TARGET_P95_MS} ms target")
        scan_sql = any("scan_" in sql for sql in big["sql"])
        if big["queries"] != little["queries"] and not scan_sql:
            failures.append(f"{label}: {big['queries']} queries on the large demo, {little['queries']} on the small")
        if args.show_sql:
            print("\n".join("    " + sql[:300] for sql in big["sql"]))
    print()
    if failures:
        print("Not met:")
        print("\n".join("  - " + failure for failure in failures))
        return 1
    print(f"All pages: HTTP 200; dashboard p95 under {TARGET_P95_MS} ms.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
