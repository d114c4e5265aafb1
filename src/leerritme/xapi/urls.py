from django.urls import path

from leerritme.xapi.views import clients

app_name = "xapi"

urlpatterns = [
    path("", clients.client_list, name="clients"),
    path("<uuid:uuid>/revoke/", clients.client_revoke, name="client_revoke"),
]
