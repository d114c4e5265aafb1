import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from leerritme.notifications.models import NotificationPreference


def url(org):
    return reverse("notifications:preferences", kwargs={"org": org.slug})


@pytest.mark.django_db
def test_it_shows_one_switch_per_kind_with_the_default(org, alice, login, test_kinds):
    response = login(alice).get(url(org))

    html = response.content.decode()
    assert response.status_code == 200
    form = response.context["form"]
    assert form["email__tests__reminder"].value() is True
    assert form["email__tests__quiet"].value() is False
    assert "Test reminder" in html and "Quiet test notice" in html
    assert '<label class="form-check-label" for="id_email__tests__reminder">' in html


@pytest.mark.django_db
def test_it_saves_the_choices(org, alice, login, test_kinds):
    response = login(alice).post(url(org), {"email__tests__quiet": "on"})

    assert response.status_code == 302
    with scopes_disabled():
        chosen = dict(NotificationPreference.objects.filter(person=alice).values_list("kind", "email"))
    assert chosen["tests.reminder"] is False
    assert chosen["tests.quiet"] is True

    again = login(alice).get(url(org))
    assert again.context["form"]["email__tests__reminder"].value() is False
    assert again.context["form"]["email__tests__quiet"].value() is True


@pytest.mark.django_db
def test_it_changes_only_my_choices(org, alice, bob, login, test_kinds):
    login(alice).post(url(org), {})

    with scopes_disabled():
        assert not NotificationPreference.objects.filter(person=bob).exists()


@pytest.mark.django_db
def test_every_role_may_set_their_own(org, alice, bob, carol, dave, login, test_kinds):
    for person in (alice, bob, carol, dave):
        assert login(person).get(url(org)).status_code == 200


@pytest.mark.django_db
def test_charlie_gets_404(org, charlie, login, test_kinds):
    client = login(charlie)

    assert client.get(url(org)).status_code == 404
    assert client.post(url(org), {}).status_code == 404
