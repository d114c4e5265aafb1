"""The daily roll-up of learning events: the organisation's learning indicators read from it equal counting the
events directly, for any events (a property test), after withdrawals, backfills and rebuilds, and with two
transactions recording the same day at once (PostgreSQL)."""

import threading
import time
from datetime import date, datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leerritme.learning import listeners
from leerritme.learning.models import LearningEvent
from leerritme.metrics import indicators
from leerritme.metrics.models import LearningDay
from leerritme.metrics.periods import period_from
from leerritme.metrics.registry import Context, get_indicator
from leerritme.metrics.rollup import rebuild
from leerritme.metrics.tests.conftest import at, event, org_scope

LEARNING_INDICATORS = ("learning-hours", "experiments", "lessons", "ideas", "kudos")
KINDS = ("course_completed", "outside_learning", "learning_time", "session_attended", "skill_grown",
         "experiment_concluded", "lesson_shared", "idea_adopted", "kudos_received")
# Around the year's turn and the change to summer time (29 March 2026), and outside the periods below.
FIRST, LAST = datetime(2025, 11, 20), datetime(2026, 5, 10)
PERIODS = (
    period_from("custom", first=date(2025, 12, 1), last=date(2026, 4, 30)),
    period_from("custom", first=date(2025, 12, 29), last=date(2026, 4, 2), bucket="week"),
    period_from("custom", first=date(2026, 3, 29), last=date(2026, 3, 29)),
)

events_strategy = st.lists(st.tuples(
    st.integers(0, 2),  # whose
    st.sampled_from(KINDS),
    st.datetimes(min_value=FIRST, max_value=LAST),
    st.sampled_from(["", "", "7", "8", "9"]),  # object
    st.one_of(st.none(), st.just(0), st.integers(1, 600)),  # minutes
    st.booleans(),  # withdrawn again
), max_size=40)


def record(events: list[LearningEvent]) -> None:
    """As the learning service records in bulk: stored, then the listeners, in one transaction."""
    with scopes_disabled(), transaction.atomic():
        LearningEvent.objects.bulk_create(events)
        listeners.recorded(events)


def withdraw(events: list[LearningEvent]) -> None:
    """As the learning service withdraws: deleted, then the listeners with the events' fields."""
    with scopes_disabled(), transaction.atomic():
        LearningEvent.objects.filter(pk__in=[e.pk for e in events]).delete()
        listeners.removed(events)


def rollup_rows(org) -> set[tuple]:
    with scope(organisation=org):
        return set(LearningDay.objects.values_list("day", "kind", "object_id", "events", "loose", "minutes"))


def both_ways(org, period) -> tuple[dict, dict]:
    """Every learning indicator of the organisation: through the roll-up, and from the events directly."""
    found = {}
    for way in ("rollup", "direct"):
        cache.clear()
        with scope(organisation=org):
            ctx = Context(organisation=org, scope=org_scope(org), period=period)
            if way == "direct":
                ctx.memo("events", lambda ctx=ctx: indicators.events_direct(ctx))
            results = {}
            for slug in LEARNING_INDICATORS:
                indicator = get_indicator(slug)
                results[slug] = indicator.compute(ctx) if indicator.available(ctx) else None
            found[way] = results
    return found["rollup"], found["direct"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events_strategy)
def test_every_learning_indicator_from_the_roll_up_equals_counting_the_events(org, alice, bob, carol, spec):
    people = (alice, bob, carol)
    with scopes_disabled():
        LearningEvent.objects.all().delete()
        LearningDay.objects.all().delete()
    built = [LearningEvent(organisation=org, person=people[who], kind=kind, title=kind,
                           occurred_at=timezone.make_aware(when), object_id=obj, minutes=minutes)
             for who, kind, when, obj, minutes, _gone in spec]
    # Recorded in two batches (the second partly backfilled into days the first already has), then some withdrawn.
    record(built[::2])
    record(built[1::2])
    withdraw([e for e, (*_rest, gone) in zip(built, spec, strict=True) if gone])

    for period in PERIODS:
        through_rollup, direct = both_ways(org, period)
        assert through_rollup == direct, period
    # Counting from scratch gives the same rows as keeping up with each recording and withdrawal.
    kept = rollup_rows(org)
    rebuild(org)
    assert rollup_rows(org) == kept


def test_a_backfilled_event_counts_on_the_day_it_happened(org, alice, quarter):
    event(alice, "learning_time", at(2026, 3, 10, 9), minutes=60)
    event(alice, "learning_time", at(2026, 1, 5, 23, 30), minutes=30)  # recorded later, happened earlier
    hours = get_indicator("learning-hours")
    with scope(organisation=org):
        found = hours.compute(Context(organisation=org, scope=org_scope(org), period=quarter))
        assert found.values == {"formal": [0, 0, 0], "informal": [0.5, 0.0, 1.0]}
        assert LearningDay.objects.get(day=date(2026, 1, 5)).minutes == 30


def test_one_experiment_for_several_people_over_several_days_counts_once_per_month(org, alice, bob, quarter):
    event(alice, "experiment_concluded", at(2026, 2, 3, 9), obj_id="41")
    event(bob, "experiment_concluded", at(2026, 2, 20, 9), obj_id="41")
    event(bob, "experiment_concluded", at(2026, 3, 2, 9), obj_id="41")
    event(bob, "experiment_concluded", at(2026, 3, 2, 10))  # without an object: counts by itself
    with scope(organisation=org):
        found = get_indicator("experiments").compute(Context(organisation=org, scope=org_scope(org), period=quarter))
    assert found.values == {"count": [0, 1, 2]}


