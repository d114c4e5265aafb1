"""The scheduler's tick: each piece of due work runs once per slot, however many schedulers tick."""

from datetime import UTC, datetime, timedelta

import pytest

from leerritme.scheduler.models import TickClaim
from leerritme.scheduler.registry import DueWork, register_due_work, registered_due_work
from leerritme.scheduler.services import slot_for

T = datetime(2026, 12, 7, 8, 3, 20, tzinfo=UTC)


def tick(now, worker_id="one"):
    from leerritme.scheduler.services import scheduler_tick

    return scheduler_tick(now, worker_id=worker_id)


def test_slots_are_the_time_floored_to_the_interval():
    work = DueWork("x", timedelta(minutes=10), print)

    assert slot_for(work, T) == datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    assert slot_for(work, T + timedelta(minutes=6, seconds=40)) == datetime(2026, 12, 7, 8, 10, tzinfo=UTC)
    assert slot_for(DueWork("y", timedelta(hours=1), print), T) == datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


def test_due_work_runs_at_most_once_a_minute():
    with pytest.raises(ValueError, match="once a minute"):
        register_due_work(DueWork("too.often", timedelta(seconds=30), print))
    assert "too.often" not in {w.name for w in registered_due_work()}


@pytest.mark.django_db
def test_two_schedulers_claim_each_slot_once(counting_work):
    assert "tests.counting" in tick(T, "one")
    assert "tests.counting" not in tick(T + timedelta(seconds=30), "two")
    assert "tests.counting" not in tick(T + timedelta(seconds=60), "one")

    assert counting_work.runs == [T]
    claim = TickClaim.objects.get(work="tests.counting")
    assert claim.slot == datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    assert claim.claimed_by == "one"


@pytest.mark.django_db
def test_the_next_slot_is_claimed_again(counting_work):
    tick(T, "one")
    tick(T + timedelta(minutes=7), "two")

    assert counting_work.runs == [T, T + timedelta(minutes=7)]
    assert list(TickClaim.objects.filter(work="tests.counting").values_list("claimed_by", flat=True)
                .order_by("slot")) == ["one", "two"]


@pytest.mark.django_db
def test_a_failed_run_leaves_the_slot_for_the_next_tick(counting_work, caplog):
    counting_work.failing = True
    assert "tests.counting" not in tick(T)
    assert "Due work tests.counting failed" in caplog.text
    assert not TickClaim.objects.filter(work="tests.counting").exists()

    counting_work.failing = False
    assert "tests.counting" in tick(T + timedelta(seconds=30))
    assert counting_work.runs == [T + timedelta(seconds=30)]


@pytest.mark.django_db
def test_one_failing_work_does_not_stop_the_others(counting_work):
    register_due_work(DueWork("tests.broken", timedelta(minutes=5), lambda now: 1 / 0))
    try:
        claimed = tick(T)
    finally:
        from leerritme.scheduler.registry import unregister_due_work

        unregister_due_work("tests.broken")

    assert "tests.counting" in claimed and "tests.broken" not in claimed
    assert counting_work.runs == [T]


@pytest.mark.django_db
def test_it_enqueues_what_the_work_enqueues_only_when_the_claim_commits(django_capture_on_commit_callbacks):
    from django.db import transaction

    done = []
    register_due_work(DueWork("tests.enqueueing", timedelta(minutes=5),
                              lambda now: transaction.on_commit(lambda: done.append(now))))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            tick(T)
            tick(T, "two")
    finally:
        from leerritme.scheduler.registry import unregister_due_work

        unregister_due_work("tests.enqueueing")

    assert done == [T]


@pytest.mark.django_db
def test_old_claims_are_pruned_after_a_month(counting_work):
    tick(T - timedelta(days=31))
    tick(T - timedelta(days=29))

    tick(T)

    slots = sorted(TickClaim.objects.filter(work="tests.counting").values_list("slot", flat=True))
    assert [slot.date() for slot in slots] == [(T - timedelta(days=29)).date(), T.date()]


def test_it_refuses_a_naive_time():
    with pytest.raises(ValueError, match="aware"):
        tick(datetime(2026, 12, 7, 8, 0))


def test_the_practices_register_their_reminders_and_digest():
    works = {work.name: work.every for work in registered_due_work()}

    assert works["practices.reminders"] == timedelta(minutes=5)
    assert works["practices.digest"] == timedelta(hours=1)
