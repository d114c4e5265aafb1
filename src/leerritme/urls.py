from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from leerritme.home import views as home_views

tenant_patterns = [
    path("", home_views.home, name="home"),
    path("", include("leerritme.people.urls")),
    path("", include("leerritme.orgs.urls")),
    path("notifications/", include("leerritme.notifications.urls")),
    path("", include("leerritme.practices.urls")),
    path("reflection/", include("leerritme.reflection.urls")),
    path("knowledge/", include("leerritme.knowledge.urls")),
    path("together/", include("leerritme.matching.urls")),
    path("growth/", include("leerritme.growth.urls")),
    path("improve/", include("leerritme.loop.urls")),
    path("celebrate/", include("leerritme.recognition.urls")),
    path("scan/", include("leerritme.scan.urls")),
    path("indicators/", include("leerritme.metrics.urls")),
    path("xapi-clients/", include("leerritme.xapi.urls")),
]

urlpatterns = [
    path("", home_views.root, name="root"),
    path("health/", home_views.health, name="health"),
    path("accounts/", include("leerritme.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("leerritme.notifications.public_urls")),
    path("", include("leerritme.people.public_urls")),
    path("", include("leerritme.orgs.public_urls")),
    path("", include("leerritme.practices.public_urls")),
    path("", include("leerritme.recognition.public_urls")),
    path("xapi/", include("leerritme.xapi.public_urls")),
    path("o/<slug:org>/", include(tenant_patterns)),
    path(f"{settings.ADMIN_PATH}/", admin.site.urls),
]
