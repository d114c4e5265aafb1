from datetime import time

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from leerritme.notifications.models import NotificationPreference, NotificationSettings


@pytest.fixture
def login(client):
    """These tests read the page's English wording: the person uses Leerritme in English."""
    from leerritme.accounts.models import User

    def as_person(person):
        User.objects.filter(pk=person.user_id).update(language="en")
        person.user.language = "en"
        client.force_login(person.user)
        return client

    return as_person



def url(org):
    return reverse("notifications:preferences", kwargs={"org": org.slug})


def valid(**changes):
    data = {"quiet_from": "", "quiet_until": "", "reminder_hours": "24", "weekly_digest": "on",
            "email__tests__reminder": "email", "email__tests__quiet": "app"}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def settings_of(person):
    with scopes_disabled():
        return NotificationSettings.objects.filter(person=person).first()


def preferences_of(person):
    with scopes_disabled():
        return dict(NotificationPreference.objects.filter(person=person).values_list("kind", "email"))


@pytest.mark.django_db
def test_it_shows_the_general_settings_and_a_choice_per_kind_with_the_defaults(org, alice, login, test_kinds):
    response = login(alice).get(url(org))

    html = response.content.decode()
    assert response.status_code == 200
    general, form = response.context["general"], response.context["form"]
    assert general["reminder_hours"].value() == 24
    assert general["weekly_digest"].value() is True
    assert general["quiet_from"].value() is None
    assert form["email__tests__reminder"].value() == "email"
    assert form["email__tests__quiet"].value() == "app"
    assert "Test reminder" in html and "Quiet test notice" in html
    assert '<label class="form-check-label" for="id_email__tests__reminder_1">' in html
    assert '<label class="form-label" for="id_quiet_from">' in html
    assert 'type="time"' in html and 'max="168"' in html


@pytest.mark.django_db
def test_it_saves_the_settings_and_the_choices(org, alice, login, test_kinds):
    response = login(alice).post(url(org), valid(quiet_from="22:00", quiet_until="07:00", reminder_hours="2",
                                                 weekly_digest=None, email__tests__reminder="app",
                                                 email__tests__quiet="email"))

    assert response.status_code == 302
    saved = settings_of(alice)
    assert (saved.quiet_from, saved.quiet_until) == (time(22), time(7))
    assert saved.reminder_hours == 2
    assert saved.weekly_digest is False
    assert preferences_of(alice) == {"tests.reminder": False, "tests.quiet": True}

    again = login(alice).get(url(org))
    assert again.context["general"]["reminder_hours"].value() == 2
    assert again.context["form"]["email__tests__reminder"].value() == "app"
    assert again.context["form"]["email__tests__quiet"].value() == "email"
    assert 'value="22:00"' in again.content.decode()


@pytest.mark.django_db
def test_it_clears_quiet_hours_when_both_times_are_emptied(org, alice, login, test_kinds):
    login(alice).post(url(org), valid(quiet_from="22:00", quiet_until="07:00"))

    login(alice).post(url(org), valid())

    saved = settings_of(alice)
    assert saved.quiet_from is None and saved.quiet_until is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reminder_hours": "0"}, "reminder_hours", "Choose at least 1 hour."),
        ({"reminder_hours": "169"}, "reminder_hours", "Choose at most 168 hours (a week)."),
        ({"reminder_hours": "veel"}, "reminder_hours", "Enter a whole number of hours."),
        ({"reminder_hours": ""}, "reminder_hours", "Say how many hours before you want a reminder."),
        ({"quiet_from": "22:00"}, "quiet_until", "Say when your quiet hours end, or leave both times empty."),
        ({"quiet_until": "07:00"}, "quiet_from", "Say when your quiet hours start, or leave both times empty."),
        ({"quiet_from": "07:00", "quiet_until": "07:00"}, "quiet_until",
         "Quiet hours cannot end at the time they start."),
        ({"quiet_from": "25:00", "quiet_until": "07:00"}, "quiet_from", "Enter a time such as 22:00."),
    ],
)
def test_it_explains_what_is_wrong_and_saves_nothing(org, alice, login, test_kinds, changes, field, message):
    response = login(alice).post(url(org), valid(email__tests__quiet="email", **changes))

    assert response.status_code == 200
    assert response.context["general"].errors[field] == [message]
    html = response.content.decode()
    assert message in html
    assert f'aria-describedby="id_{field}_error"' in html and 'aria-invalid="true"' in html
    assert settings_of(alice) is None
    assert preferences_of(alice) == {}  # not even the valid part


@pytest.mark.django_db
def test_it_refuses_an_unknown_choice_per_kind(org, alice, login, test_kinds):
    response = login(alice).post(url(org), valid(email__tests__reminder="pigeon"))

    assert response.status_code == 200
    assert response.context["form"].errors["email__tests__reminder"] == ["Choose one of the two options."]
    assert settings_of(alice) is None


@pytest.mark.django_db
def test_it_changes_only_my_settings(org, alice, bob, login, test_kinds):
    login(alice).post(url(org), valid(reminder_hours="3"))

    assert settings_of(bob) is None
    with scopes_disabled():
        assert not NotificationPreference.objects.filter(person=bob).exists()


@pytest.mark.django_db
def test_every_role_may_set_their_own(org, alice, bob, carol, dave, login, test_kinds):
    for person in (alice, bob, carol, dave):
        client = login(person)
        assert client.get(url(org)).status_code == 200
        assert client.post(url(org), valid(reminder_hours="5")).status_code == 302
        assert settings_of(person).reminder_hours == 5


@pytest.mark.django_db
def test_visitors_are_sent_to_log_in(org, client):
    response = client.get(url(org))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_charlie_gets_404(org, alice, charlie, login, test_kinds):
    client = login(charlie)

    assert client.get(url(org)).status_code == 404
    assert client.post(url(org), valid()).status_code == 404
    assert settings_of(charlie) is None
