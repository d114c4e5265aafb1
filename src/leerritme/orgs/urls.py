from django.urls import path

from leerritme.orgs import views

app_name = "orgs"

urlpatterns = [
    path("settings/", views.organisation_settings, name="settings"),
]
