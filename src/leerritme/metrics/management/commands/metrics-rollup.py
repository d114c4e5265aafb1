"""`leerritme metrics-rollup [--org SLUG]`: recount the indicators' daily roll-up of learning events.

The roll-up is kept up to date as learning is recorded and withdrawn, filled by its migration, and recounted
every night by the scheduler; run this after changing learning events outside the application (a database
repair, an import that bypassed the learning service). Safe to run at any time, also while people record
learning.
"""

from django.core.management.base import BaseCommand, CommandError

from leerritme.metrics.rollup import rebuild
from leerritme.orgs.models import Organisation


class Command(BaseCommand):
    help = "Recount the indicators' daily roll-up of learning events for every organisation (or one, with --org)."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="Only this organisation (its short name).")

    def handle(self, *args, org=None, verbosity=1, **options):
        organisations = Organisation.objects.order_by("slug")
        if org:
            organisations = organisations.filter(slug=org)
            if not organisations.exists():
                raise CommandError(f"No organisation with the short name {org!r}.")
        for organisation in organisations:
            rows = rebuild(organisation)
            if verbosity >= 1:
                self.stdout.write(f"{organisation.slug}: {rows} rows")
