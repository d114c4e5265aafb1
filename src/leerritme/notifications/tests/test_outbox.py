import pytest
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from leerritme.notifications.models import OutboxMessage


@pytest.fixture
def outbox_backend(settings):
    settings.MAILERS = {"default": {"BACKEND": "leerritme.notifications.outbox.OutboxBackend"}}


def send(subject="Welkom bij Leerritme", html='<p>Hallo <script>alert("x")</script></p>'):
    body = "Open https://example.test/invite/abc"
    message = EmailMultiAlternatives(subject=subject, body=body, to=["a@b.test"])
    message.attach_alternative(html, "text/html")
    message.send()


@pytest.mark.django_db
def test_the_backend_keeps_mails_with_their_html(outbox_backend):
    send()

    kept = OutboxMessage.objects.get()
    assert kept.to == "a@b.test"
    assert kept.subject == "Welkom bij Leerritme"
    assert "invite/abc" in kept.body
    assert "<p>Hallo" in kept.html


@pytest.mark.django_db
def test_it_lists_the_mails_without_login_when_debug_is_on(settings, client, outbox_backend):
    settings.DEBUG = True
    send("First")
    send("Second")

    response = client.get(reverse("outbox"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "First" in html and "Second" in html and "a@b.test" in html
    assert '<th scope="col">' in html


@pytest.mark.django_db
def test_it_shows_one_mail_in_a_sandboxed_frame(settings, client, outbox_backend):
    settings.DEBUG = True
    send()
    kept = OutboxMessage.objects.get()

    response = client.get(reverse("outbox_message", kwargs={"uuid": kept.uuid}))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'sandbox=""' in html
    assert 'srcdoc="&lt;p&gt;Hallo &lt;script&gt;' in html
    assert "<script>alert" not in html
    # Links in the text version are clickable, so demo users can accept an invitation.
    assert '<a href="https://example.test/invite/abc"' in html


@pytest.mark.django_db
def test_it_is_404_when_debug_is_off(settings, client, outbox_backend):
    settings.DEBUG = False
    send()
    kept = OutboxMessage.objects.get()

    assert client.get(reverse("outbox")).status_code == 404
    assert client.get(reverse("outbox_message", kwargs={"uuid": kept.uuid})).status_code == 404


@pytest.mark.django_db
def test_an_unknown_mail_is_404(settings, client):
    settings.DEBUG = True

    unknown = reverse("outbox_message", kwargs={"uuid": "8f1c1f7e-3b9a-4a53-9a57-2b1d0f0e6a11"})
    assert client.get(unknown).status_code == 404


@pytest.mark.django_db
def test_the_list_is_paginated_with_flat_queries(settings, client, outbox_backend,
                                                 django_assert_max_num_queries):
    settings.DEBUG = True
    for index in range(30):
        send(f"Mail {index}")

    with django_assert_max_num_queries(6):
        response = client.get(reverse("outbox"))
    assert len(response.context["page"].object_list) == 25
