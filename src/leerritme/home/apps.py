from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "leerritme.home"
    verbose_name = _("Home")

    def ready(self):
        from django.db.models.signals import post_migrate

        from leerritme.home import checks  # noqa: F401
        from leerritme.home.statistics import analyze_after_migrate

        post_migrate.connect(analyze_after_migrate, dispatch_uid="leerritme.analyze_after_migrate")
