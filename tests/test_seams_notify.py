"""The notification seam: notify(person, kind, context) stores an in-app notification and, per the
person's preferences, e-mails it through the task worker once the transaction commits."""

from datetime import date

import pytest
from django_scopes import scopes_disabled

from conftest import make_person
from leerritme.notifications.models import Notification
from leerritme.notifications.services import notification_preference_set, notify
from leerritme.notifications.tests import fixtures

# Kinds registered for these tests only (production code has no fake kinds).
test_kinds = fixtures.test_kinds
reminder_kind = fixtures.reminder_kind


@pytest.fixture(autouse=True)
def _in_scope(in_org):
    """notify() runs inside an organisation's scope, as in a request, task or command."""


def stored(person):
    with scopes_disabled():
        return list(Notification.objects.filter(person=person))


@pytest.mark.django_db
def test_it_stores_an_in_app_notification(org, alice, reminder_kind, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        notification = notify(alice, reminder_kind, {"subject": "VCA", "due": date(2026, 3, 3)},
                              url="/o/vonk/")

    [row] = stored(alice)
    assert row == notification
    assert row.organisation_id == org.pk
    assert row.kind == "tests.reminder"
    assert row.title == "Reminder: VCA"
    assert row.body == "Due on 3 maart 2026."
    assert row.url == "/o/vonk/"
    assert row.read_at is None


@pytest.mark.django_db
def test_it_emails_through_the_task_once_the_transaction_commits(
    alice, reminder_kind, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(alice, reminder_kind, {"subject": "VCA", "due": date(2026, 3, 3)})
    assert mailoutbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1

    callbacks[0]()

    [mail] = mailoutbox
    assert mail.to == ["alice@vonk.test"]
    assert mail.subject == "Reminder: VCA"
    assert "Due on 3 maart 2026." in mail.body
    [row] = stored(alice)
    assert row.emailed_at is not None


@pytest.mark.django_db
def test_it_renders_in_the_recipients_language(org, reminder_kind, mailoutbox,
                                               django_capture_on_commit_callbacks):
    emma = make_person(org, "emma@vonk.test", "Emma Brown", language="en")
    daan = make_person(org, "daan@vonk.test", "Daan Bos", language="nl")

    with django_capture_on_commit_callbacks(execute=True):
        notify(emma, reminder_kind, {"subject": "VCA", "due": date(2026, 3, 3)})
        notify(daan, reminder_kind, {"subject": "VCA", "due": date(2026, 3, 3)})

    assert stored(emma)[0].body == "Due on 3 March 2026."
    assert stored(daan)[0].body == "Due on 3 maart 2026."
    by_recipient = {mail.to[0]: mail for mail in mailoutbox}
    assert "Hello Emma" in by_recipient["emma@vonk.test"].body
    assert "3 March 2026" in by_recipient["emma@vonk.test"].body
    assert "3 maart 2026" in by_recipient["daan@vonk.test"].body


@pytest.mark.django_db
def test_it_reads_in_the_language_the_person_uses_when_opening_it(alice, reminder_kind,
                                                                  django_capture_on_commit_callbacks):
    from django.utils import translation

    with django_capture_on_commit_callbacks():
        notify(alice, reminder_kind, {"subject": "VCA", "due": date(2026, 3, 3)})
    [row] = stored(alice)  # alice reads Dutch when it is made, and switches to English later

    with translation.override("en"):
        assert row.text["body"] == "Due on 3 March 2026."
    with translation.override("nl"):
        assert row.text["body"] == "Due on 3 maart 2026."


@pytest.mark.django_db
def test_it_does_not_escape_the_text(alice, reminder_kind, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        notify(alice, reminder_kind, {"subject": "R&D <intro>", "due": date(2026, 1, 5)})

    assert stored(alice)[0].title == "Reminder: R&D <intro>"


@pytest.mark.django_db
def test_it_sends_no_email_when_the_person_turned_it_off(
    alice, reminder_kind, mailoutbox, django_capture_on_commit_callbacks
):
    with scopes_disabled():
        notification_preference_set(person=alice, kind=reminder_kind, email=False)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(alice, reminder_kind, {"subject": "VCA"})

    assert callbacks == []
    assert mailoutbox == []
    assert len(stored(alice)) == 1  # still in the app


@pytest.mark.django_db
def test_it_follows_the_kinds_default_and_an_opt_in(alice, test_kinds, mailoutbox,
                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(alice, "tests.quiet", {"subject": "the weather"})
    assert mailoutbox == []

    with scopes_disabled():
        notification_preference_set(person=alice, kind="tests.quiet", email=True)
    with django_capture_on_commit_callbacks(execute=True):
        notify(alice, "tests.quiet", {"subject": "the weather"})
    assert [mail.subject for mail in mailoutbox] == ["A quiet notice about the weather"]


@pytest.mark.django_db
def test_a_deactivated_person_gets_nothing(alice, reminder_kind, mailoutbox,
                                           django_capture_on_commit_callbacks):
    with scopes_disabled():
        alice.is_active = False
        alice.save(update_fields=["is_active"])

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert notify(alice, reminder_kind, {"subject": "VCA"}) is None

    assert stored(alice) == []
    assert callbacks == []
    assert mailoutbox == []


@pytest.mark.django_db
def test_an_unknown_kind_is_an_error(alice, django_capture_on_commit_callbacks):
    with pytest.raises(KeyError, match="Unknown notification kind"):
        notify(alice, "tests.never_registered", {})

    assert stored(alice) == []


@pytest.mark.django_db
def test_a_preference_for_an_unknown_kind_is_an_error(alice):
    with scopes_disabled(), pytest.raises(KeyError):
        notification_preference_set(person=alice, kind="tests.never_registered", email=False)


@pytest.mark.django_db
def test_setting_a_preference_twice_keeps_one_row(alice, reminder_kind):
    with scopes_disabled():
        notification_preference_set(person=alice, kind=reminder_kind, email=False)
        preference = notification_preference_set(person=alice, kind=reminder_kind, email=True)

        assert alice.notification_preferences.count() == 1
    assert preference.email is True


@pytest.mark.django_db
def test_the_template_gets_the_person_and_organisation(org, alice, test_kinds, settings,
                                                       django_capture_on_commit_callbacks, tmp_path):
    kinds_dir = tmp_path / "notifications" / "kinds"
    kinds_dir.mkdir(parents=True)
    (kinds_dir / "tests.reminder.txt").write_text("For {{ person.user.name }} at {{ organisation.name }}\n")
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]

    with django_capture_on_commit_callbacks():
        notify(alice, "tests.reminder")

    assert stored(alice)[0].title == "For Alice de Vries at Werkplaats De Vonk"
