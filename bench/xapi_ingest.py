"""Benchmark (not a timed test): the xAPI endpoint's ingest rate and filtered GETs with 1,000,000 statements.

In a throw-away database it makes an organisation and an xAPI client, starts the real server (uvicorn with
Leerritme's ASGI application, a separate process) and then:

1. **ingest**: POSTs 100,000 statements in batches of 100 over ONE keep-alive HTTP connection
   (http.client), as an e-learning tool would, and prints statements per second (target: >= 3,000/s);
2. **fill**: adds statements in-process through the same service (`statements_store`, batches of 500) until
   1,000,000 are stored (not timed against a target; printed for information);
3. **filtered GETs** over the same kind of connection, N times each with random values: agent + verb,
   activity, and since (a point halfway through the store, ascending, as a tool syncing from its last
   visit asks). Prints median and p95 client-side time in ms (target: p95 < 50 ms) and the statements found.

Data: 5,000 learners (mbox), 12 ADL verbs, 20,000 activities (with a definition), a course as parent
activity, a registration on a third of them, a score on half.

    .venv/bin/python bench/xapi_ingest.py [--ingest 100000] [--total 1000000] [-n 200] [--database-url URL]

Without --database-url it uses a new SQLite file in a temporary folder; with it (a throw-away PostgreSQL
database: `createdb -h 127.0.0.1 -U postgres leerritme_xapi_bench`) it migrates that database and adds a
new organisation there. Exits non-zero when a target is missed or a request fails.

Measured (2 cores, quiet: load 0.5-1.2), 2026-11-24, after writing rows with COPY on PostgreSQL and only new or
changed activities (see docs/architecture.md, Learning Record Store):
- PostgreSQL: ingest 4,009/s (server CPU 16.4 ms per POST of 100); GET p95 at 1,000,000 stored 12.9 / 12.2 /
  13.9 ms (agent + verb / activity / since). The same machine the same hour gave 2,834/s before the change
  (server CPU 20.8 ms per POST; in-process, 30.2 ms a POST of which 12 ms waiting for PostgreSQL: a parsed
  and planned INSERT per row, and an upsert that locked every mentioned activity's row).
- SQLite: ingest 3,666-4,323/s (server CPU 21.6-25.3 ms per POST; the activity read instead of an upsert per
  activity measured 4,174 and 4,323/s against 3,911 and 4,250/s before, alternating runs); GET p95 at
  1,000,000 stored 8.8 / 6.9 / 8.5 ms.
- Earlier (same day, before): a multi-row INSERT instead of executemany on PostgreSQL was slower (2,736/s:
  Django binds parameters client-side, and 1,300 of them in Python cost more than PostgreSQL's parsing saved).
"""

import argparse
import os
import sys
import tempfile


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ingest", type=int, default=100_000, help="Statements POSTed over HTTP (default 100,000).")
    parser.add_argument("--batch", type=int, default=100, help="Statements per POST (default 100).")
    parser.add_argument("--total", type=int, default=1_000_000, help="Statements stored for the GETs (default 1M).")
    parser.add_argument("-n", "--repeat", type=int, default=200, help="GETs per filter (default 200).")
    parser.add_argument("--database-url", help="A throw-away database to use instead of a new SQLite file.")
    parser.add_argument("--port", type=int, default=8765, help="Port for the server (default 8765).")
    return parser.parse_args()


ARGS = _arguments()
WORKDIR = tempfile.mkdtemp(prefix="leerritme-bench-xapi-")
os.environ["DATABASE_URL"] = ARGS.database_url or f"sqlite:///{WORKDIR}/bench.sqlite3"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leerritme.settings")
os.environ["DEBUG"] = "false"
os.environ["SECURE_SSL_REDIRECT"] = "false"
os.environ["ALLOWED_HOSTS"] = "127.0.0.1,testserver"
os.environ.setdefault("LOG_LEVEL", "WARNING")
# Persistent database connections in the server, as a production deployment runs (a new PostgreSQL connection
# per request costs several milliseconds).
os.environ.setdefault("DB_CONN_MAX_AGE", "60")

import base64  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
import warnings  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from urllib.parse import urlencode  # noqa: E402

import django  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django_scopes import scope  # noqa: E402

from leerritme.orgs.models import Organisation  # noqa: E402
from leerritme.xapi.models import Statement  # noqa: E402
from leerritme.xapi.services.clients import client_create  # noqa: E402
from leerritme.xapi.services.statements import statements_store  # noqa: E402

ADL = "http://adlnet.gov/expapi/verbs/"
VERBS = [ADL + verb for verb in ("launched", "initialized", "attempted", "experienced", "progressed", "completed",
                                 "passed", "failed", "answered", "suspended", "resumed", "terminated")]
LEARNERS = [f"mailto:learner{number}@bench.example" for number in range(5000)]
ACTIVITIES = [f"https://academy.bench.example/activities/{number}" for number in range(20_000)]
COURSES = [f"https://academy.bench.example/courses/{number}" for number in range(200)]
START = datetime(2025, 1, 1, tzinfo=UTC)
INGEST_TARGET = 3000
GET_TARGET_MS = 50


