"""`leerritme demo`: create or complete the demo organisation from every registered demo part."""

import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from leerritme.lib.demo import SIZES, DemoContext, registered_demo_parts
from leerritme.orgs.demo import ORGANISATION_NAME
from leerritme.orgs.models import DemoPart, Organisation, Person
from leerritme.people.demo import DEMO_PASSWORD, demo_logins

SEED = 2026


class Command(BaseCommand):
    help = (
        "Create the demo organisation (a fictional Dutch installer) or add what newer parts bring: every "
        "registered demo part runs once per organisation, each in its own transaction."
    )

    # ./run calls `demo --if-missing` on every start: skip the system checks (migrate has run them).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--org", default="demo", help="Short name (slug) of the demo organisation.")
        parser.add_argument(
            "--size",
            choices=list(SIZES),
            help="small (120 people, the default), medium (2,000) or large (20,000). An "
            "existing demo keeps the size it was made with.",
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Quietly do nothing when every registered part has run already.",
        )
        parser.add_argument("--logins", action="store_true", help="Only print the demo logins per role.")
        parser.add_argument("--seed", type=int, default=SEED, help="Seed of the random data (reproducible).")

    def handle(self, *args, org, size, if_missing, logins, seed, **options):
        if logins:
            self.print_logins(org)
            return
        parts = registered_demo_parts()
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is not None:
            with scope(organisation=organisation):
                done = set(DemoPart.objects.values_list("name", flat=True))
            missing = [part for part in parts if part.name not in done]
            if not missing:
                if not if_missing:
                    self.stdout.write(f"The demo organisation '{org}' is complete: nothing to add.")
                return
        else:
            organisation = Organisation.objects.create(
                slug=org,
                name=ORGANISATION_NAME if org == "demo" else f"{ORGANISATION_NAME} ({org})",
                default_language="nl",
            )
            missing = parts
            self.stdout.write(f"Created the demo organisation '{org}': {organisation.name}")

        with scope(organisation=organisation):
            size = size or self.size_of(organisation)
        started = time.monotonic()
        log = self.stdout.write if options["verbosity"] > 0 else (lambda message: None)
        for part in missing:
            part_started = time.monotonic()
            log(f"Adding demo part {part.name} ({size})")
            context = DemoContext(
                organisation=organisation,
                size=size,
                people=SIZES[size],
                # Seeded per part, so a part's data does not change when other parts come or go
                # (reproducible demo data, not security: hence bandit's B311 is not relevant here).
                rng=random.Random(f"{seed}:{part.name}:{size}"),  # nosec B311
                now=timezone.now(),
                log=log,
            )
            with transaction.atomic(), scope(organisation=organisation):
                if DemoPart.objects.filter(name=part.name).exists():
                    continue  # another run added it in the meantime
                part.run(context)
                DemoPart.objects.create(organisation=organisation, name=part.name)
            log(f"  done in {time.monotonic() - part_started:.1f} s")
        if missing:
            # The parts bulk-load many rows at once: refresh the planner's statistics so the first
            # requests use the indexes (SQLite never gathers them on its own).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        log(self.style.SUCCESS(f"Demo organisation '{org}' is ready ({time.monotonic() - started:.1f} s)."))

    @staticmethod
    def size_of(organisation) -> str:
        """The size an existing demo was made with, judged by its number of people (small when new)."""
        people = Person.objects.count()
        if people == 0:
            return "small"
        return min(SIZES, key=lambda name: abs(SIZES[name] - people))

    def print_logins(self, org: str) -> None:
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"There is no organisation '{org}' yet: run `leerritme demo` first.")
        with scope(organisation=organisation):
            rows = []
            for login, email in demo_logins(organisation):
                person = (
                    Person.objects.filter(user__email=email, is_active=True).select_related("user").first()
                )
                if person is not None:
                    rows.append((login.role_label, email, person.user.name, person.job_title))
        if not rows:
            raise CommandError(f"The organisation '{org}' has no demo logins.")
        url = settings.SITE_URL + reverse("home", kwargs={"org": organisation.slug})
        width = max(len(email) for _, email, _, _ in rows)
        lines = [
            "",
            f"  Demo: {organisation.name}",
            f"  {url}",
            "",
            *(f"  {role:<10} {email:<{width}}  {name}, {job}" for role, email, name, job in rows),
            "",
            f"  Password for all of them: {DEMO_PASSWORD}",
        ]
        if settings.DEBUG:
            lines.append(
                f"  E-mails (invitations, password resets) land in {settings.SITE_URL}{reverse('outbox')}"
            )
        lines.append("")
        self.stdout.write("\n".join(lines))
