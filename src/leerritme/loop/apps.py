from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoopConfig(AppConfig):
    name = "leerritme.loop"
    verbose_name = _("Learning loop")

    def ready(self):
        # Permission rules, notification kinds, due work (start and evaluation reminders), the home panel and
        # demo data.
        from leerritme.loop import demo, due, kinds, panels, rules  # noqa: F401
