import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from leerritme.notifications.models import Notification
from leerritme.notifications.tests.factories import make_notification
from leerritme.notifications.views import PAGE_SIZE


def list_url(org):
    return reverse("notifications:list", kwargs={"org": org.slug})


def open_url(org, notification):
    return reverse("notifications:open", kwargs={"org": org.slug, "uuid": notification.uuid})


@pytest.mark.django_db
def test_it_lists_my_notifications_newest_first(org, alice, login):
    make_notification(alice, "Oldest news", minutes_ago=30, read=True)
    make_notification(alice, "Newest news", minutes_ago=1)
    make_notification(alice, "Middle news", minutes_ago=10)

    response = login(alice).get(list_url(org))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Newest news") < html.index("Middle news") < html.index("Oldest news")


@pytest.mark.django_db
def test_it_marks_unread_ones_visibly_and_counts_them(org, alice, login):
    make_notification(alice, "Read one", read=True)
    make_notification(alice, "Unread one")

    response = login(alice).get(list_url(org))

    page = response.context["page"]
    unread = [n.title for n in page if n.read_at is None]
    assert unread == ["Unread one"]
    assert response.context["unread"] == 1
    html = response.content.decode()
    # The visible "Unread" label sits in the unread item only (not colour alone).
    unread_item = html[html.index("Unread one") - 400: html.index("Unread one")]
    assert "badge" in unread_item
    assert "Mark all as read" in html or "Alles als gelezen markeren" in html


@pytest.mark.django_db
def test_it_shows_nobody_elses_notifications(org, alice, bob, login):
    make_notification(bob, "For Bob only")

    response = login(alice).get(list_url(org))

    assert "For Bob only" not in response.content.decode()


@pytest.mark.django_db
def test_it_paginates(org, alice, login):
    for index in range(PAGE_SIZE + 3):
        make_notification(alice, f"Item {index:02d}", minutes_ago=index)

    client = login(alice)
    first = client.get(list_url(org))
    second = client.get(list_url(org), {"page": 2})

    assert len(first.context["page"].object_list) == PAGE_SIZE
    assert [n.title for n in second.context["page"]] == ["Item 25", "Item 26", "Item 27"]


@pytest.mark.django_db
def test_it_returns_only_the_items_for_htmx_page_changes(org, alice, login):
    make_notification(alice, "Only item")

    response = login(alice).get(list_url(org), headers={"HX-Request": "true"})

    html = response.content.decode()
    assert 'id="notification-items"' in html
    assert "Only item" in html
    assert "<html" not in html


@pytest.mark.django_db
def test_it_says_so_when_there_is_nothing(org, alice, login):
    response = login(alice).get(list_url(org))

    assert response.status_code == 200
    assert list(response.context["page"]) == []


@pytest.mark.django_db
def test_it_keeps_queries_flat_with_many_notifications(org, alice, login, django_assert_max_num_queries):
    for index in range(20):
        make_notification(alice, f"Item {index}", read=index % 2 == 0)
    client = login(alice)
    client.get(list_url(org))

    with django_assert_max_num_queries(10):
        response = client.get(list_url(org))
    assert response.status_code == 200


@pytest.mark.django_db
def test_opening_one_marks_it_read_and_goes_to_its_url(org, alice, login):
    notification = make_notification(alice, "Go somewhere", url=f"/o/{org.slug}/teams/")
    other = make_notification(alice, "Stays unread")

    response = login(alice).get(open_url(org, notification))

    assert response.status_code == 302
    assert response["Location"] == f"/o/{org.slug}/teams/"
    with scopes_disabled():
        notification.refresh_from_db()
        other.refresh_from_db()
    assert notification.read_at is not None
    assert other.read_at is None


@pytest.mark.django_db
def test_opening_one_without_url_goes_back_to_the_list(org, alice, login):
    notification = make_notification(alice, "Nothing to open")

    response = login(alice).get(open_url(org, notification))

    assert response["Location"] == list_url(org)


@pytest.mark.django_db
def test_opening_never_redirects_to_another_site(org, alice, login):
    notification = make_notification(alice, "Suspicious", url="https://evil.example/phish")

    response = login(alice).get(open_url(org, notification))

    assert response["Location"] == list_url(org)


@pytest.mark.django_db
def test_opening_keeps_the_first_read_time(org, alice, login):
    notification = make_notification(alice, "Read before", read=True)
    with scopes_disabled():
        first_read = Notification.objects.get(pk=notification.pk).read_at

    login(alice).get(open_url(org, notification))

    with scopes_disabled():
        assert Notification.objects.get(pk=notification.pk).read_at == first_read


@pytest.mark.django_db
def test_a_colleague_cannot_open_my_notification(org, alice, bob, login):
    notification = make_notification(bob, "Bob's")

    response = login(alice).get(open_url(org, notification))

    assert response.status_code == 404
    with scopes_disabled():
        notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.django_db
def test_mark_all_as_read_marks_only_mine(org, alice, bob, login):
    mine = [make_notification(alice, f"Mine {i}") for i in range(3)]
    bobs = make_notification(bob, "Bob's")

    response = login(alice).post(reverse("notifications:mark_all_read", kwargs={"org": org.slug}))

    assert response.status_code == 302
    with scopes_disabled():
        assert not Notification.objects.filter(pk__in=[n.pk for n in mine], read_at__isnull=True).exists()
        assert Notification.objects.get(pk=bobs.pk).read_at is None


@pytest.mark.django_db
def test_mark_all_as_read_needs_post(org, alice, login):
    make_notification(alice, "Unread")

    response = login(alice).get(reverse("notifications:mark_all_read", kwargs={"org": org.slug}))

    assert response.status_code == 405


@pytest.mark.django_db
def test_every_role_sees_their_own_list(org, alice, bob, carol, dave, login):
    for person in (alice, bob, carol, dave):
        make_notification(person, f"For {person.user.name}")
        response = login(person).get(list_url(org))
        assert response.status_code == 200
        assert [n.title for n in response.context["page"]] == [f"For {person.user.name}"]


@pytest.mark.django_db
def test_charlie_gets_404(org, alice, charlie, login):
    notification = make_notification(alice, "Alice's")
    client = login(charlie)

    assert client.get(list_url(org)).status_code == 404
    assert client.get(open_url(org, notification)).status_code == 404
    assert client.post(reverse("notifications:mark_all_read", kwargs={"org": org.slug})).status_code == 404
    with scopes_disabled():
        notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login(org, client):
    response = client.get(list_url(org))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
