"""Benchmark: the pages around the reflection board on the large demo (a year of sessions in 800 teams).

For an organisation made with `leerritme demo --size large` (about 31,000 closed sessions, 150,000 check-out
answers, 11,000 actions) it requests each page N times with Django's test client and prints per page the
median and p95 server time and the number of SQL queries, beside the small demo's query count (it must
not grow with the data):

- the reflection index and the team's reflection page (a year of sessions, its trend) as the team lead;
- the same team page as the L&D admin (trends only);
- the summary of the team's last retrospective, its Markdown and its PDF, as the team lead;
- my actions and the team's actions, as the team lead;
- the trends across all 800 teams, and one department, as the L&D admin.

Run: DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/reflection_pages.py [-n 30] [--show-sql]
(bench/run does the same with its own database once it lists "reflection").
"""

import argparse
import sys

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_scopes import scope  # noqa: E402

# The shared set-up (environment, django.setup()) and measuring of the people pages' benchmark.
from people_pages import LARGE, SMALL, ensure_demo, measure_pages, report  # noqa: I001

from leerritme.orgs.models import Organisation, Person, Team  # noqa: E402
from leerritme.people.demo import LOGINS, demo_logins  # noqa: E402
from leerritme.reflection.models import Action, CheckOutResponse, ReflectionSession  # noqa: E402


def pages_for(organisation: Organisation) -> list[tuple[str, object, str]]:
    slug = organisation.slug
    emails = {login.key: email for login, email in demo_logins(organisation)}
    with scope(organisation=organisation):
        lead = Person.objects.select_related("user").get(user__email=emails["team_lead"])
        ld_admin = Person.objects.select_related("user").get(user__email=emails["ld_admin"])
        team = Team.objects.get(name=next(login.team for login in LOGINS if login.key == "team_lead"))
        session = (ReflectionSession.objects.filter(team=team, format="retrospective", phase="closed")
                   .order_by("-closed_at").first())
        if session is None:
            raise SystemExit(f"The demo '{slug}' has no retrospective of {team.name}: its reflection part did not run.")
        department = Team.objects.filter(children__isnull=False).order_by("name").first()

    def u(name, **kwargs):
        return reverse(f"reflection:{name}", kwargs={"org": slug, **kwargs})

    trends = u("trends")
    return [
        ("reflection index (lead)", lead.user, u("index")),
        ("team reflection page (lead)", lead.user, u("team", uuid=team.uuid)),
        ("team reflection page (L&D)", ld_admin.user, u("team", uuid=team.uuid)),
        ("summary page (lead)", lead.user, u("summary", uuid=session.uuid)),
        ("summary Markdown (lead)", lead.user, u("summary_markdown", uuid=session.uuid)),
        ("summary PDF (lead)", lead.user, u("summary_pdf", uuid=session.uuid)),
        ("my actions (lead)", lead.user, u("my_actions")),
        ("team actions (lead)", lead.user, u("team_actions", uuid=team.uuid)),
        ("trends, all teams (L&D)", ld_admin.user, trends),
        ("trends, one department (L&D)", ld_admin.user,
         f"{trends}?department={department.uuid}" if department else trends),
    ]


def describe(organisation: Organisation) -> str:
    with scope(organisation=organisation):
        return (f"{Team.objects.count():,} teams, {ReflectionSession.objects.count():,} sessions, "
                f"{CheckOutResponse.objects.count():,} check-out answers, {Action.objects.count():,} actions")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--repeat", type=int, default=30, help="Requests per page (default 30).")
    parser.add_argument("--show-sql", action="store_true", help="Print each page's queries (large demo).")
    args = parser.parse_args()

    print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
    call_command("migrate", verbosity=0)
    large = ensure_demo(LARGE, "large")
    small = ensure_demo(SMALL, "small")
    for organisation in (large, small):
        print(f"  {organisation.slug}: {describe(organisation)}")
    results = measure_pages(pages_for, ((large, args.repeat), (small, 3)))
    return report(results, repeat=args.repeat, show_sql=args.show_sql)


if __name__ == "__main__":
    sys.exit(main())
