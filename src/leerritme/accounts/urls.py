from django.urls import path

from leerritme.accounts import views

app_name = "accounts"

urlpatterns = [
    path("settings/", views.account_settings, name="settings"),
    path("language/", views.set_language, name="set_language"),
]
