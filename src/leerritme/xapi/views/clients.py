"""The L&D page for the Learning Record Store: the endpoint address and the clients' credentials."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.rules import require
from leerritme.xapi.forms import ClientForm
from leerritme.xapi.models import Client
from leerritme.xapi.services import clients as services

# The secret of a client just created waits here for the one page that shows it (after the redirect, so
# reloading that page or going back never creates a second client).
CREATED_SESSION_KEY = "xapi_created_client"


@never_cache  # the page that shows a secret must not stay in the browser's cache
def client_list(request, org):
    """Clients (active and revoked), a form for a new one; after creating, its secret is shown once."""
    require(request.person, "xapi.manage")
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
            request.session[CREATED_SESSION_KEY] = {"uuid": str(client.uuid), "secret": secret}
            return redirect("xapi:clients", org=org)
    created = None
    waiting = request.session.pop(CREATED_SESSION_KEY, None) if request.method == "GET" else None
    if waiting:
        client = Client.objects.filter(uuid=waiting["uuid"]).first()  # scoped: this organisation's only
        if client is not None:
            created = {"client": client, "key": client.key, "secret": waiting["secret"]}
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
