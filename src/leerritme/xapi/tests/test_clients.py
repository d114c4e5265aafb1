"""Credentials: the L&D page, the command, and who may do what."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_scopes import scope

from leerritme.xapi.models import Client
from leerritme.xapi.tests.conftest import LRS

pytestmark = pytest.mark.django_db
URL = "/o/vonk/xapi-clients/"


def test_ld_admin_creates_a_client_and_sees_the_secret_once(carol, login, org, client):
    page = login(carol)
    posted = page.post(URL, {"name": "Academy", "can_read": "on", "can_write": "on"})
    assert posted.status_code == 302 and posted["Location"] == URL  # reloading never makes a second client
    response = page.get(URL)
    assert "no-store" in response["Cache-Control"]
    created = response.context["created"]
    assert created["secret"] in response.content.decode()
    with scope(organisation=org):
        record = Client.objects.get()
    assert record.secret_hash != created["secret"] and created["secret"] not in record.secret_hash
    lrs = LRS(client, created["key"], created["secret"])
    assert lrs.get("statements").status_code == 200
    again = page.get(URL)
    assert created["secret"] not in again.content.decode()
    assert created["key"] in again.content.decode()


def test_a_secret_waiting_in_the_session_never_shows_another_organisations_client(carol, login, org, other_org):
    """The session holds only the new client's id: the page looks it up in the viewer's organisation."""
    from leerritme.xapi.services.clients import client_create
    from leerritme.xapi.views.clients import CREATED_SESSION_KEY

    with scope(organisation=other_org):
        theirs, _secret = client_create(organisation=other_org, name="Theirs")
    page = login(carol)
    session = page.session
    session[CREATED_SESSION_KEY] = {"uuid": str(theirs.uuid), "secret": "not-theirs-to-see"}
    session.save()
    response = page.get(URL)
    assert response.context["created"] is None
    assert theirs.key not in response.content.decode()


def test_a_client_needs_a_name_and_a_scope(carol, login, org):
    response = login(carol).post(URL, {"name": "", "can_read": "on"})
    assert response.status_code == 200 and response.context["form"].errors
    response = login(carol).post(URL, {"name": "Tool"})
    assert response.context["form"].non_field_errors()
    with scope(organisation=org):
        assert not Client.objects.exists()


def test_revoke(carol, login, org, client):
    page = login(carol)
    created = page.post(URL, {"name": "Academy", "can_write": "on"}, follow=True).context["created"]
    response = page.post(f"{URL}{created['client'].uuid}/revoke/")
    assert response.status_code == 302
    assert LRS(client, created["key"], created["secret"]).post("statements", {}).status_code == 401


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_members_and_leads_may_not_manage_clients(who, request, login):
    page = login(request.getfixturevalue(who))
    assert page.get(URL).status_code == 403
    assert page.post(URL, {"name": "Sneaky", "can_read": "on"}).status_code == 403


def test_owner_may_manage_clients(dave, login):
    assert login(dave).get(URL).status_code == 200


def test_another_organisation_gets_404(charlie, login, org):
    assert login(charlie).get(URL).status_code == 404


def test_command_prints_key_and_secret(org, client):
    out = StringIO()
    call_command("xapi-client", "create", "--org", "vonk", "--name", "Academy", stdout=out)
    credentials = json.loads(out.getvalue())
    assert set(credentials) == {"key", "secret"}
    assert LRS(client, credentials["key"], credentials["secret"]).get("statements").status_code == 200
    with pytest.raises(CommandError):
        call_command("xapi-client", "create", "--org", "nope", "--name", "Academy")
    with pytest.raises(CommandError):
        call_command("xapi-client", "create", "--org", "vonk", "--name", " ")
