from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class XapiConfig(AppConfig):
    name = "leerritme.xapi"
    verbose_name = _("Learning Record Store (xAPI)")

    def ready(self):
        # Permission rules, the mirror of Leerritme's own learning into statements, demo data, erasure.
        from leerritme.xapi import demo, erasure, mirror, rules  # noqa: F401
