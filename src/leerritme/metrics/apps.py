from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetricsConfig(AppConfig):
    name = "leerritme.metrics"
    verbose_name = _("Indicators")

    def ready(self):
        # The indicators, the learning roll-up's listeners, its nightly recount and demo part, the panel, the rules.
        from leerritme.metrics import demo, due, indicators, panels, rollup, rules  # noqa: F401
