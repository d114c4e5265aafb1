from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrowthConfig(AppConfig):
    name = "leerritme.growth"
    verbose_name = _("Personal growth")

    def ready(self):
        # Permission rules, notification kinds, due work (reminders, nudges, expiry), the calendar source for
        # learning-time blocks, the home panel and demo data.
        from leerritme.growth import calendar, demo, due, kinds, panels, rules  # noqa: F401
