from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "leerritme.notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # Register this part's home panels, notification kinds and demo data with the shared seams.
        from leerritme.notifications import demo, panels  # noqa: F401
