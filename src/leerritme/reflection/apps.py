from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReflectionConfig(AppConfig):
    name = "leerritme.reflection"
    verbose_name = _("Reflection")

    def ready(self):
        # The board's permission rules (BOARD); notification kinds, action reminders (due work), the home
        # panel and demo data (AROUND).
        from leerritme.reflection import demo, due, kinds, panels, rules  # noqa: F401
