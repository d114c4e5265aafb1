"""This part's registrations with the shared due seam."""

from datetime import timedelta

from leerritme.practices.digest import digest_due
from leerritme.practices.reminders import reminders_due
from leerritme.scheduler.registry import DueWork, register_due_work

# Reminders before occurrences, each person at their own lead time (a few minutes late at most).
register_due_work(DueWork("practices.reminders", timedelta(minutes=5), reminders_due))
# The weekly digest: the hourly run sends only on Monday from 07:00 local, once per person and week.
register_due_work(DueWork("practices.digest", timedelta(hours=1), digest_due))
