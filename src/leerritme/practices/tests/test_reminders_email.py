"""The reminder e-mail: HTML and plain text in the person's language, with a button to the occurrence."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override
from django_scopes import scopes_disabled

from leerritme.notifications.services import notification_preference_set
from leerritme.practices.tests.scheduling import local, weekly
from leerritme.scheduler.services import scheduler_tick

MONDAY_9 = local(2026, 12, 7, 9, 0)


def in_dutch(text):
    with override("nl"):
        return gettext(text)


@pytest.fixture
def occurrence(team):
    rhythm, [occurrence] = weekly(team, first=MONDAY_9, location="Kantine", meeting="Werkoverleg maandag")
    return occurrence


@pytest.mark.django_db
def test_a_member_gets_the_dutch_reminder_e_mail_and_opens_the_occurrence_from_it(
    settings, org, alice, occurrence, login, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://leren.example"

    with django_capture_on_commit_callbacks(execute=True):
        scheduler_tick(MONDAY_9 - timedelta(hours=23, minutes=58), worker_id="test")

    [mail] = mailoutbox
    assert mail.to == ["alice@vonk.test"]
    assert "Check-out in het werkoverleg" in mail.subject
    assert "maandag 7 december" in mail.subject and "09:00" in mail.subject
    text = mail.body
    assert f"{in_dutch('When:')} maandag 7 december 2026, 09:00–09:30" in text
    assert f"{in_dutch('Where:')} Kantine" in text
    assert f"{in_dutch('Part of:')} Werkoverleg maandag" in text
    assert f"{in_dutch('Why we do this:')} Samen terugkijken op hoe het overleg ging." in text
    assert in_dutch("Open the learning moment") in text
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html"
    assert 'lang="nl"' in html
    assert "maandag 7 december 2026, 09:00–09:30" in html

    [button] = re.findall(r'href="(https://leren\.example/o/vonk/notifications/[^"]+)"', html)[:1]
    response = login(alice).get(button.removeprefix("https://leren.example"))
    assert response.status_code == 302
    assert response["Location"] == reverse("practices:occurrence", kwargs={"org": org.slug, "uuid": occurrence.uuid})


@pytest.mark.django_db
def test_only_in_the_app_when_the_person_chose_so(alice, occurrence, mailoutbox, django_capture_on_commit_callbacks):
    with scopes_disabled():
        notification_preference_set(person=alice, kind="practices.reminder", email=False)

    with django_capture_on_commit_callbacks(execute=True):
        # 06:30 on Monday: before the weekly digest starts at 07:00.
        scheduler_tick(MONDAY_9 - timedelta(hours=2, minutes=30), worker_id="test")

    assert mailoutbox == []
    with scopes_disabled():
        assert alice.notifications.filter(kind="practices.reminder").count() == 1
