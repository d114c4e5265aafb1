from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReflectionConfig(AppConfig):
    name = "leerritme.reflection"
    verbose_name = _("Reflection")

    def ready(self):
        # Register the board's permission rules.
        from leerritme.reflection import rules  # noqa: F401
