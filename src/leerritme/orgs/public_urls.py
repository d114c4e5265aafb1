"""Organisation pages outside /o/<org>/: starting a new organisation."""

from django.urls import path

from leerritme.orgs import views

urlpatterns = [
    path("setup/", views.setup, name="setup"),
]
