from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "leerritme.home"
    verbose_name = _("Home")

    def ready(self):
        from leerritme.home import checks  # noqa: F401
