from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "leerritme.people"
    verbose_name = _("People")

    def ready(self):
        # Register this part's home panels, notification kinds and demo data with the shared seams.
        from leerritme.people import demo, erasure, kinds, panels  # noqa: F401
