"""Posting kudos to the organisation's Slack or Microsoft Teams channel through an incoming webhook.

Only kudos shared with the whole organisation are posted, by the task worker after the kudos is stored
(never in the request); a failure is logged and kept as a `WebhookDelivery` the settings page shows, and
never touches the kudos itself.
"""

import ipaddress
import json
import logging
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from leerritme.recognition.models import WebhookFormat

logger = logging.getLogger(__name__)

TIMEOUT = 10
SLACK_HOSTS = ("hooks.slack.com",)
TEAMS_SUFFIXES = (".webhook.office.com", ".logic.azure.com", ".powerplatform.com")


def validate_webhook_url(url: str, fmt: str) -> str:
    """An https address on a public host; Slack and Teams addresses must match the chosen channel type."""
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host:
        raise ValidationError(_("The webhook address must start with https://."))
    if parts.username or parts.password:
        raise ValidationError(_("The webhook address cannot contain a user name or password."))
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if host == "localhost" or host.endswith(".localhost") or host.endswith(".local") or (
        address is not None and not address.is_global
    ):
        raise ValidationError(_("The webhook address must be on the internet, not a local or private address."))
    is_slack = host in SLACK_HOSTS
    is_teams = host.endswith(TEAMS_SUFFIXES)
    if fmt == WebhookFormat.SLACK and is_teams:
        raise ValidationError(_("This is a Microsoft Teams address; choose Microsoft Teams as the channel type."))
    if fmt == WebhookFormat.TEAMS and is_slack:
        raise ValidationError(_("This is a Slack address; choose Slack as the channel type."))
    return url


def kudos_text(kudos) -> tuple[str, str, str]:
    """Title, message and link of a kudos for a chat channel, in the organisation's language."""
    names = ", ".join(r.person.display_name for r in kudos.recipients.all() if r.hidden_at is None)
    about = kudos.skill.name if kudos.skill_id else kudos.value
    if about:
        title = _("%(giver)s gives kudos to %(names)s for %(about)s") % {
            "giver": kudos.giver.display_name, "names": names, "about": about}
    else:
        title = _("%(giver)s gives kudos to %(names)s") % {"giver": kudos.giver.display_name, "names": names}
    link = settings.SITE_URL + reverse("recognition:kudos", kwargs={"org": kudos.organisation.slug,
                                                                    "uuid": kudos.uuid})
    return title, kudos.message, link


WORKFLOW_SUFFIXES = (".logic.azure.com", ".powerplatform.com")


def payload(fmt: str, title: str, text: str, link: str, url: str = "") -> dict:
    """Slack: `{"text": ...}` (mrkdwn link). Teams: a MessageCard with a button to open the kudos for the classic
    connector addresses (…webhook.office.com), an Adaptive Card message for Teams Workflows addresses, which do
    not show MessageCards."""
    if fmt == WebhookFormat.TEAMS and (urlsplit(url).hostname or "").lower().endswith(WORKFLOW_SUFFIXES):
        return {"type": "message", "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "content": {
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard",
                "version": "1.4",
                "body": [{"type": "TextBlock", "text": title, "weight": "Bolder", "wrap": True},
                         {"type": "TextBlock", "text": text, "wrap": True}],
                "actions": [{"type": "Action.OpenUrl", "title": _("Open in Leerritme"), "url": link}],
            },
        }]}
    if fmt == WebhookFormat.TEAMS:
        return {
            "@type": "MessageCard",
            "@context": "https://schema.org/extensions",
            "summary": title,
            "themeColor": "1B6E5A",
            "title": title,
            "text": text,
            "potentialAction": [{"@type": "OpenUri", "name": _("Open in Leerritme"),
                                 "targets": [{"os": "default", "uri": link}]}],
        }
    safe = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return {"text": f"*{title}*\n{safe}\n<{link}|{_('Open in Leerritme')}>"}


def post_json(url: str, body: dict) -> int:
    """POST the JSON body; returns the HTTP status or raises (urllib errors, timeouts)."""
    if urlsplit(url).scheme not in ("https", "http"):
        raise ValueError("Only http(s) addresses can be posted to.")
    headers = {"Content-Type": "application/json", "User-Agent": "Leerritme"}
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310  # nosec B310 (scheme checked)
        return response.status


def deliver(organisation, fmt: str, url: str, body: dict, kudos=None):
    """Send and record the attempt; never raises."""
    from leerritme.recognition.models import DeliveryStatus, WebhookDelivery

    host = urlsplit(url).hostname or ""
    try:
        status = post_json(url, body)
        ok, error = 200 <= status < 300, "" if 200 <= status < 300 else f"HTTP {status}"
    except urllib.error.HTTPError as exc:
        status, ok, error = exc.code, False, f"HTTP {exc.code}"
    except Exception as exc:  # noqa: BLE001 (any failure is logged and shown, never raised)
        status, ok, error = None, False, str(exc)[:400] or exc.__class__.__name__
    if not ok:
        logger.warning("Posting to the %s webhook on %s failed: %s", fmt, host, error)
    return WebhookDelivery.objects.create(
        organisation=organisation, kudos=kudos, url_host=host[:255], http_status=status,
        status=DeliveryStatus.SENT if ok else DeliveryStatus.FAILED, error=error[:500],
    )


def enqueue_kudos_post(kudos) -> None:
    """After the kudos is committed, hand it to the worker if the organisation set up a channel."""
    from leerritme.recognition.models import RecognitionSettings

    if not RecognitionSettings.objects.filter(organisation_id=kudos.organisation_id).exclude(webhook_url="").exists():
        return
    kudos_id = kudos.pk

    def enqueue():
        from leerritme.recognition.tasks import post_kudos

        post_kudos.enqueue(kudos_id=kudos_id)

    transaction.on_commit(enqueue)
