"""The L&D page for the Learning Record Store: the endpoint address and the clients' credentials."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.rules import require
from leerritme.xapi.forms import ClientForm
from leerritme.xapi.models import Client
from leerritme.xapi.services import clients as services


def client_list(request, org):
    """Clients (active and revoked), a form for a new one; after creating, its secret is shown once."""
    require(request.person, "xapi.manage")
    created = None
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client, secret = services.client_create(
                organisation=request.organisation, name=form.cleaned_data["name"],
                can_read=form.cleaned_data["can_read"], can_write=form.cleaned_data["can_write"],
                created_by=request.person,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            created = {"client": client, "key": client.key, "secret": secret}
            form = ClientForm()
    return render(request, "xapi/clients.html", {
        "form": form,
        "created": created,
        "clients": Client.objects.select_related("created_by__user").order_by("revoked_at", "-created_at"),
        "endpoint": settings.SITE_URL + "/xapi/",
    })


@require_POST
def client_revoke(request, org, uuid):
    require(request.person, "xapi.manage")
    client = get_in_organisation(Client.objects, uuid=uuid)
    services.client_revoke(client=client)
    messages.success(request, gettext("“%(name)s” can no longer send or read learning.") % {"name": client.name})
    return redirect("xapi:clients", org=org)
