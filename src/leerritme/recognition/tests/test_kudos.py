"""Kudos: giving, the learning events they record (timelines), hiding (hidden everywhere), the wall, the panel,
notifications, bad input and the chat-channel webhook (mocked transport and a local HTTP server)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from leerritme.learning.models import LearningEvent, LearningKind, Visibility
from leerritme.learning.selectors import learning_record, team_timeline
from leerritme.notifications.models import Notification
from leerritme.recognition import panels, selectors, webhooks
from leerritme.recognition.models import (
    DeliveryStatus,
    Kudos,
    KudosRecipient,
    KudosVisibility,
    RecognitionSettings,
    WebhookDelivery,
    WebhookFormat,
)
from leerritme.recognition.services.kudos import kudos_give, kudos_hide


def u(name, **kwargs):
    return reverse(f"recognition:{name}", kwargs={"org": "vonk", **kwargs})


def test_kudos_records_a_team_event_for_each_recipient_and_notifies_them(in_org, alice, bob, erik, skill):
    kudos = kudos_give(giver=bob, recipients=[alice, erik], message="Knap dat je het zelf uitzocht", skill=skill)
    events = LearningEvent.objects.filter(kind=LearningKind.KUDOS_RECEIVED).order_by("person_id")
    assert [e.person for e in events] == [alice, erik]
    assert all(e.visibility == Visibility.TEAM for e in events)
    # Each recipient's event is seen by their own team.
    assert {e.person_id: e.team.name for e in events} == {alice.pk: "Onderhoud", erik.pk: "Montage"}
    assert "Warmtepompen inregelen" in events[0].title
    assert Notification.objects.filter(kind="recognition.kudos").count() == 2
    assert kudos.recipients.count() == 2


def test_kudos_appear_in_the_team_timeline_and_on_the_wall(in_org, team, alice, bob, erik):
    kudos_give(giver=bob, recipients=[alice], message="Goede vraag gesteld")
    assert team_timeline(team, bob).filter(kind=LearningKind.KUDOS_RECEIVED).count() == 1
    # Erik is in another team: a team kudos is not his to see.
    assert team_timeline(team, erik).filter(kind=LearningKind.KUDOS_RECEIVED).count() == 0
    assert selectors.kudos_visible_to(bob).count() == 1
    assert selectors.kudos_visible_to(erik).count() == 0


def test_organisation_kudos_are_seen_by_everyone(in_org, alice, bob, erik, carol):
    kudos_give(giver=bob, recipients=[alice], message="Top", visibility=KudosVisibility.ORGANISATION)
    assert selectors.kudos_visible_to(carol).count() == 1
    assert learning_record(alice, erik).filter(kind=LearningKind.KUDOS_RECEIVED).count() == 1


def test_hidden_kudos_are_hidden_everywhere(in_org, team, alice, bob, carol):
    kudos = kudos_give(giver=bob, recipients=[alice], message="Top", visibility=KudosVisibility.ORGANISATION)
    kudos_hide(kudos=kudos, person=alice)
    assert not LearningEvent.objects.filter(kind=LearningKind.KUDOS_RECEIVED).exists()
    assert team_timeline(team, bob).count() == 0
    for viewer in (alice, bob, carol):
        assert selectors.kudos_visible_to(viewer).count() == 0
        items, _more = selectors.feed(viewer)
        assert items == []
    request = RequestFactory().get("/")
    request.person = alice
    assert panels.recognition(request) is None


def test_one_recipient_hiding_keeps_it_for_the_others_without_them(in_org, alice, bob, erik):
    kudos = kudos_give(giver=bob, recipients=[alice, erik], message="Samen goed gedaan",
                       visibility=KudosVisibility.ORGANISATION)
    kudos_hide(kudos=kudos, person=alice)
    shown = selectors.kudos_visible_to(bob).get()
    assert [r.person for r in shown.shown_recipients] == [erik]
    assert LearningEvent.objects.filter(kind=LearningKind.KUDOS_RECEIVED).get().person == erik


def test_only_a_recipient_can_hide(in_org, alice, bob, erik):
    kudos = kudos_give(giver=bob, recipients=[alice], message="Top")
    with pytest.raises(ValidationError):
        kudos_hide(kudos=kudos, person=bob)
    with pytest.raises(ValidationError):
        kudos_hide(kudos=kudos, person=erik)


@pytest.mark.parametrize("recipients, message, error", [
    ([], "Top", "recipients"),
    (["bob"], "Top", "recipients"),  # only oneself
    (["alice"], "   ", "message"),
    (["alice"], "x" * 1001, "message"),
    (["charlie"], "Top", "recipients"),
])
def test_bad_kudos_store_nothing(in_org, alice, bob, charlie, recipients, message, error):
    people = {"alice": alice, "bob": bob, "charlie": charlie}
    with pytest.raises(ValidationError) as raised:
        kudos_give(giver=bob, recipients=[people[n] for n in recipients], message=message)
    assert error in raised.value.error_dict
    assert not Kudos.objects.exists() and not LearningEvent.objects.exists()


def test_team_kudos_for_someone_without_a_team_is_refused(in_org, alice, carol):
    with pytest.raises(ValidationError) as raised:
        kudos_give(giver=alice, recipients=[carol], message="Dank!", visibility=KudosVisibility.TEAM)
    assert "visibility" in raised.value.error_dict
    assert not Kudos.objects.exists()
    kudos_give(giver=alice, recipients=[carol], message="Dank!", visibility=KudosVisibility.ORGANISATION)


def test_the_wall_costs_the_same_number_of_queries_with_more_kudos(in_org, alice, bob, erik, carol,
                                                                  django_assert_max_num_queries):
    for n in range(3):
        kudos_give(giver=bob, recipients=[alice, erik], message=f"Top {n}", visibility=KudosVisibility.ORGANISATION)
    with django_assert_max_num_queries(8) as few:
        items, _more = selectors.feed(carol)
        [list(i.item.shown_recipients) for i in items if i.kind == "kudos"]
    for n in range(12):
        kudos_give(giver=erik, recipients=[alice, bob], message=f"Meer {n}", visibility=KudosVisibility.ORGANISATION)
    with django_assert_max_num_queries(len(few.captured_queries)):
        items, _more = selectors.feed(carol)
        [list(i.item.shown_recipients) for i in items if i.kind == "kudos"]


# --- Views ------------------------------------------------------------------------------------------------------


def test_giving_kudos_through_the_page(in_org, login, alice, bob, erik, skill):
    client = login(bob)
    page = client.get(u("kudos_new"))
    assert page.status_code == 200 and "Alice de Vries" in page.content.decode()
    response = client.post(u("kudos_new"), {"recipients": [alice.pk], "others": "erik@vonk.test",
                                            "message": "Mooi uitgezocht", "skill": skill.pk, "visibility": "team"})
    kudos = Kudos.objects.get()
    assert response.status_code == 302 and response["Location"] == u("kudos", uuid=kudos.uuid)
    assert set(kudos.recipients.values_list("person__user__email", flat=True)) == {"alice@vonk.test",
                                                                                   "erik@vonk.test"}
    assert "Mooi uitgezocht" in client.get(u("wall")).content.decode()


def test_kudos_page_bad_input_shows_messages(in_org, login, alice, bob):
    client = login(bob)
    response = client.post(u("kudos_new"), {"others": "niemand@vonk.test", "message": "", "visibility": "team"})
    html = response.content.decode()
    assert response.status_code == 200 and "niemand@vonk.test" in html and "invalid-feedback" in html
    assert not Kudos.objects.exists()


def test_a_recipient_hides_a_kudos_through_the_page(in_org, login, alice, bob):
    kudos = kudos_give(giver=bob, recipients=[alice], message="Top")
    assert login(bob).post(u("kudos_hide", uuid=kudos.uuid)).status_code == 404
    assert login(alice).post(u("kudos_hide", uuid=kudos.uuid)).status_code == 302
    assert KudosRecipient.objects.get().hidden_at is not None
    assert login(bob).get(u("kudos", uuid=kudos.uuid)).status_code == 404
    assert "Top" not in login(bob).get(u("wall")).content.decode()


def test_team_wall_and_person_page(in_org, login, team, alice, bob, erik):
    kudos_give(giver=bob, recipients=[alice], message="Voor het team")
    client = login(bob)
    assert "Voor het team" in client.get(u("team_wall", uuid=team.uuid)).content.decode()
    assert "Voor het team" in client.get(u("person", uuid=alice.uuid)).content.decode()
    assert "Voor het team" not in login(erik).get(u("person", uuid=alice.uuid)).content.decode()


def test_charlie_gets_404_on_kudos_of_another_organisation(in_org, login, alice, bob, charlie):
    kudos = kudos_give(giver=bob, recipients=[alice], message="Top", visibility=KudosVisibility.ORGANISATION)
    client = login(charlie)
    assert client.get(u("kudos", uuid=kudos.uuid)).status_code == 404
    assert client.post(u("kudos_hide", uuid=kudos.uuid)).status_code == 404
    assert client.get(u("wall")).status_code == 404


def test_the_panel_shows_kudos_received(in_org, alice, bob):
    kudos_give(giver=bob, recipients=[alice], message="Top")
    request = RequestFactory().get("/")
    request.person = alice
    panel = panels.recognition(request)
    assert [k.message for k in panel["kudos"]] == ["Top"]


# --- Webhook ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url, fmt, ok", [
    ("https://hooks.slack.com/services/T0/B0/xyz", WebhookFormat.SLACK, True),
    ("https://acme.webhook.office.com/webhookb2/abc", WebhookFormat.TEAMS, True),
    ("https://chat.example.org/hook", WebhookFormat.SLACK, True),
    ("http://hooks.slack.com/services/T0/B0/xyz", WebhookFormat.SLACK, False),
    ("https://hooks.slack.com/services/x", WebhookFormat.TEAMS, False),
    ("https://acme.webhook.office.com/webhookb2/abc", WebhookFormat.SLACK, False),
    ("https://127.0.0.1/hook", WebhookFormat.SLACK, False),
    ("https://10.1.2.3/hook", WebhookFormat.SLACK, False),
    ("https://localhost/hook", WebhookFormat.SLACK, False),
    ("https://user:pw@hooks.slack.com/x", WebhookFormat.SLACK, False),
    ("ftp://hooks.slack.com/x", WebhookFormat.SLACK, False),
])
def test_webhook_addresses_are_checked(url, fmt, ok):
    if ok:
        assert webhooks.validate_webhook_url(url, fmt) == url
    else:
        with pytest.raises(ValidationError):
            webhooks.validate_webhook_url(url, fmt)


def test_slack_and_teams_message_formats():
    slack = webhooks.payload(WebhookFormat.SLACK, "Bob geeft kudos", "Goed <gedaan> & top", "https://x/k")
    assert set(slack) == {"text"} and "&lt;gedaan&gt; &amp; top" in slack["text"] and "<https://x/k|" in slack["text"]
    teams = webhooks.payload(WebhookFormat.TEAMS, "Bob geeft kudos", "Goed gedaan", "https://x/k")
    assert teams["@type"] == "MessageCard" and teams["@context"] == "https://schema.org/extensions"
    assert teams["title"] == "Bob geeft kudos" and teams["summary"] and teams["text"] == "Goed gedaan"
    assert teams["potentialAction"][0]["targets"][0]["uri"] == "https://x/k"
    workflow = webhooks.payload(WebhookFormat.TEAMS, "Bob geeft kudos", "Goed gedaan", "https://x/k",
                                "https://prod-01.westeurope.logic.azure.com/workflows/abc")
    card = workflow["attachments"][0]
    assert workflow["type"] == "message" and card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert card["content"]["type"] == "AdaptiveCard" and card["content"]["body"][1]["text"] == "Goed gedaan"
    assert card["content"]["actions"][0]["url"] == "https://x/k"


@pytest.fixture
def channel(in_org):
    return RecognitionSettings.objects.create(organisation=in_org, webhook_format=WebhookFormat.SLACK,
                                              webhook_url="https://hooks.slack.com/services/T0/B0/xyz")


def test_organisation_kudos_are_posted_by_the_task_after_commit(channel, alice, bob,
                                                                django_capture_on_commit_callbacks):
    with mock.patch.object(webhooks, "post_json", return_value=200) as post, \
            django_capture_on_commit_callbacks(execute=True):
        kudos_give(giver=bob, recipients=[alice], message="Top werk", visibility=KudosVisibility.ORGANISATION)
    url, body = post.call_args.args
    assert url == channel.webhook_url and "Top werk" in body["text"] and "Alice de Vries" in body["text"]
    assert WebhookDelivery.objects.get().status == DeliveryStatus.SENT


def test_team_kudos_are_never_posted(channel, alice, bob, django_capture_on_commit_callbacks):
    with mock.patch.object(webhooks, "post_json", return_value=200) as post, \
            django_capture_on_commit_callbacks(execute=True):
        kudos_give(giver=bob, recipients=[alice], message="Alleen het team")
    assert not post.called and not WebhookDelivery.objects.exists()


def test_a_failing_webhook_is_logged_and_shown_and_never_breaks_the_kudos(channel, login, alice, bob, carol, caplog,
                                                                         django_capture_on_commit_callbacks):
    with mock.patch.object(webhooks, "post_json", side_effect=OSError("connection refused")), \
            django_capture_on_commit_callbacks(execute=True):
        kudos_give(giver=bob, recipients=[alice], message="Top", visibility=KudosVisibility.ORGANISATION)
    assert Kudos.objects.count() == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and "connection refused" in delivery.error
    assert "webhook" in caplog.text
    html = login(carol).get(u("settings")).content.decode()
    assert "connection refused" in html and "hooks.slack.com" in html


def test_the_transport_posts_json_to_a_local_http_server():
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            received.append((self.headers["Content-Type"], self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    try:
        status = webhooks.post_json(f"http://127.0.0.1:{server.server_port}/hook", {"text": "Hallo"})
    finally:
        thread.join(5)
        server.server_close()
    assert status == 200
    assert received == [("application/json", json.dumps({"text": "Hallo"}).encode())]


def test_settings_page_is_for_ld_and_checks_the_address(in_org, login, alice, carol):
    assert login(alice).get(u("settings")).status_code == 403
    client = login(carol)
    response = client.post(u("settings"), {"webhook_format": "slack", "webhook_url": "http://hooks.slack.com/x"})
    assert response.status_code == 200 and "https://" in response.content.decode()
    assert not RecognitionSettings.objects.exists()
    response = client.post(u("settings"), {"webhook_format": "teams",
                                           "webhook_url": "https://acme.webhook.office.com/webhookb2/abc",
                                           "issuer_email": "leren@vonk.test"})
    assert response.status_code == 302
    assert RecognitionSettings.objects.get().webhook_format == WebhookFormat.TEAMS


def test_the_test_message_reports_its_result(channel, login, carol):
    with mock.patch.object(webhooks, "post_json", return_value=200):
        response = login(carol).post(u("webhook_test"), follow=True)
    assert "The test message was sent." in response.content.decode() or "testbericht" in response.content.decode()
    assert WebhookDelivery.objects.get().status == DeliveryStatus.SENT


@pytest.mark.parametrize("page", ["wall", "mine"])
def test_the_pages_cost_the_same_number_of_queries_with_more_rows(in_org, login, alice, bob, erik, page,
                                                                   django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from leerritme.learning.services import learning_event_record

    def add(n):
        for i in range(n):
            kudos_give(giver=bob, recipients=[alice, erik], message=f"Top {i}", visibility=KudosVisibility.ORGANISATION)
            learning_event_record(person=alice, kind=LearningKind.COURSE_COMPLETED, title=f"Cursus {i}",
                                  visibility=Visibility.ORGANISATION)

    add(2)
    client = login(alice)
    client.get(u(page))
    with CaptureQueriesContext(connection) as few:
        assert client.get(u(page)).status_code == 200
    add(8)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(u(page)).status_code == 200


def test_the_home_page_shows_the_panel_and_hidden_kudos_leave_it(in_org, login, alice, bob):
    kudos = kudos_give(giver=bob, recipients=[alice], message="Mooi uitgezocht")
    html = login(alice).get(reverse("home", kwargs={"org": "vonk"})).content.decode()
    assert 'id="panel-recognition"' in html and "Mooi uitgezocht" in html
    kudos_hide(kudos=kudos, person=alice)
    html = login(alice).get(reverse("home", kwargs={"org": "vonk"})).content.decode()
    assert "Mooi uitgezocht" not in html
