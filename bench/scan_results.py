"""Benchmark (not a timed test): the results of a survey run with 10,000 anonymous responses.

In a throw-away database it makes an organisation of 10,500 people in 20 departments of 10 teams each, a
run of the learning-culture scan (27 statements, 9 dimensions) for the whole organisation and 10,000
responses drawn per team, published through the anonymity rules. Then it measures, N times each:

- `run_results` in-process: every shown group (organisation, departments, teams) with means,
  distributions, Cronbach's alpha per group and the shuffled comments;
- the results page as the L&D admin through Django's test client (DEBUG off, in-process: no network),
  the organisation and one team;
- the CSV and XLSX exports (every shown group's dimensions and statements);
- `dimension_trend` for the organisation and for one team (what the indicators dashboard reads);
- one more answer sent (`response_submit`, including the publication check over 200 teams).

and prints the median and p95 in milliseconds and the number of queries. The target is under 1 s for
the results. It exits non-zero when a results page answers anything but 200 or its p95 is over 1 s.

    .venv/bin/python bench/scan_results.py [-n 20] [--responses 10000] [--database-url URL]

Without --database-url it uses a new SQLite file in a temporary folder; with it (a throw-away PostgreSQL
database) it migrates that database and adds its rows there (a second run reuses them).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--repeat", type=int, default=20, help="Repetitions per measurement (default 20).")
    parser.add_argument("--responses", type=int, default=10_000, help="Responses in the run (default 10,000).")
    parser.add_argument("--database-url", help="A throw-away database to use instead of a new SQLite file.")
    return parser.parse_args()


ARGS = _arguments()
WORKDIR = tempfile.mkdtemp(prefix="leerritme-bench-scan-")
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

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scope, scopes_disabled  # noqa: E402

from leerritme.accounts.models import User  # noqa: E402
from leerritme.orgs.models import Organisation, Person, Role, Team, TeamMembership  # noqa: E402
from leerritme.scan.models import Instrument, Response, Run, RunToken, encode_answers  # noqa: E402
from leerritme.scan.selectors import dimension_trend, run_results  # noqa: E402
from leerritme.scan.services.instruments import instruments_ensure_shipped  # noqa: E402
from leerritme.scan.services.runs import publish_pending, response_submit  # noqa: E402

SLUG = "bench-scan"
PEOPLE = ARGS.responses + ARGS.responses // 20
BATCH = 2000


def build() -> Organisation:
    rng = random.Random(4)
    organisation = Organisation.objects.create(name="Bench Scan", slug=SLUG)
    with scope(organisation=organisation):
        instruments_ensure_shipped(organisation)
        departments = Team.objects.bulk_create([Team(organisation=organisation, name=f"Afdeling {d}")
                                                for d in range(20)])
        teams = Team.objects.bulk_create([Team(organisation=organisation, name=f"Team {d}-{t}", parent=department)
                                          for d, department in enumerate(departments) for t in range(10)])
        users = User.objects.bulk_create([User(email=f"p{i}@bench.test", name=f"Persoon {i}", password="!")
                                          for i in range(PEOPLE)], batch_size=BATCH)
        admin = User.objects.create_user(email="ld@bench.test", password="bench", name="L&D")
        people = Person.objects.bulk_create([Person(organisation=organisation, user=u) for u in users],
                                            batch_size=BATCH)
        Person.objects.create(organisation=organisation, user=admin, role=Role.LD_ADMIN)
        TeamMembership.objects.bulk_create([TeamMembership(organisation=organisation, team=teams[i % len(teams)],
                                                           person=p) for i, p in enumerate(people)], batch_size=BATCH)
        instrument = Instrument.objects.get(key="learning-culture")
        today = timezone.localdate()
        run = Run.objects.create(organisation=organisation, instrument=instrument, title="Bench",
                                 whole_organisation=True, opens_on=today - timedelta(days=7),
                                 closes_on=today + timedelta(days=7), threshold=5, invited=True)
        items = list(instrument.items.order_by("order", "pk").values_list("pk", "reverse_scored"))
        level = {t.pk: rng.gauss(0, 0.6) for t in teams}
        tokens, responses = [], []
        for i, person in enumerate(people):
            group = teams[i % len(teams)].pk
            answered = i < ARGS.responses
            tokens.append(RunToken(organisation=organisation, run=run, person=person, group_id=group, used=answered))
            if answered:
                answers = {}
                for pk, reverse in items:
                    value = int(min(5, max(1, round(3.3 + level[group] + rng.gauss(0, 0.9)))))
                    answers[str(pk)] = 6 - value if reverse else value
                vector, _trends = encode_answers([pk for pk, _r in items], answers)
                responses.append(Response(organisation=organisation, run=run, group_id=group, answers=answers,
                                          vector=vector,
                                          comment="Meer tijd om te leren." if rng.random() < 0.05 else ""))
        RunToken.objects.bulk_create(tokens, batch_size=BATCH)
        Response.objects.bulk_create(responses, batch_size=BATCH)
        with transaction.atomic():
            publish_pending(run)
    return organisation


def measure(label: str, fn, repeat: int, *, check=None) -> float:
    timings, queries = [], 0
    for number in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            result = fn()
            timings.append((time.perf_counter() - start) * 1000)
        if check is not None:
            check(result)
        queries = len(captured)
        del number
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
    print(f"{label:<52} median {statistics.median(timings):8.1f} ms   p95 {p95:8.1f} ms   {queries:3d} queries")
    return p95


def main() -> int:
    from django.test.utils import override_settings

    # Static files as in development: the benchmark has no collectstatic manifest to read.
    storages = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    with override_settings(STORAGES=storages):
        return _main()


def _main() -> int:
    call_command("migrate", verbosity=0)
    with scopes_disabled():
        organisation = Organisation.objects.filter(slug=SLUG).first()
    if organisation is None:
        start = time.perf_counter()
        organisation = build()
        print(f"built {PEOPLE:,} people, 200 teams and {ARGS.responses:,} responses in "
              f"{time.perf_counter() - start:.1f} s ({connection.vendor})")
    with scope(organisation=organisation):
        run = Run.objects.select_related("instrument", "organisation").get(title="Bench")
        published = Response.objects.filter(run=run, published_in__isnull=False).count()
        team = Team.objects.filter(parent__isnull=False).order_by("pk").first()
        results = run_results(run)
        print(f"{published:,} published responses; {len(results.groups)} groups shown; alpha per dimension: "
              + ", ".join(f"{d.alpha:.2f}" for d in results.organisation.dimensions))
        failures = []
        client = Client()
        client.force_login(User.objects.get(email="ld@bench.test"))

        def page(url):
            def get():
                return client.get(url)
            return get

        def ok(response):
            if response.status_code != 200:
                failures.append(f"{response.status_code} from {response.request['PATH_INFO']}")

        url = reverse("scan:results", kwargs={"org": SLUG, "uuid": run.uuid})
        p95s = [
            measure("run_results (every shown group)", lambda: run_results(run), ARGS.repeat),
            measure("results page, organisation", page(url), ARGS.repeat, check=ok),
            measure("results page, one team", page(f"{url}?group={team.pk}"), ARGS.repeat, check=ok),
        ]
        export = reverse("scan:export", kwargs={"org": SLUG, "uuid": run.uuid, "extension": "csv"})
        measure("CSV export (every shown group, dimensions and statements)", page(export), ARGS.repeat, check=ok)
        measure("XLSX export", page(export.replace(".csv", ".xlsx")), ARGS.repeat, check=ok)
        measure("dimension_trend, organisation", lambda: dimension_trend(organisation), ARGS.repeat)
        measure("dimension_trend, one team", lambda: dimension_trend(organisation, team=team), ARGS.repeat)
        spare = list(RunToken.objects.filter(run=run, used=False).order_by("pk")[: ARGS.repeat])
        answers = {str(pk): 4 for pk in run.instrument.items.values_list("pk", flat=True)}
        tokens = iter(spare)
        if spare:
            measure("one more answer sent (with the publication check)",
                    lambda: response_submit(token=next(tokens), answers=answers), len(spare))
    if failures:
        print("FAILED:", *failures, sep="\n  ")
        return 1
    if max(p95s) > 1000:
        print("FAILED: a results p95 is over 1 s")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
