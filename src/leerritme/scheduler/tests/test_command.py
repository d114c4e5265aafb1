"""`leerritme scheduler`: ticks until told to stop (SIGTERM or Ctrl+C), or once with --once."""

import os
import signal
import threading
from io import StringIO

import pytest
from django.core.management import call_command

from leerritme.scheduler.models import TickClaim
from leerritme.scheduler.registry import registered_due_work
from leerritme.scheduler.services import slot_for


def slots(runs):
    [work] = [w for w in registered_due_work() if w.name == "tests.counting"]
    return {slot_for(work, now) for now in runs}


@pytest.mark.django_db(transaction=True)
def test_once_ticks_and_says_what_it_claimed(counting_work):
    out = StringIO()

    call_command("scheduler", "--once", stdout=out)

    assert len(counting_work.runs) == 1
    assert "claimed" in out.getvalue() and "tests.counting" in out.getvalue()
    assert TickClaim.objects.filter(work="tests.counting").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_second_scheduler_in_the_same_slot_claims_nothing(counting_work):
    call_command("scheduler", "--once", stdout=StringIO())
    out = StringIO()

    call_command("scheduler", "--once", stdout=out)

    assert len(counting_work.runs) == len(slots(counting_work.runs))
    if len(counting_work.runs) == 1:
        assert "tests.counting" not in out.getvalue()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_it_stops_cleanly_on_a_signal(counting_work, signum):
    before = signal.getsignal(signum)
    out = StringIO()
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signum))
    timer.start()
    try:
        call_command("scheduler", "--interval", "0.1", stdout=out)
    finally:
        timer.cancel()

    assert "started" in out.getvalue() and "stopped" in out.getvalue()
    # Ticked several times, and ran once per ten-minute slot (twice only if a slot began meanwhile).
    assert len(counting_work.runs) == len(slots(counting_work.runs)) >= 1
    assert signal.getsignal(signum) == before
