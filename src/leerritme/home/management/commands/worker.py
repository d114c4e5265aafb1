from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from leerritme.home.checks import secret_key_missing


class Command(BaseCommand):
    help = "Run the task worker: sends e-mail, imports files and runs scheduled work (django-tasks-db)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Process what is queued, then stop.")
        parser.add_argument("--interval", type=float, default=1, help="Seconds between polls when idle.")

    def handle(self, *args, batch, interval, **options):
        if secret_key_missing():
            raise CommandError("SECRET_KEY must be set when DEBUG is off (see .env.example).")
        extra = ["--batch"] if batch else []
        call_command("db_worker", "--queue-name", "*", "--interval", str(interval), "--no-reload", *extra)
