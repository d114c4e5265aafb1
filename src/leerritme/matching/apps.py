from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "leerritme.matching"
    verbose_name = _("Bringing people together")

    def ready(self):
        # Register this part's rules, notification kinds, calendar source, due work, home panel and demo data.
        from leerritme.matching import calendar, demo, due, kinds, panels, parts, rules  # noqa: F401

        # Adopting a duo or circle practice creates a programme here instead of a bare rhythm.
        parts.register()
