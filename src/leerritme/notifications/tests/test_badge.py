import pytest
from django.urls import reverse

from leerritme.notifications.tests.factories import make_notification


def badge_url(org):
    return reverse("notifications:badge", kwargs={"org": org.slug})


@pytest.mark.django_db
def test_it_shows_the_unread_count_with_a_hidden_label(org, alice, login):
    make_notification(alice, "One")
    make_notification(alice, "Two")
    make_notification(alice, "Read", read=True)

    response = login(alice).get(badge_url(org), headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="badge' in html
    assert ">2<" in html
    assert 'class="visually-hidden"' in html
    assert "<html" not in html


@pytest.mark.django_db
def test_it_is_empty_when_everything_is_read(org, alice, login):
    make_notification(alice, "Read", read=True)

    response = login(alice).get(badge_url(org))

    assert response.status_code == 200
    assert response.content.decode().strip() == ""


@pytest.mark.django_db
def test_it_caps_large_counts(org, alice, login):
    for index in range(101):
        make_notification(alice, f"N{index}")

    response = login(alice).get(badge_url(org))

    assert "99+" in response.content.decode()


@pytest.mark.django_db
def test_it_counts_only_mine(org, alice, bob, login):
    make_notification(bob, "Bob's")

    response = login(alice).get(badge_url(org))

    assert response.content.decode().strip() == ""


@pytest.mark.django_db
def test_it_is_cheap(org, alice, login, django_assert_max_num_queries):
    for index in range(10):
        make_notification(alice, f"N{index}")
    client = login(alice)
    client.get(badge_url(org))

    # Session, user, organisation, membership, count: nothing more on every page view.
    with django_assert_max_num_queries(5):
        client.get(badge_url(org))


@pytest.mark.django_db
def test_the_navigation_loads_it(org, alice, login):
    response = login(alice).get(reverse("notifications:list", kwargs={"org": org.slug}))

    assert badge_url(org) in response.content.decode()


@pytest.mark.django_db
def test_charlie_gets_404(org, alice, charlie, login):
    make_notification(alice, "Alice's")

    assert login(charlie).get(badge_url(org)).status_code == 404
