import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from leerritme.notifications.email import render_email
from leerritme.notifications.models import Notification
from leerritme.notifications.tasks import send_notification_email
from leerritme.notifications.tests.factories import make_notification


@pytest.mark.django_db
def test_it_mails_a_notification_with_a_button_and_a_settings_link(settings, org, alice, mailoutbox):
    settings.SITE_URL = "https://leren.example"
    notification = make_notification(alice, "Je bent toegevoegd aan R&D", url=f"/o/{org.slug}/teams/")

    assert send_notification_email.call(str(notification.uuid)) is True

    [mail] = mailoutbox
    assert mail.to == ["alice@vonk.test"]
    assert mail.subject == "Je bent toegevoegd aan R&D"
    open_url = "https://leren.example" + reverse(
        "notifications:open", kwargs={"org": org.slug, "uuid": notification.uuid}
    )
    settings_url = "https://leren.example" + reverse("notifications:preferences", kwargs={"org": org.slug})
    assert open_url in mail.body
    assert settings_url in mail.body
    assert "R&D" in mail.body and "&amp;" not in mail.body
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{open_url}"' in html
    assert f'href="{settings_url}"' in html
    assert "R&amp;D" in html


@pytest.mark.django_db
def test_it_mails_in_the_recipients_language(org, mailoutbox):
    from conftest import make_person

    english = make_person(org, "emma@vonk.test", "Emma Brown", language="en")
    dutch = make_person(org, "daan@vonk.test", "Daan Bos", language="nl")
    for person in (english, dutch):
        send_notification_email.call(str(make_notification(person, "Hi").uuid))

    english_mail, dutch_mail = mailoutbox
    assert "Hello Emma" in english_mail.body
    assert 'lang="en"' in english_mail.alternatives[0][0]
    assert 'lang="nl"' in dutch_mail.alternatives[0][0]


@pytest.mark.django_db
def test_it_mails_each_notification_once(alice, mailoutbox):
    notification = make_notification(alice, "Once")

    send_notification_email.call(str(notification.uuid))
    assert send_notification_email.call(str(notification.uuid)) is False

    assert len(mailoutbox) == 1
    with scopes_disabled():
        assert Notification.objects.get(pk=notification.pk).emailed_at is not None


@pytest.mark.django_db
def test_it_mails_no_one_who_left_in_the_meantime(alice, mailoutbox):
    notification = make_notification(alice, "Too late")
    with scopes_disabled():
        alice.is_active = False
        alice.save(update_fields=["is_active"])

    assert send_notification_email.call(str(notification.uuid)) is False
    assert mailoutbox == []


@pytest.mark.django_db
def test_plain_text_parts_are_not_html_escaped(org, alice):
    notification = make_notification(alice, 'Tips & "tricks" <new>')

    subject, text, html = render_email(
        "notifications/email/notification",
        {"notification": notification, "person": alice, "organisation": org, "action_url": "https://x.test/",
         "action_label": "Open", "settings_url": "https://x.test/s/"},
        "nl",
    )

    assert subject == 'Tips & "tricks" <new>'
    assert 'Tips & "tricks" <new>' in text
    assert "Tips &amp; &quot;tricks&quot; &lt;new&gt;" in html


@pytest.mark.django_db
def test_a_notification_someone_else_already_claimed_is_not_sent_again(alice, mailoutbox):
    """A worker restarted after claiming, or a second worker with the same task: the claim stands."""
    notification = make_notification(alice, "Once")
    with scopes_disabled():
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())

    assert send_notification_email.call(str(notification.uuid)) is False
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_failed_send_frees_the_claim_so_it_can_be_sent_later(alice, mailoutbox, monkeypatch):
    notification = make_notification(alice, "Later")

    def unreachable(**kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("leerritme.notifications.tasks.send_email", unreachable)
    with pytest.raises(ConnectionRefusedError):
        send_notification_email.call(str(notification.uuid))
    with scopes_disabled():
        assert Notification.objects.get(pk=notification.pk).emailed_at is None

    monkeypatch.undo()
    assert send_notification_email.call(str(notification.uuid)) is True
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_kind_may_name_its_button(alice, mailoutbox, test_kinds):
    from leerritme.notifications.kinds import NotificationKind, register_kind, unregister_kind

    register_kind(NotificationKind("tests.labelled", "Labelled", email_context=lambda n: {"action_label": "Go see"}))
    try:
        notification = make_notification(alice, "Look", kind="tests.labelled")
        send_notification_email.call(str(notification.uuid))
    finally:
        unregister_kind("tests.labelled")

    [mail] = mailoutbox
    assert "Go see: " in mail.body
    assert ">Go see</a>" in mail.alternatives[0][0]
