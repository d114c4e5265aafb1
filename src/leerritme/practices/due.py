"""This part's registrations with the shared due seam."""

from datetime import timedelta

from leerritme.practices.digest import digest_due
from leerritme.practices.reminders import reminders_due
from leerritme.scheduler.registry import DueWork, register_due_work

# Reminders before occurrences, each person at their own lead time (a few minutes late at most).
register_due_work(DueWork("practices.reminders", timedelta(minutes=5), reminders_due))
# The weekly digest: the hourly run sends only on Monday from 07:00 local, once per person and week.
register_due_work(DueWork("practices.digest", timedelta(hours=1), digest_due))

# --- Rhythms (occurrence horizon) ---------------------------------------------------------------------
from leerritme.practices.horizon import extend_occurrences_due  # noqa: E402

# Keep every rhythm of an adopted practice planned 13 months ahead (the task is idempotent).
register_due_work(DueWork("practices.extend_occurrences", timedelta(days=1), extend_occurrences_due))