def make_statement(rng: random.Random, number: int) -> dict:
    activity = rng.choice(ACTIVITIES)
    statement = {
        "actor": {"objectType": "Agent", "mbox": rng.choice(LEARNERS)},
        "verb": {"id": rng.choice(VERBS), "display": {"en-US": "did"}},
        "object": {"objectType": "Activity", "id": activity,
                   "definition": {"name": {"en-US": f"Module {activity.rsplit('/', 1)[-1]}"},
                                  "type": "http://adlnet.gov/expapi/activities/module"}},
        "context": {"contextActivities": {"parent": [{"id": rng.choice(COURSES)}]}},
        "timestamp": (START + timedelta(seconds=number * 30)).isoformat(),
    }
    if rng.random() < 0.33:
        statement["context"]["registration"] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    if rng.random() < 0.5:
        raw = rng.randint(0, 100)
        statement["result"] = {"score": {"raw": raw, "min": 0, "max": 100, "scaled": raw / 100},
                               "success": raw >= 60, "duration": f"PT{rng.randint(1, 90)}M"}
    return statement


def start_server() -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "leerritme.asgi:application", "--host", "127.0.0.1", "--port",
         str(ARGS.port), "--log-level", "warning", "--no-access-log"],
        env=os.environ.copy(),
    )
    for _attempt in range(600):  # up to 2 minutes: a busy machine imports Django slowly
        try:
            probe = http.client.HTTPConnection("127.0.0.1", ARGS.port, timeout=2)
            probe.request("GET", "/health/")
            probe.getresponse().read()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("The server did not start.")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc): what the server itself spent, whatever else the
    machine is doing."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> int:
    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(name="xAPI benchmark", slug=f"xapi-bench-{secrets.token_hex(3)}")
    with scope(organisation=organisation):
        client, secret = client_create(organisation=organisation, name="Benchmark tool")
    headers = {
        "Authorization": "Basic " + base64.b64encode(f"{client.key}:{secret}".encode()).decode(),
        "X-Experience-API-Version": "1.0.3",
        "Content-Type": "application/json",
    }
    print(f"database: {connection.vendor} ({os.environ['DATABASE_URL'].split('@')[-1]})")
    rng = random.Random(42)
    failed = False
    server = start_server()
    try:
        # 1. Ingest over one connection.
        batches = [[make_statement(rng, number * ARGS.batch + index) for index in range(ARGS.batch)]
                   for number in range(ARGS.ingest // ARGS.batch)]
        bodies = [json.dumps(batch) for batch in batches]
        conn = http.client.HTTPConnection("127.0.0.1", ARGS.port)
        load = os.getloadavg()[0]
        server_cpu = cpu_seconds(server.pid)
        began = time.perf_counter()
        for body in bodies:
            conn.request("POST", "/xapi/statements", body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            if response.status != 200:
                print(f"POST failed: {response.status} {data[:300]!r}")
                return 1
        seconds = time.perf_counter() - began
        server_cpu = cpu_seconds(server.pid) - server_cpu
        rate = ARGS.ingest / seconds
        print(f"ingest: {ARGS.ingest:,} statements in {len(bodies)} POSTs of {ARGS.batch} over one connection: "
              f"{seconds:.1f} s, {rate:,.0f} statements/s (target >= {INGEST_TARGET:,})")
        print(f"  server CPU {1000 * server_cpu / len(bodies):.1f} ms per POST ({ARGS.ingest / server_cpu:,.0f} "
              f"statements per CPU second); load average {load:.2f} before, {os.getloadavg()[0]:.2f} after")
        failed |= rate < INGEST_TARGET

        # 2. Fill in-process up to the total.
        number = ARGS.ingest
        began = time.perf_counter()
        with scope(organisation=organisation):
            while number < ARGS.total:
                size = min(500, ARGS.total - number)
                statements_store(organisation_id=organisation.pk, client=client,
                                 statements=[make_statement(rng, number + index) for index in range(size)])
                number += size
                if number % 100_000 == 0:
                    print(f"  fill: {number:,} stored ({time.perf_counter() - began:.0f} s)", flush=True)
            stored = Statement.objects.filter(organisation=organisation).count()
            # "since" points: stored times spread over the second half of the store (a tool catching up).
            step = max(1, stored // 200)
            points = list(Statement.objects.filter(organisation=organisation).order_by("stored")
                          .values_list("stored", flat=True)[stored // 2::step])
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"stored: {stored:,} statements")

        # 3. Filtered GETs.
        conn = http.client.HTTPConnection("127.0.0.1", ARGS.port)
        get_headers = {key: value for key, value in headers.items() if key != "Content-Type"}
        filters = {
            "agent + verb": lambda: {"agent": json.dumps({"mbox": rng.choice(LEARNERS)}), "verb": rng.choice(VERBS)},
            "activity": lambda: {"activity": rng.choice(ACTIVITIES)},
            "since (ascending)": lambda: {"since": rng.choice(points).isoformat(), "ascending": "true"},
        }
        for name, params in filters.items():
            times, found = [], []
            for _request in range(ARGS.repeat):
                began = time.perf_counter()
                conn.request("GET", "/xapi/statements?" + urlencode(params()), headers=get_headers)
                response = conn.getresponse()
                data = response.read()
                times.append((time.perf_counter() - began) * 1000)
                if response.status != 200:
                    print(f"GET failed: {response.status} {data[:300]!r}")
                    return 1
                found.append(len(json.loads(data)["statements"]))
            p95 = percentile(times, 0.95)
            print(f"GET {name:18} median {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms   "
                  f"statements per answer: median {statistics.median(found):.0f} (target p95 < {GET_TARGET_MS} ms)")
            failed |= p95 >= GET_TARGET_MS
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        status = main()
    finally:
        # The temporary folder holds the SQLite file (about 2 GB at 1,000,000 statements): never leave it behind.
        connection.close()
        shutil.rmtree(WORKDIR, ignore_errors=True)
    sys.exit(status)
