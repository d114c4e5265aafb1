"""Client credentials: create (the secret is shown once), revoke, and check a key and secret."""

import hashlib
import hmac
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from leerritme.orgs.models import Organisation, Person
from leerritme.xapi.models import Client


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def client_create(*, organisation: Organisation, name: str, can_read: bool = True, can_write: bool = True,
                  created_by: Person | None = None) -> tuple[Client, str]:
    """Create a client; returns it and its secret (stored only as a hash, so shown this once)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the client a name, for example the tool that will use it.")})
    if not (can_read or can_write):
        raise ValidationError(_("A client needs to be allowed to read, to write or both."))
    secret = secrets.token_urlsafe(32)
    client = Client.objects.create(
        organisation=organisation, name=name[:150], key=secrets.token_hex(16), secret_hash=_hash(secret),
        can_read=can_read, can_write=can_write, created_by=created_by,
    )
    return client, secret


@transaction.atomic
def client_revoke(*, client: Client) -> Client:
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
    return client


def client_authenticate(key: str, secret: str) -> Client | None:
    """The active client with this key and secret, or None. Constant-time comparison of the hash."""
    with scopes_disabled():
        client = Client.objects.select_related("organisation").filter(key=key, revoked_at__isnull=True).first()
    if client is None or not hmac.compare_digest(client.secret_hash, _hash(secret)):
        return None
    return client
