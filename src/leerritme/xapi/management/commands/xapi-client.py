"""`leerritme xapi-client create --org SLUG --name NAME`: new credentials for an outside tool, as JSON."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django_scopes import scope

from leerritme.orgs.models import Organisation
from leerritme.xapi.services.clients import client_create


class Command(BaseCommand):
    help = 'Create xAPI client credentials; prints {"key": "...", "secret": "..."} (the secret is shown only once).'

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create"])
        parser.add_argument("--org", required=True, help="The organisation's short name (slug).")
        parser.add_argument("--name", required=True, help="The tool that will use the credentials.")
        parser.add_argument("--read-only", action="store_true", help="May read, not send.")
        parser.add_argument("--write-only", action="store_true", help="May send, not read.")

    def handle(self, *args, action, org, name, read_only, write_only, **options):
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"No organisation with the short name {org!r}.")
        if read_only and write_only:
            raise CommandError("Choose --read-only or --write-only, not both.")
        with scope(organisation=organisation):
            try:
                client, secret = client_create(organisation=organisation, name=name, can_read=not write_only,
                                               can_write=not read_only)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(json.dumps({"key": client.key, "secret": secret}))