def test_withdrawing_learning_takes_it_off_and_drops_empty_days(org, alice, quarter):
    from leerritme.learning.services import learning_events_remove_for
    from leerritme.orgs.models import Team

    with scope(organisation=org):
        team = Team.objects.get(name="Onderhoud")
        other = Team.objects.create(organisation=org, name="Verkoop")
    event(alice, "lesson_shared", at(2026, 2, 3, 9), obj_id=str(team.pk))
    kept = event(alice, "lesson_shared", at(2026, 2, 3, 9), obj_id=str(other.pk))
    with scope(organisation=org):
        # The events point at the teams, as the services' own events point at what they are about.
        LearningEvent.objects.update(content_type=ContentType.objects.get_for_model(Team))
        assert learning_events_remove_for(team) == 1
        assert list(LearningDay.objects.values_list("object_id", "events")) == [(kept.object_id, 1)]
        assert learning_events_remove_for(other) == 1
        assert not LearningDay.objects.exists()


def test_erasing_a_person_takes_their_learning_off_the_roll_up(org, alice, bob, quarter):
    from leerritme.people.erasure import registered_erasure_handlers

    event(alice, "learning_time", at(2026, 2, 3, 9), minutes=45)
    event(bob, "learning_time", at(2026, 2, 3, 10), minutes=15)
    with scope(organisation=org):
        registered_erasure_handlers()["learning.events"](alice)
        assert list(LearningDay.objects.values_list("day", "events", "minutes")) == [(date(2026, 2, 3), 1, 15)]


def test_the_command_and_the_nightly_task_repair_changes_that_bypassed_the_listeners(org, alice, quarter):
    from leerritme.metrics.due import recount_rollup, rollup_due

    first = event(alice, "learning_time", at(2026, 2, 3, 9), minutes=45)
    with scope(organisation=org):
        LearningEvent.objects.filter(pk=first.pk).update(occurred_at=at(2026, 1, 3, 9))  # as a bulk UPDATE does
    call_command("metrics-rollup", "--org", org.slug, verbosity=0)
    assert rollup_rows(org) == {(date(2026, 1, 3), "learning_time", "", 1, 1, 45)}

    with scope(organisation=org):
        LearningEvent.objects.filter(pk=first.pk).update(minutes=50)
    assert rollup_due(timezone.now()) == 1
    assert recount_rollup.call(org.pk) == 1
    assert rollup_rows(org) == {(date(2026, 1, 3), "learning_time", "", 1, 1, 50)}


def test_the_command_refuses_an_unknown_organisation(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No organisation"):
        call_command("metrics-rollup", "--org", "nobody", verbosity=0)


def test_the_migration_fill_counts_what_was_recorded_before(org, alice, bob):
    from importlib import import_module

    from django.apps import apps

    event(alice, "idea_adopted", at(2026, 2, 3, 9), obj_id="5", minutes=10)
    event(bob, "idea_adopted", at(2026, 2, 3, 22, 30), obj_id="5")
    event(bob, "learning_time", at(2026, 3, 29, 1, 30), minutes=20)
    expected = rollup_rows(org)
    with scopes_disabled():
        LearningDay.objects.all().delete()
    import_module("leerritme.metrics.migrations.0002_fill_learning_days").fill(apps, None)
    assert rollup_rows(org) == expected == {
        (date(2026, 2, 3), "idea_adopted", "5", 2, 0, 10), (date(2026, 3, 29), "learning_time", "", 1, 1, 20)}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_transactions_recording_the_same_day_both_count(org, alice, bob):
    """The first transaction has added to the day and not committed yet when the second records the same day:
    the second waits for the first's row and adds to what it committed."""
    added = threading.Event()
    errors = []

    def first():
        try:
            with transaction.atomic():
                event(alice, "learning_time", at(2026, 2, 3, 9), minutes=30)
                added.set()
                time.sleep(0.5)  # still open while the second records
        except Exception as error:  # noqa: BLE001  (reported by the assertion below)
            errors.append(error)
        finally:
            connection.close()

    def second():
        try:
            assert added.wait(timeout=10)
            event(bob, "learning_time", at(2026, 2, 3, 11), minutes=15)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert rollup_rows(org) == {(date(2026, 2, 3), "learning_time", "", 2, 2, 45)}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_rebuild_while_someone_records_neither_drops_nor_doubles(org, alice, bob):
    event(alice, "learning_time", at(2026, 2, 3, 9), minutes=30)
    added = threading.Event()
    errors = []

    def recording():
        try:
            with transaction.atomic():
                event(bob, "learning_time", at(2026, 2, 3, 11), minutes=15)
                added.set()
                time.sleep(0.5)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    def rebuilding():
        try:
            assert added.wait(timeout=10)
            rebuild(org)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=recording), threading.Thread(target=rebuilding)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert rollup_rows(org) == {(date(2026, 2, 3), "learning_time", "", 2, 2, 45)}


def test_the_demo_recounts_the_roll_up_last():
    from leerritme.lib.demo import registered_demo_parts

    parts = [part.name for part in registered_demo_parts()]
    assert parts.index("metrics.rollup") > max(parts.index(name) for name in parts if name != "metrics.rollup")


def test_removing_a_day_unknown_to_the_roll_up_changes_nothing(org, alice):
    ghost = LearningEvent(organisation=org, person=alice, kind="learning_time", title="x", minutes=5,
                          occurred_at=at(2026, 2, 3, 9))
    event(alice, "learning_time", at(2026, 2, 4, 9), minutes=10)
    listeners.removed([ghost])
    assert rollup_rows(org) == {(date(2026, 2, 4), "learning_time", "", 1, 1, 10)}
