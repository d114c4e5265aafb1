"""Count the requests the live server is still answering, so a test's database is emptied only after the
last of them has finished.

A page can still be asking something when a test ends (the notifications badge loads after the page, a
status polls every second). The live server answers in threads of its own; if the flush between tests runs
while one of them holds SQLite's shared in-memory database, the flush fails ("database table is locked")
and the next test starts on the previous one's rows.
"""

import contextlib
import threading
import time

from django.db import connection

_lock = threading.Lock()
_busy = 0
# On SQLite the live server answers every request with the test's one shared in-memory connection
# (Django's LiveServerThread hands it to each request thread), and one sqlite3 connection used by two
# threads at once fails ("bad parameter or other API misuse"): a page and its notifications badge asked
# together did so on a busy CI machine. So on SQLite the live server answers one request at a time, as
# that connection allows; PostgreSQL gives each request thread its own connection and keeps them parallel.
_one_at_a_time = threading.Lock()


class InFlightMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        global _busy
        with _lock:
            _busy += 1
        try:
            with _one_at_a_time if connection.vendor == "sqlite" else contextlib.nullcontext():
                return self.get_response(request)
        finally:
            with _lock:
                _busy -= 1


def wait_until_idle(timeout: float = 15.0) -> None:
    """Wait until no request is being answered (and stays so for a moment), at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    quiet_since = None
    while time.monotonic() < deadline:
        with _lock:
            busy = _busy
        if busy:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= 0.1:
            return
        time.sleep(0.02)
