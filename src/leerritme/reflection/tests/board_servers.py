"""Real ASGI servers for the live board: uvicorn processes on a file-based SQLite database of their own,
optionally sharing a Redis channel layer. pytest-django's live_server speaks HTTP only, so the browser
journey, the two-process test and the benchmark run the board this way.

`BoardServers(directory, processes=2, redis_url=...)` migrates a fresh database, seeds one organisation
("vonk") with a team, its lead Bob and members (password PASSWORD), starts the servers and stops them on
`close()`. `seed_board()` opens a retrospective and returns logged-in session cookies, so WebSocket clients
need no login form.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
PASSWORD = "correct horse battery"
SECRET = "board-servers-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BoardServers:
    def __init__(self, directory: Path, *, processes: int = 1, redis_url: str | None = None, members: int = 2,
                 threshold: int = 3):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{self.directory / 'board.sqlite3'}",
            # DEBUG serves the static files (board.js) without collectstatic.
            "DEBUG": "true", "SECRET_KEY": SECRET, "SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_SETTINGS_MODULE": "leerritme.settings",
            "PYTHONUNBUFFERED": "1",
        }
        # The servers run as in production: no async-unsafe escape hatch that the tests' process sets.
        self.env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        if redis_url:
            self.env["REDIS_URL"] = redis_url
        else:
            self.env.pop("REDIS_URL", None)
        self.processes: list[subprocess.Popen] = []
        self.ports: list[int] = []
        self._manage("migrate", "--no-input", "-v0")
        self.people = self._python(f"seed_people({members}, {threshold})")
        for _ in range(processes):
            self._start()

    def _manage(self, *args):
        subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=self.env, cwd=ROOT, check=True)

    def _python(self, call: str):
        """Run one function of this module inside a Django process on the servers' database; its JSON result."""
        code = ("import django, json; django.setup(); "
                "from leerritme.reflection.tests import board_servers as b; "
                f"print('RESULT' + json.dumps(b.{call}))")
        done = subprocess.run([sys.executable, "-c", code], env=self.env, cwd=ROOT, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"{call} failed:\n{done.stderr}")
        out = done.stdout
        return json.loads(next(line for line in out.splitlines() if line.startswith("RESULT"))[6:])

    def _start(self):
        port = free_port()
        log = open(self.directory / f"uvicorn-{port}.log", "w")  # noqa: SIM115 (kept open while it runs)
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "leerritme.asgi:application", "--host", "127.0.0.1", "--port",
             str(port), "--lifespan", "off", "--log-level", "warning", "--ws", "websockets"],
            env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        self.processes.append(process)
        self.ports.append(port)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=1)
                return
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError((self.directory / f"uvicorn-{port}.log").read_text()) from None
                time.sleep(0.2)
        raise RuntimeError(f"uvicorn on port {port} did not start")

    def url(self, index: int = 0) -> str:
        return f"http://127.0.0.1:{self.ports[index]}"

    def ws_url(self, index: int, org: str, session: str) -> str:
        return f"ws://127.0.0.1:{self.ports[index]}/ws/o/{org}/reflection/{session}/"

    def seed_board(self, fmt: str = "retrospective", board: str = "went_well") -> dict:
        return self._python(f"seed_board({fmt!r}, {board!r})")

    def run(self, call: str):
        return self._python(call)

    def close(self):
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


# --- Run inside a Django process on the servers' database --------------------------------------------------------

def seed_people(members: int, threshold: int) -> dict:
    """Organisation "vonk" with team "Onderhoud": Bob leads it; Alice, Erik and `members - 2` more are members."""
    from django_scopes import scopes_disabled

    from leerritme.accounts.models import User
    from leerritme.orgs.models import Organisation, Person, Team, TeamMembership

    with scopes_disabled():
        org = Organisation.objects.create(name="Werkplaats De Vonk", slug="vonk", anonymity_threshold=threshold,
                                          default_language="en")
        team = Team.objects.create(organisation=org, name="Onderhoud")
        people = [("bob@vonk.test", "Bob Jansen", "lead"), ("alice@vonk.test", "Alice de Vries", "member"),
                  ("erik@vonk.test", "Erik Mulder", "member")]
        people += [(f"member{i}@vonk.test", f"Member {i:02d}", "member") for i in range(3, members + 1)]
        found = {}
        for email, name, role in people:
            user = User.objects.create_user(email=email, password=PASSWORD, name=name, language="en")
            person = Person.objects.create(organisation=org, user=user)
            TeamMembership.objects.create(organisation=org, team=team, person=person, role=role)
            found[email] = str(person.uuid)
    return {"team": str(team.uuid), "people": found}


def seed_board(fmt: str, board: str) -> dict:
    """A running session of the team, facilitated by Bob, and a logged-in session cookie for everyone."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_scopes import scope, scopes_disabled

    from leerritme.orgs.models import Organisation, Person, Team
    from leerritme.reflection.services import session_start

    org = Organisation.objects.get(slug="vonk")
    with scope(organisation=org):
        team = Team.objects.get()
        bob = Person.objects.get(user__email="bob@vonk.test")
        session = session_start(team=team, by=bob, format=fmt, template_key=board, title="Benchmark")
    cookies = {}
    with scopes_disabled():
        for person in Person.objects.select_related("user"):
            store = SessionStore()
            store[SESSION_KEY] = str(person.user.pk)
            store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            store[HASH_SESSION_KEY] = person.user.get_session_auth_hash()
            store.create()
            cookies[person.user.email] = store.session_key
    return {"session": str(session.uuid), "cookies": cookies}


def card_count() -> int:
    from django_scopes import scopes_disabled

    from leerritme.reflection.models import Card

    with scopes_disabled():
        return Card.objects.count()
