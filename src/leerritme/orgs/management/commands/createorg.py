from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from leerritme.orgs.models import Organisation


class Command(BaseCommand):
    help = (
        "Create an organisation. Add its first owner afterwards with "
        "`leerritme createuser --org SLUG --email E --password P --role owner`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True,
                            help="Short name used in web addresses (/o/SLUG/): "
                                 "lowercase letters, digits, hyphens.")
        parser.add_argument("--name", required=True, help="The organisation's name, as people see it.")
        parser.add_argument("--language", default="nl", choices=[code for code, _label in settings.LANGUAGES],
                            help="Default language for new colleagues (default: nl).")

    @transaction.atomic
    def handle(self, *args, slug, name, language, **options):
        slug = slug.strip().lower()
        if Organisation.objects.filter(slug=slug).exists():
            raise CommandError(f"An organisation with the short name {slug!r} already exists.")
        organisation = Organisation(name=name.strip(), slug=slug, default_language=language)
        try:
            organisation.full_clean()
        except ValidationError as error:
            raise CommandError(_describe(error)) from None
        organisation.save()
        self.stdout.write(
            self.style.SUCCESS(f"Created organisation {organisation.name!r} ({organisation.slug}).")
        )
        self.stdout.write(
            f"Next: leerritme createuser --org {organisation.slug} --email you@example.org "
            "--password '...' --role owner"
        )


def _describe(error: ValidationError) -> str:
    return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
