from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetricsConfig(AppConfig):
    name = "leerritme.metrics"
    verbose_name = _("Indicators")

    def ready(self):
        from leerritme.metrics import indicators, panels, rules  # noqa: F401
