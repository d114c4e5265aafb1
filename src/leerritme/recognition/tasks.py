"""Work the recognition part leaves to the task worker: posting kudos to the organisation's chat channel."""

from django.db.models import Prefetch
from django.tasks import task
from django.utils import translation
from django_scopes import scope, scopes_disabled

from leerritme.recognition import webhooks
from leerritme.recognition.models import Kudos, KudosRecipient, KudosVisibility, RecognitionSettings


@task()
def post_kudos(kudos_id: int) -> str:
    """Post one organisation-wide kudos to the configured webhook; returns the delivery status (or "skipped")."""
    with scopes_disabled():
        kudos = Kudos.objects.select_related("organisation").filter(pk=kudos_id).first()
    if kudos is None or kudos.visibility != KudosVisibility.ORGANISATION:
        return "skipped"
    organisation = kudos.organisation
    with scope(organisation=organisation):
        config = RecognitionSettings.objects.filter(organisation=organisation).first()
        if config is None or not config.webhook_url:
            return "skipped"
        kudos = (Kudos.objects.select_related("giver__user", "skill", "organisation")
                 .prefetch_related(Prefetch("recipients", KudosRecipient.objects.select_related("person__user")))
                 .get(pk=kudos_id))
        if all(r.hidden_at is not None for r in kudos.recipients.all()):
            return "skipped"
        with translation.override(organisation.default_language):
            title, text, link = webhooks.kudos_text(kudos)
            body = webhooks.payload(config.webhook_format, title, text, link, config.webhook_url)
        delivery = webhooks.deliver(organisation, config.webhook_format, config.webhook_url, body, kudos=kudos)
        return delivery.status
