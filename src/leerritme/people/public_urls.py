"""People URLs outside /o/<org>/: the invitation link, opened by someone who is not a member yet."""

from django.urls import path

from leerritme.people.views import invitations

urlpatterns = [
    path("invitation/<str:token>/", invitations.invitation_accept_view, name="invitation_accept"),
]
