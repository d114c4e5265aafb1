"""`leerritme sync-practices [--org SLUG]`: copy the shipped practice catalogue into organisations.

Run after an upgrade that changed the catalogue (the pages also do it on first use). It adds practices
an organisation lacks and refreshes copies nobody adapted; adapted and hidden copies keep what the
organisation made of them. Safe to run any number of times.
"""

from django.core.management.base import BaseCommand, CommandError

from leerritme.orgs.models import Organisation
from leerritme.practices.catalogue import practices_ensure_catalogue, shipped_practices


class Command(BaseCommand):
    help = "Copy the shipped practice catalogue into every organisation (or one, with --org); idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="Only this organisation (its short name).")

    def handle(self, *args, org=None, verbosity=1, **options):
        organisations = Organisation.objects.order_by("slug")
        if org:
            organisations = organisations.filter(slug=org)
            if not organisations.exists():
                raise CommandError(f"No organisation with the short name {org!r}.")
        shipped = len(shipped_practices())
        created = updated = 0
        for organisation in organisations:
            result = practices_ensure_catalogue(organisation)
            created += result.created
            updated += result.updated
            if verbosity >= 2 or (verbosity >= 1 and result.changed):
                self.stdout.write(f"{organisation.slug}: {result.created} added, {result.updated} updated")
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(
                f"Catalogue of {shipped} practices in sync: {created} added, {updated} updated."))
