from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "leerritme.knowledge"
    verbose_name = _("Knowledge")

    def ready(self):
        # Register this part's rules, notification kinds, calendar source, practice part and due work.
        from leerritme.knowledge import calendar, demo, due, kinds, panels, parts, rules  # noqa: F401
