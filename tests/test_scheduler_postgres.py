"""Two schedulers and two workers at the same moment on PostgreSQL: every person gets one reminder and one e-mail.

Each test runs the competitors in threads, each with its own database connection, released together by a
barrier, so their transactions really overlap (SQLite serialises writers, so these run on PostgreSQL only).
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django_scopes import scope, scopes_disabled

from conftest import make_person
from leerritme.notifications.models import Notification
from leerritme.notifications.tasks import send_notification_email
from leerritme.orgs.models import TeamMembership
from leerritme.practices.reminders import pending_reminders, send_reminder_batch
from leerritme.practices.tests.scheduling import local, weekly
from leerritme.scheduler.models import TickClaim
from leerritme.scheduler.services import scheduler_tick

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

MONDAY_9 = local(2026, 12, 7, 9, 0)
NOW = MONDAY_9 - timedelta(hours=3)  # 06:00 on Monday: reminders are due, the weekly digest not yet


def at_once(*calls):
    """Run the calls in threads that start together; returns their results (re-raises their errors)."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - handed to the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    return results


@pytest.fixture
def crowd(org, team, alice, bob):
    """The team of alice, bob and eight more, with a check-out at 09:00 on Monday."""
    people = [alice, bob]
    for n in range(8):
        person = make_person(org, f"collega{n}@vonk.test", f"Collega {n}")
        with scopes_disabled():
            TeamMembership.objects.create(organisation=org, team=team, person=person)
        people.append(person)
    weekly(team, first=MONDAY_9)
    return people


def reminders_per_person():
    with scopes_disabled():
        return sorted(Notification.objects.filter(kind="practices.reminder").values_list("person_id", flat=True))


def test_two_schedulers_ticking_together_remind_everyone_once(crowd, mailoutbox):
    claimed = at_once(lambda: scheduler_tick(NOW, worker_id="one"), lambda: scheduler_tick(NOW, worker_id="two"))

    assert sorted(name for names in claimed for name in names if name == "practices.reminders") == [
        "practices.reminders"
    ]
    assert TickClaim.objects.filter(work="practices.reminders").count() == 1
    assert reminders_per_person() == sorted(person.pk for person in crowd)
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(person.user.email for person in crowd)


def test_two_workers_with_the_same_reminders_notify_and_mail_once(org, crowd, mailoutbox):
    with scope(organisation=org):
        pairs = [list(pair) for pair in pending_reminders(NOW)]
    assert len(pairs) == len(crowd)

    sent = at_once(*[lambda: send_reminder_batch.call(org.pk, NOW.isoformat(), pairs)] * 2)

    assert sum(sent) >= len(crowd)  # each worker counts the reminders it found due
    assert reminders_per_person() == sorted(person.pk for person in crowd)
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(person.user.email for person in crowd)


def test_two_workers_with_the_same_email_send_it_once(alice, mailoutbox):
    from leerritme.notifications.tests.factories import make_notification

    notifications = [make_notification(alice, f"Bericht {n}") for n in range(5)]

    for notification in notifications:
        results = at_once(*[lambda uuid=str(notification.uuid): send_notification_email.call(uuid)] * 2)
        assert sorted(results) == [False, True]

    assert sorted(mail.subject for mail in mailoutbox) == sorted(n.title for n in notifications)
    with scopes_disabled():
        assert not Notification.objects.filter(person=alice, emailed_at__isnull=True).exists()
