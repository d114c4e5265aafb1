"""L&D's recognition settings: the Slack or Microsoft Teams channel for kudos, the badge issuer, and the
latest deliveries to the channel (failures are shown here, they never break a kudos)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext, override
from django.views.decorators.http import require_POST

from leerritme.orgs.rules import require
from leerritme.recognition import openbadges, webhooks
from leerritme.recognition.forms import SettingsForm
from leerritme.recognition.models import RecognitionSettings, WebhookDelivery


def _settings(organisation) -> RecognitionSettings:
    config = RecognitionSettings.objects.filter(organisation=organisation).first()
    return config or RecognitionSettings(organisation=organisation)


def recognition_settings(request, org):
    require(request.person, "recognition.manage")
    config = _settings(request.organisation)
    form = SettingsForm(request.POST or None, instance=config)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("The settings are saved."))
        return redirect("recognition:settings", org=org)
    deliveries = WebhookDelivery.objects.select_related("kudos").order_by("-attempted_at")[:15]
    return render(request, "recognition/settings.html", {
        "form": form, "deliveries": deliveries, "issuer_json": openbadges.issuer_url(request.organisation),
    })


@require_POST
def webhook_test(request, org):
    """Send a test message now (L&D pressed the button and waits for the answer), and show the result."""
    require(request.person, "recognition.manage")
    config = _settings(request.organisation)
    if not config.webhook_url:
        messages.error(request, gettext("Save a webhook address first."))
        return redirect("recognition:settings", org=org)
    with override(request.organisation.default_language):
        body = webhooks.payload(config.webhook_format, gettext("Leerritme is connected"),
                                gettext("Kudos shared with everyone will appear in this channel."),
                                request.build_absolute_uri("/"), config.webhook_url)
    delivery = webhooks.deliver(request.organisation, config.webhook_format, config.webhook_url, body)
    if delivery.status == "sent":
        messages.success(request, gettext("The test message was sent."))
    else:
        messages.error(request, gettext("The test message failed: %(error)s") % {"error": delivery.error})
    return redirect("recognition:settings", org=org)
