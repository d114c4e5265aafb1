"""Benchmark: the organisation's learning timeline (and a team's) for the large demo organisation.

For an organisation made with `leerritme demo --size large` (20,000 people, about 800 teams and a year of learning
events: reflections held, courses, articles, kudos, experiments, lessons, adopted ideas) it requests each page N
times with Django's test client and prints the median and p95 server time and the number of SQL queries; the same
pages of the small demo (120 people) show whether the query count grows with the data: it must not. Target: p95
under 100 ms.

- the organisation timeline, first page, as the demo member and as the L&D admin;
- a later page of it (keyset paging: the cursor of the third page), as the member;
- the organisation timeline filtered to lessons in the last year, as the member;
- the timeline of the demo team lead's team, as that lead.

Run: `bench/run sqlite loop [-n 50]` (or `postgres`), or
`DATABASE_URL=sqlite:////tmp/loop-bench.sqlite3 .venv/bin/python bench/loop_timeline.py [-n 50] [--show-sql]`
(its own database; the demo organisations are made or completed there when they lack a part).
"""

import argparse
import sys

import people_pages
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_scopes import scope  # noqa: E402
from people_pages import LARGE, SMALL, ensure_demo, measure_pages, report  # noqa: I001

from leerritme.learning.models import LearningEvent  # noqa: E402
from leerritme.loop import selectors  # noqa: E402
from leerritme.orgs.models import Organisation, Person, Team  # noqa: E402
from leerritme.people.demo import LOGINS, demo_logins  # noqa: E402


def pages_for(organisation: Organisation) -> list[tuple[str, object, str]]:
    slug = organisation.slug
    emails = {login.key: email for login, email in demo_logins(organisation)}
    with scope(organisation=organisation):
        people = {key: Person.objects.select_related("user", "organisation").get(user__email=emails[key])
                  for key in ("team_lead", "ld_admin", "member")}
        team = Team.objects.get(name=next(login.team for login in LOGINS if login.key == "team_lead"))
        cursor = ""
        for _page in range(2):
            cursor = selectors.timeline(people["member"], cursor=cursor).next_cursor
    timeline = reverse("loop:timeline", kwargs={"org": slug})
    return [
        ("organisation timeline (member)", people["member"].user, timeline),
        ("organisation timeline (L&D)", people["ld_admin"].user, timeline),
        ("organisation timeline, page 3", people["member"].user, f"{timeline}?after={cursor}"),
        ("lessons of the last year", people["member"].user, f"{timeline}?kind=lesson_shared&period=year"),
        ("team timeline (lead)", people["team_lead"].user,
         reverse("loop:team_timeline", kwargs={"org": slug, "uuid": team.uuid})),
    ]


def describe(organisation: Organisation) -> str:
    with scope(organisation=organisation):
        return (f"{Person.objects.count():,} people, {Team.objects.count():,} teams, "
                f"{LearningEvent.objects.count():,} learning events")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--repeat", type=int, default=50, help="Requests per page (default 50).")
    parser.add_argument("--show-sql", action="store_true", help="Print each page's queries (large demo).")
    args = parser.parse_args()
    print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
    call_command("migrate", verbosity=0)
    large, small = ensure_demo(LARGE, "large"), ensure_demo(SMALL, "small")
    for organisation in (large, small):
        print(f"  {organisation.slug}: {describe(organisation)}")
    results = measure_pages(pages_for, ((large, args.repeat), (small, 3)))
    people_pages.TARGET_P95_MS = 100
    return report(results, repeat=args.repeat, show_sql=args.show_sql)


if __name__ == "__main__":
    sys.exit(main())
