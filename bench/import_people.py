"""Benchmark (not a timed test): check and import 2,000 and 20,000 people on SQLite.

For each size it times, on a fresh throw-away SQLite database:
- check: the dry run (read the CSV, check every row, look up who exists);
- import: the import itself (it checks once more, then writes everything in one transaction);
- again: the same file a second time (everything "unchanged");
- update: the file with every job title changed (20,000 updates);
- xlsx check: the dry run of the same rows as an Excel workbook;
and prints the seconds and the number of SQL queries of each step.

    .venv/bin/python bench/import_people.py [sizes...]
"""

import io
import os
import sys
import tempfile
import time

WORKDIR = tempfile.mkdtemp(prefix="leerritme-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/bench.sqlite3"
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leerritme.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_scopes import scope  # noqa: E402

from leerritme.orgs.models import Organisation, Person, Team  # noqa: E402
from leerritme.people.models import ImportStatus  # noqa: E402
from leerritme.people.services.importing import (  # noqa: E402
    import_job_check,
    import_job_create,
    import_job_run,
)

FIRST = ["Anna", "Bram", "Daan", "Emma", "Fleur", "Jesse", "Lotte", "Milan", "Noor", "Sem", "Tess", "Yara"]
LAST = ["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "Mulder"]
TEAMS = [f"Team {i:02d}" for i in range(40)]


def people_csv(count: int, job_word: str = "Monteur") -> bytes:
    lines = ["e-mailadres;naam;team;teamrol;functie"]
    for i in range(count):
        name = f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]}"
        teams = TEAMS[i % 40] + (f"|{TEAMS[(i + 7) % 40]}" if i % 3 == 0 else "")
        lines.append(
            f"p{i}@bench.example;{name};{teams};{'leidinggevende' if i % 25 == 0 else ''};{job_word} {i}"
        )
    return ("\n".join(lines) + "\n").encode()


def as_xlsx(content: bytes) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for line in content.decode().splitlines():
        sheet.append(line.split(";"))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def timed(label, fn, results):
    with CaptureQueriesContext(connection) as queries:
        start, cpu = time.perf_counter(), time.process_time()
        job = fn()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    results.append((label, seconds, cpu, len(queries)))
    return job


def bench(count: int) -> list:
    org = Organisation.objects.create(name=f"Bench {count}", slug=f"bench-{count}")
    results = []
    with scope(organisation=org):
        Team.objects.bulk_create([Team(organisation=org, name=name) for name in TEAMS])

        def new_job(content, name="mensen.csv"):
            return import_job_create(
                organisation=org,
                uploaded_by=None,
                kind="people",
                file_name=name,
                content=content,
                enqueue=False,
            )

        content = people_csv(count)
        job = new_job(content)
        timed("check", lambda: import_job_check(job=job), results)
        assert job.errors == [] and job.preview["counts"]["new"] == count, job.errors[:3]
        timed("import", lambda: import_job_run(job=job), results)
        assert job.status == ImportStatus.DONE and Person.objects.count() == count

        again = new_job(content)
        timed("again: check", lambda: import_job_check(job=again), results)
        timed("again: import", lambda: import_job_run(job=again), results)
        assert again.summary["unchanged"] == count and again.summary["created"] == 0

        changed = new_job(people_csv(count, "Planner"))
        timed("update: check", lambda: import_job_check(job=changed), results)
        timed("update: import", lambda: import_job_run(job=changed), results)
        assert changed.summary["updated"] == count

        workbook = new_job(as_xlsx(people_csv(count, "Planner")), "mensen.xlsx")
        timed("xlsx: check", lambda: import_job_check(job=workbook), results)
        assert workbook.errors == [] and workbook.preview["counts"]["unchanged"] == count
    return results


def main(sizes):
    call_command("migrate", verbosity=0)
    print(f"SQLite database in {WORKDIR}")
    print(f"{'rows':>7}  {'step':<16} {'seconds':>8} {'cpu s':>8} {'queries':>8}")
    for count in sizes:
        for label, seconds, cpu, queries in bench(count):
            print(f"{count:>7}  {label:<16} {seconds:>8.2f} {cpu:>8.2f} {queries:>8}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [2_000, 20_000])
