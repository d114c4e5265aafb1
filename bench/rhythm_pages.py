"""Benchmark: the team rhythm page, an occurrence, the way of learning and a calendar feed of the large demo.

For an organisation made with `leerritme demo --size large` (20,000 people, 800 teams with about 2,350
adopted practices and 147,000 occurrences) it requests each page N times with Django's test client and
prints per page the median and p95 server time (the whole request through every middleware, measured
in-process, so without network or a web server) and the number of SQL queries. The same query count on
the small demo (120 people, 8 teams) shows whether it grows with the data: it must not.

- the team rhythm page of the demo team lead's team, as that team lead (who sees the times still to
  mark and may change them: the page's heaviest form);
- the page of the team's next check-out, as the team lead;
- the organisation's way of learning, as the L&D admin (every team's practices and the open proposals);
- the demo member's calendar feed (two teams), as a calendar program fetches it: by its secret address.

Run it through `bench/run sqlite|postgres rhythm` (see bench/README.md); it uses the benchmark's own
database, never the demo's, and completes the demo organisations there when they lack a part.
"""

import argparse
import sys

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scope  # noqa: E402

# The shared set-up (environment, django.setup()) and measuring of the people pages' benchmark.
from people_pages import LARGE, SMALL, ensure_demo, measure_pages, report  # noqa: I001

from leerritme.orgs.models import Organisation, Person, Team  # noqa: E402
from leerritme.people.demo import LOGINS, demo_logins  # noqa: E402
from leerritme.practices.models import Adoption, Occurrence, OccurrenceStatus  # noqa: E402
from leerritme.practices.services.feeds import calendar_feed_create  # noqa: E402


def pages_for(organisation: Organisation) -> list[tuple[str, object, str]]:
    """(label, user to sign in as or None, url) of the pages to measure."""
    slug = organisation.slug
    emails = {login.key: email for login, email in demo_logins(organisation)}
    with scope(organisation=organisation):
        lead = Person.objects.select_related("user").get(user__email=emails["team_lead"])
        ld_admin = Person.objects.select_related("user").get(user__email=emails["ld_admin"])
        member = Person.objects.select_related("user").get(user__email=emails["member"])
        team = Team.objects.get(name=next(login.team for login in LOGINS if login.key == "team_lead"))
        adoptions = Adoption.objects.filter(team=team, status="active").count()
        occurrence = (
            Occurrence.objects.filter(rhythm__adoption__team=team, rhythm__adoption__practice__key="check-out",
                                      start__gte=timezone.now(), status=OccurrenceStatus.PLANNED)
            .order_by("start")
            .first()
        )
        if not adoptions or occurrence is None:
            raise SystemExit(f"The demo '{slug}' has no rhythm for {team.name}: its practices part did not run.")
        feed = calendar_feed_create(person=member)
    return [
        ("team rhythm (team lead)", lead.user,
         reverse("practices:team_rhythm", kwargs={"org": slug, "uuid": team.uuid})),
        ("occurrence (team lead)", lead.user,
         reverse("practices:occurrence", kwargs={"org": slug, "uuid": occurrence.uuid})),
        ("way of learning (L&D admin)", ld_admin.user, reverse("practices:way", kwargs={"org": slug})),
        ("member's calendar feed (public)", None, reverse("calendar_feed", kwargs={"token": feed.token})),
    ]


def describe(organisation: Organisation) -> str:
    with scope(organisation=organisation):
        return (f"{Person.objects.count():,} people, {Team.objects.count():,} teams, "
                f"{Adoption.objects.filter(status='active').count():,} adopted practices, "
                f"{Occurrence.objects.count():,} occurrences")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--repeat", type=int, default=50, help="Requests per page (default 50).")
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
        # SQLite has no statistics until ANALYZE runs (PostgreSQL's autovacuum gathers them itself): without
        # them it may read an organisation's occurrences by date instead of one team's by rhythm.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print("  table statistics gathered (ANALYZE)")

    results = measure_pages(pages_for, ((large, args.repeat), (small, 3)))

    return report(results, repeat=args.repeat, show_sql=args.show_sql)

if __name__ == "__main__":
    sys.exit(main())
