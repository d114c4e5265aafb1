from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "leerritme.recognition"
    verbose_name = _("Recognition")

    def ready(self):
        # Permission rules, notification kinds, listeners on recorded learning (celebration cards, rule badges,
        # challenge progress), the home panel and demo data.
        from leerritme.recognition import celebrations, demo, kinds, panels, rules  # noqa: F401
        from leerritme.recognition.services import badges, challenges  # noqa: F401
