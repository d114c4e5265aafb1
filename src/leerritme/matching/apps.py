from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "leerritme.matching"
    verbose_name = _("Bringing people together")

    def ready(self):
        # Register this part's rules, notification kinds, calendar source, due work, home panel and demo data.
        from leerritme.matching import calendar, demo, due, kinds, panels, rules  # noqa: F401
