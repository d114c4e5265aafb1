"""notify(..., dedupe_key=...): one notification per person and key, however often a sender runs."""

import pytest
from django.db import IntegrityError, transaction
from django_scopes import scopes_disabled

from leerritme.notifications.models import Notification
from leerritme.notifications.services import notify


@pytest.fixture(autouse=True)
def _in_scope(in_org):
    """notify() runs inside an organisation's scope, as in a request, task or command."""


def stored(person):
    with scopes_disabled():
        return list(Notification.objects.filter(person=person))


@pytest.mark.django_db
def test_a_second_call_with_the_same_key_returns_the_first_and_sends_nothing(
    alice, reminder_kind, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = notify(alice, reminder_kind, {"subject": "VCA"}, dedupe_key="vca:2026")
        second = notify(alice, reminder_kind, {"subject": "VCA, again"}, dedupe_key="vca:2026")

    assert second == first
    assert stored(alice) == [first]
    assert first.title == "Reminder: VCA"
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_keys_are_per_person(alice, bob, reminder_kind):
    notify(alice, reminder_kind, {"subject": "VCA"}, dedupe_key="vca:2026")
    notify(bob, reminder_kind, {"subject": "VCA"}, dedupe_key="vca:2026")

    assert len(stored(alice)) == len(stored(bob)) == 1


@pytest.mark.django_db
def test_without_a_key_every_call_notifies(alice, reminder_kind):
    notify(alice, reminder_kind, {"subject": "VCA"})
    notify(alice, reminder_kind, {"subject": "VCA"})

    assert len(stored(alice)) == 2


@pytest.mark.django_db
def test_the_database_refuses_a_second_row_with_the_same_key(org, alice, reminder_kind):
    """The constraint notify() relies on when two workers race (see tests/test_scheduler_postgres.py)."""
    notify(alice, reminder_kind, {"subject": "VCA"}, dedupe_key="vca:2026")

    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(organisation=org, person=alice, kind=reminder_kind, title="Twice",
                                    dedupe_key="vca:2026")
    assert len(stored(alice)) == 1
