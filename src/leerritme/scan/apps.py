from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScanConfig(AppConfig):
    name = "leerritme.scan"
    verbose_name = _("Learning-culture scan")

    def ready(self):
        # Permission rules, notification kinds, due work (invitations, reminders), the home panel, demo data.
        from leerritme.scan import demo, due, kinds, panels, rules  # noqa: F401
