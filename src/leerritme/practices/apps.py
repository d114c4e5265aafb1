from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "leerritme.practices"
    verbose_name = _("Way of learning")

    def ready(self):
        # Register this part's home panels, notification kinds, demo data, calendar source and due work.
        from leerritme.practices import calendar, demo, due, kinds, panels  # noqa: F401
