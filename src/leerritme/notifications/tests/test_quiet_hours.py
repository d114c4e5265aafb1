"""Quiet hours: no e-mail between the person's times (local, possibly across midnight); it waits until they end,
while the in-app notification arrives at once."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from leerritme.notifications.models import Notification, NotificationSettings
from leerritme.notifications.services import notify
from leerritme.notifications.tasks import send_notification_email
from leerritme.notifications.tests.factories import make_notification

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UTC = ZoneInfo("UTC")


def at(*args):
    return datetime(*args, tzinfo=AMSTERDAM)


def quiet(start, end):
    return NotificationSettings(quiet_from=start, quiet_until=end)


@pytest.mark.parametrize(
    ("now", "ends"),
    [
        (at(2026, 3, 10, 21, 59), None),
        (at(2026, 3, 10, 22, 0), at(2026, 3, 11, 7, 0)),
        (at(2026, 3, 10, 23, 30), at(2026, 3, 11, 7, 0)),
        (at(2026, 3, 11, 0, 0), at(2026, 3, 11, 7, 0)),
        (at(2026, 3, 11, 6, 59), at(2026, 3, 11, 7, 0)),
        (at(2026, 3, 11, 7, 0), None),
        (at(2026, 3, 11, 12, 0), None),
    ],
)
def test_quiet_hours_may_span_midnight(now, ends):
    assert quiet(time(22), time(7)).quiet_hours_end(now) == ends


@pytest.mark.parametrize(
    ("now", "ends"),
    [
        (at(2026, 3, 10, 11, 59), None),
        (at(2026, 3, 10, 12, 0), at(2026, 3, 10, 13, 30)),
        (at(2026, 3, 10, 13, 29), at(2026, 3, 10, 13, 30)),
        (at(2026, 3, 10, 13, 30), None),
    ],
)
def test_quiet_hours_within_a_day(now, ends):
    assert quiet(time(12), time(13, 30)).quiet_hours_end(now) == ends


def test_quiet_hours_are_read_in_the_organisations_time_zone():
    utc_evening = datetime(2026, 7, 1, 20, 30, tzinfo=UTC)  # 22:30 in Amsterdam (summer time)

    ends = quiet(time(22), time(7)).quiet_hours_end(utc_evening)

    assert ends == at(2026, 7, 2, 7, 0)
    assert ends.utcoffset() == timedelta(hours=2)


def test_quiet_hours_end_at_the_local_time_across_a_change_of_clocks():
    # Summer time ends in the night of 24 to 25 October 2026: the night is an hour longer.
    ends = quiet(time(22), time(7)).quiet_hours_end(at(2026, 10, 24, 23, 0))

    assert ends == at(2026, 10, 25, 7, 0)
    assert ends.astimezone(UTC) - at(2026, 10, 24, 23, 0).astimezone(UTC) == timedelta(hours=9)


def test_no_quiet_hours_without_both_times():
    assert quiet(None, None).quiet_hours_end(at(2026, 3, 10, 3)) is None
    assert quiet(time(22), None).quiet_hours_end(at(2026, 3, 10, 23)) is None


@pytest.fixture
def dummy_tasks(settings):
    """A task backend that keeps what is enqueued (and can wait), so a test can see what would run when."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from django.tasks import default_task_backend

    return default_task_backend


def quiet_now(person):
    """Quiet hours around this very moment: from an hour ago until an hour from now (local time)."""
    now = timezone.localtime()
    with scopes_disabled():
        return NotificationSettings.objects.create(
            organisation_id=person.organisation_id, person=person,
            quiet_from=(now - timedelta(hours=1)).time().replace(second=0, microsecond=0),
            quiet_until=(now + timedelta(hours=1)).time().replace(second=0, microsecond=0),
        )


@pytest.mark.django_db
def test_an_email_due_in_quiet_hours_waits_until_they_end(alice, dummy_tasks, mailoutbox):
    quiet_hours = quiet_now(alice)
    notification = make_notification(alice, "Tomorrow: check-out")
    before = timezone.now()

    assert send_notification_email.call(str(notification.uuid)) is False

    assert mailoutbox == []
    with scopes_disabled():
        assert Notification.objects.get(pk=notification.pk).emailed_at is None
    [later] = dummy_tasks.results
    assert later.task.name == "send_notification_email"
    assert later.args == [str(notification.uuid)]
    assert later.task.run_after == quiet_hours.quiet_hours_end(before)
    assert later.task.run_after > before


@pytest.mark.django_db
def test_the_waiting_email_is_sent_once_the_quiet_hours_are_over(alice, dummy_tasks, mailoutbox):
    quiet_hours = quiet_now(alice)
    notification = make_notification(alice, "Tomorrow: check-out")
    send_notification_email.call(str(notification.uuid))
    with scopes_disabled():
        quiet_hours.delete()  # as if the hours had passed (rather than waiting for the clock)

    [later] = dummy_tasks.results
    assert later.task.call(*later.args) is True

    [mail] = mailoutbox
    assert mail.subject == "Tomorrow: check-out"


@pytest.mark.django_db
def test_the_in_app_notification_arrives_at_once_in_quiet_hours(org, alice, dummy_tasks, reminder_kind, mailoutbox,
                                                               django_capture_on_commit_callbacks):
    quiet_now(alice)

    with scope(organisation=org), django_capture_on_commit_callbacks(execute=True):
        notification = notify(alice, reminder_kind, {"subject": "VCA", "due": None})

    assert notification.pk is not None and notification.read_at is None
    [queued] = dummy_tasks.results
    queued.task.call(*queued.args)  # the worker picks it up during the quiet hours
    assert mailoutbox == []
    assert [r.task.run_after is not None for r in dummy_tasks.results] == [False, True]


@pytest.mark.django_db
def test_without_a_backend_that_can_wait_it_sends_anyway(alice, mailoutbox):
    quiet_now(alice)  # the tests' immediate backend runs everything at once and cannot defer
    notification = make_notification(alice, "Now")

    assert send_notification_email.call(str(notification.uuid)) is True
    assert len(mailoutbox) == 1
