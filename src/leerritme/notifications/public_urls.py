from django.urls import path

from leerritme.notifications import views

urlpatterns = [
    path("dev/outbox/", views.outbox, name="outbox"),
    path("dev/outbox/<uuid:uuid>/", views.outbox_message, name="outbox_message"),
]
