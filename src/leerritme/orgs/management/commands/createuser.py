from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from leerritme.accounts.models import User
from leerritme.accounts.services import password_problems, user_create
from leerritme.orgs.models import Organisation, Role
from leerritme.orgs.services import membership_add


class Command(BaseCommand):
    help = (
        "Add a person to an organisation. A new e-mail address gets a new account (with --password); "
        "an existing account is added to the organisation and keeps its password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="Short name (slug) of the organisation.")
        parser.add_argument("--email", required=True, help="E-mail address; it is also the login.")
        parser.add_argument("--password",
                            help="Password for a new account (at least 10 characters, not common).")
        parser.add_argument("--role", default=Role.MEMBER, choices=Role.values,
                            help="member (default), ld_admin (administers people, teams and skills) "
                                 "or owner.")
        parser.add_argument("--name",
                            help="Full name colleagues see (default: taken from the e-mail address).")

    @transaction.atomic
    def handle(self, *args, org, email, password, role, name, **options):
        organisation = Organisation.objects.filter(slug=org.strip().lower()).first()
        if organisation is None:
            slugs = Organisation.objects.order_by("slug").values_list("slug", flat=True)[:20]
            known = ", ".join(slugs) or "none"
            raise CommandError(f"No organisation with the short name {org!r} (known: {known}).")
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not a valid e-mail address.") from None

        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            if not password:
                raise CommandError("A new account needs --password.")
            name = (name or _name_from_email(email)).strip()
            problems = password_problems(password, email=email, name=name)
            if problems:
                raise CommandError("The password is not accepted: " + " ".join(problems))
            user = user_create(
                email=email, name=name, password=password, language=organisation.default_language
            )
            created = True
        else:
            created = False
            if name and name.strip() != user.name:
                self.stderr.write(
                    f"Note: {email} already has an account named {user.name!r}; the name is kept."
                )
            if password:
                self.stderr.write(f"Note: {email} already has an account; its password is not changed.")
        try:
            membership_add(organisation=organisation, user=user, role=role)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        what = "Created" if created else "Added existing account"
        self.stdout.write(self.style.SUCCESS(
            f"{what} {user.email} to {organisation.name} ({organisation.slug}) as {Role(role).label}."
        ))


def _name_from_email(email: str) -> str:
    """'anna.de.vries@example.org' → 'Anna De Vries': a start; the person can change it in their settings."""
    local = email.split("@", 1)[0]
    parts = local.replace("_", ".").replace("-", ".").split(".")
    return " ".join(part.capitalize() for part in parts if part)
