"""`leerritme import-people FILE --org SLUG`: the web import, from the command line, synchronously."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django_scopes import scope

from leerritme.orgs.models import Organisation
from leerritme.people import importing
from leerritme.people.models import ImportKind, ImportStatus
from leerritme.people.services.importing import (
    import_job_check,
    import_job_create,
    import_job_run,
    invitations_available,
)


class Command(BaseCommand):
    help = (
        "Import people (or, with --kind, teams or skills) from a CSV or XLSX file. The file is checked "
        "first; it is imported only when every row is correct, all at once. Exits with 1 when the file "
        "has errors."
    )
    default_kind = ImportKind.PEOPLE

    def add_arguments(self, parser):
        parser.add_argument("file", help="A CSV (comma or semicolon separated) or XLSX file.")
        parser.add_argument("--org", required=True, help="The organisation's short name (slug).")
        parser.add_argument(
            "--kind",
            choices=ImportKind.values,
            default=self.default_kind,
            help=f"What the file holds (default: {self.default_kind}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only check the file and show what would change."
        )
        parser.add_argument("--invite", action="store_true", help="E-mail an invitation to every new person.")
        parser.add_argument(
            "--create-teams",
            action="store_true",
            help="Create teams named in a people file that do not exist yet.",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="Language of the messages (default: the organisation's).",
        )

    def handle(self, *args, file, org, kind, dry_run, invite, create_teams, language, verbosity, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"No organisation with the short name {org!r}.")
        if invite and not invitations_available():
            raise CommandError("Invitations are not available in this installation.")
        if kind != ImportKind.PEOPLE and (invite or create_teams):
            raise CommandError("--invite and --create-teams apply to people files only.")
        limit = settings.IMPORT_MAX_BYTES
        if path.stat().st_size > limit:
            raise CommandError(
                f"The file is larger than {limit // (1024 * 1024)} MB. Split it into smaller files."
            )

        with (
            translation.override(language or organisation.default_language),
            scope(organisation=organisation),
        ):
            job = import_job_create(
                organisation=organisation,
                uploaded_by=None,
                kind=kind,
                file_name=path.name,
                content=path.read_bytes(),
                options={"invite": invite, "create_teams": create_teams},
                enqueue=False,
            )
            progress = self._progress if verbosity >= 2 else (lambda done: None)
            job = import_job_check(job=job, progress=progress)
            if job.errors:
                self._print_errors(job)
                job.delete()  # nothing was imported; don't keep the file
                raise CommandError(
                    f"{len(job.errors)} problem(s) in the file; nothing was imported.", returncode=1
                )
            self._print_preview(job)
            if dry_run:
                job.delete()
                self.stdout.write("Dry run: nothing was imported.")
                return
            job = import_job_run(job=job, progress=progress)
            if job.status != ImportStatus.DONE:
                self._print_errors(job)
                job.delete()
                raise CommandError("Nothing was imported.", returncode=1)
            self._print_result(job)

    def _progress(self, done: int) -> None:
        self.stderr.write(f"  {done} rows …")

    def _print_errors(self, job) -> None:
        for error in job.errors:
            message = importing.describe_error(error, job.kind)
            if error.get("row"):
                column = importing.column_label(job.kind, error["column"]) if error.get("column") else ""
                self.stderr.write(f"row {error['row']}{f' ({column})' if column else ''}: {message}")
            else:
                self.stderr.write(message)

    def _print_preview(self, job) -> None:
        counts = job.preview["counts"]
        self.stdout.write(
            f"{job.preview['rows']} rows checked: {counts['new']} new, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged."
        )
        if job.preview.get("new_teams"):
            self.stdout.write("New teams: " + ", ".join(job.preview["new_teams"]))
        if job.preview.get("ignored_columns"):
            self.stdout.write("Columns not used: " + ", ".join(job.preview["ignored_columns"]))
        for entry in job.preview.get("updated_sample", []):
            fields = ", ".join(change["field"] for change in entry["changes"])
            self.stdout.write(f"  row {entry['row']}: {entry.get('email') or entry['name']} ({fields})")

    def _print_result(self, job) -> None:
        summary = job.summary
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {summary['created']} new, {summary['updated']} updated, "
                f"{summary['unchanged']} unchanged."
            )
        )
        if summary.get("teams_created"):
            self.stdout.write("Teams created: " + ", ".join(summary["teams_created"]))
        if summary.get("invited"):
            self.stdout.write(f"Invitations sent: {summary['invited']}")
