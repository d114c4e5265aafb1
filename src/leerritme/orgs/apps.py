from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "leerritme.orgs"
    verbose_name = _("Orgs")

    def ready(self):
        # Register this part's home panels, notification kinds and demo data with the shared seams.
        from leerritme.orgs import demo, kinds, panels  # noqa: F401
